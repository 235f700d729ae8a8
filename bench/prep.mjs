#!/usr/bin/env node
// Input preparation for bench/corpus.sh.
//
//   node bench/prep.mjs list DIR [--dockerfiles]
//       Print the regular files under DIR (sorted, one a line). With
//       --dockerfiles only those pushgate's default `dockerfile` include globs
//       would pick (SPEC §1/§3: Dockerfile, Dockerfile.*, *.Dockerfile,
//       *.dockerfile, Containerfile, Containerfile.*, minus templates/companions).
//   node bench/prep.mjs dockerfilelint-ok LISTFILE
//       Print the files of LISTFILE that dockerfilelint's CLI gets through.
//       The CLI lints all its arguments in one loop and dies on the first file
//       its checks throw on (or exits on the first empty file), so one bad file
//       would end the whole run. The files left out, with the reason, go to stderr.
//   node bench/prep.mjs tree MANIFEST.tsv CORPUS_DIR DEST KIND
//       Rebuild the repository layout the flattened corpus came from
//       (DEST/<source_repo>/<path>) for rows of KIND, so pushgate can be given a
//       directory that its default globs walk as in a real checkout. Rebuilt only
//       when the manifest changed (DEST.stamp).
//   node bench/prep.mjs summary REPORT.json [LABEL]
//       Check that REPORT.json is a pushgate JSON report (SPEC §5) and print its
//       summary: files (per kind), errors, warnings, verdict. Exit 1 when it is not.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, resolve, sep } from 'node:path';

const [cmd, ...args] = process.argv.slice(2);
const fail = (m) => { process.stderr.write(`prep.mjs: ${m}\n`); process.exit(2); };

const COMPANION = /\.(dockerignore|template|tmpl|tpl|j2|jinja|jinja2|erb|in|md|txt|sh|py)$/i;
const isDockerfileName = (n) =>
  (/^(Dockerfile|Containerfile)(\..+)?$/.test(n) || /\.[Dd]ockerfile$/.test(n)) && !COMPANION.test(n);

function walk(dir, out) {
  for (const ent of readdirSync(dir, { withFileTypes: true })) {
    if (ent.name === 'node_modules' || ent.name === '.git') continue;
    const p = join(dir, ent.name);
    if (ent.isDirectory()) walk(p, out);
    else if (ent.isFile()) out.push(p);
  }
  return out;
}

if (cmd === 'list') {
  const [dir, flag] = args;
  if (!dir) fail('list DIR [--dockerfiles]');
  let files = walk(dir, []);
  if (flag === '--dockerfiles') files = files.filter((f) => isDockerfileName(f.split(sep).pop()));
  process.stdout.write(files.sort().map((f) => `${f}\n`).join(''));
} else if (cmd === 'dockerfilelint-ok') {
  const [list] = args;
  if (!list) fail('dockerfilelint-ok LISTFILE');
  const benchDir = process.env.PUSHGATE_BENCH_DIR || join(tmpdir(), 'pushgate-bench');
  const require = createRequire(join(benchDir, 'noop.js'));
  let dfl;
  try { dfl = require('dockerfilelint/lib/index'); } catch { fail(`dockerfilelint not found under ${benchDir}: run bash bench/peers.sh`); }
  const ok = [];
  const left = new Map(); // reason -> files
  for (const f of readFileSync(list, 'utf8').split('\n').filter(Boolean)) {
    let reason = null;
    // Exactly what bin/dockerfilelint does per file argument.
    try {
      const content = readFileSync(f, 'utf8');
      if (!content) reason = 'empty file (the CLI stops with "Invalid input")';
      else dfl.run(resolve(dirname(f)), content);
    } catch (e) {
      reason = `throws: ${String(e && e.message).split('\n')[0]}`;
    }
    if (reason) { if (!left.has(reason)) left.set(reason, []); left.get(reason).push(f); } else ok.push(f);
  }
  process.stdout.write(ok.map((f) => `${f}\n`).join(''));
  for (const [reason, fs] of left) {
    process.stderr.write(`dockerfilelint ${reason} — ${fs.length} file(s) left out:\n`);
    for (const f of fs) process.stderr.write(`  ${f}\n`);
  }
} else if (cmd === 'tree') {
  const [manifest, corpusDir, dest, kind] = args;
  if (!kind) fail('tree MANIFEST.tsv CORPUS_DIR DEST KIND');
  const text = readFileSync(manifest, 'utf8');
  const stamp = createHash('sha256').update(text).update(kind).digest('hex');
  const stampFile = `${dest}.stamp`; // beside DEST, so the linted tree holds corpus files only
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === stamp) process.exit(0);
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  const [head, ...rows] = text.split('\n').filter(Boolean);
  const col = Object.fromEntries(head.split('\t').map((h, i) => [h, i]));
  for (const need of ['kind', 'source_repo', 'path', 'file']) if (!(need in col)) fail(`manifest lacks column ${need}`);
  let n = 0;
  for (const row of rows) {
    const c = row.split('\t');
    if (c[col.kind] !== kind && !c[col.kind].startsWith(`${kind}/`)) continue;
    const rel = normalize(join(c[col.source_repo], c[col.path]));
    if (rel.startsWith('..') || rel.startsWith(sep) || rel.split(sep).includes('.git')) {
      process.stderr.write(`prep.mjs: skipping unsafe path ${rel}\n`);
      continue;
    }
    const to = join(dest, rel);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(join(corpusDir, c[col.file]), to);
    n++;
  }
  writeFileSync(stampFile, `${stamp}\n`);
  process.stderr.write(`prep.mjs: rebuilt ${n} ${kind} file(s) in their original layout under ${dest}\n`);
} else if (cmd === 'summary') {
  const [file, label = 'pushgate'] = args;
  if (!file) fail('summary REPORT.json [LABEL]');
  let r;
  try { r = JSON.parse(readFileSync(file, 'utf8')); } catch { process.exit(1); }
  if (!r || typeof r !== 'object' || !r.summary || !Array.isArray(r.files)) process.exit(1);
  const kinds = new Map();
  for (const f of r.files) kinds.set(f.kind, (kinds.get(f.kind) ?? 0) + 1);
  const s = r.summary;
  console.log(`${label}: verdict ${r.verdict}, ${s.files} file(s) linted` +
    ` (report lists ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ') || 'none listed'}),` +
    ` ${s.errors} error(s), ${s.warnings} warning(s)`);
} else {
  fail('usage: prep.mjs list|dockerfilelint-ok|tree|summary ...');
}
