// Hostile files (issue 7, SPEC §6 "Reliability"): each case is a test, run through the
// real path — files in a temporary directory, `lintPaths` (discovery, reading, every
// rule) and, where the exit code matters, the built CLI (`npm test` builds dist/ first;
// run `npm run build` before running this file alone). Big and binary inputs are made
// here, at test time; fixtures/hostile/ holds only small text ones.
//
// A file or directory the linting user may not read (EACCES): root reads through
// `chmod 000`, so as root (CI) the built CLI runs as uid 65534 through util-linux
// `setpriv`; EISDIR and a FIFO are a path that cannot be read as a file either way.

import { tempTree } from './helpers/temp-tree.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  unlinkSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { lintPaths } from '../src/lint.js';
import { discover } from '../src/discover/index.js';
import { lintTargets, MAX_FILE_BYTES, type LintTarget } from '../src/engine/lint.js';
import { presetPolicy } from '../src/config/presets.js';
import { decodeText } from '../src/io/decode.js';
import type { FileResult, Finding, LintReport } from '../src/models/finding.js';
import { assertFindingPositions, formatAndCheck } from './helpers/fuzz.js';

const ROOT = realpathSync(new URL('..', import.meta.url).pathname);
const BIN = join(ROOT, 'bin', 'pushgate.cjs');
const IS_ROOT = process.getuid?.() === 0;
const MB = 1024 * 1024;

const temps: string[] = [];
test.after(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temporary directory with these files (string or bytes); realpath'd (macOS /var → /private/var). */
function tree(files: Record<string, string | Buffer> = {}): string {
  return tempTree('pushgate-hostile-', files, temps);
}

function lint(cwd: string, paths: string[] = [], extra: { kind?: LintTarget['kind'] } = {}): Promise<LintReport> {
  return lintPaths({ cwd, paths, noConfig: true, baseline: 'ignore', today: '2025-01-01', ...extra });
}

function fileResult(report: LintReport, path: string): FileResult {
  const result = report.files.find((f) => f.path === path);
  if (!result) throw new Error(`no result for ${path}; files: ${report.files.map((f) => f.path).join(', ')}`);
  return result;
}

const brief = (f: Finding) => `${f.ruleId}@${f.line}:${f.column}`;

/** The one parse-error finding of a file that could not be read or parsed, at 1:1 unless told. */
function assertParseError(result: FileResult, pattern: RegExp, at = '1:1'): void {
  const errors = result.findings.filter((f) => f.ruleId === 'parse-error');
  assert.ok(errors.length > 0, `${result.path}: no parse-error among ${result.findings.map(brief).join(', ')}`);
  assert.ok(errors.some((f) => pattern.test(f.message)), `${result.path}: ${errors.map((f) => f.message).join(' | ')}`);
  assert.ok(errors.some((f) => `${f.line}:${f.column}` === at || !at), `${result.path}: parse-error at ${errors.map(brief).join(', ')}`);
}

/** Positions inside each file (read back from disk as pushgate decodes it), and every format valid. */
function assertSound(cwd: string, report: LintReport): void {
  const texts = new Map(report.files.map((f) => [f.path, decodeText(readFileSync(join(cwd, f.path)))]));
  assertFindingPositions(report.files, texts);
  formatAndCheck(report);
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The built CLI, with a time limit: a hang is a failure, not a stuck test run. */
function cli(cwd: string, args: string[]): Run {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' };
  delete env.PUSHGATE_WRITE_CODE_CACHE;
  const result = spawnSync(process.execPath, [BIN, '--no-config', ...args], { cwd, encoding: 'utf8', env: env as NodeJS.ProcessEnv, timeout: 120_000 });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Exit 1 (the policy failed on a finding), never 2 (internal error) or a signal. */
function assertFindingExit(run: Run, what: string): void {
  assert.is(run.code, 1, `${what}: exit ${run.code}; stderr: ${run.stderr.slice(0, 2000)}`);
  assert.not.match(run.stderr, /internal error|\n {4}at /, `${what}: no internal error, no stack`);
}

const utf16le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
const utf16be = (text: string) => {
  const body = Buffer.from(text, 'utf16le');
  body.swap16();
  return Buffer.concat([Buffer.from([0xfe, 0xff]), body]);
};

// ---- bytes ---------------------------------------------------------------------------------

test('binary files and NUL bytes are a parse-error finding, not a crash and not a pass', async () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0xff, 0x00]);
  const dir = tree({
    'png/Dockerfile': png,
    'nul/Dockerfile': 'FROM alpine:3.19\nRUN echo a\u0000b\n',
    '.github/workflows/bin.yml': Buffer.concat([Buffer.from('on: push\n'), Buffer.alloc(64), Buffer.from('jobs: {}\n')]),
    'docker-compose.yml': '\u0000services: {}\n',
    'run.sh': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]),
  });
  const report = await lint(dir);
  for (const path of ['png/Dockerfile', 'nul/Dockerfile', '.github/workflows/bin.yml', 'docker-compose.yml', 'run.sh']) {
    assertParseError(fileResult(report, path), /binary file \(contains NUL bytes\)/);
  }
  assertSound(dir, report);
  assertFindingExit(cli(dir, ['.']), 'binary files');
});

test('invalid UTF-8 becomes U+FFFD and the rest of the file is still linted', async () => {
  const bytes = Buffer.concat([
    Buffer.from('FROM alpine:3.19 AS base\nLABEL x="'),
    Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xf0, 0x28, 0x8c, 0xbc, 0x80, 0xed, 0xa0, 0x80]),
    Buffer.from('"\nFROM node:latest\n'),
  ]);
  const dir = tree({ Dockerfile: bytes, 'a.sh': Buffer.concat([Buffer.from('docker push '), Buffer.from([0xff, 0xc0]), Buffer.from('acme/app\n')]) });
  const report = await lint(dir);
  const findings = fileResult(report, 'Dockerfile').findings;
  assert.ok(findings.some((f) => f.ruleId === 'no-latest-tag' && f.line === 3 && f.column === 6), findings.map(brief).join(', '));
  assert.not.ok(findings.some((f) => f.ruleId === 'parse-error'));
  assertSound(dir, report);
});

test('UTF-16 LE and BE with a BOM are decoded: findings at the same places as in UTF-8', async () => {
  const text = 'FROM alpine:3.19 AS base\r\nFROM node:latest\r\n';
  const dir = tree({ 'le/Dockerfile': utf16le(text), 'be/Dockerfile': utf16be(text), 'utf8/Dockerfile': `\uFEFF${text}` });
  const report = await lint(dir);
  const latest = (path: string) => fileResult(report, path).findings.filter((f) => f.ruleId === 'no-latest-tag').map(brief);
  assert.equal(latest('utf8/Dockerfile'), ['no-latest-tag@2:6']);
  assert.equal(latest('le/Dockerfile'), ['no-latest-tag@2:6']);
  assert.equal(latest('be/Dockerfile'), ['no-latest-tag@2:6']);
  assertSound(dir, report);
});

test('UTF-16 BE with an odd number of bytes: the half unit is U+FFFD, never a throw', async () => {
  // Regression: Buffer#swap16 throws on odd lengths, so the file was "cannot read the
  // file (ERR_INVALID_BUFFER_SIZE)" on disk and an internal error (exit 2) in pre-push.
  const odd = Buffer.concat([utf16be('FROM node:latest\n'), Buffer.from([0x41])]);
  assert.is(decodeText(odd), 'FROM node:latest\n\uFFFD');
  assert.is(decodeText(Buffer.concat([utf16le('ab'), Buffer.from([0x41])])), 'ab\uFFFD');
  const dir = tree({ Dockerfile: odd });
  const report = await lint(dir);
  const found = fileResult(report, 'Dockerfile').findings.map(brief);
  assert.ok(found.includes('no-latest-tag@1:6') && found.includes('parse-error@2:1'), found.join(', '));
  assertSound(dir, report);
});

test('CRLF and lone CR line ends: lines counted as an editor counts them', async () => {
  const lines = ['FROM alpine:3.19 AS base', 'RUN echo hi', 'FROM node:latest', 'USER app'];
  const workflow = ['on: push', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    container: node:latest', '    steps: []'];
  const dir = tree({
    'crlf/Dockerfile': lines.join('\r\n'),
    'cr/Dockerfile': lines.join('\r'),
    'mixed/Dockerfile': `${lines[0]}\r\n${lines[1]}\r${lines[2]}\n${lines[3]}`,
    '.github/workflows/cr.yml': workflow.join('\r'),
  });
  const report = await lint(dir);
  for (const path of ['crlf/Dockerfile', 'cr/Dockerfile', 'mixed/Dockerfile']) {
    assert.equal(fileResult(report, path).findings.filter((f) => f.ruleId === 'no-latest-tag').map(brief), ['no-latest-tag@3:6'], path);
  }
  const container = fileResult(report, '.github/workflows/cr.yml').findings.filter((f) => f.ruleId === 'no-latest-tag');
  assert.equal(container.map(brief), ['no-latest-tag@5:16']);
  assertSound(dir, report);
});

// ---- size ----------------------------------------------------------------------------------

test('a 50 MB file is a parse-error finding from its size alone; the CLI exits 1', async () => {
  const dir = tree({ Dockerfile: 'FROM node:latest\n', 'small/Dockerfile': 'FROM node:latest\n' });
  truncateSync(join(dir, 'Dockerfile'), 50 * MB);
  const report = await lint(dir);
  const result = fileResult(report, 'Dockerfile');
  assert.is(result.findings.length, 1);
  assertParseError(result, new RegExp(`file is ${50 * MB} bytes, over the ${MAX_FILE_BYTES}-byte limit; not linted`));
  assert.ok(fileResult(report, 'small/Dockerfile').findings.some((f) => f.ruleId === 'no-latest-tag'), 'the other file is still linted');
  assertFindingExit(cli(dir, ['.']), '50 MB file');
});

test('an oversized file is never read: a 50 GB sparse file is refused as fast as a small one', async () => {
  // Reading it would take minutes, or fail as "cannot read the file (ERR_FS_FILE_TOO_LARGE)"
  // before the size check: only a stat first gives this message.
  const dir = tree({ Dockerfile: 'FROM node:latest\n' });
  try {
    truncateSync(join(dir, 'Dockerfile'), 50 * 1024 * MB);
  } catch {
    console.log('  note: the temporary file system refuses a 50 GB sparse file; case skipped');
    return;
  }
  const report = await lint(dir);
  assertParseError(fileResult(report, 'Dockerfile'), new RegExp(`file is ${50 * 1024 * MB} bytes, over the`));
});

/** One line of about 1 MB: `head` + `unit` repeated + `tail`. */
const megaLine = (head: string, unit: string, tail = '') => head + unit.repeat(Math.ceil(MB / unit.length)) + tail;
/** Characters that mean something to one grammar or another, in no useful order. */
const SOUP = ' \t"\'`$#{}[]():,-=|&;<>!*?@%~^+./0aZ\\';

test('a 1 MB single line completes for every kind (linear parsers and rules)', async () => {
  // Each of these once ran for minutes or more: a line of `#` (dockerfile-ast's directive
  // scan restarted at every `#`), a line of YAML errors (fingerprints hashed the whole
  // line once per finding; a third of a million findings).
  const dir = tree({
    'a/Dockerfile': megaLine('FROM ', 'a'),
    'b/Dockerfile': megaLine('', '#'),
    'c/Dockerfile': megaLine('FROM alpine:3.19\nRUN echo "', SOUP),
    'd/Dockerfile': megaLine('FROM alpine:3.19\nLABEL a=', '${a:-'),
    'e/Dockerfile': megaLine('FROM alpine:3.19\nENV PASSWORD=', '\\ '),
    '.github/workflows/a.yml': megaLine('on: push\njobs: {a: {runs-on: x, steps: [{run: "docker push ', 'a', '"}]}}'),
    '.github/workflows/b.yml': megaLine('x: ', '"\''),
    '.github/workflows/c.yml': megaLine('', SOUP),
    'a.gitlab-ci.yml': megaLine('job:\n  script: docker login -p ', 'x'),
    'b.gitlab-ci.yml': megaLine('a: ', 'a: '),
    'c.gitlab-ci.yml': megaLine('', SOUP),
    'compose-a.yaml': megaLine('services: {a: {image: "', 'A'),
    'compose-b.yaml': megaLine('', SOUP),
    'a.sh': megaLine('docker push ', 'a'),
    'b.sh': megaLine('docker login -p ', '$('),
    'c.sh': megaLine('docker build ', SOUP),
    'Makefile': megaLine('push:\n\tdocker push ', 'a:b@'),
  });
  const report = await lint(dir);
  assert.is(report.fileCount, 17);
  const parseErrors = fileResult(report, '.github/workflows/b.yml').findings.filter((f) => f.ruleId === 'parse-error');
  assert.ok(parseErrors.length > 0 && parseErrors.length <= 102, `YAML errors per file are capped: ${parseErrors.length}`);
  assertSound(dir, report);
});

test('a 1 MB single line of image JSON completes', async () => {
  const dir = tree({
    'a.json': megaLine('{"architecture":"amd64","rootfs":{},"config":{"Env":["A=', 'x', '"]}}'),
    'b.json': megaLine('[', '"\\u0041",', '1]'),
    'c.json': megaLine('', SOUP),
  });
  for (const path of ['a.json', 'b.json', 'c.json']) {
    const report = await lint(dir, [path], { kind: 'image' });
    assertSound(dir, report);
  }
  // An array of 100,000 entries that are no image is one problem, not one per entry.
  const strings = fileResult(await lint(dir, ['b.json'], { kind: 'image' }), 'b.json');
  assert.equal(strings.findings.map(brief), ['parse-error@1:2']);
});

// ---- nesting and aliases -----------------------------------------------------------------

const YAML_NAMES = ['.github/workflows/w.yml', '.gitlab-ci.yml', 'compose.yaml'];

test('YAML alias bombs (billion laughs) are a parse-error, for every YAML kind', async () => {
  const dir = tree();
  for (const name of YAML_NAMES) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    copyFileSync(join(ROOT, 'fixtures', 'hostile', 'billion-laughs.yml'), join(dir, name));
  }
  const report = await lint(dir);
  for (const name of YAML_NAMES) assertParseError(fileResult(report, name), /too many alias expansions/, '');
  assertSound(dir, report);
  assertFindingExit(cli(dir, ['.']), 'alias bombs');
});

test('10,000-deep YAML nesting (flow and block) is a parse-error, no stack overflow, for every YAML kind', async () => {
  // Regression: `yaml` composes recursively and was left to overflow the stack; with some
  // V8 state (a regexp compiled at the deepest frame) that aborts the whole process.
  const deep = {
    flow: `${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
    'flow-open': '['.repeat(10_000),
    'flow-map': `${'{a: '.repeat(10_000)}${'}'.repeat(10_000)}\n`,
    block: `${'- '.repeat(10_000)}x\n`,
    keys: `${'? '.repeat(10_000)}x\n`,
    indented: `${Array.from({ length: 2_000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} v\n`,
  };
  const files: Record<string, string> = {};
  for (const [shape, text] of Object.entries(deep)) {
    // Under the key each kind reads (on the next line, so block shapes stay valid) and at the top.
    const below = (indent: string) => text.replace(/^(?=.)/gm, indent);
    files[`.github/workflows/${shape}.yml`] = `on: push\njobs:\n${below('  ')}`;
    files[`${shape}.gitlab-ci.yml`] = `job:\n  script:\n${below('    ')}`;
    files[`compose-${shape}.yaml`] = `services:\n${below('  ')}`;
    files[`top-${shape}.gitlab-ci.yml`] = text;
  }
  const dir = tree(files);
  const report = await lint(dir);
  for (const path of Object.keys(files)) {
    const result = fileResult(report, path);
    assertParseError(result, /nested more than 200 levels/, '');
    // The library's own stack-overflow catch is never reached: the tree is cut before it.
    assert.not.ok(result.findings.some((f) => /call stack/.test(f.message)), `${path}: the composer overflowed the stack`);
  }
  assertSound(dir, report);
  assertFindingExit(cli(dir, ['.']), 'deep YAML');
});

test('10,000-deep image JSON nesting is a parse-error', async () => {
  const dir = tree({ 'deep.json': `{"config":${'['.repeat(10_000)}${']'.repeat(10_000)}}` });
  const report = await lint(dir, ['deep.json'], { kind: 'image' });
  assertParseError(fileResult(report, 'deep.json'), /nesting deeper/, '');
  assertFindingExit(cli(dir, ['image', 'deep.json']), 'deep image JSON');
});

test('a Dockerfile with 10,000-deep ${a:-${a:-…}} nesting completes', async () => {
  const nested = `${'${a:-'.repeat(10_000)}x${'}'.repeat(10_000)}`;
  const dir = tree({
    Dockerfile: `ARG a\nFROM alpine:${nested}\nARG a\nLABEL org.example.k=${nested}\nENV B=${nested}\nUSER ${nested}\nRUN echo ${nested}\nCOPY --from=${nested} /a /b\n`,
    'unclosed/Dockerfile': `FROM ${'${a:-'.repeat(10_000)}\n`,
  });
  const report = await lint(dir);
  assertSound(dir, report);
  // Every reference is unresolved (ARG a has no value), so nothing fails: exit 0, not 2.
  const run = cli(dir, ['.']);
  assert.is(run.code, 0, run.stderr);
});

// ---- the file system -----------------------------------------------------------------------

/** A repository whose links loop or lead outside; `git` makes it a work tree (git ls-files path). */
function linkTree(git: boolean): { dir: string; outside: string } {
  const outside = tree({ Dockerfile: 'FROM node:latest\n', 'sub/Dockerfile': 'FROM node:latest\n' });
  const dir = tree({ Dockerfile: 'FROM alpine:3.19\n' });
  symlinkSync('.', join(dir, 'loop'));
  symlinkSync('b.Dockerfile', join(dir, 'a.Dockerfile'));
  symlinkSync('a.Dockerfile', join(dir, 'b.Dockerfile'));
  symlinkSync(join(outside, 'Dockerfile'), join(dir, 'out.Dockerfile'));
  symlinkSync(outside, join(dir, 'outside-dir'));
  symlinkSync('Dockerfile', join(dir, 'inside.Dockerfile'));
  if (git) {
    const result = spawnSync('git', ['init', '-q'], { cwd: dir, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' } });
    assert.is(result.status, 0, String(result.stderr));
  }
  return { dir, outside };
}

for (const git of [false, true]) {
  test(`symlink loops and links leaving the repository are not followed (${git ? 'git ls-files' : 'file-system walk'})`, async () => {
    const { dir } = linkTree(git);
    const report = await lint(dir);
    // The real file and the link to it inside the tree; nothing through `loop`, the
    // looping pair, or anything outside (whose Dockerfile uses :latest).
    assert.is(report.fileCount, 2);
    assert.equal(report.files.map((f) => f.path).sort(), ['Dockerfile', 'inside.Dockerfile']);
    assert.not.ok(report.files.some((f) => f.findings.some((x) => x.ruleId === 'no-latest-tag')));
    const run = cli(dir, ['.']);
    assert.is(run.code, 0, run.stderr);
  });
}

test('a FIFO is never opened for reading: skipped by the walk, refused when named, no hang', async () => {
  const dir = tree({ 'ok/Dockerfile': 'FROM alpine:3.19\n' });
  mkdirSync(join(dir, 'pipe'));
  const made = spawnSync('mkfifo', [join(dir, 'pipe', 'Dockerfile')]);
  if (made.status !== 0) {
    console.log('  note: mkfifo is not available; case skipped');
    return;
  }
  const walked = await lint(dir);
  assert.equal(walked.files.map((f) => f.path).sort(), ['ok/Dockerfile']);
  // Named without --kind: not a regular file, exit 2 naming it; with --kind: read as a file?
  // No: a parse-error finding (exit 1), never a read that waits for a writer.
  const named = cli(dir, ['pipe/Dockerfile']);
  assert.is(named.code, 2, named.stderr);
  assert.match(named.stderr, /pipe\/Dockerfile" is not a regular file/);
  const forced = cli(dir, ['--kind', 'dockerfile', '--format', 'json', 'pipe/Dockerfile']);
  assertFindingExit(forced, 'FIFO with --kind');
  assert.match(forced.stdout, /not a regular file; not linted/);
});

test('a file replaced by a directory or a FIFO after discovery is a finding naming it', async () => {
  const dir = tree({ 'a/Dockerfile': 'FROM alpine:3.19\n', 'b/Dockerfile': 'FROM alpine:3.19\n', 'c/Dockerfile': 'FROM node:latest\n' });
  const found = await discover({ cwd: dir, paths: ['.'] });
  rmSync(join(dir, 'a', 'Dockerfile'));
  mkdirSync(join(dir, 'a', 'Dockerfile'));
  rmSync(join(dir, 'b', 'Dockerfile'));
  const fifo = spawnSync('mkfifo', [join(dir, 'b', 'Dockerfile')]).status === 0;
  const targets = found.files.map((f): LintTarget => ({ path: f.path, kind: f.kind, absPath: f.absPath }));
  const results = lintTargets(targets, { cwd: dir, policy: presetPolicy('recommended'), today: '2025-01-01' });
  const byPath = new Map(results.map((r) => [r.path, r]));
  assertParseError(byPath.get('a/Dockerfile') as FileResult, /not a regular file; not linted/);
  if (fifo) assertParseError(byPath.get('b/Dockerfile') as FileResult, /not a regular file; not linted/);
  assert.ok(byPath.get('c/Dockerfile')?.findings.some((f) => f.ruleId === 'no-latest-tag'));
});

test('files that vanish between discovery and linting are a finding, not a crash', async () => {
  const dir = tree({ 'keep/Dockerfile': 'FROM node:latest\n', 'gone/Dockerfile': 'FROM alpine:3.19\n', '.github/workflows/gone.yml': 'on: push\njobs: {}\n' });
  const found = await discover({ cwd: dir, paths: ['.'] });
  assert.is(found.files.length, 3);
  unlinkSync(join(dir, 'gone', 'Dockerfile'));
  unlinkSync(join(dir, '.github', 'workflows', 'gone.yml'));
  const targets = found.files.map((f): LintTarget => ({ path: f.path, kind: f.kind, absPath: f.absPath }));
  const results = lintTargets(targets, { cwd: dir, policy: presetPolicy('recommended'), today: '2025-01-01' });
  const byPath = new Map(results.map((r) => [r.path, r]));
  assertParseError(byPath.get('gone/Dockerfile') as FileResult, /cannot read the file \(ENOENT\)/);
  assertParseError(byPath.get('.github/workflows/gone.yml') as FileResult, /cannot read the file \(ENOENT\)/);
  assert.ok(byPath.get('keep/Dockerfile')?.findings.some((f) => f.ruleId === 'no-latest-tag'));
});

// ---- unreadable files and directories (EACCES) ---------------------------------------------

/** uid and gid `nobody`: the user an unreadable file is unreadable to when the tests run as root. */
const NOBODY = 65534;

type Runner = { run: (cwd: string, args: string[]) => Run; as: string } | { reason: string };

/** Every directory and file under `dir` readable by others, and `dir` itself searchable (mkdtemp makes it 0700). */
function openToOthers(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) openToOthers(path);
    else chmodSync(path, 0o644);
  }
}

/**
 * The built CLI run as a user `chmod 000` stops. Not root: the test user itself. Root (CI
 * runs as root, and root reads through any mode): util-linux `setpriv` drops to uid and
 * gid 65534 with no supplementary groups, on a tree made readable to that user. When the
 * repository cannot be read by that user (a checkout under /root), the launcher and the
 * bundle are copied beside the tree. A reason instead when none of this can work.
 */
function unprivileged(dir: string): Runner {
  const env = { PATH: process.env.PATH, HOME: dir, NO_COLOR: '1' };
  if (!IS_ROOT) return { as: 'the test user', run: (cwd, args) => cli(cwd, args) };
  for (let up = dirname(dir); ; up = dirname(up)) {
    if ((statSync(up).mode & 0o001) === 0) return { reason: `${up} (above the temp directory) is not searchable by other users` };
    if (dirname(up) === up) break;
  }
  openToOthers(dir);
  const drop = ['--reuid', String(NOBODY), '--regid', String(NOBODY), '--clear-groups', '--', process.execPath];
  const runWith = (bin: string) => (cwd: string, args: string[]): Run => {
    const result = spawnSync('setpriv', [...drop, bin, '--no-config', ...args], { cwd, encoding: 'utf8', env, timeout: 120_000 });
    if (result.error) throw result.error;
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const works = (bin: string) => runWith(bin)(dir, ['--version']);
  let probe = works(BIN);
  if (probe.code === 0) return { as: `uid ${NOBODY} (setpriv)`, run: runWith(BIN) };
  if (probe.code === 127 || /setpriv: (?:not found|No such file)/.test(probe.stderr)) return { reason: `setpriv (util-linux) is not installed: ${probe.stderr.trim()}` };
  // The repository is not readable by that user: the launcher and its bundle, beside the tree.
  const copy = join(dir, '.pushgate-cli');
  for (const part of ['bin', 'dist', 'package.json']) cpSync(join(ROOT, part), join(copy, part), { recursive: true });
  openToOthers(copy);
  probe = works(join(copy, 'bin', 'pushgate.cjs'));
  if (probe.code === 0) return { as: `uid ${NOBODY} (setpriv, CLI copied)`, run: runWith(join(copy, 'bin', 'pushgate.cjs')) };
  return { reason: `the CLI does not start as uid ${NOBODY} (is ${process.execPath} readable by other users?): exit ${probe.code} ${probe.stderr.trim()}` };
}

test('unreadable files (EACCES) are a finding naming the file, unreadable directories exit 2 naming it: never a silent pass', async () => {
  const dir = tree({ 'locked/Dockerfile': 'FROM alpine:3.19\n', 'closed/sub/Dockerfile': 'FROM alpine:3.19\n', 'ok/Dockerfile': 'FROM alpine:3.19\n' });
  const runner = unprivileged(dir);
  if ('reason' in runner) {
    // CI must exercise EACCES for real; elsewhere a visible note.
    if (process.env.CI) assert.unreachable(`EACCES cannot be exercised: ${runner.reason}`);
    console.log(`  note: EACCES not exercised: ${runner.reason}`);
    return;
  }
  chmodSync(join(dir, 'locked', 'Dockerfile'), 0o000);
  chmodSync(join(dir, 'closed'), 0o000);
  try {
    // Named on the command line, and found by the walk: a parse-error finding, the rest still linted.
    for (const args of [['locked/Dockerfile', 'ok'], ['locked', 'ok']]) {
      const run = runner.run(dir, ['--format', 'json', ...args]);
      assertFindingExit(run, `${args.join(' ')} as ${runner.as}`);
      const report = JSON.parse(run.stdout) as LintReport;
      assertParseError(fileResult(report, 'locked/Dockerfile'), /cannot read the file \(EACCES\)/);
      assert.ok(fileResult(report, 'ok/Dockerfile').findings.some((f) => f.ruleId === 'require-non-root-user'), 'the readable file is linted');
    }
    // A directory that cannot be listed: exit 2 naming it (what is in it cannot be judged).
    const walk = runner.run(dir, ['.']);
    assert.is(walk.code, 2, `as ${runner.as}: ${walk.stderr}${walk.stdout}`);
    assert.match(walk.stderr, /cannot read directory "closed": permission denied/);
    if (!IS_ROOT) {
      // In process too (no privileges to drop there).
      const report = await lint(dir, ['locked/Dockerfile', 'ok']);
      assertParseError(fileResult(report, 'locked/Dockerfile'), /cannot read the file \(EACCES\)/);
    }
  } finally {
    chmodSync(join(dir, 'locked', 'Dockerfile'), 0o644);
    chmodSync(join(dir, 'closed'), 0o755);
  }
});

test.run();
