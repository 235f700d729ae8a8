// Dynamic imports that also work inside the CLI bundle. bin/pushgate.cjs compiles
// the bundle with vm.Script (to use V8's code cache), where a bare `import()` has no
// loader; the launcher lends its own through `globalThis.__pushgateImport`.

import { createRequire } from 'node:module';

type Importer = (specifier: string) => Promise<unknown>;

export function importModule(specifier: string): Promise<unknown> {
  const lent = (globalThis as { __pushgateImport?: Importer }).__pushgateImport;
  return lent ? lent(specifier) : import(specifier);
}

let requireFunction: NodeJS.Require | undefined;

/**
 * A synchronous, lazy `require` of a Node built-in or installed package: the module
 * system's own `require` in a CommonJS bundle, otherwise one made on first use.
 */
export function lazyRequire(id: string): unknown {
  requireFunction ??= typeof require === 'function' ? require : createRequire(import.meta.url);
  return requireFunction(id);
}
