#!/usr/bin/env node
'use strict';
// Launcher, CommonJS on purpose: an ES module entry costs the ESM loader's start-up.
// The CLI is one CommonJS bundle (dist/cli.cjs, built on `npm ci`) compiled here
// with a V8 code cache from the build, which roughly halves start-up — the cost that
// matters for a git hook. A cache from another Node version is rejected by V8 and
// ignored. `pushgate pre-push` first runs the hook's fast path (dist/hook.cjs, a few
// kB): a push with nothing to lint ends there; otherwise it hands over to the CLI.
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');
const { createRequire } = require('node:module');

const dist = join(__dirname, '..', 'dist');
// The build's training runs set this to a directory: each bundle's cache is written there.
const cacheDir = process.env.PUSHGATE_WRITE_CODE_CACHE;

// Code compiled by vm.Script has no module loader for import(); lend ours (src/io/import.ts).
globalThis.__pushgateImport = (specifier) => import(specifier);

/** Node's built-in modules the bundles required, by id: each module of a bundle requires its own. */
const builtins = new Map();
/** Vendor bundles by require() id: their exports, or null for an id that is none. */
const vendored = new Map();

/**
 * The `require` a bundle gets. Libraries the CLI bundle leaves out (scripts/build.mjs,
 * VENDOR) are dist/vendor/<name>.cjs, required as their package name or as
 * `pushgate:<name>`: loaded once, with dist/vendor/<name>.cache. Anything else is
 * resolved as Node resolves it from the bundle's file.
 */
function bundleRequire(file) {
  const nodeRequire = createRequire(file);
  const required = (id) => {
    if (id.startsWith('node:')) {
      // ~4 µs each through Node's loader, and a bundle makes dozens (one per module that imports one).
      let builtin = builtins.get(id);
      if (builtin === undefined) {
        builtin = nodeRequire(id);
        builtins.set(id, builtin);
      }
      return builtin;
    }
    let exports = vendored.get(id);
    if (exports === undefined) {
      const name = id.startsWith('pushgate:') ? id.slice('pushgate:'.length) : id;
      exports = /^[a-z0-9-]+$/.test(name) && existsSync(join(dist, 'vendor', `${name}.cjs`)) ? load(`vendor/${name}.cjs`, `vendor/${name}.cache`) : null;
      vendored.set(id, exports);
    }
    return exports ?? nodeRequire(id);
  };
  required.resolve = nodeRequire.resolve;
  return required;
}

/** Compiles and runs a bundle with its code cache; returns its exports. */
function load(name, cacheName) {
  const file = join(dist, name);
  let source;
  try {
    // The build makes the bundles ASCII-only, so Latin-1 reads them right, as one-byte
    // strings: less decoding than UTF-8 and less for V8 to hold. latin1Slice rather than
    // an encoding name: the first lookup of an encoding by name costs ~0.1 ms.
    source = readFileSync(file).latin1Slice();
  } catch {
    process.stderr.write(`pushgate: dist/${name} is missing; run "npm run build" (npm ci does it).\n`);
    process.exit(2);
  }
  let cachedData;
  try {
    cachedData = readFileSync(join(dist, cacheName));
  } catch {
    cachedData = undefined;
  }
  // The bundle is one function expression taking what a CommonJS module gets (the
  // build wraps it: scripts/build.mjs, launched()).
  const script = new Script(source, { filename: file, cachedData });
  const bundle = { exports: {} };
  script.runInThisContext()(bundle.exports, bundleRequire(file), bundle, file, dirname(file));
  if (cacheDir) process.on('exit', () => writeFileSync(join(cacheDir, cacheName.replace('/', '-')), script.createCachedData()));
  return bundle.exports;
}

/** The CLI, with the cache the build made for this path (each holds only what its path runs). */
function cli(cacheName) {
  load('cli.cjs', cacheName).main();
}

const command = process.argv[2];
if (command === 'pre-push') {
  load('hook.cjs', 'hook.cache')
    .quickPrePush({ argv: process.argv.slice(2), env: process.env, cwd: process.cwd() })
    .then(
      (result) => {
        if (typeof result === 'number') {
          process.exitCode = result;
          return;
        }
        // What the fast path read (git's ref lines, the running git) goes on to the CLI (src/git/handoff.ts).
        if (result) globalThis.__pushgatePrePush = result;
        cli('cli.pre-push.cache');
      },
      (error) => {
        process.stderr.write(`pushgate: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 2;
      },
    );
} else {
  cli(command === 'image' || command === 'push' ? 'cli.image.cache' : 'cli.cjs.cache');
}
