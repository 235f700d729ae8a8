// `require` of a large CommonJS package through V8's code cache. mvdan-sh is 1.5 MB of
// GopherJS: compiling it costs ~25 ms in every process that shell-parses a script,
// more than parsing a typical CI script. The build (scripts/build.mjs, step 6) runs the
// CLI once with PUSHGATE_WRITE_VENDOR_CACHE set, which writes `<name>.cache` next to
// the CLI bundle; later processes compile the package with it. Without a cache (tests
// under tsx, the library, a cache from another Node version, which V8 rejects) this is
// a plain compile.

import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

export function requireWithCodeCache(name: string): unknown {
  const require = createRequire(import.meta.url);
  const file = require.resolve(name);
  const cacheFile = join(dirname(fileURLToPath(import.meta.url)), `${name}.cache`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const source = readFileSync(file, 'utf8');
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  const module = { exports: {} as unknown };
  // eslint-disable-next-line @typescript-eslint/no-unsafe-call
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  // After the process ran: the cache then holds the functions the run compiled too.
  if (process.env.PUSHGATE_WRITE_VENDOR_CACHE) process.on('exit', () => writeFileSync(cacheFile, script.createCachedData()));
  return module.exports;
}
