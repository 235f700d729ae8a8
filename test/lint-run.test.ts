// A lint run as a whole (src/engine/lint.ts, src/workers/): the two passes and the
// build facts they carry, `--fix` re-linting with those facts, and the same run on
// worker threads — the same report byte for byte, and failing closed with the file
// named. Worker runs use the built dist/worker.cjs (`npm test` builds first; run
// `npm run build` before this file alone).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readFileSync, realpathSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { lintPaths, type LintPathsOptions } from '../src/lint.js';
import { BuildFactCollector, InternalError, lintPasses, lintRun, type LintOptions, type LintTarget } from '../src/engine/lint.js';
import { ResultCompactor } from '../src/engine/compact.js';
import { lintWithWorkers } from '../src/workers/pool.js';
import { AUTO_MIN_FILES, mayUseWorkers, threadCount } from '../src/workers/threads.js';
import { presetPolicy } from '../src/config/presets.js';
import { getFormatter } from '../src/formatters/index.js';
import type { BuildReference } from '../src/models/file.js';
import type { FileResult, LintReport } from '../src/models/finding.js';
import { tempTree } from './helpers/temp-tree.js';

const TODAY = '2026-06-01';
const lines = (...rows: string[]): string => `${rows.join('\n')}\n`;
const temps: string[] = [];
test.after(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

const CLEAN_FINAL = ['FROM gcr.io/distroless/static:nonroot', 'COPY --from=build /out/app /app', 'ENTRYPOINT ["/app"]'];
const LABELS =
  'LABEL org.opencontainers.image.source="https://github.com/acme/app" org.opencontainers.image.version="1.0.0" org.opencontainers.image.revision="abc1234"';
const BUILDS_WITH_LATEST = lines(
  'on: push',
  'jobs:',
  '  build:',
  '    runs-on: ubuntu-24.04',
  '    steps:',
  '      - run: docker build --build-arg TAG=latest -f docker/api/Dockerfile -t ghcr.io/acme/api:${{ github.sha }} .',
);

function findingLines(report: LintReport): string[] {
  return report.files.flatMap((file) => file.findings.map((f) => `${file.path}:${f.line}:${f.column} ${f.ruleId}/${f.messageId}`));
}

async function lint(dir: string, extra: Partial<LintPathsOptions> = {}): Promise<LintReport> {
  return lintPaths({ cwd: dir, paths: ['.'], today: TODAY, noConfig: true, ...extra });
}

// ---- passes and facts ------------------------------------------------------------

test('pass 1 is everything but Dockerfiles, pass 2 the Dockerfiles, each in target order', () => {
  const targets: LintTarget[] = [
    { path: 'b/Dockerfile', kind: 'dockerfile' },
    { path: 'compose.yaml', kind: 'compose' },
    { path: 'a/Dockerfile', kind: 'dockerfile' },
    { path: '.github/workflows/ci.yml', kind: 'github-workflow' },
  ];
  assert.equal(lintPasses(targets), { first: [1, 3], second: [0, 2] });
});

test('build facts are merged in target order, whatever order the files were linted in', () => {
  const build = (origin: string, tag: string): BuildReference => ({
    dockerfile: 'Dockerfile',
    facts: { origin, buildArgs: { TAG: tag }, labels: {}, context: '.' },
  });
  const collector = new BuildFactCollector();
  collector.record(7, [build('late.yml', '2')]);
  collector.record(2, [build('early.yml', '1'), build('early.yml', '1b')]);
  collector.record(4, []);
  const facts = collector.facts().get('Dockerfile') ?? [];
  assert.equal(facts.map((f) => f.buildArgs.TAG), ['1', '1b', '2']);
});

test('--fix re-lints a fixed Dockerfile with the build facts of the first run (a fix never hides a cross-artifact finding)', async () => {
  const dir = tempTree('pushgate-run-', {
    '.github/workflows/ci.yml': BUILDS_WITH_LATEST,
    'docker/api/Dockerfile': lines(
      'ARG TAG=20',
      'FROM node:${TAG} AS build',
      'RUN docker login -p "$REGISTRY_PASSWORD" -u ci registry.example.com && npm ci',
      ...CLEAN_FINAL,
      LABELS,
    ),
  }, temps);
  const before = findingLines(await lint(dir, { concurrency: 'off' }));
  assert.ok(before.includes('docker/api/Dockerfile:2:6 no-latest-tag/latestResolved'), before.join('\n'));
  assert.ok(before.some((line) => line.includes('no-password-flag-login')), before.join('\n'));
  const after = findingLines(await lint(dir, { concurrency: 'off', fix: true }));
  assert.match(readFileSync(join(dir, 'docker/api/Dockerfile'), 'utf8'), /--password-stdin/);
  assert.equal(after, ['docker/api/Dockerfile:2:6 no-latest-tag/latestResolved']);
});

test('kept results are compacted without changing a thing: same values, same key order', () => {
  const result: FileResult = {
    path: 'Dockerfile',
    kind: 'dockerfile',
    findings: [
      { ruleId: 'a', messageId: 'm', message: 'one', severity: 'error', line: 1, column: 1, endLine: 1, endColumn: 2, fingerprint: 'f1' },
      {
        ruleId: 'b', messageId: 'n', message: 'two', severity: 'warning', line: 2, column: 1, endLine: 2, endColumn: 2,
        fix: { range: { line: 2, column: 1, endLine: 2, endColumn: 2 }, text: 'x' }, fingerprint: 'f2',
      },
      { ruleId: 'c', messageId: 'o', message: 'three', severity: 'error', line: 3, column: 1, endLine: 3, endColumn: 2 },
    ],
  };
  const compacted = new ResultCompactor().compact(structuredClone(result));
  assert.equal(compacted, result);
  assert.equal(compacted.findings.map((f) => Object.keys(f)), result.findings.map((f) => Object.keys(f)));
});

// ---- worker threads ----------------------------------------------------------------

test('thread count: off, explicit numbers, and auto (many files: half the cores, at least one, at most four)', () => {
  assert.is(threadCount(50_000, 'off', 8), 0);
  assert.is(threadCount(5000, 3, 1), 3, 'an explicit number is taken as given');
  assert.is(threadCount(2, 4, 8), 2, 'never more threads than files');
  assert.is(threadCount(1, 4, 8), 0, 'one file stays on this thread');
  assert.is(threadCount(AUTO_MIN_FILES - 1, 'auto', 8), 0);
  assert.is(threadCount(AUTO_MIN_FILES, 'auto', 1), 1);
  assert.is(threadCount(AUTO_MIN_FILES, 'auto', 2), 1);
  assert.is(threadCount(AUTO_MIN_FILES, 'auto', 6), 3);
  assert.is(threadCount(100_000, 'auto', 64), 4);
  assert.not.ok(mayUseWorkers(AUTO_MIN_FILES - 1, 'auto'));
  assert.ok(mayUseWorkers(2, 2));
});

/** A repository with every cross-file feature: builds handing facts over, suppressions, a parse error, baselines. */
function richTree(): string {
  const files: Record<string, string> = {
    '.github/workflows/ci.yml': BUILDS_WITH_LATEST,
    '.gitlab-ci.yml': lines('build:', '  image: docker:latest', '  script:', '    - docker login -p "$PASS" -u ci registry.example.com', '    - docker push registry.example.com/app:latest'),
    'compose.yaml': lines('services:', '  web:', '    build:', '      context: web', '      args:', '        BASE: node:latest', '    image: acme/web:1.0'),
    'web/Dockerfile': lines('ARG BASE=node:20', 'FROM ${BASE}', 'COPY . /app'),
    'docker/api/Dockerfile': lines('ARG TAG=20', 'FROM node:${TAG} AS build', 'RUN npm ci', ...CLEAN_FINAL),
    'broken/Dockerfile': lines('<html>', '<body>not a Dockerfile</body>'),
    'suppressed/Dockerfile': lines('# pushgate-ignore-next-line no-latest-tag -- legacy', 'FROM alpine:latest', 'FROM busybox # pushgate-ignore-next-line pin-actions -- unused'),
  };
  for (let i = 0; i < 12; i++) files[`svc/s${i}/Dockerfile`] = lines(`FROM ${i % 2 ? 'ubuntu' : 'debian:12'}`, 'RUN apt-get update', `USER ${i % 3 ? 'app' : 'root'}`);
  return tempTree('pushgate-run-', files, temps);
}

test('on worker threads the report is the same, byte for byte, as on this thread', async () => {
  const dir = richTree();
  const json = (report: LintReport) => getFormatter('json')(report, { color: false, version: '0', cwd: dir });
  const single = json(await lint(dir, { concurrency: 'off' }));
  assert.ok(single.includes('latestResolved') && single.includes('parse-error'), 'the tree exercises facts and parse errors');
  for (const threads of [1, 2, 3]) assert.is(json(await lint(dir, { concurrency: threads })), single, `${threads} worker(s)`);
});

test('on worker threads: --fix, and a baseline, give the same report too', async () => {
  const a = richTree();
  const b = richTree();
  for (const dir of [a, b]) {
    const baseline = spawnSync(process.execPath, [BIN, 'baseline', '--no-config', '--concurrency', dir === a ? 'off' : '2', 'svc'], { cwd: dir, encoding: 'utf8' });
    assert.is(baseline.status, 0, baseline.stderr);
  }
  assert.is(readFileSync(join(b, '.pushgate-baseline.json'), 'utf8'), readFileSync(join(a, '.pushgate-baseline.json'), 'utf8'));
  const single = findingLines(await lint(a, { concurrency: 'off', fix: true }));
  const workers = findingLines(await lint(b, { concurrency: 2, fix: true }));
  assert.equal(workers, single);
  assert.is(readFileSync(join(b, '.gitlab-ci.yml'), 'utf8'), readFileSync(join(a, '.gitlab-ci.yml'), 'utf8'));
  assert.match(readFileSync(join(b, '.gitlab-ci.yml'), 'utf8'), /--password-stdin/);
});

function options(dir: string): LintOptions {
  return { cwd: dir, policy: presetPolicy('recommended'), today: TODAY };
}

function diskTargets(dir: string, names: string[]): LintTarget[] {
  return names.map((path) => ({ path, kind: 'dockerfile' as const, absPath: join(dir, path) }));
}

/** A stand-in worker script: answers by the protocol, failing the files whose name says so. */
const FAKE_WORKER = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', ({ jobs }) => {
  for (const job of jobs) {
    if (job.target.path.includes('exit')) process.exit(3);
    if (job.target.path.includes('boom')) parentPort.postMessage({ index: job.index, failure: { message: 'kaboom in ' + job.target.path } });
    else parentPort.postMessage({ index: job.index, result: { path: job.target.path, kind: job.target.kind, findings: [] }, builds: [] });
  }
});
`;

test('fails closed: a file a worker cannot lint ends the run with that file named (the first in order, whatever the timing)', async () => {
  const names = Array.from({ length: 40 }, (_, i) => (i === 23 || i === 9 ? `d${i}/boom/Dockerfile` : `d${i}/Dockerfile`));
  const dir = tempTree('pushgate-run-', { 'worker.cjs': FAKE_WORKER }, temps);
  for (let attempt = 0; attempt < 3; attempt++) {
    const error = await lintWithWorkers(diskTargets(dir, names), options(dir), 2, { entry: join(dir, 'worker.cjs') }).then(
      () => null,
      (e: unknown) => e,
    );
    assert.instance(error, InternalError);
    assert.is((error as InternalError).file, 'd9/boom/Dockerfile');
    assert.match((error as InternalError).message, /kaboom in d9\/boom\/Dockerfile/);
  }
});

test('fails closed: a worker that stops ends the run, naming the file it was on', async () => {
  const dir = tempTree('pushgate-run-', { 'worker.cjs': FAKE_WORKER }, temps);
  const names = ['a/Dockerfile', 'b/Dockerfile', 'c/exit/Dockerfile', 'd/Dockerfile'];
  const error = await lintWithWorkers(diskTargets(dir, names), options(dir), 1, { entry: join(dir, 'worker.cjs') }).then(
    () => null,
    (e: unknown) => e,
  );
  assert.instance(error, InternalError);
  assert.is((error as InternalError).file, 'c/exit/Dockerfile');
  assert.match((error as InternalError).message, /the lint worker stopped: the worker thread exited \(code 3\)/);
});

test('a worker that runs out of its bounded heap hands the file to the main thread: same results', async () => {
  const dir = richTree();
  const names = ['web/Dockerfile', 'docker/api/Dockerfile', 'svc/s1/Dockerfile', 'svc/s2/Dockerfile'];
  const targets = diskTargets(dir, names);
  const expected = lintRun(targets, options(dir)).results;
  // A heap too small to even load the engine: every worker dies, every file falls back.
  const run = await lintWithWorkers(targets, options(dir), 2, { resourceLimits: { maxOldGenerationSizeMb: 2, maxYoungGenerationSizeMb: 1 } });
  assert.ok(run, 'workers were used');
  assert.equal(run.results, expected);
});

test('stays on this thread when workers do not apply: one file, concurrency off, files not from disk, a policy that cannot cross threads', async () => {
  const dir = richTree();
  const targets = diskTargets(dir, ['web/Dockerfile', 'svc/s1/Dockerfile']);
  assert.is(await lintWithWorkers(targets.slice(0, 1), options(dir), 2), null);
  assert.is(await lintWithWorkers(targets, options(dir), 'off'), null);
  assert.is(await lintWithWorkers(targets, { ...options(dir), files: { read: () => null } }, 2), null);
  // A JavaScript policy file could hold a function: it cannot be sent to a worker.
  const policy = presetPolicy('recommended');
  const withFunction = { ...policy, rules: { ...policy.rules, 'no-latest-tag': { severity: 'error' as const, options: { hook: () => 1 } } } };
  assert.is(await lintWithWorkers(targets, { ...options(dir), policy: withFunction }, 2), null);
});

// ---- CLI -----------------------------------------------------------------------------

const BIN = join(realpathSync(new URL('..', import.meta.url).pathname), 'bin', 'pushgate.cjs');

function cli(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' };
  delete env.PUSHGATE_WRITE_CODE_CACHE;
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: env as NodeJS.ProcessEnv });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

test('CLI: --concurrency N prints the same report as --concurrency off, in every format', () => {
  const dir = richTree();
  for (const format of ['stylish', 'json', 'sarif']) {
    const single = cli(['--no-config', '--format', format, '--concurrency', 'off', '.'], dir);
    const workers = cli(['--no-config', '--format', format, '--concurrency', '2', '.'], dir);
    assert.is(single.code, 1, single.stderr);
    assert.equal(workers, single, format);
  }
});

test('CLI: --concurrency takes auto, off or a number of threads', () => {
  const dir = richTree();
  assert.is(cli(['--no-config', '--concurrency', 'auto', 'web'], dir).code, 0);
  for (const bad of ['0', 'two', '1.5', '65', '']) {
    const run = cli(['--no-config', '--concurrency', bad, 'web'], dir);
    assert.is(run.code, 2);
    assert.match(run.stderr, /^pushgate: --concurrency: expected auto, off or a number of threads from 1 to 64, got "[^"]*"\.\n$/);
  }
});

test.run();
