#!/usr/bin/env node
// A minimal linter CLI around dockerfile-utils' validate(), so the library can be
// timed as a whole process next to pushgate and dockerfilelint.
//
//   node bench/dockerfile-utils-lint.cjs PATH...
//
// Files are linted as given; directories are walked (node_modules and .git
// skipped) for files whose name contains "Dockerfile" or "Containerfile".
// Prints `path:line:col  severity  message` per diagnostic, in one write at the
// end like a typical linter. Exit 0 clean, 1 when a diagnostic is an error,
// 2 when a file could not be read or validate() threw (the other files are
// still linted).
// dockerfile-utils is resolved from $PUSHGATE_BENCH_DIR (see bench/peers.sh),
// never from the repository's own node_modules.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const benchDir = process.env.PUSHGATE_BENCH_DIR || path.join(os.tmpdir(), 'pushgate-bench');
let utils;
try {
  utils = require(require.resolve('dockerfile-utils', { paths: [benchDir] }));
} catch (e) {
  process.stderr.write(`dockerfile-utils not found under ${benchDir}: run bash bench/peers.sh\n`);
  process.exit(2);
}

const NAME = /dockerfile|containerfile/i;
function walk(dir, out) {
  for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
    if (ent.name === 'node_modules' || ent.name === '.git') continue;
    const p = path.join(dir, ent.name);
    if (ent.isDirectory()) walk(p, out);
    else if (ent.isFile() && NAME.test(ent.name)) out.push(p);
  }
}

const files = [];
for (const arg of process.argv.slice(2)) {
  let st;
  try { st = fs.statSync(arg); } catch (e) { files.push(arg); continue; } // reported below
  if (st.isDirectory()) walk(arg, files);
  else files.push(arg);
}
if (files.length === 0) {
  process.stderr.write('usage: node bench/dockerfile-utils-lint.cjs PATH...\n');
  process.exit(2);
}

const SEV = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };
const out = [];
let errors = 0, warnings = 0, failed = 0;
for (const file of files) {
  try {
    const diags = utils.validate(fs.readFileSync(file, 'utf8'));
    for (const d of diags) {
      const sev = SEV[d.severity] || 'error';
      if (sev === 'error') errors++; else warnings++;
      out.push(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1}  ${sev}  ${d.message}`);
    }
  } catch (e) {
    failed++;
    process.stderr.write(`${file}: ${e && e.message ? e.message : e}\n`);
  }
}
out.push(`${errors} error(s), ${warnings} warning(s) in ${files.length} file(s)` +
  (failed ? `, ${failed} file(s) failed` : ''), '');
process.stdout.write(out.join('\n'));
process.exitCode = failed ? 2 : errors ? 1 : 0;
