// The policy memo (src/git/policy-memo.ts): parsed and validated policy files kept in
// the git directory by blob id, so a push whose policy did not change neither parses
// nor validates it again. End to end: what a push does with it.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILD, isExactJson, MEMO_FILE, openPolicyMemo } from '../src/git/policy-memo.js';
import { gitDirectory } from '../src/io/repository.js';
import { loadPolicyFromTree, type PolicyTree } from '../src/config/load.js';
import { ConfigError } from '../src/config/errors.js';
import { BAD_DOCKERFILE, Repo, cleanUp } from './helpers/git-repo.js';

const dirs: string[] = [];
test.after(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  cleanUp();
});

/** A work tree with a `.git` directory. */
function workTree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pushgate-memo-'));
  dirs.push(dir);
  mkdirSync(join(dir, '.git'));
  return dir;
}

const BLOB = 'a'.repeat(40);
const POLICY = { extends: 'recommended', failOn: 'error', ignore: [], rules: { 'no-latest-tag': ['error', { allow: ['x'] }] } };

test('memo: what is remembered for a blob is recalled by a later run, for that path and blob only', () => {
  const root = workTree();
  openPolicyMemo(root, new Map([['.pushgaterc.yaml', BLOB]])).remember('.pushgaterc.yaml', POLICY);
  assert.ok(existsSync(join(root, '.git', MEMO_FILE)));
  assert.equal(openPolicyMemo(root, new Map([['.pushgaterc.yaml', BLOB]])).recall('.pushgaterc.yaml'), { data: POLICY });
  // Other content, or the same content under another name (parsed another way), is not known.
  assert.is(openPolicyMemo(root, new Map([['.pushgaterc.yaml', 'b'.repeat(40)]])).recall('.pushgaterc.yaml'), undefined);
  assert.is(openPolicyMemo(root, new Map([['.pushgaterc.json', BLOB]])).recall('.pushgaterc.json'), undefined);
  // A path whose blob id is not given is never recalled nor remembered.
  const memo = openPolicyMemo(root, new Map());
  memo.remember('.pushgaterc.yaml', { failOn: 'never' });
  assert.is(memo.recall('.pushgaterc.yaml'), undefined);
  assert.equal(openPolicyMemo(root, new Map([['.pushgaterc.yaml', BLOB]])).recall('.pushgaterc.yaml'), { data: POLICY });
});

test('memo: another build of pushgate (version or schema), a malformed or missing file: nothing is recalled', () => {
  const root = workTree();
  const file = join(root, '.git', MEMO_FILE);
  const blobs = new Map([['.pushgaterc.yaml', BLOB]]);
  assert.is(openPolicyMemo(root, blobs).recall('.pushgaterc.yaml'), undefined);
  const [version, schema] = BUILD.split(' ');
  for (const other of [`${version}-other ${schema}`, `${version} 0000000000000000`, version]) {
    writeFileSync(file, JSON.stringify({ version: other, entries: { [`${BLOB} .pushgaterc.yaml`]: POLICY } }));
    assert.is(openPolicyMemo(root, blobs).recall('.pushgaterc.yaml'), undefined, other);
  }
  writeFileSync(file, JSON.stringify({ version: BUILD, entries: { [`${BLOB} .pushgaterc.yaml`]: POLICY } }));
  assert.equal(openPolicyMemo(root, blobs).recall('.pushgaterc.yaml'), { data: POLICY });
  for (const text of ['{', 'null', '[]', JSON.stringify({ version: BUILD, entries: [] })]) {
    writeFileSync(file, text);
    assert.is(openPolicyMemo(root, blobs).recall('.pushgaterc.yaml'), undefined, text);
  }
  // And remembering replaces a malformed file.
  openPolicyMemo(root, blobs).remember('.pushgaterc.yaml', POLICY);
  assert.equal(openPolicyMemo(root, blobs).recall('.pushgaterc.yaml'), { data: POLICY });
});

test('memo: a few entries are kept, the most recently remembered', () => {
  const root = workTree();
  const blob = (n: number): string => String(n).padStart(40, '0');
  for (let n = 0; n < 12; n++) openPolicyMemo(root, new Map([['p.yaml', blob(n)]])).remember('p.yaml', { n });
  const entries = (JSON.parse(readFileSync(join(root, '.git', MEMO_FILE), 'utf8')) as { entries: object }).entries;
  assert.is(Object.keys(entries).length, 8);
  assert.is(openPolicyMemo(root, new Map([['p.yaml', blob(3)]])).recall('p.yaml'), undefined);
  assert.equal(openPolicyMemo(root, new Map([['p.yaml', blob(11)]])).recall('p.yaml'), { data: { n: 11 } });
  // Remembering a known entry again makes it the newest.
  openPolicyMemo(root, new Map([['p.yaml', blob(4)]])).remember('p.yaml', { n: 4 });
  for (let n = 12; n < 18; n++) openPolicyMemo(root, new Map([['p.yaml', blob(n)]])).remember('p.yaml', { n });
  assert.equal(openPolicyMemo(root, new Map([['p.yaml', blob(4)]])).recall('p.yaml'), { data: { n: 4 } });
});

test('memo: values JSON would not give back exactly are not remembered', () => {
  for (const value of [NaN, Infinity, -0, undefined, [1, undefined], { a: NaN }, new Date(0), new Map(), JSON.parse('{"__proto__": {"x": 1}}'), [, 1]]) {
    assert.not.ok(isExactJson(value), String(value));
  }
  for (const value of [null, 'x', 0, 1.5, true, [], {}, POLICY, Object.create(null)]) assert.ok(isExactJson(value), JSON.stringify(value));
  const root = workTree();
  openPolicyMemo(root, new Map([['p.yaml', BLOB]])).remember('p.yaml', { rules: { x: Infinity } });
  assert.not.ok(existsSync(join(root, '.git', MEMO_FILE)));
});

test('memo: no git directory, or one that cannot be written: nothing is kept, nothing fails', () => {
  const bare = mkdtempSync(join(tmpdir(), 'pushgate-memo-'));
  dirs.push(bare);
  const memo = openPolicyMemo(bare, new Map([['p.yaml', BLOB]]));
  memo.remember('p.yaml', POLICY);
  assert.is(memo.recall('p.yaml'), undefined);
  assert.not.ok(existsSync(join(bare, '.git')));
  const root = workTree();
  mkdirSync(join(root, '.git', MEMO_FILE)); // a directory where the file would go
  openPolicyMemo(root, new Map([['p.yaml', BLOB]])).remember('p.yaml', POLICY);
  assert.is(openPolicyMemo(root, new Map([['p.yaml', BLOB]])).recall('p.yaml'), undefined);
});

test('gitDirectory: .git itself, or where a .git file points (a linked worktree)', () => {
  const root = workTree();
  assert.is(gitDirectory(root), join(root, '.git'));
  const linked = mkdtempSync(join(tmpdir(), 'pushgate-memo-'));
  dirs.push(linked);
  writeFileSync(join(linked, '.git'), `gitdir: ${join(root, '.git', 'worktrees', 'w')}\n`);
  assert.is(gitDirectory(linked), join(root, '.git', 'worktrees', 'w'));
  writeFileSync(join(linked, '.git'), 'gitdir: ../elsewhere/.git\n');
  assert.is(gitDirectory(linked), join(linked, '..', 'elsewhere', '.git'));
  writeFileSync(join(linked, '.git'), 'not a pointer\n');
  assert.is(gitDirectory(linked), null);
  rmSync(join(linked, '.git'));
  assert.is(gitDirectory(linked), null);
});

// ---- loadPolicyFromTree with a memo ---------------------------------------------

/** A tree of policy texts with a memo that records what it is told. */
function memoTree(texts: Record<string, string>, known: Record<string, unknown> = {}): { tree: PolicyTree; remembered: Record<string, unknown>; parsed: string[] } {
  const remembered: Record<string, unknown> = {};
  const parsed: string[] = [];
  const tree: PolicyTree = {
    root: '/repo',
    read: async (path) => {
      parsed.push(path);
      return texts[path] ?? null;
    },
    display: (path) => `abc1234:${path}`,
    memo: {
      recall: (path) => (Object.hasOwn(known, path) ? { data: known[path] } : undefined),
      remember: (path, data) => {
        remembered[path] = data;
      },
    },
  };
  return { tree, remembered, parsed };
}

test('loadPolicyFromTree: a file the memo knows is neither read nor validated; files parsed are remembered once valid', async () => {
  const { tree, remembered, parsed } = memoTree(
    { '.pushgaterc.yaml': 'extends: [recommended, ./team.yaml]\n', 'team.yaml': 'failOn: warning\n' },
    { '.pushgaterc.yaml': { extends: ['recommended', './team.yaml'], include: { dockerfile: ['x/**'] } } },
  );
  const policy = await loadPolicyFromTree(tree, { cwd: '/repo', file: '.pushgaterc.yaml' });
  // The root came from the memo (its text, which says nothing of include, was never read); team.yaml was parsed.
  assert.is(policy.failOn, 'warning');
  assert.equal(policy.include.dockerfile, ['x/**']);
  assert.equal(parsed, ['team.yaml']);
  assert.equal(remembered, { 'team.yaml': { failOn: 'warning' } });
});

test('loadPolicyFromTree: an invalid file is not remembered; a validator of the caller\'s own neither trusts nor teaches the memo', async () => {
  const invalid = memoTree({ '.pushgaterc.yaml': 'failOn: sometimes\n' });
  try {
    await loadPolicyFromTree(invalid.tree, { cwd: '/repo', file: '.pushgaterc.yaml' });
    assert.unreachable('an invalid policy loads');
  } catch (error) {
    assert.instance(error, ConfigError);
  }
  assert.equal(invalid.remembered, {});
  const own = memoTree({ 'p.yaml': 'failOn: warning\n' }, { '.pushgaterc.yaml': { failOn: 'sometimes' } });
  const seen: unknown[] = [];
  const validate = Object.assign((data: unknown) => (seen.push(data), true), { errors: null });
  await loadPolicyFromTree(own.tree, { cwd: '/repo', file: '.pushgaterc.yaml' }, { validate });
  assert.equal(seen, [{ failOn: 'sometimes' }]);
  assert.equal(own.remembered, {});
});

// ---- end to end ------------------------------------------------------------------

/** A hooked repository whose pushed commit has a YAML policy turning no-latest-tag off. */
function hookedWithPolicy(): { repo: Repo; memo: string } {
  const repo = Repo.withInitialPush();
  repo.installHook();
  repo.write({ '.pushgaterc.yaml': 'rules:\n  no-latest-tag: "off"\n', 'a/Dockerfile': BAD_DOCKERFILE });
  repo.commit('policy');
  const push = repo.push('origin', 'main');
  assert.is(push.code, 0, push.output);
  return { repo, memo: join(repo.dir, '.git', MEMO_FILE) };
}

test('pre-push: a push that parses and validates the policy leaves it in the memo; the next push goes by it', () => {
  const { repo, memo } = hookedWithPolicy();
  const entries = (JSON.parse(readFileSync(memo, 'utf8')) as { entries: Record<string, unknown> }).entries;
  const key = `${repo.sha('HEAD:.pushgaterc.yaml')} .pushgaterc.yaml`;
  assert.equal(entries, { [key]: { rules: { 'no-latest-tag': 'off' } } });
  // Told (falsely) that the policy turns the rule on, the next push rejects: the memo, not the text, decided.
  writeFileSync(memo, JSON.stringify({ version: BUILD, entries: { [key]: { rules: { 'no-latest-tag': 'error' } } } }));
  repo.write({ 'b/Dockerfile': BAD_DOCKERFILE });
  repo.commit('another bad image');
  const push = repo.push('origin', 'main');
  assert.is.not(push.code, 0, push.output);
  assert.match(push.output, 'no-latest-tag');
});

test('pre-push: a memo of another build is not trusted: the policy is parsed and validated again', () => {
  const { repo, memo } = hookedWithPolicy();
  const key = `${repo.sha('HEAD:.pushgaterc.yaml')} .pushgaterc.yaml`;
  const [version] = BUILD.split(' ');
  writeFileSync(memo, JSON.stringify({ version: `${version} 0000000000000000`, entries: { [key]: { rules: { 'no-latest-tags': 'off' } } } }));
  repo.write({ 'b/Dockerfile': BAD_DOCKERFILE });
  repo.commit('another bad image, rule still off');
  const push = repo.push('origin', 'main');
  assert.is(push.code, 0, push.output);
  assert.equal(JSON.parse(readFileSync(memo, 'utf8')), { version: BUILD, entries: { [key]: { rules: { 'no-latest-tag': 'off' } } } });
});

test('pre-push: a policy that fails validation is never remembered, and fails every push', () => {
  const { repo, memo } = hookedWithPolicy();
  const before = readFileSync(memo, 'utf8');
  repo.write({ '.pushgaterc.yaml': 'rules:\n  no-latest-tags: "off"\n', 'b/Dockerfile': BAD_DOCKERFILE });
  repo.commit('a misspelt rule');
  for (let attempt = 0; attempt < 2; attempt++) {
    const push = repo.push('origin', 'main');
    assert.is(push.code, 1, push.output); // git reports the hook's exit 2 as a failed push
    assert.match(push.output, 'rules.no-latest-tags: unknown rule "no-latest-tags"; did you mean "no-latest-tag"?');
    assert.is(readFileSync(memo, 'utf8'), before);
  }
});

test('pre-push: an unreadable memo is parsed around and written anew; a changed policy is parsed again', () => {
  const { repo, memo } = hookedWithPolicy();
  writeFileSync(memo, 'garbage');
  repo.write({ 'b/Dockerfile': BAD_DOCKERFILE });
  repo.commit('another bad image');
  const quiet = repo.push('origin', 'main');
  assert.is(quiet.code, 0, quiet.output);
  assert.match(readFileSync(memo, 'utf8'), '"no-latest-tag":"off"');
  const before = repo.remoteSha('main');
  repo.write({ '.pushgaterc.yaml': 'rules:\n  no-latest-tag: error\n', 'c/Dockerfile': BAD_DOCKERFILE });
  repo.commit('rule on again');
  const push = repo.push('origin', 'main');
  assert.is.not(push.code, 0, push.output);
  assert.is(repo.remoteSha('main'), before);
  assert.match(readFileSync(memo, 'utf8'), '"no-latest-tag":"error"');
});

test.run();
