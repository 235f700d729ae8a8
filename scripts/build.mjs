#!/usr/bin/env node
// The project build (npm run build / prepare / test):
//   1. schemas/policy.schema.json from the rule registry (scripts/gen-policy-schema.ts)
//   2. generated/policy-validator.{js,d.ts}: that schema as precompiled ajv code, so the
//      CLI never compiles a schema at start-up (SPEC §6); generated/policy-schema-id.js,
//      a hash of it
//   3. dist/index.js (ESM library, lazy chunks), dist/vendor/*.cjs (libraries few runs
//      need, one CommonJS file each), dist/cli.cjs (the CLI, one CommonJS file),
//      dist/hook.cjs (the pre-push hook's fast path, one small CommonJS file) and
//      dist/worker.cjs (the lint worker thread's entry, src/workers/lint-worker.ts)
//   4. dist/types: declarations (tsc -p tsconfig.build.json)
//   5. dist/{cli.cjs,hook,cli.pre-push,cli.image}.cache, dist/vendor/*.cache: V8 code
//      caches for the common paths, so start-up skips compiling
//   6. dist/mvdan-sh.cache: V8 code cache for the shell parser (src/io/code-cache.ts)
// Steps 1–2 run first because src/config imports the generated validator.

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { devNull, tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = (...parts) => join(root, ...parts);
const timings = [];
/**
 * The vendor bundles (dist/vendor/<name>.cjs) and what each is built from: a package,
 * or a file of this repository. bin/pushgate.cjs loads dist/vendor/<name>.cjs for the
 * CLI's require() of a package name here, or of `pushgate:<name>` for a file.
 */
const VENDOR = {
  yaml: 'yaml',
  'js-yaml': 'js-yaml',
  cosmiconfig: 'cosmiconfig',
  'policy-validator': './generated/policy-validator.js',
};

/** Base64 digits of source-map VLQs (asciiOnly). */
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

async function step(name, fn) {
  const start = performance.now();
  await fn();
  timings.push(`${name} ${Math.round(performance.now() - start)} ms`);
}

/** Writes only when the content changes, so unchanged outputs keep their mtime. */
function writeIfChanged(file, content) {
  if (existsSync(file) && readFileSync(file, 'utf8') === content) return false;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  return true;
}

function fail(message) {
  process.stderr.write(`build: ${message}\n`);
  process.exit(1);
}

// ---- 1. policy schema --------------------------------------------------------------

let generated;

await step('schema', async () => {
  // The generator imports the registry, i.e. every rule in TypeScript: bundle it (deps
  // stay external and load from node_modules) to a temporary module and import that.
  const tmpDir = at('generated', '.build');
  const outfile = join(tmpDir, 'gen-policy-schema.mjs');
  await build({
    entryPoints: [at('scripts', 'gen-policy-schema.ts')],
    outfile,
    bundle: true,
    packages: 'external',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  try {
    generated = await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
  for (const warning of generated.warnings) process.stderr.write(`build: warning: ${warning}\n`);
  const changed = writeIfChanged(at('schemas', 'policy.schema.json'), `${JSON.stringify(generated.schema, null, 2)}\n`);
  if (changed) process.stdout.write('build: wrote schemas/policy.schema.json\n');
});

// ---- 2. standalone validator -------------------------------------------------------

await step('validator', async () => {
  const { default: AjvModule } = await import('ajv');
  const { default: standaloneModule } = await import('ajv/dist/standalone/index.js');
  const Ajv = AjvModule.default ?? AjvModule;
  const standaloneCode = standaloneModule.default ?? standaloneModule;
  // verbose: errors carry `parentSchema`, from which validate.ts lists the allowed keys
  // and values for its did-you-mean messages.
  const ajv = new Ajv({
    code: { source: true, esm: true },
    allErrors: true,
    strict: false,
    verbose: true,
    // Size: the rules definition is used twice (rules, overrides[].rules); as a function
    // it is emitted once. validate.ts writes its own messages.
    inlineRefs: false,
    messages: false,
  });
  let validate;
  try {
    validate = ajv.compile(generated.schema);
  } catch (error) {
    fail(`the policy schema does not compile (a rule's options schema is invalid?): ${error.message}`);
  }
  let code = standaloneCode(ajv, validate);
  // ajv's ESM output still `require`s its runtime helpers (equal, ucs2length, uri).
  // Turn them into imports so the file loads as plain ESM (tests, tsx) and bundles
  // cleanly. `mod.default ?? mod` covers both CJS interop flavours (Node's and esbuild's).
  const imports = [];
  code = code.replace(/require\("([^"]+)"\)\.default/g, (_, specifier) => {
    const name = `__ajvRuntime${imports.length}`;
    const file = specifier.endsWith('.js') ? specifier : `${specifier}.js`;
    imports.push(`import ${name}Module from ${JSON.stringify(file)};\nconst ${name} = ${name}Module.default ?? ${name}Module;`);
    return name;
  });
  if (/\brequire\(/.test(code)) fail('ajv standalone code contains an unhandled require()');
  const header = '// Generated by scripts/build.mjs from schemas/policy.schema.json. Do not edit.\n';
  const js = `${header}${imports.join('\n')}\n${code.replace(/^"use strict";/, '')}\n` +
    `/** Rule ids the validator was generated for (registry order). */\nexport const ruleIds = ${JSON.stringify(generated.ruleIds)};\n`;
  writeIfChanged(at('generated', 'policy-validator.js'), js);
  // The schema's identity: the pre-push policy memo (src/git/policy-memo.ts) trusts
  // what this build validated, and only this build's schema.
  const schemaId = createHash('sha256').update(JSON.stringify(generated.schema)).digest('hex').slice(0, 16);
  writeIfChanged(at('generated', 'policy-schema-id.js'), `${header}export const POLICY_SCHEMA_ID = ${JSON.stringify(schemaId)};\n`);
  writeIfChanged(at('generated', 'policy-schema-id.d.ts'), `${header}/** A hash of schemas/policy.schema.json as this build generated it. */\nexport declare const POLICY_SCHEMA_ID: string;\n`);
  writeIfChanged(
    at('generated', 'policy-validator.d.ts'),
    `${header}
/** An ajv error object (verbose mode: with the failing schema and data). */
export interface PolicyValidationError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
  schema?: unknown;
  parentSchema?: Record<string, unknown>;
  data?: unknown;
}

export interface PolicyValidateFunction {
  (data: unknown): boolean;
  errors?: PolicyValidationError[] | null;
}

export declare const validate: PolicyValidateFunction;
export default validate;

/** Rule ids the validator was generated for (registry order). */
export declare const ruleIds: string[];
`,
  );
});

// ---- 3. bundles --------------------------------------------------------------------

await step('bundle', async () => {
  rmSync(at('dist', 'chunks'), { recursive: true, force: true });
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    minify: true,
    // Linked maps cost nothing at start-up (Node reads them only with
    // --enable-source-maps) and make internal-error stacks readable when asked for.
    sourcemap: 'linked',
    sourcesContent: false,
    // mvdan-sh: a huge GopherJS module, loaded lazily from node_modules.
    // typescript: cosmiconfig's loader for .ts configs requires it; pushgate never
    // searches .ts configs, so it must not be bundled.
    external: ['mvdan-sh', 'typescript'],
    logLevel: 'warning',
    metafile: true,
    plugins: [requireAsNode()],
  };
  // The library: ESM, lazily imported modules in their own chunks.
  const library = await build({
    ...common,
    entryPoints: { index: at('src', 'index.ts') },
    outdir: at('dist'),
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    format: 'esm',
    // CJS dependencies inside an ESM bundle call require() for Node built-ins.
    banner: {
      js: "import { createRequire as __pushgateCreateRequire } from 'node:module'; const require = __pushgateCreateRequire(import.meta.url);",
    },
  });
  // Vendor bundles: libraries few runs need, each a CommonJS file of its own that
  // bin/pushgate.cjs loads (with a code cache) on the CLI's first require() of it. In the
  // CLI bundle they were ~40 % of the bytes every run reads: the YAML libraries (a
  // Dockerfile-only run, and the pre-push hook's usual run with its policy memo, never
  // parse YAML), cosmiconfig (only a policy search) and the policy validator (only a
  // policy that is not in the memo).
  rmSync(at('dist', 'vendor'), { recursive: true, force: true });
  const vendorOutputs = {};
  for (const [name, entry] of Object.entries(VENDOR)) {
    const outfile = at('dist', 'vendor', `${name}.cjs`);
    const built = await build({
      ...common,
      entryPoints: [entry.startsWith('.') ? at(entry) : entry],
      outfile,
      format: 'cjs',
      // cosmiconfig's own require('js-yaml') goes to the js-yaml bundle too.
      external: [...common.external, ...vendorIds().filter((id) => id !== name)],
      ...launched(''),
    });
    asciiOnly(outfile);
    Object.assign(vendorOutputs, built.metafile.outputs);
  }
  // The CLI: one CommonJS file that bin/pushgate.cjs compiles with a V8 code cache
  // (step 5). Lazy modules stay lazy: esbuild wraps them in init functions.
  const cli = await build({
    ...common,
    entryPoints: [at('src', 'cli', 'main.ts')],
    outfile: at('dist', 'cli.cjs'),
    format: 'cjs',
    external: [...common.external, ...vendorIds()],
    plugins: [...common.plugins, vendorModules()],
    // import.meta.url on first use: few runs need it, and node:url's pathToFileURL is not free.
    define: { 'import.meta.url': '__pushgateModule.url' },
    ...launched("const __pushgateModule = { get url() { return require('node:url').pathToFileURL(__filename).href; } };"),
  });
  asciiOnly(at('dist', 'cli.cjs'));
  // The pre-push hook's fast path (src/git/quick.ts), a bundle of its own so that a push
  // with nothing to lint reads and deserialises a few kB instead of the whole CLI.
  // config/files.ts imports cosmiconfig and yaml on demand; the fast path never does.
  const hook = await build({
    ...common,
    entryPoints: [at('src', 'git', 'quick.ts')],
    outfile: at('dist', 'hook.cjs'),
    format: 'cjs',
    external: [...common.external, 'cosmiconfig', 'yaml'],
    define: { 'import.meta.url': '__pushgateModule.url' },
    ...launched("const __pushgateModule = { get url() { return require('node:url').pathToFileURL(__filename).href; } };"),
  });
  asciiOnly(at('dist', 'hook.cjs'));
  // It stays small only while it imports no library and none of the lint machinery
  // (engine/baseline.ts, for the baseline file's name, is small).
  const heavy = Object.keys(hook.metafile.inputs).filter((input) => /node_modules|src\/(engine\/(?!baseline\.ts)|parsers|analysis|formatters|config\/load)|rules\//.test(input));
  if (heavy.length > 0) fail(`dist/hook.cjs must stay light, but it bundles ${heavy.join(', ')}`);
  // The lint worker (src/workers/): its own CommonJS file, loaded only by runs that
  // start worker threads, so the CLI bundle and its start-up stay as they are.
  const worker = await build({
    ...common,
    entryPoints: [at('src', 'workers', 'lint-worker.ts')],
    outfile: at('dist', 'worker.cjs'),
    format: 'cjs',
    define: { 'import.meta.url': '__pushgateModuleUrl' },
    banner: { js: "const __pushgateModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  });
  const outputs = { ...library.metafile.outputs, ...vendorOutputs, ...cli.metafile.outputs, ...hook.metafile.outputs, ...worker.metafile.outputs };
  const sizes = Object.entries(outputs)
    .filter(([file]) => !file.endsWith('.map') && !file.includes('/chunks/'))
    .map(([file, output]) => `${relative(root, file)} ${(output.bytes / 1024).toFixed(0)} kB`);
  const chunks = Object.keys(outputs).filter((file) => file.includes('/chunks/') && !file.endsWith('.map'));
  process.stdout.write(`build: ${sizes.join(', ')} (+${chunks.length} chunks)\n`);
});

/** The require() ids of the vendor bundles: package names, `pushgate:<name>` for files of this repository. */
function vendorIds() {
  return Object.entries(VENDOR).map(([name, entry]) => (entry.startsWith('.') ? `pushgate:${name}` : name));
}

/** Imports of a vendored file of this repository become require('pushgate:<name>'). */
function vendorModules() {
  return {
    name: 'vendor-modules',
    setup(pluginBuild) {
      for (const [name, entry] of Object.entries(VENDOR)) {
        if (!entry.startsWith('.')) continue;
        const file = at(entry);
        pluginBuild.onResolve({ filter: new RegExp(`${entry.split('/').pop().replace(/\./g, '\\.')}$`) }, (args) =>
          join(args.resolveDir, args.path) === file ? { path: `pushgate:${name}`, external: true } : undefined,
        );
      }
    },
  };
}

/**
 * Banner and footer of a bundle that bin/pushgate.cjs compiles itself (with vm.Script
 * and a code cache, not require()): the file is a function expression taking what a
 * CommonJS module gets, `(function (exports, require, module, __filename, __dirname)
 * {…})`, so that the launcher compiles the text it read as it is. Wrapping it at run
 * time made V8 copy the whole source into one new string first (~0.5 ms for the CLI).
 * The wrapper's head shares the first line with `banner`: line numbers stay those of
 * the code.
 */
function launched(banner) {
  return {
    banner: { js: `(function (exports, require, module, __filename, __dirname) {${banner}` },
    footer: { js: '})' },
  };
}

/**
 * dockerfile-ast require()s vscode-languageserver-types and -textdocument, whose
 * `module` export condition (which esbuild honours by default) is their ES module
 * build. Bundled so, every require() of it (one per dockerfile-ast module, a dozen)
 * copies its ~90 exports into a new object: ~0.6 ms of every run that parses a
 * Dockerfile. A require() is resolved here as Node resolves it, to the CommonJS
 * build, which is then initialised once and shared. Of the types package,
 * dockerfile-ast uses only `Position.create` and `Range.create`: it gets those two
 * from src/vendor/lsp-positions.ts, without the package's ~90 namespaces.
 */
function requireAsNode() {
  return {
    name: 'require-as-node',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^vscode-languageserver-types$/ }, (args) =>
        /[\\/]dockerfile-ast[\\/]/.test(args.importer) ? { path: at('src', 'vendor', 'lsp-positions.ts') } : undefined,
      );
      pluginBuild.onResolve({ filter: /^vscode-languageserver-(types|textdocument)$/ }, (args) =>
        args.kind === 'require-call' ? { path: createRequire(args.importer).resolve(args.path) } : undefined,
      );
    },
  };
}

/**
 * Makes a bundle ASCII-only: esbuild escapes non-ASCII characters in strings but not in
 * regular expression literals. The bin reads the CLI bundle as Latin-1, which makes a
 * one-byte string (half the decoding work of UTF-8, and half the memory V8 then scans)
 * and is only right for ASCII. `\uXXXX` means the same character in a regular
 * expression, a string or a comment; an identity escape (`\…`) loses its backslash.
 * The source map's generated columns on the lines changed are shifted to match.
 */
function asciiOnly(file) {
  const code = readFileSync(file, 'utf8');
  if (!/[^\x00-\x7f]/.test(code)) return;
  const lines = code.split('\n');
  const shifts = new Map(); // line → [[column, added], …]
  const escaped = lines.map((line, index) => {
    if (!/[^\x00-\x7f]/.test(line)) return line;
    const added = [];
    const out = line.replace(/(\\*)([^\x00-\x7f])/g, (match, slashes, char, column) => {
      const kept = slashes.length % 2 === 1 ? slashes.slice(1) : slashes;
      const replacement = `${kept}\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
      added.push([column + match.length, replacement.length - match.length]);
      return replacement;
    });
    shifts.set(index, added);
    return out;
  });
  const result = escaped.join('\n');
  if (/[^\x00-\x7f]/.test(result)) fail(`${relative(root, file)} is still not ASCII`);
  writeFileSync(file, result);
  const mapFile = `${file}.map`;
  const map = JSON.parse(readFileSync(mapFile, 'utf8'));
  map.mappings = map.mappings
    .split(';')
    .map((segments, index) => {
      const added = shifts.get(index);
      if (!added || segments === '') return segments;
      let column = 0;
      let shifted = 0;
      return segments
        .split(',')
        .map((segment) => {
          const fields = decodeVlq(segment);
          column += fields[0];
          const moved = column + added.filter(([at]) => at <= column).reduce((sum, [, n]) => sum + n, 0);
          fields[0] = moved - shifted;
          shifted = moved;
          return encodeVlq(fields);
        })
        .join(',');
    })
    .join(';');
  writeFileSync(mapFile, JSON.stringify(map));
}

/** One source-map segment's fields (base64 VLQ, sign in the lowest bit). */
function decodeVlq(segment) {
  const fields = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) * 2 ** shift;
    if (digit & 32) {
      shift += 5;
    } else {
      fields.push(value % 2 === 1 ? -Math.floor(value / 2) : value / 2);
      value = 0;
      shift = 0;
    }
  }
  return fields;
}

function encodeVlq(fields) {
  let out = '';
  for (const field of fields) {
    let value = field < 0 ? -field * 2 + 1 : field * 2;
    do {
      let digit = value % 32;
      value = Math.floor(value / 32);
      if (value > 0) digit |= 32;
      out += BASE64[digit];
    } while (value > 0);
  }
  return out;
}

// ---- 4. declarations ---------------------------------------------------------------

await step('types', async () => {
  // `npx tsc` without npx's start-up: run TypeScript's own launcher with this Node
  // (works the same on Windows, where .cmd shims need a shell).
  const tsc = at('node_modules', 'typescript', 'bin', 'tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', at('tsconfig.build.json')], { cwd: root, encoding: 'utf8' });
  if (run.error) fail(`cannot run tsc: ${run.error.message}`);
  if (run.status !== 0) {
    process.stderr.write(run.stdout + run.stderr);
    fail('declaration emit failed (tsc -p tsconfig.build.json)');
  }
});

// ---- 5. V8 code caches ------------------------------------------------------------

await step('code cache', async () => {
  // Run the CLI once per common path with PUSHGATE_WRITE_CODE_CACHE=DIR: the bin then
  // writes V8's code cache of each bundle it ran into DIR, including the functions that
  // ran. One cache per path, because a cache costs every run time to deserialise in
  // proportion to its size: a lint; the hook's fast path (a push with nothing to lint);
  // a pre-push that lints (the fast path hands over to the CLI); an image read from a
  // registry (also used by `push`). A cache from another Node version is rejected by
  // V8 and the code simply compiles as usual.
  const caches = ['cli.cjs.cache', 'hook.cache', 'cli.pre-push.cache', 'cli.image.cache'];
  for (const name of caches) rmSync(at('dist', name), { force: true });
  const lint = train(['--no-config', at('fixtures', 'bench', 'small', 'Dockerfile')], { cwd: root });
  if (lint.status !== 0 && lint.status !== 1) fail(`the built CLI does not run: ${lint.stdout}${lint.stderr}`);
  noVendor(lint, 'a Dockerfile lint');
  keep(lint, 'cli.cjs.cache');
  trainPrePush();
  await trainImage();
});

/**
 * Runs the built CLI with PUSHGATE_WRITE_CODE_CACHE set to a fresh directory; the
 * result carries that directory (`keep` moves a cache from it into dist/).
 */
function train(args, options) {
  const dir = mkdtempSync(join(tmpdir(), 'pushgate-cache-'));
  const run = spawnSync(process.execPath, [at('bin', 'pushgate.cjs'), ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    ...(options.input !== undefined ? { input: options.input } : {}),
    env: { ...(options.env ?? process.env), PUSHGATE_WRITE_CODE_CACHE: dir },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, dir };
}

function keep(run, name) {
  const file = join(run.dir, name);
  if (!existsSync(file)) fail(`the training run wrote no ${name}`);
  writeFileSync(at('dist', name), readFileSync(file));
  rmSync(run.dir, { recursive: true, force: true });
}

/** The start-up paths must not load a vendor bundle: the training run wrote no vendor cache. */
function noVendor(run, what) {
  const loaded = readdirSync(run.dir).filter((file) => file.startsWith('vendor-'));
  if (loaded.length > 0) fail(`${what} should load no vendor bundle, but it loaded ${loaded.map((file) => file.slice('vendor-'.length, -'.cache'.length)).join(', ')}`);
}

/** Moves the caches of these vendor bundles from a training run to dist/vendor/ (the launcher writes vendor-<name>.cache). */
function keepVendor(run, ...names) {
  for (const name of names) {
    const file = join(run.dir, `vendor-${name}.cache`);
    if (!existsSync(file)) fail(`the training run did not load the ${name} bundle`);
    writeFileSync(at('dist', 'vendor', `${name}.cache`), readFileSync(file));
  }
  rmSync(run.dir, { recursive: true, force: true });
}

/**
 * Pushes in a scratch repository under the starter policy (`pushgate init`): one that
 * changes only a README (the hook's fast path decides alone: dist/hook.cache), and one
 * that changes a Dockerfile (the CLI carries on and lints it: policy, parser, rules,
 * report in dist/cli.pre-push.cache), made twice so that the second finds the policy
 * memo. Without git the pre-push caches are skipped.
 */
function trainPrePush() {
  const repo = mkdtempSync(join(tmpdir(), 'pushgate-build-'));
  try {
    const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: devNull, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b' };
    const git = (...args) => spawnSync('git', args, { cwd: repo, encoding: 'utf8', env });
    const commit = () => (git('add', '-A').status === 0 && git('commit', '-qm', 'c').status === 0 ? git('rev-parse', 'HEAD').stdout.trim() : null);
    const small = at('fixtures', 'bench', 'small');
    writeFileSync(join(repo, 'README.md'), 'scratch\n');
    writeFileSync(join(repo, 'Dockerfile'), readFileSync(join(small, 'Dockerfile')));
    writeFileSync(join(repo, '.dockerignore'), readFileSync(join(small, '.dockerignore')));
    if (git('init', '-q').status !== 0) return;
    if (spawnSync(process.execPath, [at('bin', 'pushgate.cjs'), 'init'], { cwd: repo, env }).status !== 0) fail('pushgate init does not run');
    const base = commit();
    writeFileSync(join(repo, 'README.md'), 'scratch, changed\n');
    const readme = commit();
    writeFileSync(join(repo, 'Dockerfile'), `${readFileSync(join(small, 'Dockerfile'), 'utf8')}# changed\n`);
    const dockerfile = commit();
    if (base === null || readme === null || dockerfile === null) return;
    const push = (from, to) => train(['pre-push', 'origin'], { cwd: repo, env, input: `refs/heads/main ${to} refs/heads/main ${from}\n` });
    const quiet = push(base, readme);
    if (quiet.status !== 0 || quiet.stdout !== '' || existsSync(join(quiet.dir, 'cli.pre-push.cache'))) {
      fail(`the README-only push should end in the hook's fast path, silently: ${quiet.stdout}${quiet.stderr}`);
    }
    rmSync(quiet.dir, { recursive: true, force: true });
    // The first push that lints parses and validates the policy and leaves it in the
    // policy memo (src/git/policy-memo.ts); later ones, the usual case, take it from
    // there and run neither the YAML library nor the validator: train on one of those.
    const first = push(readme, dockerfile);
    if (!existsSync(join(repo, '.git', 'pushgate-policy-memo.json'))) fail(`the Dockerfile push should leave the policy memo: ${first.stdout}${first.stderr}`);
    // That push parsed and validated the policy: the caches of those vendor bundles.
    keepVendor(first, 'yaml', 'policy-validator');
    // A lint that searches for the policy on disk (cosmiconfig).
    const searched = train(['--format', 'json', 'Dockerfile'], { cwd: repo, env });
    if (searched.status !== 0 && searched.status !== 1) fail(`a lint with a policy on disk does not run: ${searched.stdout}${searched.stderr}`);
    keepVendor(searched, 'cosmiconfig');
    const linted = push(readme, dockerfile);
    if (linted.status !== 0 || !linted.stdout.includes('(1 file)')) fail(`the Dockerfile push should lint one file and pass: ${linted.stdout}${linted.stderr}`);
    // The fast path's cache from this push too: it ran everything the README push ran
    // in the fast path, and more (the prefetch, and the git reader's methods the CLI
    // calls), which the README push's cache would leave to be compiled.
    const hook = readFileSync(join(linted.dir, 'hook.cache'));
    noVendor(linted, 'a pre-push that lints a Dockerfile under a remembered policy');
    keep(linted, 'cli.pre-push.cache');
    writeFileSync(at('dist', 'hook.cache'), hook);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}

/**
 * `pushgate image registry://…` against a registry served from this process on
 * 127.0.0.1: one image whose config is fixtures/image/config.json (which has findings,
 * so the report path is trained too). Skipped when no loopback port can be opened.
 */
async function trainImage() {
  const config = readFileSync(at('fixtures', 'image', 'config.json'));
  const configDigest = `sha256:${createHash('sha256').update(config).digest('hex')}`;
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
    layers: [],
  });
  const server = createServer((request, response) => {
    if (request.url === '/v2/pushgate/train/manifests/1.0.0') {
      response.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }).end(manifest);
    } else if (request.url === `/v2/pushgate/train/blobs/${configDigest}`) {
      response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(config);
    } else {
      response.writeHead(404).end();
    }
  });
  try {
    await new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  } catch {
    process.stderr.write('build: warning: no loopback port for the image code cache; skipped\n');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'pushgate-cache-'));
  try {
    // Asynchronously: this process serves the registry meanwhile.
    const child = spawn(process.execPath, [at('bin', 'pushgate.cjs'), 'image', '--no-config', `registry://127.0.0.1:${server.address().port}/pushgate/train:1.0.0`], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, PUSHGATE_WRITE_CODE_CACHE: dir },
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise((resolve) => child.on('close', resolve));
    if (code !== 1) fail(`the image training run should fail its policy (exit 1), got ${code}: ${stderr}`);
    keep({ dir }, 'cli.image.cache');
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- 6. V8 code cache for the shell parser ----------------------------------------

await step('shell parser cache', async () => {
  // One lint of a workflow whose script logs in and pushes: mvdan-sh is compiled and
  // run, and src/io/code-cache.ts writes dist/mvdan-sh.cache at exit.
  // The same run leaves the js-yaml bundle's cache (the fast YAML reader).
  rmSync(at('dist', 'mvdan-sh.cache'), { force: true });
  const run = train(['--no-config', '--format', 'json', at('fixtures', 'ci', 'docker-publish', '.github', 'workflows', 'docker-publish.yml')], {
    cwd: root,
    env: { ...process.env, PUSHGATE_WRITE_VENDOR_CACHE: '1' },
  });
  if ((run.status !== 0 && run.status !== 1) || !existsSync(at('dist', 'mvdan-sh.cache'))) {
    process.stderr.write(run.stdout + run.stderr);
    fail('the shell parser cache was not written');
  }
  keepVendor(run, 'js-yaml');
});

process.stdout.write(`build: done (${timings.join(', ')})\n`);
