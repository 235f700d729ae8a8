// A lint run as a whole (src/engine/lint.ts, src/workers/): the two passes and the
// build facts they carry, `--fix` re-linting with those facts, and the same run on
// worker threads — the same report byte for byte, and failing closed with the file
// named. Worker runs use the built dist/worker.cjs (`npm test` builds first; run
// `npm run build` before this file alone).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { lintPaths, type LintPathsOptions } from '../src/lint.js';
import { BuildFactCollector, lintPasses, type LintTarget } from '../src/engine/lint.js';
import type { BuildReference } from '../src/models/file.js';
import type { LintReport } from '../src/models/finding.js';
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
  const before = findingLines(await lint(dir));
  assert.ok(before.includes('docker/api/Dockerfile:2:6 no-latest-tag/latestResolved'), before.join('\n'));
  assert.ok(before.some((line) => line.includes('no-password-flag-login')), before.join('\n'));
  const after = findingLines(await lint(dir, { fix: true }));
  assert.match(readFileSync(join(dir, 'docker/api/Dockerfile'), 'utf8'), /--password-stdin/);
  assert.equal(after, ['docker/api/Dockerfile:2:6 no-latest-tag/latestResolved']);
});

test.run();
