#!/usr/bin/env node
// Robustness sweep over ../shared/corpus (exists only beside this repository in the
// development workspace): lints every file of each corpus kind with the built CLI,
// and prints per-rule finding counts, parse errors per file and the exit code.
// Usage: node bench/sweep.mjs [kind-dir ...]   (default: every directory in the corpus)
// Exit 0 unless pushgate exits 2 (an internal error) — a crash is what this hunts.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const corpus = join(root, '..', 'shared', 'corpus');
if (!existsSync(corpus)) {
  console.log(`sweep: ${corpus} does not exist (the corpus lives only beside the development checkout); nothing to do.`);
  process.exit(0);
}
const KIND_OF_DIR = { dockerfile: 'dockerfile', 'ci/github': 'github-workflow', 'ci/gitlab': 'gitlab-ci', compose: 'compose' };
const dirs = process.argv.length > 2 ? process.argv.slice(2) : Object.keys(KIND_OF_DIR).filter((d) => existsSync(join(corpus, d)));
let crashed = false;
for (const dir of dirs) {
  const kind = KIND_OF_DIR[dir];
  const abs = join(corpus, dir);
  const files = readdirSync(abs).map((f) => join(abs, f)).filter((f) => statSync(f).isFile());
  const started = performance.now();
  const run = spawnSync(process.execPath, [join(root, 'bin', 'pushgate.cjs'), '--no-config', '--format', 'json', '--kind', kind, ...files], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  if (run.status === 2 || run.status === null) {
    crashed = true;
    console.log(`${dir}: exit ${run.status} after ${seconds}s\n${run.stderr}`);
    continue;
  }
  const report = JSON.parse(run.stdout);
  const counts = new Map();
  const parseErrors = [];
  for (const file of report.files) {
    for (const finding of file.findings) {
      const key = `${finding.ruleId}/${finding.messageId}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (finding.ruleId === 'parse-error') parseErrors.push(`${file.path.slice(abs.length + 1)}:${finding.line} ${finding.message}`);
    }
  }
  console.log(`${dir}: ${report.summary.files} files, exit ${run.status}, ${seconds}s, ${report.summary.errors} errors, ${report.summary.warnings} warnings`);
  for (const [key, count] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`  ${String(count).padStart(6)}  ${key}`);
  if (parseErrors.length > 0) console.log(`  parse errors in ${parseErrors.length} places:\n    ${parseErrors.join('\n    ')}`);
}
process.exit(crashed ? 1 : 0);
