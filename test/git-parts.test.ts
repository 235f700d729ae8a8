// The pieces of the pre-push gate that need no repository: git's ref lines and
// pre-commit's variables, raw diff and tree parsing, the policy-text shortcut, the
// hook script's syntax, and the pre-commit framework manifest.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseRefLines, preCommitRefs, RefLineError } from '../src/git/refs.js';
import { parseRaw, parseTree } from '../src/git/changes.js';
import { keepsDefaultKinds } from '../src/git/policy.js';
import { hookScript, HOOK_MARKER } from '../src/git/hook.js';
import { mayMatchDefaultGlobs } from '../src/git/relevance.js';
import { ROOT } from './helpers/git-repo.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const ZERO = '0'.repeat(40);

test('ref lines: every line, deletions dropped, new refs without a remote sha, CRLF tolerated', () => {
  const refs = parseRefLines(
    `refs/heads/main ${A} refs/heads/main ${B}\r\n` +
      `(delete) ${ZERO} refs/heads/gone ${B}\n` +
      `\n` +
      `refs/tags/v1 ${B} refs/tags/v1 ${ZERO}\n`,
  );
  assert.equal(refs, [
    { localRef: 'refs/heads/main', localSha: A, remoteRef: 'refs/heads/main', remoteSha: B },
    { localRef: 'refs/tags/v1', localSha: B, remoteRef: 'refs/tags/v1', remoteSha: null },
  ]);
  assert.equal(parseRefLines(''), []);
  const sha256 = 'c'.repeat(64);
  assert.is(parseRefLines(`HEAD ${sha256} refs/heads/x ${'0'.repeat(64)}\n`)[0]?.localSha, sha256);
});

test('ref lines: anything malformed is an error, never skipped', () => {
  for (const line of ['refs/heads/main', `refs/heads/main ${A} refs/heads/main`, `refs/heads/main abc refs/heads/main ${B}`]) {
    assert.throws(() => parseRefLines(`${line}\n`), (error: unknown) => error instanceof RefLineError, line);
  }
});

test('pre-commit variables: FROM..TO, the "all files" case, and none', () => {
  assert.equal(preCommitRefs({ fromRef: A, toRef: B, localBranch: 'refs/heads/main', remoteBranch: 'refs/heads/main' }), [
    { localRef: 'refs/heads/main', localSha: B, remoteRef: 'refs/heads/main', remoteSha: A },
  ]);
  assert.equal(preCommitRefs({ localBranch: 'refs/heads/topic', remoteBranch: 'refs/heads/topic' }), [
    { localRef: 'refs/heads/topic', localSha: 'refs/heads/topic', remoteRef: 'refs/heads/topic', remoteSha: null, all: true },
  ]);
  assert.equal(preCommitRefs({ fromRef: A, toRef: ZERO }), []);
  assert.equal(preCommitRefs({ active: true }), [{ localRef: 'HEAD', localSha: 'HEAD', remoteRef: 'HEAD', remoteSha: null, all: true }]);
  assert.is(preCommitRefs({}), null);
});

test('raw diff output: regular files kept, deletions, symlinks and submodules apart, combined merges', () => {
  const raw = [
    `:100644 100644 ${A} ${B} M`, 'Dockerfile',
    `:000000 100755 ${ZERO} ${B} A`, 'scripts/run.sh',
    `:100644 000000 ${A} ${ZERO} D`, '.pushgaterc.yaml',
    `:000000 120000 ${ZERO} ${B} A`, 'link/Dockerfile',
    `:000000 160000 ${ZERO} ${B} A`, 'vendor/sub',
    `::100644 100644 100644 ${A} ${A} ${B} MM`, 'merged/Dockerfile',
    `:100644 000000 ${A} ${ZERO} D`, 'Dockerfile', // an older commit's deletion: the newer change wins
    '',
  ].join('\0');
  assert.equal(parseRaw(Buffer.from(raw)), {
    paths: ['Dockerfile', 'scripts/run.sh', 'merged/Dockerfile'],
    removed: ['.pushgaterc.yaml', 'link/Dockerfile', 'vendor/sub'],
  });
});

test('tree objects: mode, name and id of each entry', () => {
  const entry = (mode: string, name: string, hex: string) => Buffer.concat([Buffer.from(`${mode} ${name}\0`), Buffer.from(hex, 'hex')]);
  const tree = parseTree(Buffer.concat([entry('100644', 'Dockerfile', A), entry('40000', 'docs', B), entry('120000', 'ünï code', A)]), 20);
  assert.equal([...tree], [
    ['Dockerfile', { mode: '100644', oid: A }],
    ['docs', { mode: '40000', oid: B }],
    ['ünï code', { mode: '120000', oid: A }],
  ]);
  assert.throws(() => parseTree(Buffer.from('100644 broken'), 20));
});

test('policy text: which policies certainly keep the default include globs', () => {
  const blob = (text: string) => ({ oid: A, size: text.length, data: Buffer.from(text) });
  const starter = readFileSync(join(ROOT, 'src/cli/run.ts'), 'utf8').match(/const STARTER_POLICY = `([^`]*)`/)?.[1] ?? '';
  assert.ok(starter.includes('extends: recommended'), 'the starter policy is found');
  const yes = {
    '.pushgaterc.yaml': [starter, 'rules:\n  no-latest-tag: off\n', 'extends: strict # tighter\nignore: ["vendor/**"]\n', ''],
    '.pushgaterc.json': ['{ "extends": "recommended", "failOn": "warning" }'],
    'package.json': ['{ "name": "x", "scripts": { "include": "x" }, "pushgate": { "failOn": "never" } }'],
  };
  const no = {
    '.pushgaterc.yaml': ['include:\n  dockerfile: ["x/*"]\n', 'extends: ./team.yaml\n', 'extends:\n  - recommended\n', '"inc\\u006cude": {}\n', '# include nothing\n'],
    '.pushgaterc.json': ['{ "extends": ["recommended", "./more.json"] }'],
    'package.json': ['{ "pushgate": { "include": { "shell": ["bin/*"] } } }', 'not json'],
    '.pushgaterc.cjs': ['module.exports = {};'],
  };
  for (const [place, texts] of Object.entries(yes)) for (const text of texts) assert.ok(keepsDefaultKinds(place, blob(text)), `${place}: ${text}`);
  for (const [place, texts] of Object.entries(no)) for (const text of texts) assert.not.ok(keepsDefaultKinds(place, blob(text)), `${place}: ${text}`);
});

test('default globs: which pushed names may be relevant (no name a default glob matches is ruled out)', () => {
  for (const path of ['Dockerfile', 'svc/Dockerfile.prod', 'a/app.dockerfile', 'Containerfile', '.github/workflows/ci.yml', 'action.yaml',
    '.gitlab-ci.yml', 'ci/build.gitlab-ci.yml', 'docker-compose.yml', 'deploy/compose.prod.yaml', 'scripts/run.sh', 'lib.bash', 'Makefile', 'dockerfile']) {
    assert.ok(mayMatchDefaultGlobs(path), path);
  }
  for (const path of ['README.md', 'src/index.ts', 'package.json', 'docs/notes.txt', 'docs/Dockerfile-guide.md', 'mkdocs.json']) {
    assert.not.ok(mayMatchDefaultGlobs(path), path);
  }
});

test('the hook script is valid POSIX sh and quotes the recorded paths', () => {
  for (const chain of ['exec', 'sh'] as const) {
    const script = hookScript({ node: "/opt/it's node/bin/node", bin: 'C:\\Users\\me\\pushgate\\bin\\pushgate.cjs', chain });
    assert.match(script, HOOK_MARKER);
    assert.match(script, `pushgate_node='/opt/it'\\''s node/bin/node'`);
    assert.match(script, `pushgate_bin='C:/Users/me/pushgate/bin/pushgate.cjs'`);
    const check = spawnSync('sh', ['-n'], { input: script, encoding: 'utf8' });
    assert.is(check.status, 0, check.stderr);
  }
});

test('.pre-commit-hooks.yaml: the pre-push hook for the pre-commit framework', () => {
  const hooks = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<Record<string, unknown>>;
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  assert.is(hooks.length, 1);
  const [hook] = hooks;
  assert.is(hook?.id, 'pushgate');
  assert.is(hook?.name, 'pushgate');
  assert.is(hook?.entry, 'pushgate pre-push');
  assert.ok(Object.hasOwn(pkg.bin, 'pushgate'), 'the entry is the package bin');
  assert.is(hook?.language, 'node');
  assert.equal(hook?.stages, ['pre-push']);
  assert.is(hook?.pass_filenames, false);
  assert.is(hook?.always_run, true);
  assert.type(hook?.description, 'string');
});

test.run();
