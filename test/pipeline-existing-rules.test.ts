// The rules written for Dockerfiles and scripts, end to end on the pipeline and compose
// kinds (issue: CI pipelines and compose): credentials in every `env`/`variables`/
// `environment`/`with:` place, password-flag logins with `--fix` inside `run: |` and
// GitLab `script:`, label keys from `--label` and build-push-action `labels`, and
// trusted registries for job and service images. Through `lintPaths` on a temporary tree.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { lintPaths } from '../src/lint.js';

const lines = (...rows: string[]): string => `${rows.join('\n')}\n`;

interface Run {
  findings: string[];
  files: Record<string, string>;
}

async function lintTree(files: Record<string, string>, options: { rules?: string[]; config?: string; fix?: boolean } = {}): Promise<Run> {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'pushgate-pipeline-')));
  try {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    if (options.config) writeFileSync(join(dir, '.pushgaterc.yaml'), options.config);
    const report = await lintPaths({ cwd: dir, paths: ['.'], today: '2026-06-01', noConfig: !options.config, fix: options.fix ?? false });
    const wanted = options.rules;
    const findings = report.files.flatMap((file) =>
      file.findings
        .filter((f) => !wanted || wanted.includes(f.ruleId))
        .map((f) => `${file.path}:${f.line}:${f.column} ${f.ruleId}/${f.messageId}`));
    const after = Object.fromEntries(Object.keys(files).map((path) => [path, readFileSync(join(dir, path), 'utf8')]));
    return { findings, files: after };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const CREDENTIALS = ['no-hardcoded-credentials'];

test('no-hardcoded-credentials: workflow, job, step and service env, with: inputs, container credentials', async () => {
  const { findings } = await lintTree({
    '.github/workflows/ci.yml': lines(
      'on: push',
      'env:',
      '  API_TOKEN: s3cr3tvalue99',
      '  OK_TOKEN: ${{ secrets.OK_TOKEN }}',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-24.04',
      '    env:',
      '      DB_PASSWORD: hunter2',
      '    container:',
      '      image: ghcr.io/acme/ci:1.0',
      '      credentials:',
      '        username: bot',
      '        password: plainpass123',
      '    services:',
      '      db:',
      '        image: postgres:16.4',
      '        env:',
      '          POSTGRES_PASSWORD_FILE: /run/secrets/db',
      '    steps:',
      '      - uses: docker/login-action@v3',
      '        with:',
      '          username: bot',
      '          password: Q3x9vLk2mP8rT5wZ',
      '      - uses: docker/login-action@v3',
      '        with:',
      '          password: ${{ secrets.REGISTRY_PASSWORD }}',
      '      - run: make test',
      '        env:',
      '          STEP_SECRET: abc123xyz',
    ),
  }, { rules: CREDENTIALS });
  assert.equal(findings, [
    '.github/workflows/ci.yml:3:14 no-hardcoded-credentials/variable',
    '.github/workflows/ci.yml:9:20 no-hardcoded-credentials/variable',
    '.github/workflows/ci.yml:14:19 no-hardcoded-credentials/variable',
    '.github/workflows/ci.yml:24:21 no-hardcoded-credentials/variable',
    '.github/workflows/ci.yml:30:24 no-hardcoded-credentials/variable',
  ]);
});

test('no-hardcoded-credentials: structured action inputs are judged entry by entry (corpus false positives)', async () => {
  const { findings } = await lintTree({
    '.github/workflows/ci.yml': lines(
      'on: push',
      'jobs:',
      '  build:',
      '    steps:',
      '      - uses: docker/build-push-action@v6',
      '        with:',
      '          secret-envs: |',
      '            MYSECRET=ENV_SECRET',
      '            INVALID_SECRET=',
      '          secrets: |',
      '            npm_token=${{ secrets.NPM_TOKEN }}',
      '            GIT_AUTH_TOKEN=Q3x9vLk2mP8rT5wZ1nB7',
      '      - uses: github/codeql-action/start-proxy@v3',
      '        with:',
      '          registry_secrets: |',
      '            [{ "type": "maven_repository", "url": "https://repo.maven.apache.org/maven2/" }]',
      '      - uses: github/codeql-action/start-proxy@v3',
      '        with:',
      '          registry_secrets: |',
      '            [{ "type": "docker_registry", "url": "https://ghcr.io", "password": "realpass123" }]',
    ),
  }, { rules: CREDENTIALS });
  assert.equal(findings, [
    '.github/workflows/ci.yml:12:28 no-hardcoded-credentials/variable',
    '.github/workflows/ci.yml:20:82 no-hardcoded-credentials/variable',
  ]);
});

test('no-hardcoded-credentials: GitLab variables (map and { value } forms) and compose environment (map and list)', async () => {
  const { findings } = await lintTree({
    '.gitlab-ci.yml': lines(
      'variables:',
      '  REGISTRY_PASSWORD: hunter22',
      '  DEPLOY_TOKEN:',
      '    value: glpat-Q3x9vLk2mP8rT5wZ1nB7',
      '    description: the deploy token',
      '  CI_PASSWORD_REF: $CI_REGISTRY_PASSWORD',
      'test:',
      '  variables:',
      '    MYSQL_ROOT_PASSWORD: rootpw1',
      '  script: make test',
    ),
    'compose.yaml': lines(
      'services:',
      '  db:',
      '    image: postgres:16.4',
      '    environment:',
      '      POSTGRES_PASSWORD: s3cr3t-pw',
      '      POSTGRES_USER: app',
      '  api:',
      '    image: ghcr.io/acme/api:1.0',
      '    environment:',
      '      - API_KEY=k3y-Q3x9vLk2mP8',
      '      - DB_PASSWORD_FILE=/run/secrets/db',
    ),
  }, { rules: CREDENTIALS });
  assert.equal(findings, [
    '.gitlab-ci.yml:2:22 no-hardcoded-credentials/variable',
    '.gitlab-ci.yml:4:12 no-hardcoded-credentials/variable',
    '.gitlab-ci.yml:9:26 no-hardcoded-credentials/variable',
    'compose.yaml:5:26 no-hardcoded-credentials/variable',
    'compose.yaml:10:17 no-hardcoded-credentials/variable',
  ]);
});

test('no-password-flag-login: --fix inside a `run: |` block and a GitLab script', async () => {
  const workflow = lines(
    'on: push',
    'jobs:',
    '  publish:',
    '    steps:',
    '      - run: |',
    '          docker login -u "$USER" -p "$REGISTRY_TOKEN" ghcr.io',
    '          docker push ghcr.io/acme/app:1.0.0',
    '        env:',
    '          REGISTRY_TOKEN: ${{ secrets.REGISTRY_TOKEN }}',
  );
  const gitlab = lines(
    'publish:',
    '  script:',
    '    - docker login -u "$CI_REGISTRY_USER" -p "$CI_REGISTRY_PASSWORD" $CI_REGISTRY',
    '    - >',
    '      podman login --username bot',
    '      --password "$QUAY_TOKEN" quay.io',
  );
  const before = await lintTree({ '.github/workflows/publish.yml': workflow, '.gitlab-ci.yml': gitlab }, { rules: ['no-password-flag-login'] });
  assert.equal(before.findings, [
    '.github/workflows/publish.yml:6:35 no-password-flag-login/passwordFlag',
    '.gitlab-ci.yml:3:43 no-password-flag-login/passwordFlag',
    '.gitlab-ci.yml:6:7 no-password-flag-login/passwordFlag',
  ]);
  const after = await lintTree({ '.github/workflows/publish.yml': workflow, '.gitlab-ci.yml': gitlab }, { rules: ['no-password-flag-login'], fix: true });
  assert.equal(after.findings, []);
  assert.fixture(after.files['.github/workflows/publish.yml'] ?? '', lines(
    'on: push',
    'jobs:',
    '  publish:',
    '    steps:',
    '      - run: |',
    '          printf \'%s\' "$REGISTRY_TOKEN" | docker login -u "$USER" --password-stdin ghcr.io',
    '          docker push ghcr.io/acme/app:1.0.0',
    '        env:',
    '          REGISTRY_TOKEN: ${{ secrets.REGISTRY_TOKEN }}',
  ));
  assert.fixture(after.files['.gitlab-ci.yml'] ?? '', lines(
    'publish:',
    '  script:',
    '    - printf \'%s\' "$CI_REGISTRY_PASSWORD" | docker login -u "$CI_REGISTRY_USER" --password-stdin $CI_REGISTRY',
    '    - >',
    // A folded scalar: the shell sees one line, and so does the fixed text.
    '      printf \'%s\' "$QUAY_TOKEN" | podman login --username bot',
    '      --password-stdin quay.io',
  ));
});

test('valid-label-keys: --label in run: and GitLab script:, build-push-action labels', async () => {
  const { findings } = await lintTree({
    '.github/workflows/ci.yml': lines(
      'on: push',
      'jobs:',
      '  build:',
      '    steps:',
      '      - run: docker build --label org.opencontainers.image.sorce=x --label com.example.ok=1 -t ghcr.io/acme/a:1.0 .',
      '      - uses: docker/build-push-action@v6',
      '        with:',
      '          labels: |',
      '            org.opencontainers.image.version=1.0',
      '            Com.Example.Team=core',
    ),
    '.gitlab-ci.yml': lines('build:', '  script:', '    - buildah bud --label "bad key=1" -t "$CI_REGISTRY_IMAGE:1.0" .'),
  }, { rules: ['valid-label-keys'] });
  assert.equal(findings, [
    '.github/workflows/ci.yml:5:35 valid-label-keys/ociTypo',
    '.github/workflows/ci.yml:10:13 valid-label-keys/uppercase',
    '.gitlab-ci.yml:3:28 valid-label-keys/invalidCharacter',
  ]);
});

test('trusted-base-registries (strict): GitHub job container and services, GitLab default image', async () => {
  const { findings } = await lintTree({
    '.github/workflows/ci.yml': lines(
      'on: push',
      'jobs:',
      '  test:',
      '    container: ghcr.io/acme/ci:1.0',
      '    services:',
      '      redis:',
      '        image: redis:7.4',
      '      db:',
      '        image: quay.io/acme/db:1',
      '    steps:',
      '      - run: make test',
    ),
    '.gitlab-ci.yml': lines('default:', '  image: registry.example.com/tools/ci:2', 'test:', '  script: make test'),
  }, { rules: ['trusted-base-registries'], config: 'extends: strict\n' });
  assert.equal(findings, [
    '.github/workflows/ci.yml:4:16 trusted-base-registries/untrusted',
    '.github/workflows/ci.yml:9:16 trusted-base-registries/untrusted',
    '.gitlab-ci.yml:2:10 trusted-base-registries/untrusted',
  ]);
});

test('no-latest-tag allowLatestAlongsideImmutable from a policy file', async () => {
  const workflow = lines(
    'on: push',
    'jobs:',
    '  publish:',
    '    steps:',
    '      - uses: docker/build-push-action@v6',
    '        with:',
    '          push: true',
    '          tags: ghcr.io/acme/app:${{ github.sha }},ghcr.io/acme/app:latest',
    '      - run: docker push ghcr.io/acme/tool:latest',
  );
  const config = 'rules:\n  no-latest-tag: [error, { allowLatestAlongsideImmutable: true }]\n';
  const { findings } = await lintTree({ '.github/workflows/ci.yml': workflow }, { rules: ['no-latest-tag'], config });
  assert.equal(findings, ['.github/workflows/ci.yml:9:26 no-latest-tag/publishesLatest']);
});

test.run();
