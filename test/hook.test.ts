// `pushgate hook install|uninstall` (SPEC §4): where the hook goes (core.hooksPath,
// husky v9), chaining a foreign hook (same arguments, same stdin, either blocks),
// uninstall restoring it, refusing to touch what is not ours, and how the hook finds
// pushgate. Every test runs real `git push` through the installed hook.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HOOK_MARKER } from '../src/git/hook.js';
import { BAD_DOCKERFILE, BIN, Repo, cleanUp } from './helpers/git-repo.js';

test.after(cleanUp);

const HOOK = '.git/hooks/pre-push';

/** A foreign hook that records its arguments and stdin, and exits with the code in `exit-code` (0 when absent). */
function recordingHook(repo: Repo, name: string): string {
  return [
    '#!/bin/sh',
    `# a team's own ${name} hook`,
    `echo "$@" > "${repo.dir}/.git/${name}.args"`,
    `cat > "${repo.dir}/.git/${name}.stdin"`,
    `code=$(cat "${repo.dir}/.git/${name}.exit-code" 2>/dev/null || echo 0)`,
    'exit "$code"',
    '',
  ].join('\n');
}

test('install writes an executable POSIX sh hook with the marker; installing again updates it in place', () => {
  const repo = Repo.withInitialPush();
  const first = repo.pushgate(['hook', 'install']);
  assert.is(first.code, 0, first.output);
  assert.match(first.stdout, `installed the pre-push hook ${HOOK}`);
  const script = repo.read(HOOK);
  assert.ok(script.startsWith('#!/bin/sh\n'));
  assert.match(script, HOOK_MARKER);
  assert.match(script, BIN, 'the installation is recorded as the last fallback');
  assert.ok((statSync(join(repo.dir, HOOK)).mode & 0o111) !== 0, 'executable');
  const again = repo.pushgate(['hook', 'install']);
  assert.is(again.code, 0, again.output);
  assert.match(again.stdout, 'updated the pre-push hook');
  assert.is(repo.read(HOOK), script);
  assert.ok(!existsSync(join(repo.dir, `${HOOK}.pushgate-chained`)), 'our own hook is never chained');
});

test('a foreign hook is chained: it runs first with the same arguments and stdin, and its failure blocks the push', () => {
  const repo = Repo.withInitialPush();
  const original = recordingHook(repo, 'team');
  repo.write({ [HOOK]: original });
  repo.executable(HOOK);
  const install = repo.pushgate(['hook', 'install']);
  assert.is(install.code, 0, install.output);
  assert.match(install.stdout, 'pre-push.pushgate-chained');
  assert.is(repo.read(`${HOOK}.pushgate-chained`), original);

  // Both run: the chained hook sees git's ref line; pushgate sees the same one and blocks the bad Dockerfile.
  repo.write({ Dockerfile: BAD_DOCKERFILE });
  const bad = repo.commit('bad');
  const before = repo.remoteSha('main');
  const rejected = repo.push('origin', 'main');
  assert.is.not(rejected.code, 0, rejected.output);
  assert.match(rejected.output, 'no-latest-tag');
  assert.is(repo.read('.git/team.args').trim(), `origin ${repo.remote}`);
  assert.is(repo.read('.git/team.stdin'), `refs/heads/main ${bad} refs/heads/main ${before}\n`);
  assert.is(repo.remoteSha('main'), before);

  // The chained hook alone can block: a clean push, the foreign hook says no.
  repo.mustGit('reset', '-q', '--hard', 'HEAD~1');
  repo.write({ 'README.md': 'docs\n' });
  const docs = repo.commit('docs');
  writeFileSync(join(repo.dir, '.git/team.exit-code'), '3\n');
  const blocked = repo.push('origin', 'main');
  assert.is.not(blocked.code, 0, blocked.output);
  assert.match(blocked.output, 'the chained pre-push hook');
  assert.is(repo.read('.git/team.stdin'), `refs/heads/main ${docs} refs/heads/main ${before}\n`);
  writeFileSync(join(repo.dir, '.git/team.exit-code'), '0\n');
  assert.is(repo.push('origin', 'main').code, 0);
  assert.is(repo.remoteSha('main'), docs);

  // Uninstall puts the original back, byte for byte and executable.
  const uninstall = repo.pushgate(['hook', 'uninstall']);
  assert.is(uninstall.code, 0, uninstall.output);
  assert.match(uninstall.stdout, 'previous hook is back in place');
  assert.is(repo.read(HOOK), original);
  assert.ok((statSync(join(repo.dir, HOOK)).mode & 0o111) !== 0);
  assert.ok(!existsSync(join(repo.dir, `${HOOK}.pushgate-chained`)));
});

test('uninstall refuses to delete a hook that is not ours, and says so when there is none', () => {
  const repo = Repo.withInitialPush();
  const none = repo.pushgate(['hook', 'uninstall']);
  assert.is(none.code, 0, none.output);
  assert.match(none.stdout, 'no pushgate pre-push hook is installed');
  repo.write({ [HOOK]: '#!/bin/sh\nexit 0\n' });
  const refused = repo.pushgate(['hook', 'uninstall']);
  assert.is(refused.code, 2, refused.output);
  assert.match(refused.output, 'was not installed by pushgate');
  assert.is(repo.read(HOOK), '#!/bin/sh\nexit 0\n');
});

test('a hook that cannot be chained is refused without --force and moved aside with it', () => {
  const repo = Repo.withInitialPush();
  mkdirSync(join(repo.dir, HOOK), { recursive: true }); // a directory where the hook should be
  const refused = repo.pushgate(['hook', 'install']);
  assert.is(refused.code, 2, refused.output);
  assert.match(refused.output, 'cannot be chained');
  assert.match(refused.output, '--force');
  assert.ok(lstatSync(join(repo.dir, HOOK)).isDirectory(), 'untouched');
  const forced = repo.pushgate(['hook', 'install', '--force']);
  assert.is(forced.code, 0, forced.output);
  assert.ok(lstatSync(join(repo.dir, `${HOOK}.pushgate-backup`)).isDirectory(), 'kept as a backup');
  assert.match(repo.read(HOOK), HOOK_MARKER);
});

test('a symbolic link to a hook script is chained (the link is renamed, its target untouched)', () => {
  const repo = Repo.withInitialPush();
  repo.write({ 'scripts/pre-push': recordingHook(repo, 'linked') });
  repo.executable('scripts/pre-push');
  repo.commit('shared hook script');
  symlinkSync('../../scripts/pre-push', join(repo.dir, HOOK));
  assert.is(repo.pushgate(['hook', 'install']).code, 0);
  assert.ok(lstatSync(join(repo.dir, `${HOOK}.pushgate-chained`)).isSymbolicLink());
  repo.write({ 'README.md': 'x\n' });
  repo.commit('docs');
  assert.is(repo.push('origin', 'main').code, 0);
  assert.match(repo.read('.git/linked.stdin'), 'refs/heads/main');
  assert.is(repo.pushgate(['hook', 'uninstall']).code, 0);
  assert.ok(lstatSync(join(repo.dir, HOOK)).isSymbolicLink(), 'the link is back');
});

test('core.hooksPath is honoured, relative to the work tree top even from a subdirectory', () => {
  const repo = Repo.withInitialPush();
  repo.mustGit('config', 'core.hooksPath', 'tools/hooks');
  mkdirSync(join(repo.dir, 'sub/dir'), { recursive: true });
  const install = repo.pushgate(['hook', 'install'], { cwd: join(repo.dir, 'sub/dir') });
  assert.is(install.code, 0, install.output);
  assert.match(repo.read('tools/hooks/pre-push'), HOOK_MARKER);
  assert.ok(!existsSync(join(repo.dir, HOOK)));
  assert.ok(!existsSync(join(repo.dir, 'sub/dir/tools')));
  repo.write({ Dockerfile: BAD_DOCKERFILE });
  repo.commit('bad');
  const push = repo.push('origin', 'main');
  assert.is.not(push.code, 0, push.output);
  assert.match(push.output, 'no-latest-tag');
});

/** The layout `husky` (v9) creates: core.hooksPath=.husky/_, stubs that run `.husky/<hook>` with `sh -e`. */
function huskyLayout(repo: Repo): void {
  const h = [
    '#!/usr/bin/env sh',
    'n=$(basename "$0")',
    's=$(dirname "$(dirname "$0")")/$n',
    '[ ! -f "$s" ] && exit 0',
    'export PATH="node_modules/.bin:$PATH"',
    'sh -e "$s" "$@"',
    'c=$?',
    '[ $c != 0 ] && echo "husky - $n script failed (code $c)"',
    'exit $c',
    '',
  ].join('\n');
  repo.write({ '.husky/_/h': h, '.husky/_/pre-push': '#!/usr/bin/env sh\n. "${0%/*}/h"\n', '.husky/_/.gitignore': '*\n' });
  repo.executable('.husky/_/pre-push');
  repo.mustGit('config', 'core.hooksPath', '.husky/_');
}

test('husky v9: the hook goes to .husky/pre-push (not .husky/_), chaining the team file husky runs', () => {
  const repo = Repo.withInitialPush();
  huskyLayout(repo);
  // A husky hook file: plain commands, not executable, run by husky with `sh -e`.
  repo.write({ '.husky/pre-push': `echo "$@" > "${repo.dir}/.git/husky.args"\ncat > "${repo.dir}/.git/husky.stdin"\n` });
  const install = repo.pushgate(['hook', 'install']);
  assert.is(install.code, 0, install.output);
  assert.match(install.stdout, 'husky');
  assert.match(repo.read('.husky/pre-push'), HOOK_MARKER);
  assert.ok(!readFileSync(join(repo.dir, '.husky/_/pre-push'), 'utf8').includes(HOOK_MARKER), 'husky’s stub is left alone');

  repo.write({ Dockerfile: BAD_DOCKERFILE });
  const bad = repo.commit('bad');
  const before = repo.remoteSha('main');
  const push = repo.push('origin', 'main');
  assert.is.not(push.code, 0, push.output);
  assert.match(push.output, 'no-latest-tag');
  assert.is(repo.read('.git/husky.stdin'), `refs/heads/main ${bad} refs/heads/main ${before}\n`, 'the chained husky file ran via sh');

  assert.is(repo.pushgate(['hook', 'uninstall']).code, 0);
  assert.match(repo.read('.husky/pre-push'), 'husky.stdin');
});

test('the hook fails closed when pushgate cannot be found', () => {
  const repo = Repo.withInitialPush();
  repo.installHook();
  const script = repo.read(HOOK).replace(/^pushgate_bin=.*$/m, "pushgate_bin='/nonexistent/pushgate.cjs'");
  repo.write({ [HOOK]: script });
  repo.write({ 'README.md': 'x\n' });
  repo.commit('docs');
  const before = repo.remoteSha('main');
  const push = repo.push('origin', 'main');
  assert.is.not(push.code, 0, push.output);
  assert.match(push.output, 'cannot find pushgate');
  assert.match(push.output, 'npm install --save-dev pushgate');
  assert.match(push.output, 'git push --no-verify');
  assert.is(repo.remoteSha('main'), before);
});

test('the hook prefers the repository’s node_modules/.bin/pushgate', () => {
  const repo = Repo.withInitialPush();
  repo.installHook();
  repo.write({ 'node_modules/.bin/pushgate': `#!/bin/sh\necho "local pushgate $*" > "${repo.dir}/.git/local.args"\nexit 0\n` });
  repo.executable('node_modules/.bin/pushgate');
  repo.write({ '.gitignore': 'node_modules/\n', Dockerfile: BAD_DOCKERFILE });
  repo.commit('bad, but the local pushgate is a stub');
  const push = repo.push('origin', 'main');
  assert.is(push.code, 0, push.output);
  assert.is(repo.read('.git/local.args').trim(), `local pushgate pre-push origin ${repo.remote}`);
});

test('hook: usage errors, and no work tree', () => {
  const repo = Repo.withInitialPush();
  for (const args of [['hook'], ['hook', 'remove'], ['hook', 'install', 'extra']]) {
    const run = repo.pushgate(args);
    assert.is(run.code, 2, args.join(' '));
    assert.match(run.stderr, 'expected "pushgate hook install" or "pushgate hook uninstall"');
  }
  const outside = repo.pushgate(['hook', 'install'], { cwd: join(repo.remote), env: { GIT_CEILING_DIRECTORIES: repo.remote } });
  assert.is(outside.code, 2, outside.output);
  assert.match(outside.stderr, 'the pre-push hook needs a git work tree');
  assert.not.match(outside.stderr, 'internal error');
});

test.run();
