// The CI integrations around the formats (issue 6, deliverable 4): the GitHub
// composite action (`action.yml`), the GitLab template (`ci/pushgate.gitlab-ci.yml`)
// and their documentation (`docs/ci.md`) are checked against each other and
// against package.json, and the action's scripts are run for real with bash
// against the built CLI (`npm test` builds dist/ first).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

const root = realpathSync(new URL('..', import.meta.url).pathname);
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as Json;
const gitlab = parse(readFileSync(join(root, 'ci', 'pushgate.gitlab-ci.yml'), 'utf8')) as Json;
const docs = readFileSync(join(root, 'docs', 'ci.md'), 'utf8');

const INPUTS: Record<string, string> = { paths: '.', config: '', format: 'github', 'fail-on': '', 'sarif-file': '' };

test('action.yml: a composite action with the documented inputs and defaults', () => {
  assert.is(action.runs.using, 'composite');
  assert.equal(Object.keys(action.inputs), Object.keys(INPUTS));
  for (const [name, value] of Object.entries(INPUTS)) {
    assert.is(action.inputs[name].default, value, name);
    assert.is(action.inputs[name].required, false, name);
    assert.ok(action.inputs[name].description, name);
    assert.ok(docs.includes(`| \`${name}\` |`), `docs/ci.md documents input ${name}`);
  }
});

test('action.yml: inputs reach scripts only through the environment (no expression injection)', () => {
  for (const step of action.runs.steps) {
    assert.is(step.shell, 'bash', step.name);
    assert.not.match(step.run, /\$\{\{/, `${step.name}: no \${{ }} inside run`);
  }
  const env = action.runs.steps[1].env as Record<string, string>;
  assert.equal(Object.values(env).sort(), Object.keys(INPUTS).map((name) => `\${{ inputs.${name} }}`).sort());
});

test('ci/pushgate.gitlab-ci.yml: hidden template, job, Code Quality artifact kept on failure', () => {
  const template = gitlab['.pushgate'];
  assert.is(gitlab.pushgate.extends, '.pushgate');
  assert.is(template.image, 'node:20-alpine');
  assert.equal(template.artifacts.reports, { codequality: 'gl-code-quality-report.json' });
  assert.is(template.artifacts.when, 'always');
  assert.match(template.script[0], /--format gitlab --output gl-code-quality-report\.json /);
  assert.match(template.script[0], /\|\| test \$\? -eq 1$/, 'a failing policy still writes the report; exit 2 fails the job');
  assert.is(template.variables.PUSHGATE_VERSION, version, 'the template pins the current version');
});

test('docs/ci.md pins the current version everywhere', () => {
  const pins = [...docs.matchAll(/pushgate@v?(\d+\.\d+\.\d+)/g)].map((m) => m[1]);
  assert.ok(pins.length >= 4);
  for (const pin of pins) assert.is(pin, version);
  for (const pin of readFileSync(join(root, 'ci', 'pushgate.gitlab-ci.yml'), 'utf8').matchAll(/pushgate@(\d+\.\d+\.\d+)/g)) {
    assert.is(pin[1], version);
  }
});

// ---- the action's scripts, run for real -----------------------------------------------

const built = existsSync(join(root, 'dist', 'cli.cjs'));

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs every step of the action in `cwd` as the runner would: bash, inputs in env, GITHUB_ACTION_PATH set. */
function runAction(cwd: string, inputs: Partial<Record<string, string>>, extraEnv: Record<string, string> = {}): Outcome {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? cwd, GITHUB_ACTION_PATH: root, NO_COLOR: '1', ...extraEnv };
  const values = { ...INPUTS, ...inputs };
  let stdout = '';
  let stderr = '';
  for (const step of action.runs.steps) {
    const stepEnv = { ...env };
    for (const [name, expression] of Object.entries((step.env ?? {}) as Record<string, string>)) {
      const input = /^\$\{\{ inputs\.([a-z-]+) \}\}$/.exec(expression)?.[1];
      stepEnv[name] = input ? values[input] ?? '' : expression;
    }
    const result = spawnSync('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', step.run], { cwd, env: stepEnv, encoding: 'utf8' });
    stdout += result.stdout;
    stderr += result.stderr;
    if (result.status !== 0) return { code: result.status, stdout, stderr };
  }
  return { code: 0, stdout, stderr };
}

function withRepo(files: Record<string, string>, body: (dir: string) => void): void {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'pushgate-action-')));
  try {
    for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const BAD = 'FROM node:latest\nUSER node\n';

test('action: annotations on a failing policy, SARIF written anyway', () => {
  if (!built) return console.log('  note: dist/cli.cjs not built; skipping (npm test builds it)');
  withRepo({ Dockerfile: BAD }, (dir) => {
    const run = runAction(dir, { 'sarif-file': 'reports/pushgate.sarif' });
    assert.is(run.code, 1, run.stderr);
    assert.match(run.stdout, /^::error file=Dockerfile,line=1,col=6,endLine=1,endColumn=16,title=no-latest-tag::/m);
    assert.match(run.stdout, /^pushgate: FAIL — /m);
    const log = JSON.parse(readFileSync(join(dir, 'reports', 'pushgate.sarif'), 'utf8')) as Json;
    assert.is(log.version, '2.1.0');
    assert.ok(log.runs[0].results.some((r: Json) => r.ruleId === 'no-latest-tag'));
  });
});

test('action: fail-on never passes; paths, config and format are honoured', () => {
  if (!built) return console.log('  note: dist/cli.cjs not built; skipping (npm test builds it)');
  withRepo({ Dockerfile: BAD, 'Other.Dockerfile': BAD, 'policy.yaml': 'extends: recommended\nrules:\n  no-latest-tag: warn\n' }, (dir) => {
    const never = runAction(dir, { 'fail-on': 'never' });
    assert.is(never.code, 0, never.stderr);
    const json = runAction(dir, { paths: 'Dockerfile\n', config: 'policy.yaml', format: 'json' });
    assert.is(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout) as Json;
    assert.equal(report.files.map((f: Json) => f.path), ['Dockerfile']);
    assert.ok(report.files[0].findings.some((f: Json) => f.ruleId === 'no-latest-tag' && f.severity === 'warning'));
  });
});

test('action: a config error fails closed (exit 2) before any SARIF is written', () => {
  if (!built) return console.log('  note: dist/cli.cjs not built; skipping (npm test builds it)');
  withRepo({ Dockerfile: BAD }, (dir) => {
    const run = runAction(dir, { config: 'missing.yaml', 'sarif-file': 'pushgate.sarif' });
    assert.is(run.code, 2);
    assert.match(run.stderr, /missing\.yaml/);
    assert.not.ok(existsSync(join(dir, 'pushgate.sarif')));
  });
});

test.run();
