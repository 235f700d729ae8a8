#!/usr/bin/env node
'use strict';
// Launcher, CommonJS on purpose: an ES module entry costs the ESM loader's start-up.
// The CLI is one CommonJS bundle (dist/cli.cjs, built on `npm ci`) compiled here
// with V8's code cache from the build (dist/cli.cjs.cache), which roughly halves
// start-up — the cost that matters for a git hook. A cache from another Node
// version is rejected by V8 and ignored.
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { Script } = require('node:vm');

const dist = join(__dirname, '..', 'dist');
const file = join(dist, 'cli.cjs');
let source;
try {
  // The build makes the bundle ASCII-only, so Latin-1 reads it right, as a one-byte
  // string: less decoding than UTF-8 and less for V8 to hold.
  source = readFileSync(file, 'latin1');
} catch {
  process.stderr.write('pushgate: dist/cli.cjs is missing; run "npm run build" (npm ci does it).\n');
  process.exit(2);
}
// The build made one cache per common path: a lint; a pre-push; an image or push (the
// registry reader and image rules). Each holds the code its path runs, and no more:
// a bigger cache costs every run time to deserialise.
const command = process.argv[2];
const cacheName =
  command === 'pre-push' ? 'cli.pre-push.cache' : command === 'image' || command === 'push' ? 'cli.image.cache' : 'cli.cjs.cache';
let cachedData;
try {
  cachedData = readFileSync(join(dist, cacheName));
} catch {
  cachedData = undefined;
}
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
  filename: file,
  cachedData,
});
// Code compiled by vm.Script has no module loader for import(); lend ours (src/io/import.ts).
globalThis.__pushgateImport = (specifier) => import(specifier);
const bundle = { exports: {} };
script.runInThisContext()(bundle.exports, require('node:module').createRequire(file), bundle, file, dist);
bundle.exports.main();

const cacheTarget = process.env.PUSHGATE_WRITE_CODE_CACHE;
if (cacheTarget) process.on('exit', () => writeFileSync(cacheTarget, script.createCachedData()));
