// `pushgate pre-push` end to end (SPEC §4): real repositories, a real bare remote,
// the hook installed by the built CLI, and real `git push`. What is linted is the
// content and the policy of the pushed commits, never the work tree.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BAD_DOCKERFILE, GOOD_DOCKERFILE, Repo, childEnv, cleanUp } from './helpers/git-repo.js';
import { CatFile } from '../src/git/cat-file.js';

test.after(cleanUp);

const ZERO = '0'.repeat(40);

/** A repository with the hook installed and one pushed commit (a README). */
function hooked(): Repo {
  const repo = Repo.withInitialPush();
  repo.installHook();
  return repo;
}

function assertRejected(repo: Repo, push: ReturnType<Repo['push']>, branch: string, before: string | null): void {
  assert.is.not(push.code, 0, `push should fail:\n${push.output}`);
  assert.match(push.output, 'Bypass once with: git push --no-verify');
  assert.is(repo.remoteSha(branch), before, 'the remote did not move');
}

test('a push of a bad Dockerfile is rejected, naming the rule and the escape hatch', () => {
  const repo = hooked();
  const before = repo.remoteSha('main');
  repo.write({ 'app/Dockerfile': BAD_DOCKERFILE });
  repo.commit('bad');
  const push = repo.push('origin', 'main');
  assertRejected(repo, push, 'main', before);
  assert.match(push.output, 'pushgate: refs/heads/main → origin (1 file)');
  assert.match(push.output, 'app/Dockerfile');
  assert.match(push.output, 'no-latest-tag');
  assert.match(push.output, 'pushgate: FAIL');
});

test('a push that touches only a README passes without a word', () => {
  const repo = hooked();
  repo.write({ 'README.md': '# demo\n\nmore\n', 'docs/notes.txt': 'x\n' });
  const sha = repo.commit('docs');
  const push = repo.push('origin', 'main');
  assert.is(push.code, 0, push.output);
  assert.not.match(push.output, 'pushgate:');
  assert.is(repo.remoteSha('main'), sha);
});

test('a clean Dockerfile passes and the report says so', () => {
  const repo = hooked();
  repo.write({ Dockerfile: GOOD_DOCKERFILE });
  const sha = repo.commit('good');
  const push = repo.push('origin', 'main');
  assert.is(push.code, 0, push.output);
  assert.match(push.output, 'pushgate: refs/heads/main → origin (1 file)');
  assert.match(push.output, 'pushgate: PASS — no findings in 1 file');
  assert.not.match(push.output, '--no-verify');
  assert.is(repo.remoteSha('main'), sha);
});

test('every ref line is read: two refs where only the second is bad are rejected', () => {
  const repo = hooked();
  repo.mustGit('checkout', '-q', '-b', 'a-good');
  repo.write({ 'README.md': 'good\n' });
  repo.commit('good');
  repo.mustGit('checkout', '-q', '-b', 'b-bad', 'main');
  repo.write({ 'svc/Dockerfile': BAD_DOCKERFILE });
  repo.commit('bad');
  const push = repo.push('origin', 'a-good', 'b-bad');
  assert.is.not(push.code, 0, push.output);
  assert.match(push.output, 'pushgate: refs/heads/b-bad → origin (1 file)');
  assert.match(push.output, 'svc/Dockerfile');
  assert.is(repo.remoteSha('b-bad'), null);

  // The same through stdin directly, the good line first: the verdict comes from the second.
  const good = repo.sha('a-good');
  const bad = repo.sha('b-bad');
  const main = repo.sha('main');
  const input = `refs/heads/a-good ${good} refs/heads/a-good ${main}\nrefs/heads/b-bad ${bad} refs/heads/b-bad ${main}\n`;
  const direct = repo.pushgate(['pre-push', 'origin', repo.remote], { input });
  assert.is(direct.code, 1, direct.output);
  assert.match(direct.stdout, 'refs/heads/b-bad');
  assert.not.match(direct.stdout, 'refs/heads/a-good', 'a ref with nothing relevant prints nothing');
});

test('the work tree does not matter: a good commit with a bad work tree passes', () => {
  const repo = hooked();
  repo.write({ Dockerfile: GOOD_DOCKERFILE });
  const sha = repo.commit('good');
  repo.write({ Dockerfile: BAD_DOCKERFILE }); // not committed
  const push = repo.push('origin', 'main');
  assert.is(push.code, 0, push.output);
  assert.is(repo.remoteSha('main'), sha);
});

test('the work tree does not matter: a bad commit with a fixed work tree is rejected', () => {
  const repo = hooked();
  const before = repo.remoteSha('main');
  repo.write({ Dockerfile: BAD_DOCKERFILE });
  repo.commit('bad');
  repo.write({ Dockerfile: GOOD_DOCKERFILE }); // fixed, but not committed
  assertRejected(repo, repo.push('origin', 'main'), 'main', before);
});

test('replacement refs do not change what is linted: the pushed blob is, as git push sends it', () => {
  const repo = hooked();
  const before = repo.remoteSha('main');
  repo.write({ Dockerfile: BAD_DOCKERFILE });
  repo.commit('bad');
  // A local replacement shows the bad blob as a good one; the push still sends the bad one.
  const bad = repo.mustGit('rev-parse', 'HEAD:Dockerfile');
  repo.write({ 'good.txt': GOOD_DOCKERFILE });
  const good = repo.mustGit('hash-object', '-w', 'good.txt');
  repo.mustGit('replace', bad, good);
  assert.is(repo.mustGit('cat-file', 'blob', 'HEAD:Dockerfile'), GOOD_DOCKERFILE.trimEnd(), 'the replacement is in effect for plain git');
  assertRejected(repo, repo.push('origin', 'main'), 'main', before);
});

test('the policy of the pushed commit is honoured (a rule turned off)', () => {
  const repo = hooked();
  repo.write({ '.pushgaterc.yaml': 'rules:\n  no-latest-tag: "off"\n', Dockerfile: BAD_DOCKERFILE });
  const sha = repo.commit('bad image, rule off');
  const push = repo.push('origin', 'main');
  assert.is(push.code, 0, push.output);
  assert.not.match(push.output, 'no-latest-tag');
  assert.is(repo.remoteSha('main'), sha);
});

test('a policy only in the work tree is not used', () => {
  const repo = hooked();
  const before = repo.remoteSha('main');
  repo.write({ Dockerfile: BAD_DOCKERFILE });
  repo.commit('bad');
  repo.write({ '.pushgaterc.yaml': 'rules:\n  no-latest-tag: "off"\n' }); // not committed
  const push = repo.push('origin', 'main');
  assertRejected(repo, push, 'main', before);
  assert.match(push.output, 'no-latest-tag');
});

test('a push that changes the policy lints every relevant file of the commit', () => {
  const repo = hooked();
  repo.write({ '.pushgaterc.yaml': 'rules:\n  no-latest-tag: "off"\n', 'old/Dockerfile': BAD_DOCKERFILE });
  repo.commit('rule off');
  assert.is(repo.push('origin', 'main').code, 0);
  const before = repo.remoteSha('main');
  repo.write({ '.pushgaterc.yaml': 'rules:\n  no-latest-tag: error\n' });
  repo.commit('rule on again');
  const push = repo.push('origin', 'main');
  assertRejected(repo, push, 'main', before);
  assert.match(push.output, 'old/Dockerfile');
  assert.match(push.output, 'no-latest-tag');
});

test('package.json: a change outside its "pushgate" key is no policy change; adding the key is', () => {
  const repo = hooked();
  repo.write({ 'package.json': '{ "name": "demo", "version": "1.0.0" }\n', 'old/Dockerfile': BAD_DOCKERFILE });
  repo.commit('a bad Dockerfile, pushed past the gate');
  assert.is(repo.push('--no-verify', 'origin', 'main').code, 0);
  repo.write({ 'package.json': '{ "name": "demo", "version": "1.0.1" }\n' });
  const bump = repo.commit('version bump');
  const quiet = repo.push('origin', 'main');
  assert.is(quiet.code, 0, quiet.output);
  assert.not.match(quiet.output, 'pushgate:');
  assert.is(repo.remoteSha('main'), bump);
  repo.write({ 'package.json': '{ "name": "demo", "version": "1.0.1", "pushgate": { "failOn": "warning" } }\n' });
  repo.commit('a policy in package.json');
  const push = repo.push('origin', 'main');
  assertRejected(repo, push, 'main', bump);
  assert.match(push.output, 'old/Dockerfile');
});

test('a file the policy extends counts as the policy', () => {
  const repo = hooked();
  repo.write({
    '.pushgaterc.yaml': 'extends: ./policy/team.yaml\n',
    'policy/team.yaml': 'rules:\n  no-latest-tag: "off"\n',
    'old/Dockerfile': BAD_DOCKERFILE,
  });
  repo.commit('team policy');
  assert.is(repo.push('origin', 'main').code, 0);
  const before = repo.remoteSha('main');
  repo.write({ 'policy/team.yaml': 'rules:\n  no-latest-tag: error\n' });
  repo.commit('team policy tightened');
  const push = repo.push('origin', 'main');
  assertRejected(repo, push, 'main', before);
  assert.match(push.output, 'old/Dockerfile');
});

test('the policy include and ignore globs decide what is relevant', () => {
  const repo = hooked();
  repo.write({
    '.pushgaterc.yaml': 'include:\n  dockerfile: ["images/*.docker"]\nignore: ["vendor/**"]\n',
    'images/api.docker': BAD_DOCKERFILE,
  });
  repo.commit('policy with include');
  const rejected = repo.push('origin', 'main');
  assert.is.not(rejected.code, 0, rejected.output);
  assert.match(rejected.output, 'images/api.docker');

  const other = Repo.withInitialPush();
  other.installHook();
  other.write({ '.pushgaterc.yaml': 'ignore: ["vendor/**"]\n' });
  other.commit('policy');
  assert.is(other.push('origin', 'main').code, 0);
  other.write({ 'vendor/x/Dockerfile': BAD_DOCKERFILE });
  const sha = other.commit('vendored');
  const push = other.push('origin', 'main');
  assert.is(push.code, 0, push.output);
  assert.not.match(push.output, 'pushgate:');
  assert.is(other.remoteSha('main'), sha);
});

test('companion files come from the pushed commit (.dockerignore)', () => {
  const dockerfile = GOOD_DOCKERFILE.replace('USER node', 'COPY . /app\nUSER node');
  const repo = hooked();
  repo.write({ Dockerfile: dockerfile });
  repo.commit('copies the context, no .dockerignore');
  repo.write({ '.dockerignore': '.git\n.env*\n' }); // only in the work tree
  const missing = repo.pushgate(['pre-push', 'origin', '--format', 'json', '--fail-on', 'warning'], {
    input: `refs/heads/main ${repo.sha('HEAD')} refs/heads/main ${repo.remoteSha('main')}\n`,
  });
  assert.is(missing.code, 1, missing.output);
  const report = JSON.parse(missing.stdout) as { files: Array<{ findings: Array<{ ruleId: string }> }> };
  assert.equal(report.files[0]?.findings.map((f) => f.ruleId), ['require-dockerignore']);

  repo.commit('with .dockerignore');
  const present = repo.pushgate(['pre-push', 'origin', '--fail-on', 'warning'], {
    input: `refs/heads/main ${repo.sha('HEAD')} refs/heads/main ${repo.remoteSha('main')}\n`,
  });
  assert.is(present.code, 0, present.output);
  assert.match(present.stdout, 'PASS — no findings');
});

test('deleting a remote branch passes', () => {
  const repo = hooked();
  repo.mustGit('checkout', '-q', '-b', 'feature');
  repo.write({ Dockerfile: BAD_DOCKERFILE });
  repo.commit('bad');
  assert.is(repo.push('--no-verify', 'origin', 'feature').code, 0);
  const push = repo.push('origin', '--delete', 'feature');
  assert.is(push.code, 0, push.output);
  assert.not.match(push.output, 'pushgate:');
  assert.is(repo.remoteSha('feature'), null);
  // The deletion line alone, as git sends it.
  const direct = repo.pushgate(['pre-push', 'origin'], { input: `(delete) ${ZERO} refs/heads/feature ${repo.sha('feature')}\n` });
  assert.is(direct.code, 0);
  assert.is(direct.output, '');
});

test('a new branch lints only the commits not on the remote', () => {
  const repo = hooked();
  repo.write({ 'legacy/Dockerfile': BAD_DOCKERFILE });
  repo.commit('legacy, pushed past the gate');
  assert.is(repo.push('--no-verify', 'origin', 'main').code, 0);

  repo.mustGit('checkout', '-q', '-b', 'topic');
  repo.write({ 'README.md': 'topic\n' });
  repo.commit('docs');
  const quiet = repo.push('origin', 'topic');
  assert.is(quiet.code, 0, quiet.output);
  assert.not.match(quiet.output, 'pushgate:', 'legacy/Dockerfile is already on the remote');

  repo.mustGit('checkout', '-q', '-b', 'topic2');
  repo.write({ 'new/Dockerfile': BAD_DOCKERFILE, 'ok/Dockerfile': GOOD_DOCKERFILE });
  repo.commit('two images');
  const push = repo.push('origin', 'topic2');
  assert.is.not(push.code, 0, push.output);
  assert.match(push.output, 'pushgate: refs/heads/topic2 → origin (2 files)');
  assert.match(push.output, 'new/Dockerfile');
  assert.not.match(push.output, 'legacy/Dockerfile');
  assert.is(repo.remoteSha('topic2'), null);
});

test('a remote commit unknown here (not fetched) falls back to the commits no remote-tracking ref has', () => {
  const repo = Repo.withInitialPush();
  repo.write({ 'svc/Dockerfile': BAD_DOCKERFILE });
  const bad = repo.commit('bad');
  const unknown = 'f'.repeat(40);
  const run = repo.pushgate(['pre-push', 'origin'], { input: `refs/heads/main ${bad} refs/heads/main ${unknown}\n` });
  assert.is(run.code, 1, run.output);
  assert.match(run.stdout, 'pushgate: refs/heads/main → origin (1 file)');
  assert.match(run.stdout, 'svc/Dockerfile');
});

test('tags: an annotated tag on an unpushed bad commit is rejected; one on a pushed commit passes', () => {
  const repo = hooked();
  repo.mustGit('tag', '-a', '-m', 'v0', 'v0.0.0');
  const pushed = repo.push('origin', 'v0.0.0');
  assert.is(pushed.code, 0, pushed.output);
  assert.not.match(pushed.output, 'pushgate:');

  repo.write({ Dockerfile: BAD_DOCKERFILE });
  repo.commit('bad, not pushed');
  repo.mustGit('tag', '-a', '-m', 'v1', 'v1.0.0');
  const push = repo.push('origin', 'v1.0.0');
  assert.is.not(push.code, 0, push.output);
  assert.match(push.output, 'pushgate: refs/tags/v1.0.0 → origin (1 file)');
  assert.match(push.output, 'no-latest-tag');
});

test('--no-verify bypasses the gate', () => {
  const repo = hooked();
  repo.write({ Dockerfile: BAD_DOCKERFILE });
  const sha = repo.commit('bad');
  const push = repo.push('--no-verify', 'origin', 'main');
  assert.is(push.code, 0, push.output);
  assert.is(repo.remoteSha('main'), sha);
});

test('pre-commit framework: PRE_COMMIT_FROM_REF / PRE_COMMIT_TO_REF without stdin', () => {
  const repo = Repo.withInitialPush();
  const from = repo.sha('HEAD');
  repo.write({ 'README.md': 'changed\n' });
  const docs = repo.commit('docs');
  const env = { PRE_COMMIT: '1', PRE_COMMIT_FROM_REF: from, PRE_COMMIT_TO_REF: docs, PRE_COMMIT_REMOTE_NAME: 'origin' };
  const silent = repo.pushgate(['pre-push'], { env });
  assert.is(silent.code, 0, silent.output);
  assert.is(silent.output, '');

  repo.write({ Dockerfile: BAD_DOCKERFILE });
  const bad = repo.commit('bad');
  repo.write({ Dockerfile: GOOD_DOCKERFILE }); // the work tree is not what is linted
  const env2 = { ...env, PRE_COMMIT_TO_REF: bad, PRE_COMMIT_LOCAL_BRANCH: 'refs/heads/main', PRE_COMMIT_REMOTE_BRANCH: 'refs/heads/main' };
  const run = repo.pushgate(['pre-push'], { env: env2, input: 'ignored\n' });
  assert.is(run.code, 1, run.output);
  assert.match(run.stdout, 'pushgate: refs/heads/main → origin (1 file)');
  assert.match(run.stdout, 'no-latest-tag');
});

test('pre-commit framework: no FROM/TO (a root commit is pushed) lints every file of the branch', () => {
  const repo = new Repo();
  repo.write({ 'deep/down/Dockerfile': BAD_DOCKERFILE, 'README.md': 'x\n' });
  repo.commit('root');
  const run = repo.pushgate(['pre-push'], {
    env: { PRE_COMMIT: '1', PRE_COMMIT_LOCAL_BRANCH: 'refs/heads/main', PRE_COMMIT_REMOTE_BRANCH: 'refs/heads/main', PRE_COMMIT_REMOTE_NAME: 'origin' },
  });
  assert.is(run.code, 1, run.output);
  assert.match(run.stdout, 'deep/down/Dockerfile');

  // Run by hand under pre-commit (no refs at all): stdin is not git's and is never read; HEAD is linted.
  const byHand = repo.pushgate(['pre-push'], { env: { PRE_COMMIT: '1' }, input: 'not a ref line\n' });
  assert.is(byHand.code, 1, byHand.output);
  assert.match(byHand.stdout, 'pushgate: HEAD → remote (1 file)');
});

test('a JavaScript policy is never run from git objects: a differing work-tree copy fails closed', () => {
  const repo = Repo.withInitialPush();
  const marker = join(repo.dir, 'policy-was-run');
  const policy = (severity: string) =>
    `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'x');\nmodule.exports = { rules: { 'no-latest-tag': '${severity}' } };\n`;
  repo.write({ '.pushgaterc.cjs': policy('off'), Dockerfile: BAD_DOCKERFILE });
  const sha = repo.commit('js policy');
  repo.write({ '.pushgaterc.cjs': policy('error') }); // the work tree differs from the commit
  const input = `refs/heads/main ${sha} refs/heads/main ${repo.remoteSha('main')}\n`;
  const refused = repo.pushgate(['pre-push', 'origin'], { input });
  assert.is(refused.code, 2, refused.output);
  assert.match(refused.stderr, 'a JavaScript policy is never run from git objects');
  assert.ok(!existsSync(marker), 'nothing was executed');

  // The same file in the work tree as in the commit: the user's own policy is loaded from disk.
  repo.mustGit('checkout', '--', '.pushgaterc.cjs');
  const loaded = repo.pushgate(['pre-push', 'origin'], { input });
  assert.is(loaded.code, 0, loaded.output);
  assert.not.match(loaded.stdout, 'no-latest-tag');
});

test('fails closed: malformed input, an invalid policy, an unknown commit', () => {
  const repo = Repo.withInitialPush();
  const garbage = repo.pushgate(['pre-push', 'origin'], { input: 'not a ref line\n' });
  assert.is(garbage.code, 2);
  assert.match(garbage.stderr, 'unexpected pre-push input line');

  repo.write({ '.pushgaterc.yaml': 'rules:\n  no-latest-tagg: error\n', Dockerfile: BAD_DOCKERFILE });
  const sha = repo.commit('typo in the policy');
  const invalid = repo.pushgate(['pre-push', 'origin'], { input: `refs/heads/main ${sha} refs/heads/main ${repo.remoteSha('main')}\n` });
  assert.is(invalid.code, 2, invalid.output);
  assert.match(invalid.stderr, `${sha.slice(0, 7)}:.pushgaterc.yaml`);
  assert.match(invalid.stderr, 'did you mean "no-latest-tag"');

  const unknown = repo.pushgate(['pre-push', 'origin'], { input: `refs/heads/main ${'1'.repeat(40)} refs/heads/main ${ZERO}\n` });
  assert.is(unknown.code, 2, unknown.output);
});

test('the pushed commit\'s baseline applies and is counted; a malformed one fails closed, naming the commit', () => {
  const repo = Repo.withInitialPush();
  repo.write({ 'app/Dockerfile': BAD_DOCKERFILE });
  assert.is(repo.pushgate(['baseline']).code, 0);
  const sha = repo.commit('bad Dockerfile, baselined');
  const input = `refs/heads/main ${sha} refs/heads/main ${repo.remoteSha('main')}\n`;
  const baselined = repo.pushgate(['pre-push', 'origin'], { input });
  assert.is(baselined.code, 0, baselined.output);
  assert.match(baselined.stdout, /pushgate: PASS — no findings in 1 file\n\(\d+ baselined findings? not shown\)/);

  repo.write({ '.pushgate-baseline.json': '{"not": "a baseline"}', 'app/Dockerfile': `${BAD_DOCKERFILE}# changed\n` });
  const malformed = repo.commit('a broken baseline');
  const broken = repo.pushgate(['pre-push', 'origin'], { input: `refs/heads/main ${malformed} refs/heads/main ${repo.remoteSha('main')}\n` });
  assert.is(broken.code, 2, broken.output);
  assert.match(broken.stderr, `pushgate: ${malformed.slice(0, 7)}:.pushgate-baseline.json: not a pushgate baseline`);
});

test('git cat-file reader: answers asked for ahead are handed out once, in order with the rest; a missing object is null', async () => {
  const repo = Repo.withInitialPush();
  repo.write({ 'a.txt': 'one\n', 'b.txt': 'two\n' });
  const sha = repo.commit('two files');
  const cat = new CatFile({ cwd: repo.dir, env: childEnv() }, 1024);
  try {
    cat.prefetch([`${sha}:a.txt`, `${sha}:nope.txt`]);
    const [b, a, nope] = await cat.getAll([`${sha}:b.txt`, `${sha}:a.txt`, `${sha}:nope.txt`]);
    assert.is(b?.data?.toString(), 'two\n');
    assert.is(a?.data?.toString(), 'one\n');
    assert.is(nope, null);
    // Taken once: asking again goes to git again, with the same answer.
    assert.is((await cat.get(`${sha}:a.txt`))?.data?.toString(), 'one\n');
  } finally {
    cat.close();
  }
});

test('nothing pushed, nothing said', () => {
  const repo = Repo.withInitialPush();
  const run = repo.pushgate(['pre-push', 'origin'], { input: '' });
  assert.is(run.code, 0);
  assert.is(run.output, '');
});

test.run();
