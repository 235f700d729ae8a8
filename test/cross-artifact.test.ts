// Cross-artifact facts end to end (SPEC §2) through the public `lintPaths`, on
// temporary repositories: a CI step or compose service that builds a Dockerfile
// hands it build args, labels and its context; findings stay on the file at fault.
// Also: the image-reference and label rules fire on the YAML kinds at the exact
// token, and the golden pipelines under fixtures/ci and fixtures/compose.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { lintPaths } from '../src/lint.js';
import type { LintReport } from '../src/models/finding.js';

const TODAY = '2026-06-01';
const root = new URL('..', import.meta.url).pathname;
const lines = (...rows: string[]): string => `${rows.join('\n')}\n`;

/** A clean final stage, so only the finding under test shows up. */
const CLEAN_FINAL = [
  'FROM gcr.io/distroless/static:nonroot',
  'COPY --from=build /out/app /app',
  'ENTRYPOINT ["/app"]',
];
const LABELS =
  'LABEL org.opencontainers.image.source="https://github.com/acme/app" org.opencontainers.image.version="1.0.0" org.opencontainers.image.revision="abc1234"';

async function lintTree(files: Record<string, string>, preset: 'recommended' | 'strict' = 'recommended'): Promise<string[]> {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'pushgate-cross-')));
  try {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    if (preset === 'strict') writeFileSync(join(dir, '.pushgaterc.yaml'), 'extends: strict\n');
    const report = await lintPaths({ cwd: dir, paths: ['.'], today: TODAY, noConfig: preset === 'recommended' });
    return report.files.flatMap((file) => file.findings.map((f) => `${file.path}:${f.line}:${f.column} ${f.ruleId}/${f.messageId}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('docker build --build-arg TAG=latest -f docker/api/Dockerfile turns FROM node:${TAG} into a finding on the Dockerfile', async () => {
  const findings = await lintTree({
    '.github/workflows/ci.yml': lines(
      'on: push',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-24.04',
      '    steps:',
      '      - run: docker build --build-arg TAG=latest -f docker/api/Dockerfile -t ghcr.io/acme/api:${{ github.sha }} .',
    ),
    'docker/api/Dockerfile': lines('ARG TAG=20', 'FROM node:${TAG} AS build', 'RUN npm ci', ...CLEAN_FINAL, LABELS),
  });
  assert.equal(findings, ['docker/api/Dockerfile:2:6 no-latest-tag/latestResolved']);
});

test('without the build, the same Dockerfile passes (ARG default 20)', async () => {
  assert.equal(await lintTree({ 'docker/api/Dockerfile': lines('ARG TAG=20', 'FROM node:${TAG} AS build', 'RUN npm ci', ...CLEAN_FINAL, LABELS) }), []);
});

test('metadata-action labels satisfy require-labels for the Dockerfile build-push-action builds', async () => {
  const workflow = (labels: string[]) => lines(
    'on:',
    '  push:',
    '    tags: ["v*"]',
    'jobs:',
    '  publish:',
    '    runs-on: ubuntu-24.04',
    '    steps:',
    '      - id: meta',
    '        uses: docker/metadata-action@v5',
    '        with:',
    '          images: ghcr.io/acme/app',
    '          tags: type=semver,pattern={{version}}',
    '          flavor: latest=false',
    '      - uses: docker/build-push-action@v6',
    '        with:',
    '          context: app',
    '          push: true',
    '          tags: ${{ steps.meta.outputs.tags }}',
    ...labels,
  );
  const dockerfile = lines('FROM golang:1.22 AS build', 'RUN go build -o /out/app .', ...CLEAN_FINAL);
  // The push itself is neither scanned nor signed (the pipeline rules say so on the workflow).
  const pipelineWarnings = ['.github/workflows/publish.yml:14:15 require-image-signing/unsigned', '.github/workflows/publish.yml:14:15 require-scan-before-push/noScan'];
  assert.equal(await lintTree({ '.github/workflows/publish.yml': workflow(['          labels: ${{ steps.meta.outputs.labels }}']), 'app/Dockerfile': dockerfile }), pipelineWarnings);
  assert.equal(await lintTree({ '.github/workflows/publish.yml': workflow([]), 'app/Dockerfile': dockerfile }), [
    ...pipelineWarnings,
    'app/Dockerfile:3:1 require-labels/missing',
    'app/Dockerfile:3:1 require-labels/missing',
    'app/Dockerfile:3:1 require-labels/missing',
  ]);
});

test('a compose build.context is where require-dockerignore looks', async () => {
  const compose = lines('services:', '  web:', '    build:', '      context: .', '      dockerfile: docker/web/Dockerfile', '    image: ghcr.io/acme/web:1.0.0');
  const dockerfile = lines('FROM golang:1.22 AS build', 'COPY . /src', 'RUN go build -o /out/app /src', ...CLEAN_FINAL, LABELS);
  // The context (the repository root) has the ignore file; the Dockerfile's own directory does not.
  assert.equal(await lintTree({ 'compose.yaml': compose, 'docker/web/Dockerfile': dockerfile, '.dockerignore': '.git\n.env*\n' }), []);
  assert.equal(await lintTree({ 'compose.yaml': compose, 'docker/web/Dockerfile': dockerfile, 'docker/web/.dockerignore': '.git\n.env*\n' }), [
    'docker/web/Dockerfile:2:6 require-dockerignore/missing',
  ]);
});

test('image rules at the exact token: compose image, job container, build-push-action tags, metadata latest', async () => {
  const findings = await lintTree({
    'compose.yaml': lines('services:', '  web:', '    image: node:latest'),
    '.github/workflows/ci.yml': lines(
      'on:',
      '  push:',
      '    tags: ["v*"]',
      'jobs:',
      '  test:',
      '    container: node',
      '    steps:',
      '      - run: npm test',
      '  publish:',
      '    steps:',
      '      - uses: docker/build-push-action@v6',
      '        with:',
      '          push: true',
      '          tags: ghcr.io/acme/app:1.0.0,ghcr.io/acme/app:latest',
      '      - id: meta',
      '        uses: docker/metadata-action@v5',
      '        with:',
      '          images: ghcr.io/acme/app',
      '          tags: type=semver,pattern={{version}}',
      '      - uses: docker/build-push-action@v6',
      '        with:',
      '          push: true',
      '          tags: ${{ steps.meta.outputs.tags }}',
    ),
  });
  assert.equal(findings, [
    '.github/workflows/ci.yml:6:16 no-latest-tag/untagged',
    '.github/workflows/ci.yml:11:15 require-image-signing/unsigned',
    '.github/workflows/ci.yml:11:15 require-scan-before-push/noScan',
    '.github/workflows/ci.yml:14:40 no-latest-tag/publishesLatest',
    '.github/workflows/ci.yml:16:15 no-latest-tag/publishesLatest',
    '.github/workflows/ci.yml:20:15 require-image-signing/unsigned',
    '.github/workflows/ci.yml:20:15 require-scan-before-push/noScan',
    'compose.yaml:3:12 no-latest-tag/latest',
  ]);
});

test('valid-image-reference and valid-label-keys on the YAML kinds; unresolved references are skipped', async () => {
  const findings = await lintTree({
    '.gitlab-ci.yml': lines(
      'build:',
      '  image: Node:20',
      '  script:',
      '    - docker build --label Org.Example=1 -t "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA" .',
      '    - docker push registry.example.com/App:1.0',
    ),
    'docker-compose.yml': lines('services:', '  a:', '    image: ${IMAGE}', '    labels:', '      - "com.example.ok=1"', '      - "bad key=1"'),
  });
  assert.equal(findings, [
    '.gitlab-ci.yml:2:10 valid-image-reference/uppercase',
    '.gitlab-ci.yml:4:28 valid-label-keys/uppercase',
    '.gitlab-ci.yml:5:7 require-image-signing/unsigned',
    '.gitlab-ci.yml:5:7 require-scan-before-push/noScan',
    '.gitlab-ci.yml:5:19 valid-image-reference/uppercase',
    'docker-compose.yml:6:10 valid-label-keys/invalidCharacter',
  ]);
});

test('trusted-base-registries judges CI job and service images and compose images (strict)', async () => {
  const findings = await lintTree({
    '.gitlab-ci.yml': lines('test:', '  image: node:20', '  services:', '    - name: quay.io/acme/db:1', '  script: npm test'),
    'compose.yaml': lines('services:', '  a:', '    image: ghcr.io/acme/a:1', '  b:', '    image: ghcr.io/acme/b:1', '    build: .'),
  }, 'strict');
  assert.equal(findings.filter((f) => f.includes('trusted-base-registries')), [
    '.gitlab-ci.yml:4:13 trusted-base-registries/untrusted',
    'compose.yaml:3:12 trusted-base-registries/untrusted',
  ]);
});

test('suppression comments work in YAML files', async () => {
  const findings = await lintTree({
    'compose.yaml': lines('services:', '  web:', '    # pushgate-ignore-next-line no-latest-tag -- pinned by the deploy tool', '    image: node:latest', '  db:', '    image: postgres'),
  });
  assert.equal(findings, ['compose.yaml:6:12 no-latest-tag/untagged']);
});

// ---------------------------------------------------------------- golden pipelines

/** `fixtures/ci/<case>` and `fixtures/compose/<case>`: inputs and expected.txt (none: must be clean). */
const GOLDEN: ReadonlyArray<{ dir: string; files: number }> = [
  { dir: 'ci/bake', files: 1 },
  { dir: 'ci/buildah', files: 1 },
  { dir: 'ci/clean-github', files: 2 },
  { dir: 'ci/clean-gitlab', files: 2 },
  { dir: 'ci/docker-publish', files: 2 },
  { dir: 'ci/gitlab-docker-template', files: 1 },
  { dir: 'ci/kaniko', files: 2 },
  { dir: 'compose/clean', files: 2 },
  { dir: 'compose/stack', files: 3 },
];

function reportLines(report: LintReport): string[] {
  return report.files.flatMap((file) => file.findings.map((f) => `${file.path}:${f.line}:${f.column} ${f.severity} ${f.ruleId}`)).sort();
}

function expectedLines(dir: string): string[] {
  let text = '';
  try {
    text = readFileSync(join(dir, 'expected.txt'), 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#')).sort();
}

test('the golden table lists exactly the case directories', () => {
  const cases = ['ci', 'compose'].flatMap((kind) =>
    readdirSync(join(root, 'fixtures', kind), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `${kind}/${d.name}`),
  );
  assert.equal(cases.sort(), GOLDEN.map((c) => c.dir));
});

for (const { dir, files } of GOLDEN) {
  test(`golden: ${dir}`, async () => {
    const caseDir = join(root, 'fixtures', dir);
    const report = await lintPaths({ cwd: caseDir, paths: ['.'], today: TODAY });
    assert.is(report.fileCount, files, 'files linted');
    assert.equal(reportLines(report), expectedLines(caseDir));
  });
}

test.run();
