// The built CLI end to end (SPEC §4, §5): the bin from package.json is spawned with
// real argv, stdin, cwd and environment, and stdout, stderr and the exit code are
// checked. `npm test` builds dist/ first; run `npm run build` before running this
// file alone.

import { tempTree as makeTempTree } from './helpers/temp-tree.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { COMMANDS, HELP, parseCliArgs } from '../src/cli/args.js';
import { rules } from '../src/engine/registry.js';

const root = realpathSync(new URL('..', import.meta.url).pathname);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; bin: { pushgate: string } };
const BIN = join(root, pkg.bin.pushgate);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function pushgate(args: string[], options: { cwd?: string; input?: string; env?: Record<string, string | undefined> } = {}): Run {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...options.env };
  delete env.PUSHGATE_WRITE_CODE_CACHE;
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? root,
    input: options.input ?? '',
    encoding: 'utf8',
    env: env as NodeJS.ProcessEnv,
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Exit 2 with exactly one line on stderr, no stack trace and nothing on stdout. */
function assertUsageFailure(run: Run, pattern: RegExp): void {
  assert.is(run.code, 2, `exit code; stderr: ${run.stderr}`);
  assert.is(run.stdout, '');
  assert.match(run.stderr, /^pushgate: [^\n]+\n$/, 'one line on stderr');
  assert.not.match(run.stderr, /\n {4}at /, 'no stack trace');
  assert.match(run.stderr, pattern);
}

const temps: string[] = [];
function tempTree(files: Record<string, string>): string {
  return makeTempTree('pushgate-cli-', files, temps);
}
test.after(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

const CLEAN = [
  'FROM golang:1.22 AS build',
  'RUN go build -o /out/app ./cmd/app',
  'FROM gcr.io/distroless/static:nonroot',
  'COPY --from=build /out/app /app',
  'LABEL org.opencontainers.image.source="https://github.com/acme/app" org.opencontainers.image.version="1.0.0" org.opencontainers.image.revision="abc1234"',
  'ENTRYPOINT ["/app"]',
  '',
].join('\n');
/** Multi-stage and non-root, but no OCI labels: three require-labels warnings and nothing else. */
const WARNINGS_ONLY = CLEAN.replace(/^LABEL .*\n/m, '');
const LATEST = CLEAN.replace('golang:1.22', 'golang:latest');

interface JsonReport {
  verdict: string;
  summary: { files: number; errors: number; warnings: number };
  files: Array<{ path: string; kind: string; findings: Array<{ ruleId: string; severity: string; line: number; column: number; fingerprint?: string }> }>;
}
const positions = (report: JsonReport): string[] =>
  report.files.flatMap((f) => f.findings.map((x) => `${f.path}:${x.line}:${x.column} ${x.severity} ${x.ruleId}`));

// ---------------------------------------------------------------- help and version

/** Every long option `parseCliArgs` accepts (src/cli/args.ts). */
const OPTIONS = [
  '--config', '--no-config', '--format', '--output', '--fail-on', '--max-warnings', '--rule', '--kind', '--stdin',
  '--stdin-filename', '--fix', '--quiet', '--color', '--no-color', '--debug', '--help', '--version',
];

test('--help prints HELP, exit 0; HELP mentions every command and option', () => {
  const run = pushgate(['--help']);
  assert.equal(run, { code: 0, stdout: HELP, stderr: '' });
  assert.equal(pushgate(['-h']), run);
  for (const command of COMMANDS) {
    const usage = command === 'lint' ? 'pushgate [lint]' : `pushgate ${command}`;
    assert.ok(HELP.includes(usage), `HELP lacks "${usage}"`);
  }
  for (const option of OPTIONS) assert.match(HELP, new RegExp(`(^|[\\s,])${option}\\b(?!-)`, 'm'), `HELP lacks ${option}`);
});

test('arguments without an option parse as node:util parseArgs parses them (its parser is skipped then)', () => {
  // A trailing `--` adds no positional but makes parseCliArgs run node:util parseArgs.
  for (const argv of [[], ['pre-push'], ['pre-push', 'origin', 'git@example.com:a/b.git'], ['a', 'b c'], ['lint', '.'], ['rules', 'no-latest-tag'], ['init'], ['']]) {
    assert.equal(parseCliArgs(argv), parseCliArgs([...argv, '--']), JSON.stringify(argv));
  }
});

test('--version prints the package.json version', () => {
  assert.equal(pushgate(['--version']), { code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  assert.equal(pushgate(['-v']), { code: 0, stdout: `${pkg.version}\n`, stderr: '' });
});

// ---------------------------------------------------------------- lint: verdicts and exit codes

const DEMO_FINDINGS = [
  'fixtures/demo/services/api/Dockerfile:2:1 warning require-labels',
  'fixtures/demo/services/api/Dockerfile:2:1 warning require-labels',
  'fixtures/demo/services/api/Dockerfile:2:1 warning require-labels',
  'fixtures/demo/services/api/Dockerfile:2:1 warning require-multi-stage',
  'fixtures/demo/services/api/Dockerfile:2:1 warning require-non-root-user',
  'fixtures/demo/services/api/Dockerfile:2:6 error no-latest-tag',
  'fixtures/demo/services/api/Dockerfile:5:6 warning require-dockerignore',
  'fixtures/demo/services/api/Dockerfile:8:7 error valid-label-keys',
  'fixtures/demo/services/worker/Dockerfile:3:6 error no-latest-tag',
  'fixtures/demo/services/worker/Dockerfile:10:6 error valid-image-reference',
  'fixtures/demo/services/worker/Dockerfile:12:6 warning require-non-root-user',
];

test('fixtures/demo fails: exit 1, its findings, and the verdict line', () => {
  const run = pushgate(['fixtures/demo']);
  assert.is(run.code, 1, run.stderr);
  assert.is(run.stderr, '');
  const out = run.stdout.split('\n');
  assert.is(out.at(-1), '', 'ends with a newline');
  assert.is(out.at(-2), 'pushgate: FAIL — 4 errors, 7 warnings in 2 of 3 files');
  assert.ok(out.includes('fixtures/demo/services/api/Dockerfile') && out.includes('fixtures/demo/services/worker/Dockerfile'), 'grouped by file');
  assert.is(out.filter((line) => /^ {2}\d+:\d+ +(error|warning) {2}/.test(line)).length, DEMO_FINDINGS.length, 'one row per finding');
  assert.ok(out.includes('  2:6  error    Image "node:latest" uses the mutable "latest" tag; pin a version tag or a digest.  no-latest-tag'));
  assert.not.match(run.stdout, /services\/web/, 'the clean service is not listed');

  const json = pushgate(['fixtures/demo', '--format', 'json']);
  assert.is(json.code, 1);
  assert.equal(positions(JSON.parse(json.stdout) as JsonReport), DEMO_FINDINGS);
});

test('a clean repository passes: exit 0', () => {
  assert.equal(pushgate(['fixtures/ok']), { code: 0, stdout: 'pushgate: PASS — no findings in 2 files\n', stderr: '' });
  assert.equal(pushgate(['lint', 'fixtures/ok']), { code: 0, stdout: 'pushgate: PASS — no findings in 2 files\n', stderr: '' });
  assert.equal(pushgate([], { cwd: join(root, 'fixtures', 'ok') }), { code: 0, stdout: 'pushgate: PASS — no findings in 2 files\n', stderr: '' }, 'default path "."');
});

const ajv = new Ajv({ allErrors: true, strict: false });
const validateReport = ajv.compile(JSON.parse(readFileSync(join(root, 'schemas', 'report.schema.json'), 'utf8')) as object);

test('--format json follows schemas/report.schema.json', () => {
  for (const [args, code] of [[['fixtures/demo'], 1], [['fixtures/ok'], 0], [['fixtures/golden/suppressions'], 1], [['fixtures/golden/parse-error-html'], 1]] as const) {
    const run = pushgate([...args, '--format', 'json']);
    assert.is(run.code, code, `${args.join(' ')}: ${run.stderr}`);
    const report = JSON.parse(run.stdout) as JsonReport & { tool: { version: string } };
    assert.ok(validateReport(report), `${args.join(' ')}: ${ajv.errorsText(validateReport.errors)}`);
    assert.is(report.tool.version, pkg.version);
    assert.is(report.verdict, code === 1 ? 'fail' : 'pass');
    for (const finding of report.files.flatMap((f) => f.findings)) assert.match(finding.fingerprint ?? '', /^[0-9a-f]{32}$/);
  }
  const ok = JSON.parse(pushgate(['fixtures/ok', '--format', 'json']).stdout) as JsonReport;
  assert.equal({ verdict: ok.verdict, summary: ok.summary, files: ok.files }, { verdict: 'pass', summary: { files: 2, errors: 0, warnings: 0 }, files: [] });
  const demo = JSON.parse(pushgate(['fixtures/demo', '-f', 'json']).stdout) as JsonReport;
  assert.equal(demo.summary, { files: 3, errors: 4, warnings: 7 });
});

test('--fail-on never passes a failing repository; --fail-on warning fails on warnings', () => {
  const never = pushgate(['fixtures/demo', '--fail-on', 'never']);
  assert.is(never.code, 0);
  assert.is(never.stdout.trimEnd().split('\n').at(-1), 'pushgate: PASS — 4 errors, 7 warnings in 2 of 3 files');
  const dir = tempTree({ Dockerfile: WARNINGS_ONLY });
  assert.is(pushgate([], { cwd: dir }).code, 0, 'warnings alone pass by default');
  assert.is(pushgate(['--fail-on', 'warning'], { cwd: dir }).code, 1);
  assertUsageFailure(pushgate(['--fail-on', 'sometimes'], { cwd: dir }), /--fail-on/);
});

test('--max-warnings N fails when there are more than N warnings', () => {
  const dir = tempTree({ Dockerfile: WARNINGS_ONLY });
  assert.is(pushgate(['--max-warnings', '3'], { cwd: dir }).code, 0, 'three warnings, max 3');
  const zero = pushgate(['--max-warnings', '0'], { cwd: dir });
  assert.is(zero.code, 1);
  assert.is(zero.stdout.trimEnd().split('\n').at(-1), 'pushgate: FAIL — 0 errors, 3 warnings in 1 of 1 file');
  assertUsageFailure(pushgate(['--max-warnings', '-1'], { cwd: dir }), /--max-warnings/);
  assertUsageFailure(pushgate(['--max-warnings', 'many'], { cwd: dir }), /--max-warnings/);
});

test('--rule ID=SEVERITY overrides the policy', () => {
  assert.is(pushgate(['fixtures/golden/latest-via-arg']).code, 1);
  assert.equal(pushgate(['fixtures/golden/latest-via-arg', '--rule', 'no-latest-tag=off']), {
    code: 0,
    stdout: 'pushgate: PASS — no findings in 1 file\n',
    stderr: '',
  });
  const warn = pushgate(['fixtures/golden/latest-via-arg', '--rule', 'no-latest-tag=warn', '--format', 'json']);
  assert.is(warn.code, 0);
  assert.equal(positions(JSON.parse(warn.stdout) as JsonReport), ['Dockerfile:7:6 warning no-latest-tag', 'Dockerfile:14:6 warning no-latest-tag'].map((p) => `fixtures/golden/latest-via-arg/${p}`));
  const two = pushgate(['fixtures/golden/latest-via-arg', '--rule', 'no-latest-tag=off', '--rule', 'pin-base-image-digest=error', '--format', 'json']);
  assert.is(two.code, 1, 'repeatable');
  assert.equal(positions(JSON.parse(two.stdout) as JsonReport), [
    'fixtures/golden/latest-via-arg/Dockerfile:7:6 error pin-base-image-digest',
    'fixtures/golden/latest-via-arg/Dockerfile:14:6 error pin-base-image-digest',
  ]);
  assertUsageFailure(pushgate(['--rule', 'no-latest-tag'], { cwd: tempTree({ Dockerfile: CLEAN }) }), /--rule/);
  assertUsageFailure(pushgate(['--rule', 'no-latest-tag=loud'], { cwd: tempTree({ Dockerfile: CLEAN }) }), /--rule/);
});

test('--quiet reports errors only', () => {
  const run = pushgate(['fixtures/demo', '--quiet']);
  assert.is(run.code, 1);
  assert.not.match(run.stdout, /^ {2}\d+:\d+ +warning/m, 'no warning rows');
  assert.is(run.stdout.split('\n').filter((line) => /^ {2}\d+:\d+ +error {2}/.test(line)).length, 4);
  assert.is(run.stdout.trimEnd().split('\n').at(-1), 'pushgate: FAIL — 4 errors, 0 warnings in 2 of 3 files');
  const dir = tempTree({ Dockerfile: WARNINGS_ONLY });
  assert.equal(pushgate(['-q'], { cwd: dir }), { code: 0, stdout: 'pushgate: PASS — no findings in 1 file\n', stderr: '' });
  const json = JSON.parse(pushgate(['-q', '--format', 'json'], { cwd: dir }).stdout) as JsonReport;
  assert.equal({ summary: json.summary, files: json.files }, { summary: { files: 1, errors: 0, warnings: 0 }, files: [] });
  assert.is(pushgate(['-q', '--max-warnings', '0'], { cwd: dir }).code, 1, 'hidden warnings still count for --max-warnings');
});

// ---------------------------------------------------------------- policy files

test('--no-config ignores a bad .pushgaterc.yaml; without it the bad policy is exit 2', () => {
  const dir = tempTree({ Dockerfile: CLEAN, '.pushgaterc.yaml': 'rules:\n  no-latest-tags: error\n' });
  assertUsageFailure(pushgate([], { cwd: dir }), /^pushgate: \.pushgaterc\.yaml: rules\.no-latest-tags: .*did you mean "no-latest-tag"\?/);
  assert.equal(pushgate(['--no-config'], { cwd: dir }), { code: 0, stdout: 'pushgate: PASS — no findings in 1 file\n', stderr: '' });
});

test('a bad policy is exit 2 with one line naming the file and the JSON path', () => {
  const dir = tempTree({
    Dockerfile: CLEAN,
    '.pushgaterc.yaml': 'rules:\n  no-latest-tag: [error, { alow: true }]\n',
    'team/policy.yaml': 'failOn: sometimes\n',
    'broken.yaml': 'failOn: [\n',
  });
  assertUsageFailure(pushgate([], { cwd: dir }), /^pushgate: \.pushgaterc\.yaml: rules\.no-latest-tag\[1\]: .*"alow"/);
  assertUsageFailure(pushgate(['--config', 'team/policy.yaml'], { cwd: dir }), /^pushgate: team\/policy\.yaml: failOn: /);
  assertUsageFailure(pushgate(['--config', 'broken.yaml'], { cwd: dir }), /^pushgate: broken\.yaml:\d+:\d+: /);
  assertUsageFailure(pushgate(['--config', 'missing.yaml'], { cwd: dir }), /missing\.yaml/);
  assertUsageFailure(pushgate(['--config', 'broken.yaml', '--no-config'], { cwd: dir }), /--no-config/);
});

test('JavaScript policy files load: .pushgaterc.cjs and pushgate.config.mjs', () => {
  const cjs = tempTree({ Dockerfile: WARNINGS_ONLY, '.pushgaterc.cjs': 'module.exports = { failOn: "warning" };\n' });
  assert.equal(pushgate(['--format', 'json'], { cwd: cjs }).code, 1, 'failOn warning from .pushgaterc.cjs');
  const mjs = tempTree({ Dockerfile: WARNINGS_ONLY, 'pushgate.config.mjs': 'export default { failOn: "warning" };\n' });
  const run = pushgate(['--format', 'json'], { cwd: mjs });
  assert.is(run.stderr, '');
  assert.is(run.code, 1, 'failOn warning from pushgate.config.mjs');
});

// ---------------------------------------------------------------- usage errors

test('usage errors are exit 2 with one line', () => {
  assertUsageFailure(pushgate(['--bogus']), /--bogus/);
  assertUsageFailure(pushgate(['--format', 'xml', 'fixtures/ok']), /--format: unknown format "xml"/);
  assertUsageFailure(pushgate(['fixtures/no-such-dir']), /"fixtures\/no-such-dir" does not exist/);
  assertUsageFailure(pushgate(['--stdin-filename', 'Dockerfile']), /--stdin/);
  assertUsageFailure(pushgate(['--kind', 'helm', 'fixtures/ok']), /--kind: unknown kind "helm"/);
});

test('image sources that cannot be read are exit 2 with the source and the reason', () => {
  assertUsageFailure(pushgate(['image', 'no-such-config.json']), /no-such-config\.json/);
  assertUsageFailure(pushgate(['push', 'ghcr.io/acme/app:1.0.0', '--engine', 'rkt']), /--engine/);
});

// ---------------------------------------------------------------- stdin

test('--stdin --stdin-filename lints piped text under that name', () => {
  const run = pushgate(['--stdin', '--stdin-filename', 'Dockerfile', '--format', 'json'], { input: LATEST, cwd: tempTree({}) });
  assert.is(run.code, 1, run.stderr);
  assert.equal(positions(JSON.parse(run.stdout) as JsonReport), ['Dockerfile:1:6 error no-latest-tag']);
  const stylish = pushgate(['--stdin', '--stdin-filename', 'docker/api/Dockerfile'], { input: LATEST });
  assert.is(stylish.code, 1);
  assert.is(stylish.stdout.split('\n')[0], 'docker/api/Dockerfile');
  assert.equal(pushgate(['--stdin', '--stdin-filename', 'Dockerfile'], { input: CLEAN }), { code: 0, stdout: 'pushgate: PASS — no findings in 1 file\n', stderr: '' });
  assertUsageFailure(pushgate(['--stdin', 'fixtures/ok'], { input: CLEAN }), /--stdin/);
});

// ---------------------------------------------------------------- rules and init

test('rules lists every rule id, one per line', () => {
  const run = pushgate(['rules']);
  assert.is(run.code, 0);
  assert.is(run.stderr, '');
  const listed = run.stdout.trimEnd().split('\n').slice(1).map((line) => line.split(/\s+/)[0]);
  assert.equal(listed, rules.map((r) => r.meta.id));
});

test('rules ID prints the rule README; an unknown id is exit 2 with a did-you-mean', () => {
  assert.equal(pushgate(['rules', 'no-latest-tag']), {
    code: 0,
    stdout: readFileSync(join(root, 'rules', 'no-latest-tag', 'README.md'), 'utf8'),
    stderr: '',
  });
  assertUsageFailure(pushgate(['rules', 'no-latest-tags']), /unknown rule "no-latest-tags"; did you mean "no-latest-tag"\?/);
});

test('init writes a .pushgaterc.yaml that loads, and refuses to overwrite it', () => {
  const dir = tempTree({ Dockerfile: CLEAN });
  assert.equal(pushgate(['init'], { cwd: dir }), { code: 0, stdout: 'pushgate: wrote .pushgaterc.yaml\n', stderr: '' });
  const written = readFileSync(join(dir, '.pushgaterc.yaml'), 'utf8');
  assert.match(written, /^\$schema: https:\/\/unpkg\.com\/pushgate\/schemas\/policy\.schema\.json$/m);
  assert.equal(pushgate([], { cwd: dir }), { code: 0, stdout: 'pushgate: PASS — no findings in 1 file\n', stderr: '' }, 'the starter policy loads');
  assert.equal(pushgate(['--config', '.pushgaterc.yaml'], { cwd: dir }), { code: 0, stdout: 'pushgate: PASS — no findings in 1 file\n', stderr: '' });
  assertUsageFailure(pushgate(['init'], { cwd: dir }), /already exists/);
  assert.is(readFileSync(join(dir, '.pushgaterc.yaml'), 'utf8'), written, 'unchanged');
});

// ---------------------------------------------------------------- output and colour

test('--output FILE writes the report there and nothing to stdout', () => {
  const dir = tempTree({ Dockerfile: LATEST });
  const expected = pushgate([], { cwd: dir }).stdout;
  assert.equal(pushgate(['--output', 'report.txt'], { cwd: dir }), { code: 1, stdout: '', stderr: '' });
  assert.is(readFileSync(join(dir, 'report.txt'), 'utf8'), expected);
  assert.equal(pushgate(['-o', 'out/../report.json', '-f', 'json'], { cwd: dir }), { code: 1, stdout: '', stderr: '' });
  const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as JsonReport;
  assert.ok(validateReport(report), ajv.errorsText(validateReport.errors));
  assert.equal(positions(report), ['Dockerfile:1:6 error no-latest-tag']);
  assert.equal(readdirSync(dir).sort(), ['Dockerfile', 'report.json', 'report.txt'], 'no temporary file left behind');
  const failed = pushgate(['-o', 'no/such/dir/report.txt'], { cwd: dir });
  assert.is(failed.code, 2, 'an unwritable output is a failure, never a silent pass');
  assert.not.ok(existsSync(join(dir, 'no')));
});

const ANSI = /\u001b\[/;

test('colour: never with NO_COLOR or into a pipe; --color forces it; --no-color turns it off', () => {
  assert.not.match(pushgate(['fixtures/demo']).stdout, ANSI, 'NO_COLOR=1');
  assert.not.match(pushgate(['fixtures/demo'], { env: { NO_COLOR: undefined, FORCE_COLOR: undefined } }).stdout, ANSI, 'stdout is a pipe');
  const forced = pushgate(['fixtures/demo', '--color']);
  assert.match(forced.stdout, ANSI, '--color with NO_COLOR=1');
  assert.is(forced.stdout.replace(/\u001b\[\d+m/g, ''), pushgate(['fixtures/demo']).stdout, 'same text, only colour added');
  assert.not.match(pushgate(['fixtures/demo', '--no-color']).stdout, ANSI);
  assert.not.match(pushgate(['fixtures/demo', '--color', '--format', 'json']).stdout, ANSI, 'json is never coloured');
});



// ---------------------------------------------------------------- baseline

test('baseline records current findings; later runs fail only on new ones, even after lines shift', () => {
  const dir = tempTree({ Dockerfile: LATEST });
  const first = pushgate(['baseline'], { cwd: dir });
  assert.is(first.code, 0, first.stderr);
  assert.match(first.stdout, /wrote \.pushgate-baseline\.json with 1 finding/);
  assert.equal(pushgate([], { cwd: dir }), { code: 0, stdout: 'pushgate: PASS — no findings in 1 file\n(1 baselined finding not shown)\n', stderr: '' });
  assert.is((JSON.parse(pushgate(['--format', 'json'], { cwd: dir }).stdout) as { summary: { baselined: number } }).summary.baselined, 1);
  writeFileSync(join(dir, 'Dockerfile'), `# moved down\n\n${LATEST}`);
  assert.is(pushgate([], { cwd: dir }).code, 0, 'a shifted finding is still baselined');
  writeFileSync(join(dir, 'Dockerfile'), `${LATEST}FROM alpine\n`);
  const after = pushgate(['--format', 'json'], { cwd: dir });
  assert.is(after.code, 1);
  assert.equal(positions(JSON.parse(after.stdout) as JsonReport).filter((p) => p.includes('no-latest-tag')), [`Dockerfile:${LATEST.split('\n').length}:6 error no-latest-tag`]);
  writeFileSync(join(dir, '.pushgate-baseline.json'), '{"not": "a baseline"}');
  assertUsageFailure(pushgate([], { cwd: dir }), /not a pushgate baseline/);
});

test('--baseline FILE writes and applies another baseline; a missing one is exit 2', () => {
  const dir = tempTree({ Dockerfile: LATEST });
  assert.is(pushgate(['baseline', '--baseline', 'ci/known.json'.replace('ci/', '')], { cwd: dir }).code, 0);
  assert.ok(existsSync(join(dir, 'known.json')));
  assert.not.ok(existsSync(join(dir, '.pushgate-baseline.json')));
  assert.is(pushgate(['--baseline', 'known.json'], { cwd: dir }).code, 0);
  assert.is(pushgate([], { cwd: dir }).code, 1, 'the default baseline does not exist');
  assertUsageFailure(pushgate(['--baseline', 'missing.json'], { cwd: dir }), /--baseline: missing\.json does not exist/);
});

test.run();
