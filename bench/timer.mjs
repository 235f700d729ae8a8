#!/usr/bin/env node
// Whole-process timer shared by the bench/*.sh scripts.
//
//   node bench/timer.mjs [OPTIONS] --cmd NAME ARGV... [--cmd NAME ARGV...]...
//
// Each --cmd starts a command: its display NAME, then its argv up to the next
// --cmd (commands run without a shell; stdin, stdout and stderr are /dev/null).
// OPTIONS (all before the first --cmd):
//   --runs N          timed runs per command (default 20)
//   --warmup N        untimed runs per command first (default 3)
//   --backend B       auto | hyperfine | node (default $PUSHGATE_BENCH_TIMER or auto:
//                     hyperfine when it is on PATH)
//   --rounds N        hyperfine only: split the runs into N rounds that alternate
//                     the command order, so slow drift of the machine hits every
//                     command alike (default: min(4, runs/2)). The node backend
//                     interleaves run by run.
//   --rss N           also N runs per command under `/usr/bin/time -f %M` for the
//                     peak RSS (interleaved; kept apart from the timed runs)
//   --ratio A/B[:T]   print median(A)/median(B), checked against target T (≤ T)
//   --max-rss NAME:MB check NAME's peak RSS (max over the --rss runs) against MB
//   --json FILE       write all numbers as JSON
// Exit status: 0, also when a target is missed (the verdict is printed); 2 on
// usage errors or when a command could not be started at all.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const usage = (msg) => {
  process.stderr.write(`timer.mjs: ${msg}\nusage: node bench/timer.mjs [--runs N] [--warmup N] ` +
    `[--backend auto|hyperfine|node] [--rounds N] [--rss N] [--ratio A/B[:T]] [--max-rss NAME:MB] ` +
    `[--json FILE] --cmd NAME ARGV... [--cmd NAME ARGV...]\n`);
  process.exit(2);
};

// ---- arguments -------------------------------------------------------------
const opts = { runs: 20, warmup: 3, backend: process.env.PUSHGATE_BENCH_TIMER || 'auto',
  rounds: 0, rss: 0, ratios: [], maxRss: [], json: null };
const cmds = [];
{
  const a = process.argv.slice(2);
  let i = 0;
  const int = (v, name) => {
    if (!/^\d+$/.test(v ?? '')) usage(`${name} needs a whole number`);
    return Number(v);
  };
  for (; i < a.length && a[i] !== '--cmd'; i++) {
    const o = a[i];
    switch (o) {
      case '--runs': opts.runs = int(a[++i], o); break;
      case '--warmup': opts.warmup = int(a[++i], o); break;
      case '--rounds': opts.rounds = int(a[++i], o); break;
      case '--rss': opts.rss = int(a[++i], o); break;
      case '--backend': opts.backend = a[++i]; break;
      case '--json': opts.json = a[++i]; break;
      case '--ratio': {
        const m = /^([^/]+)\/(.+?)(?::([\d.]+))?$/.exec(a[++i] ?? '');
        if (!m) usage('--ratio wants A/B or A/B:TARGET');
        opts.ratios.push({ a: m[1], b: m[2], target: m[3] ? Number(m[3]) : null });
        break;
      }
      case '--max-rss': {
        const m = /^(.+):([\d.]+)$/.exec(a[++i] ?? '');
        if (!m) usage('--max-rss wants NAME:MB');
        opts.maxRss.push({ name: m[1], mb: Number(m[2]) });
        break;
      }
      default: usage(`unknown option ${o}`);
    }
  }
  while (i < a.length) {
    // a[i] === '--cmd'
    const name = a[i + 1];
    if (!name) usage('--cmd needs a NAME and a command');
    const argv = [];
    for (i += 2; i < a.length && a[i] !== '--cmd'; i++) argv.push(a[i]);
    if (argv.length === 0) usage(`--cmd ${name} has no command`);
    if (cmds.some((c) => c.name === name)) usage(`duplicate command name ${name}`);
    cmds.push({ name, argv, times: [], exits: [], rss: [], rssExits: [] });
  }
  if (cmds.length === 0) usage('no --cmd given');
  if (opts.runs < 1) usage('--runs must be at least 1');
  if (!['auto', 'hyperfine', 'node'].includes(opts.backend)) usage(`unknown backend ${opts.backend}`);
}

const has = (bin) => spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
let backend = opts.backend;
if (backend === 'auto') backend = has('hyperfine') ? 'hyperfine' : 'node';
if (backend === 'hyperfine' && !has('hyperfine')) usage('hyperfine is not on PATH (bench/peers.sh installs it)');
// hyperfine refuses fewer than 2 runs per benchmark: fall back rather than fail.
if (backend === 'hyperfine' && opts.runs < 2) backend = 'node';

const rotate = (arr, k) => arr.map((_, j) => arr[(j + k) % arr.length]);
const exitOf = (r) => (r.status ?? (r.signal ? `sig:${r.signal}` : 'error'));

// ---- node backend: alternate the commands run by run -----------------------
function runOnce(c) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(c.argv[0], c.argv.slice(1), { stdio: 'ignore' });
  const t = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.error) {
    process.stderr.write(`timer.mjs: cannot run ${c.name} (${c.argv[0]}): ${r.error.message}\n`);
    process.exit(2);
  }
  return { t, exit: exitOf(r) };
}

function nodeBackend() {
  for (let w = 0; w < opts.warmup; w++) for (const c of rotate(cmds, w)) runOnce(c);
  for (let i = 0; i < opts.runs; i++) {
    for (const c of rotate(cmds, i)) {
      const { t, exit } = runOnce(c);
      c.times.push(t);
      c.exits.push(exit);
    }
  }
}

// ---- hyperfine backend: rounds of hyperfine with alternating order ---------
// hyperfine -N splits the command line like a POSIX shell: quote every word.
const shq = (s) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

function hyperfineBackend() {
  const rounds = Math.max(1, Math.min(opts.rounds || Math.min(4, Math.floor(opts.runs / 2)),
    Math.floor(opts.runs / 2)));
  const dir = mkdtempSync(join(tmpdir(), 'pushgate-timer-'));
  const notes = new Set();
  try {
    for (let r = 0; r < rounds; r++) {
      // Spread the runs over the rounds (the first rounds take the remainder).
      const n = Math.floor(opts.runs / rounds) + (r < opts.runs % rounds ? 1 : 0);
      const order = rotate(cmds, r);
      const out = join(dir, `round${r}.json`);
      const args = ['-N', '--style', 'none', '-i', '--runs', String(n),
        '--warmup', String(r === 0 ? opts.warmup : Math.min(1, opts.warmup)), '--export-json', out];
      for (const c of order) args.push('-n', c.name, c.argv.map(shq).join(' '));
      const res = spawnSync('hyperfine', args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
      for (const line of (res.stderr || '').split('\n')) {
        const l = line.trim();
        if (l && !/Ignoring non-zero exit code|first benchmarking run|--warmup|--prepare/.test(l)) notes.add(l);
      }
      if (res.status !== 0 || !existsSync(out)) {
        process.stderr.write(`timer.mjs: hyperfine failed (exit ${res.status}):\n${[...notes].join('\n')}\n`);
        process.exit(2);
      }
      const { results } = JSON.parse(readFileSync(out, 'utf8'));
      results.forEach((res1, j) => {
        const c = order[j];
        c.times.push(...res1.times);
        c.exits.push(...(res1.exit_codes ?? res1.times.map(() => '?')));
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  for (const n of notes) process.stderr.write(`hyperfine: ${n}\n`);
  return rounds;
}

// ---- peak RSS under GNU time -----------------------------------------------
const TIME = '/usr/bin/time';
function rssPass() {
  if (!existsSync(TIME)) {
    process.stderr.write(`timer.mjs: ${TIME} not found: no RSS numbers (apt-get install time)\n`);
    return false;
  }
  const dir = mkdtempSync(join(tmpdir(), 'pushgate-rss-'));
  const file = join(dir, 'rss');
  try {
    for (let i = 0; i < opts.rss; i++) {
      for (const c of rotate(cmds, i)) {
        const r = spawnSync(TIME, ['-f', '%M', '-o', file, ...c.argv], { stdio: 'ignore' });
        // GNU time writes "Command exited with non-zero status N" before the format.
        const last = readFileSync(file, 'utf8').trim().split('\n').pop();
        c.rss.push(/^\d+$/.test(last) ? Number(last) / 1024 : NaN);
        c.rssExits.push(exitOf(r));
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return true;
}

// ---- statistics and report -------------------------------------------------
const sorted = (xs) => [...xs].sort((x, y) => x - y);
const median = (xs) => {
  const s = sorted(xs), m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;
const sd = (xs) => {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
};
const ms = (s) => (s >= 10 ? `${s.toFixed(2)} s` : `${(s * 1000).toFixed(s < 0.1 ? 1 : 0)} ms`);
const hist = (xs) => {
  const h = new Map();
  for (const x of xs) h.set(x, (h.get(x) ?? 0) + 1);
  return [...h].sort((p, q) => String(p[0]).localeCompare(String(q[0]), 'en', { numeric: true }))
    .map(([k, v]) => `${k}×${v}`).join(' ');
};
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

let rounds = 0;
if (backend === 'hyperfine') rounds = hyperfineBackend();
else nodeBackend();
const rssOk = opts.rss > 0 ? rssPass() : false;

const how = backend === 'hyperfine'
  ? `hyperfine -N, ${opts.warmup} warm-up, ${opts.runs} runs in ${rounds} alternating round(s)`
  : `node timer, ${opts.warmup} warm-up, ${opts.runs} runs interleaved`;
console.log(`(${how}${rssOk ? `; peak RSS from ${opts.rss} separate run(s) under ${TIME}` : ''})`);
const w = Math.max(8, ...cmds.map((c) => c.name.length)) + 2;
console.log(`${pad('command', w)}${lpad('median', 10)}${lpad('mean ± sd', 22)}${lpad('min', 10)}${lpad('max', 10)}` +
  `${rssOk ? lpad('RSS med', 10) + lpad('RSS max', 10) : ''}   exit codes`);
const summary = { backend, how, runs: opts.runs, warmup: opts.warmup, rounds, commands: [], ratios: [], rss: [] };
for (const c of cmds) {
  const row = { name: c.name, argv: c.argv.length > 12 ? [...c.argv.slice(0, 12), `… (${c.argv.length} words)`] : c.argv,
    median: median(c.times), mean: mean(c.times), sd: sd(c.times), min: Math.min(...c.times),
    max: Math.max(...c.times), times: c.times, exits: c.exits };
  if (rssOk) Object.assign(row, { rssMedianMB: median(c.rss), rssMaxMB: Math.max(...c.rss), rssMB: c.rss, rssExits: c.rssExits });
  summary.commands.push(row);
  const allExits = [...c.exits, ...c.rssExits];
  console.log(`${pad(c.name, w)}${lpad(ms(row.median), 10)}${lpad(`${ms(row.mean)} ± ${ms(row.sd)}`, 22)}` +
    `${lpad(ms(row.min), 10)}${lpad(ms(row.max), 10)}` +
    `${rssOk ? lpad(`${row.rssMedianMB.toFixed(0)} MB`, 10) + lpad(`${row.rssMaxMB.toFixed(0)} MB`, 10) : ''}` +
    `   ${hist(allExits)}`);
}
const byName = new Map(summary.commands.map((r) => [r.name, r]));
for (const { a, b, target } of opts.ratios) {
  const ra = byName.get(a), rb = byName.get(b);
  if (!ra || !rb) { console.log(`ratio ${a}/${b}: n/a (${!ra ? a : b} was not run)`); continue; }
  const ratio = ra.median / rb.median;
  const verdict = target == null ? '' : ratio <= target ? `  ≤ ${target}×  PASS` : `  > ${target}×  MISS`;
  console.log(`ratio ${a} / ${b} (medians): ${ratio.toFixed(3)}×${verdict}`);
  summary.ratios.push({ a, b, ratio, target, pass: target == null ? null : ratio <= target });
}
for (const { name, mb } of opts.maxRss) {
  const r = byName.get(name);
  if (!r || !rssOk) { console.log(`peak RSS ${name}: n/a`); continue; }
  const pass = r.rssMaxMB < mb;
  console.log(`peak RSS ${name}: ${r.rssMaxMB.toFixed(1)} MB (max of ${r.rssMB.length})  < ${mb} MB  ${pass ? 'PASS' : 'MISS'}`);
  summary.rss.push({ name, maxMB: r.rssMaxMB, targetMB: mb, pass });
}
if (opts.json) writeFileSync(opts.json, `${JSON.stringify(summary, null, 2)}\n`);
