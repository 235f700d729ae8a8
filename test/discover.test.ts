import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { devNull, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_INCLUDE, discover, kindFromContent, kindFromExplicitName, kindFromName, type DiscoverOptions } from '../src/discover/index.js';
import { compileAnchoredGlobs, isPathIgnored, parseGitignore, type IgnoreLayer } from '../src/discover/gitignore.js';
import type { Kind } from '../src/models/nodes.js';

// Hermetic git, for the repositories built here and for the `git ls-files` that
// discovery runs: no system or user config (a global excludes file would hide
// fixture files), and no repository found above the temporary directory.
const TMP = realpathSync(tmpdir());
process.env['GIT_CONFIG_NOSYSTEM'] = '1';
process.env['GIT_CONFIG_GLOBAL'] = devNull;
process.env['GIT_CEILING_DIRECTORIES'] = TMP;

const created: string[] = [];
test.after(() => {
  for (const dir of created) {
    chmodTree(dir);
    rmSync(dir, { recursive: true, force: true });
  }
});

function chmodTree(dir: string): void {
  try {
    chmodSync(join(dir, 'locked'), 0o755);
  } catch {
    // only the permission test locks a directory
  }
}

/** A fresh directory with these files (content '' when not given). */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(TMP, 'pushgate-discover-'));
  created.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

function git(root: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=pushgate', '-c', 'user.email=pushgate@example.com', '-c', 'init.defaultBranch=main', ...args], {
    cwd: root,
    stdio: 'ignore',
  });
}

/** `git init` + `git add -A` + commit: the whole tree tracked. */
function gitRepo(files: Record<string, string>): string {
  const root = tree(files);
  git(root, 'init', '-q');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'fixture');
  return root;
}

async function run(options: Partial<DiscoverOptions> & { cwd: string }) {
  return discover({ paths: [], ...options });
}

/** `path kind` lines, the compact shape of what was found. */
async function found(options: Partial<DiscoverOptions> & { cwd: string }): Promise<string[]> {
  const result = await run(options);
  assert.equal(result.problems, []);
  return result.files.map((file) => `${file.path} ${file.kind}`);
}

const ONE_OF_EACH: Record<string, string> = {
  'Dockerfile': 'FROM alpine:3.20\n',
  'docker/Dockerfile.prod': '',
  'docker/api.Dockerfile': '',
  'docker/web.dockerfile': '',
  'Containerfile': '',
  'podman/Containerfile.arm64': '',
  '.github/workflows/ci.yml': '',
  '.github/workflows/release.yaml': '',
  '.github/workflows/README.md': '',
  'actions/setup/action.yml': '',
  '.gitlab-ci.yml': '',
  'ci/build.gitlab-ci.yml': '',
  'docker-compose.yml': '',
  'deploy/compose.prod.yaml': '',
  'scripts/build.sh': '',
  'scripts/release.bash': '',
  'Makefile': '',
  'README.md': '',
  'src/index.ts': '',
  'config.yml': '',
};

const ONE_OF_EACH_FOUND = [
  '.github/workflows/ci.yml github-workflow',
  '.github/workflows/release.yaml github-workflow',
  '.gitlab-ci.yml gitlab-ci',
  'Containerfile dockerfile',
  'Dockerfile dockerfile',
  'Makefile shell',
  'actions/setup/action.yml github-workflow',
  'ci/build.gitlab-ci.yml gitlab-ci',
  'deploy/compose.prod.yaml compose',
  'docker-compose.yml compose',
  'docker/Dockerfile.prod dockerfile',
  'docker/api.Dockerfile dockerfile',
  'docker/web.dockerfile dockerfile',
  'podman/Containerfile.arm64 dockerfile',
  'scripts/build.sh shell',
  'scripts/release.bash shell',
];

test('DEFAULT_INCLUDE holds the SPEC §1 globs and no image kind', () => {
  assert.equal(DEFAULT_INCLUDE.dockerfile, [
    '**/Dockerfile',
    '**/Dockerfile.*',
    '**/*.Dockerfile',
    '**/*.dockerfile',
    '**/Containerfile',
    '**/Containerfile.*',
  ]);
  assert.equal(DEFAULT_INCLUDE['github-workflow'], ['.github/workflows/*.{yml,yaml}', '**/action.{yml,yaml}']);
  assert.equal(DEFAULT_INCLUDE['gitlab-ci'], ['.gitlab-ci.yml', '**/*.gitlab-ci.yml']);
  assert.equal(DEFAULT_INCLUDE.compose, ['**/{docker-,}compose.{yml,yaml}', '**/{docker-,}compose[-._]*.{yml,yaml}']);
  assert.equal(
    ['compose.yaml', 'docker-compose.yml', 'compose.prod.yaml', 'deploy/docker-compose-ci.yml', 'composer.yaml', 'composer.yml'].map((p) => kindFromName(p)),
    ['compose', 'compose', 'compose', 'compose', null, null],
  );
  assert.equal(DEFAULT_INCLUDE.shell, ['**/*.sh', '**/*.bash', '**/Makefile']);
  assert.not.ok('image' in DEFAULT_INCLUDE);
});

test('default globs find every kind, sorted, outside git', async () => {
  const root = tree(ONE_OF_EACH);
  assert.equal(await found({ cwd: root }), ONE_OF_EACH_FOUND);
});

test('default globs find every kind inside a git work tree', async () => {
  const root = gitRepo(ONE_OF_EACH);
  assert.equal(await found({ cwd: root }), ONE_OF_EACH_FOUND);
});

test('walked files carry an absolute path and explicit: false', async () => {
  const root = tree({ 'a/Dockerfile': '' });
  const { files } = await run({ cwd: root });
  assert.equal(files, [{ path: 'a/Dockerfile', absPath: join(root, 'a/Dockerfile'), kind: 'dockerfile', explicit: false }]);
});

const kindFromNameCases: Array<[string, Kind | null]> = [
  ['Dockerfile', 'dockerfile'],
  ['deep/down/Dockerfile', 'dockerfile'],
  ['.devcontainer/Dockerfile', 'dockerfile'],
  ['./docker/Dockerfile.prod', 'dockerfile'],
  ['dockerfile', 'dockerfile'],
  ['x/containerfile', 'dockerfile'],
  ['DOCKERFILE', null],
  ['src/parsers/dockerfile.ts', null],
  // Templates and companions (SPEC §3.1).
  ['Dockerfile.template', null],
  ['Dockerfile.tmpl', null],
  ['Dockerfile.tpl', null],
  ['Dockerfile.j2', null],
  ['Dockerfile.jinja', null],
  ['Dockerfile.jinja2', null],
  ['Dockerfile.erb', null],
  ['Dockerfile.in', null],
  ['Dockerfile.md', null],
  ['Dockerfile.txt', null],
  ['Dockerfile.py', null],
  ['Dockerfile.dockerignore', null],
  ['Dockerfile.prod.template', null],
  ['Containerfile.j2', null],
  ['Dockerfile.sh', 'shell'],
  ['Dockerfile.internal', 'dockerfile'],
  // Workflows are anchored at the walked directory; actions are not.
  ['.github/workflows/ci.yml', 'github-workflow'],
  ['.github/workflows/compose.yml', 'github-workflow'],
  ['sub/.github/workflows/ci.yml', null],
  ['.github/workflows/nested/ci.yml', null],
  ['.github/actions/build/action.yaml', 'github-workflow'],
  ['.gitlab-ci.yml', 'gitlab-ci'],
  // `*` may match nothing and `dot` is on: a nested .gitlab-ci.yml (the monorepo
  // `include: local:` convention) counts through `**/*.gitlab-ci.yml`.
  ['sub/.gitlab-ci.yml', 'gitlab-ci'],
  ['templates/docker.gitlab-ci.yml', 'gitlab-ci'],
  ['compose.yml', 'compose'],
  ['compose.override.yaml', 'compose'],
  ['x/docker-compose.dev.yml', 'compose'],
  ['composer.json', null],
  ['tools/run.sh', 'shell'],
  ['Makefile', 'shell'],
  ['values.yaml', null],
];

test('kindFromName: default globs', () => {
  for (const [path, kind] of kindFromNameCases) assert.is(kindFromName(path), kind, path);
});

test('kindFromName: policy globs replace the defaults of their kind only', () => {
  const include = { dockerfile: ['docker/**/Dockerfile*'], shell: [] };
  assert.is(kindFromName('docker/app/Dockerfile', include), 'dockerfile');
  assert.is(kindFromName('docker/app/Dockerfile.dev', include), 'dockerfile');
  assert.is(kindFromName('docker/app/Dockerfile.dockerignore', include), null);
  assert.is(kindFromName('Dockerfile', include), null);
  assert.is(kindFromName('run.sh', include), null);
  assert.is(kindFromName('compose.yml', include), 'compose');
  // A glob that spells a companion suffix out means it.
  assert.is(kindFromName('Dockerfile.in', { dockerfile: ['**/Dockerfile.in'] }), 'dockerfile');
  assert.is(kindFromName('a/Dockerfile.j2', { dockerfile: ['**/Dockerfile.{j2,tmpl}'] }), 'dockerfile');
});

test('kindFromExplicitName: globs at any depth, then the defaults', () => {
  assert.is(kindFromExplicitName('svc/.github/workflows/ci.yml'), 'github-workflow');
  assert.is(kindFromExplicitName('../other/.gitlab-ci.yml'), 'gitlab-ci');
  assert.is(kindFromExplicitName('Dockerfile', { dockerfile: ['docker/**/Dockerfile'] }), 'dockerfile');
  assert.is(kindFromExplicitName('Dockerfile.j2'), null);
  assert.is(kindFromExplicitName('notes.txt'), null);
});

test('template and companion files are not walked as Dockerfiles', async () => {
  const root = tree({
    'Dockerfile.prod': '',
    'Dockerfile.template': '',
    'Dockerfile.j2': '',
    'Dockerfile.dockerignore': '',
    'Dockerfile.sh': '',
    'dockerfile': '',
    'app/Containerfile.tmpl': '',
  });
  assert.equal(await found({ cwd: root }), ['Dockerfile.prod dockerfile', 'Dockerfile.sh shell', 'dockerfile dockerfile']);
});

test('globs match relative to the walked directory', async () => {
  const root = tree({
    'sub/.github/workflows/ci.yml': '',
    'sub/.gitlab-ci.yml': '',
    'sub/Dockerfile': '',
  });
  // From the top, sub/.github is not where GitHub looks.
  assert.equal(await found({ cwd: root }), ['sub/.gitlab-ci.yml gitlab-ci', 'sub/Dockerfile dockerfile']);
  assert.equal(await found({ cwd: root, paths: ['sub'] }), [
    'sub/.github/workflows/ci.yml github-workflow',
    'sub/.gitlab-ci.yml gitlab-ci',
    'sub/Dockerfile dockerfile',
  ]);
});

test('policy include globs also match relative to cwd when walking a subdirectory', async () => {
  const root = tree({ 'svc/docker/a/Dockerfile': '', 'svc/Dockerfile': '' });
  const include = { dockerfile: ['svc/docker/**/Dockerfile'] };
  assert.equal(await found({ cwd: root, paths: ['svc'], include }), ['svc/docker/a/Dockerfile dockerfile']);
});

test('.gitignore is honoured outside git: anchoring, dir-only, negation, nested files', async () => {
  const root = tree({
    '.gitignore': [
      '# build output',
      '',
      'build/',
      '/top.sh',
      '*.gen.sh',
      '!keep.gen.sh',
      'logs',
      'dist/**',
      '!dist/Dockerfile',
    ].join('\n'),
    'build/Dockerfile': '',
    'top.sh': '',
    'sub/top.sh': '',
    'a.gen.sh': '',
    'x/keep.gen.sh': '',
    'logs/run.sh': '',
    'dist/Dockerfile': '',
    'dist/deep/Dockerfile': '',
    'svc/.gitignore': 'Dockerfile.*\n!Dockerfile.prod\n',
    'svc/Dockerfile.dev': '',
    'svc/Dockerfile.prod': '',
    'svc/Dockerfile': '',
    'other/Dockerfile.dev': '',
  });
  assert.equal(await found({ cwd: root }), [
    'dist/Dockerfile dockerfile',
    'other/Dockerfile.dev dockerfile',
    'sub/top.sh shell',
    'svc/Dockerfile dockerfile',
    'svc/Dockerfile.prod dockerfile',
    'x/keep.gen.sh shell',
  ]);
});

test('.gitignore above a walked subdirectory applies outside git', async () => {
  const root = tree({
    '.gitignore': 'generated/\n*.bak.sh\n',
    'sub/generated/Dockerfile': '',
    'sub/a.bak.sh': '',
    'sub/Dockerfile': '',
    'generated/inner/Dockerfile': '',
  });
  assert.equal(await found({ cwd: root, paths: ['sub'] }), ['sub/Dockerfile dockerfile']);
  // A directory that is itself ignored yields nothing, as with git.
  assert.equal(await found({ cwd: root, paths: ['generated/inner'] }), []);
});

test('.gitignore is honoured inside git, tracked files always count, deleted ones are dropped', async () => {
  const root = gitRepo({
    '.gitignore': 'build/\n*.gen.sh\n!keep.gen.sh\n',
    'Dockerfile': '',
    'tracked/deleted.sh': '',
    'keep.gen.sh': '',
  });
  // Ignored but force-added: tracked, so listed.
  mkdirSync(join(root, 'forced'));
  writeFileSync(join(root, 'forced/x.gen.sh'), '');
  git(root, 'add', '-f', 'forced/x.gen.sh');
  // Untracked and not ignored: listed; untracked and ignored: not.
  writeFileSync(join(root, 'new.sh'), '');
  writeFileSync(join(root, 'a.gen.sh'), '');
  mkdirSync(join(root, 'later'));
  writeFileSync(join(root, 'later/keep.gen.sh'), ''); // untracked, re-included by `!`
  mkdirSync(join(root, 'build'));
  writeFileSync(join(root, 'build/Dockerfile'), '');
  unlinkSync(join(root, 'tracked/deleted.sh'));
  assert.equal(await found({ cwd: root }), [
    'Dockerfile dockerfile',
    'forced/x.gen.sh shell',
    'keep.gen.sh shell',
    'later/keep.gen.sh shell',
    'new.sh shell',
  ]);
});

test('inside git, walking a subdirectory lists it relative to cwd', async () => {
  const root = gitRepo({ 'svc/Dockerfile': '', 'svc/.github/workflows/ci.yml': '', 'Dockerfile': '' });
  assert.equal(await found({ cwd: root, paths: ['svc'] }), [
    'svc/.github/workflows/ci.yml github-workflow',
    'svc/Dockerfile dockerfile',
  ]);
  // A directory above cwd: paths outside cwd go through '..'; svc/.github is not at its top.
  assert.equal(await found({ cwd: join(root, 'svc'), paths: ['..'] }), ['../Dockerfile dockerfile', 'Dockerfile dockerfile']);
});

test('node_modules and .git are never entered, with or without git', async () => {
  const files = {
    'node_modules/pkg/Dockerfile': '',
    'app/node_modules/pkg/build.sh': '',
    'vendor/.git/hooks/pre-push.sh': '',
    'Dockerfile': '',
  };
  assert.equal(await found({ cwd: tree(files) }), ['Dockerfile dockerfile']);
  // No .gitignore: git itself would list node_modules.
  const repo = gitRepo({ Dockerfile: '' });
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), content);
  }
  assert.equal(await found({ cwd: repo }), ['Dockerfile dockerfile']);
});

test('policy include replaces the defaults of that kind', async () => {
  const root = tree({
    'Dockerfile': '',
    'docker/api/Dockerfile': '',
    'docker/images/base.df': '',
    'run.sh': '',
    'compose.yml': '',
  });
  const include = { dockerfile: ['docker/**/Dockerfile', 'docker/images/*.df'], shell: [] };
  assert.equal(await found({ cwd: root, include }), [
    'compose.yml compose',
    'docker/api/Dockerfile dockerfile',
    'docker/images/base.df dockerfile',
  ]);
});

test('policy ignore globs apply to walked files, relative to cwd, directories included', async () => {
  const root = tree({
    'Dockerfile': '',
    'vendor/lib/Dockerfile': '',
    'test/fixtures/bad/Dockerfile': '',
    'test/fixtures/keep/Dockerfile': '',
    'third_party/x.sh': '',
    'scripts/a.sh': '',
    'scripts/b.sh': '',
  });
  const ignore = ['vendor/**', 'test/fixtures/**', '!test/fixtures/keep/**', 'third_party', 'scripts/{a,c}.sh'];
  // `test/fixtures/keep/**` cannot come back: its directory matched `test/fixtures/**`.
  assert.equal(await found({ cwd: root, ignore }), ['Dockerfile dockerfile', 'scripts/b.sh shell']);
  const repo = gitRepo({ 'Dockerfile': '', 'vendor/lib/Dockerfile': '', 'third_party/x.sh': '' });
  assert.equal(await found({ cwd: repo, ignore }), ['Dockerfile dockerfile']);
  // From a subdirectory the globs stay relative to cwd.
  assert.equal(await found({ cwd: root, paths: ['vendor'], ignore }), []);
});

test('policy ignore globs do not apply to explicit files', async () => {
  const root = tree({ 'vendor/Dockerfile': '' });
  assert.equal(await found({ cwd: root, paths: ['vendor/Dockerfile'], ignore: ['vendor/**'] }), ['vendor/Dockerfile dockerfile']);
});

test('explicit files: kind from an odd name by globs at any depth, else from the content', async () => {
  const root = tree({
    'deploy/build-image': 'FROM alpine:3.20\nRUN true\n',
    'pipeline.yml': 'stages: [build]\nbuild:\n  script:\n    - make\n',
    'stack.yml': 'services:\n  web:\n    image: nginx:1.27\n',
    'wf.yml': 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n',
    'bin/release': '#!/usr/bin/env bash\nset -eu\n',
    'image.json': '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]},"config":{}}',
    'other/.github/workflows/deploy.yml': '',
    'Dockerfile.template': 'FROM node:20\n',
  });
  const result = await run({
    cwd: root,
    paths: [
      'deploy/build-image',
      'pipeline.yml',
      'stack.yml',
      'wf.yml',
      'bin/release',
      'image.json',
      'other/.github/workflows/deploy.yml',
      join(root, 'Dockerfile.template'),
    ],
  });
  assert.equal(result.problems, []);
  assert.equal(
    result.files.map((file) => [file.path, file.kind, file.explicit]),
    [
      ['Dockerfile.template', 'dockerfile', true],
      ['bin/release', 'shell', true],
      ['deploy/build-image', 'dockerfile', true],
      ['image.json', 'image', true],
      ['other/.github/workflows/deploy.yml', 'github-workflow', true],
      ['pipeline.yml', 'gitlab-ci', true],
      ['stack.yml', 'compose', true],
      ['wf.yml', 'github-workflow', true],
    ],
  );
});

test('explicit files: the default globs still name a file the policy include no longer covers', async () => {
  const root = tree({ 'Makefile': 'all:\n\ttrue\n' });
  assert.equal(await found({ cwd: root, paths: ['Makefile'], include: { shell: ['scripts/*.sh'] } }), ['Makefile shell']);
});

test('--kind forces the kind of explicit files, not of walked ones', async () => {
  const root = tree({ 'notes.txt': 'hello\n', 'build.sh': '#!/bin/sh\n', 'dir/Dockerfile': '' });
  assert.equal(await found({ cwd: root, paths: ['notes.txt', 'build.sh', 'dir'], kind: 'dockerfile' }), [
    'build.sh dockerfile',
    'dir/Dockerfile dockerfile',
    'notes.txt dockerfile',
  ]);
  assert.equal(await found({ cwd: root, paths: ['notes.txt'], kind: 'image' }), ['notes.txt image']);
});

test('an explicit file of unknown kind and a missing path are problems', async () => {
  const root = tree({ 'notes.txt': 'hello\n', 'Dockerfile': '' });
  const result = await run({ cwd: root, paths: ['notes.txt', 'missing/Dockerfile', 'Dockerfile', 'gone'] });
  assert.equal(result.files.map((file) => file.path), ['Dockerfile']);
  assert.equal(result.problems, [
    { path: 'gone', message: '"gone" does not exist' },
    { path: 'missing/Dockerfile', message: '"missing/Dockerfile" does not exist' },
    { path: 'notes.txt', message: 'cannot tell the kind of "notes.txt"; use --kind' },
  ]);
});

test('an explicit file also found by walking is listed once, as explicit', async () => {
  const root = tree({ 'Dockerfile': '', 'sub/run.sh': '' });
  const { files, problems } = await run({ cwd: root, paths: ['.', 'Dockerfile', './Dockerfile', 'sub', root] });
  assert.equal(problems, []);
  assert.equal(
    files.map((file) => [file.path, file.explicit]),
    [
      ['Dockerfile', true],
      ['sub/run.sh', false],
    ],
  );
});

test('symlinks: loops do not hang, directories are not followed, files outside the root are skipped', async () => {
  const outside = tree({ 'Dockerfile': '' });
  for (const withGit of [false, true]) {
    const files = { 'a/Dockerfile': '', 'b/real.sh': '' };
    const root = withGit ? gitRepo(files) : tree(files);
    symlinkSync('..', join(root, 'a/loop'));
    symlinkSync(join(root, 'a'), join(root, 'linked-dir'));
    symlinkSync(join(root, 'a'), join(root, 'Dockerfile')); // a kind's name, but a directory
    symlinkSync(join(outside, 'Dockerfile'), join(root, 'b/Dockerfile'));
    symlinkSync('real.sh', join(root, 'b/alias.sh'));
    symlinkSync('missing.sh', join(root, 'b/dangling.sh'));
    symlinkSync('self.sh', join(root, 'b/self.sh'));
    assert.equal(await found({ cwd: root }), ['a/Dockerfile dockerfile', 'b/alias.sh shell', 'b/real.sh shell'], `git: ${withGit}`);
  }
});

test('an unreadable directory is a problem and the walk goes on', async () => {
  if (process.getuid?.() === 0) return; // root reads everything: nothing to observe
  const root = tree({ 'locked/Dockerfile': '', 'Dockerfile': '' });
  chmodSync(join(root, 'locked'), 0);
  const result = await run({ cwd: root });
  assert.equal(result.files.map((file) => file.path), ['Dockerfile']);
  assert.equal(result.problems, [{ path: 'locked', message: 'cannot read directory "locked": permission denied' }]);
});

const contentCases: Array<[string, string, Kind | null]> = [
  ['FROM first', 'FROM alpine:3.20\nRUN apk add curl\n', 'dockerfile'],
  ['directives and ARG before FROM', '# syntax=docker/dockerfile:1\n# comment\n\nARG BASE=node:20\nfrom ${BASE}\n', 'dockerfile'],
  ['ARG without FROM', 'ARG X=1\n', null],
  ['FROM not first', 'echo hi\nFROM alpine\n', null],
  ['sh shebang', '#!/bin/sh\necho hi\n', 'shell'],
  ['env bash shebang', '#!/usr/bin/env bash\n', 'shell'],
  ['env -S bash shebang', '#!/usr/bin/env -S bash -eu\n', 'shell'],
  ['python shebang', '#!/usr/bin/env python3\n', null],
  ['shell writing a Dockerfile', '#!/bin/bash\ncat > Dockerfile <<EOF\nFROM alpine\nEOF\n', 'shell'],
  ['workflow', 'name: ci\non:\n  push:\njobs:\n  build:\n    runs-on: ubuntu-latest\n', 'github-workflow'],
  ['workflow with quoted on', '"on": push\njobs: {}\n', 'github-workflow'],
  ['composite action', 'name: x\nruns:\n  using: composite\n  steps: []\n', 'github-workflow'],
  ['gitlab stages', 'stages:\n  - build\n', 'gitlab-ci'],
  ['gitlab job script only', 'build:\n  image: docker:27\n  script:\n    - docker build .\n', 'gitlab-ci'],
  ['gitlab with services', 'services:\n  - docker:dind\nvariables:\n  A: b\nbuild:\n  script: [make]\n', 'gitlab-ci'],
  ['compose', 'version: "3.8"\nservices:\n  web:\n    image: nginx\n', 'compose'],
  ['compose with a service named script', 'services:\n  script:\n    image: alpine\nx-common: &c {}\n', 'compose'],
  ['compose as JSON', '{"services": {"web": {"image": "nginx"}}}', 'compose'],
  ['OCI config JSON', '{"architecture":"arm64","os":"linux","rootfs":{}}', 'image'],
  ['docker image inspect JSON', '[{"Id":"sha256:x","Architecture":"amd64","RootFS":{"Type":"layers"}}]', 'image'],
  ['other JSON', '{"name":"x"}', null],
  ['k8s manifest', 'apiVersion: v1\nkind: Pod\nspec:\n  containers: []\n', null],
  ['plain text', 'hello world\n', null],
  ['binary', 'FROM\0\0\0', null],
  ['empty', '', null],
];

test('kindFromContent', () => {
  for (const [name, text, kind] of contentCases) assert.is(kindFromContent(text), kind, name);
});

function ignoredBy(gitignore: string, path: string): boolean {
  const layers: IgnoreLayer[] = [{ dir: '', prefix: '', rules: parseGitignore(gitignore) }];
  return isPathIgnored(layers, path);
}

const gitignoreCases: Array<[string, string, boolean]> = [
  ['# comment\n\n', 'x', false],
  ['\\#hash', '#hash', true],
  ['\\!bang', '!bang', true],
  ['*.log', 'a/b/c.log', true],
  ['/*.log', 'a/c.log', false],
  ['/*.log', 'c.log', true],
  ['doc/frotz', 'doc/frotz', true],
  ['doc/frotz', 'a/doc/frotz', false],
  ['frotz/', 'a/frotz/x', true],
  ['frotz/', 'a/frotz', false],
  ['**/foo', 'x/y/foo', true],
  ['a/**/b', 'a/b', true],
  ['a/**/b', 'a/x/y/b', true],
  ['abc/**', 'abc/x/y', true],
  ['*.sh\n!keep.sh', 'keep.sh', false],
  ['*.sh\n!keep.sh', 'drop.sh', true],
  ['dir/\n!dir/keep.sh', 'dir/keep.sh', true],
  ['{a,b}.sh', 'a.sh', false],
  ['{a,b}.sh', '{a,b}.sh', true],
  ['trailing.sh   ', 'trailing.sh', true],
  ['sp\\ ', 'sp ', true],
  ['*.sh\r\n', 'x.sh', true],
  ['.env*', '.env.local', true],
];

test('gitignore semantics', () => {
  for (const [gitignore, path, ignored] of gitignoreCases) {
    assert.is(ignoredBy(gitignore, path), ignored, `${JSON.stringify(gitignore)} on ${path}`);
  }
});

test('gitignore: a nested layer applies below its directory only, and wins over the outer one', () => {
  const layers: IgnoreLayer[] = [
    { dir: '', prefix: '', rules: parseGitignore('*.sh\n') },
    { dir: 'sub', prefix: '', rules: parseGitignore('!keep.sh\n/local.sh\n') },
  ];
  assert.ok(isPathIgnored(layers, 'keep.sh'));
  assert.not.ok(isPathIgnored(layers, 'sub/keep.sh'));
  assert.not.ok(isPathIgnored(layers, 'sub/deep/keep.sh'));
  assert.ok(isPathIgnored(layers, 'sub/local.sh'));
});

test('policy ignore globs: minimatch syntax, anchored, last match wins', () => {
  const layers: IgnoreLayer[] = [
    { dir: '', prefix: '', rules: compileAnchoredGlobs(['**/*.sh', '!scripts/*.sh', 'scripts/{gen,tmp}.sh', './tmp/']) },
  ];
  assert.ok(isPathIgnored(layers, 'a/b.sh'));
  assert.not.ok(isPathIgnored(layers, 'scripts/build.sh'));
  assert.ok(isPathIgnored(layers, 'scripts/gen.sh'));
  assert.ok(isPathIgnored(layers, 'tmp/Dockerfile'));
  assert.not.ok(isPathIgnored(layers, 'tmp'));
});

test.run();
