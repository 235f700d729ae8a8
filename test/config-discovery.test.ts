// Where loadPolicy looks for a policy: from the target upward, stopping at the
// repository root. Each test builds its own temporary tree (with `git init`).

import { tempTree } from './helpers/temp-tree.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadPolicy } from '../src/config/index.js';

const temps: string[] = [];

/** A temporary tree from `{ 'path/to/file': 'content' }`; directories ending in `/` are created empty. */
function tree(files: Record<string, string>, gitRepos: string[] = []): string {
  const root = tempTree('pushgate-config-', files, temps);
  for (const repo of gitRepos) {
    mkdirSync(join(root, repo), { recursive: true });
    execFileSync('git', ['init', '-q', join(root, repo)]);
  }
  return root;
}

test.after(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

test('a policy in the repository root is found from a subdirectory', async () => {
  const root = tree({ '.pushgaterc.yaml': 'failOn: warning\n', 'a/b/Dockerfile': 'FROM x\n' }, ['.']);
  const withRoot = await loadPolicy({ cwd: root, searchFrom: join(root, 'a/b'), repoRoot: root });
  assert.is(withRoot.source, join(root, '.pushgaterc.yaml'));
  assert.is(withRoot.failOn, 'warning');
  const detected = await loadPolicy({ cwd: join(root, 'a'), searchFrom: join(root, 'a/b') });
  assert.is(detected.source, join(root, '.pushgaterc.yaml'), 'repository root found through .git');
});

test('a policy above the repository root is not found', async () => {
  const root = tree({ '.pushgaterc.yaml': 'failOn: never\n', 'repo/sub/': '' }, ['repo']);
  const repo = join(root, 'repo');
  const given = await loadPolicy({ cwd: repo, searchFrom: join(repo, 'sub'), repoRoot: repo });
  assert.is(given.source, null);
  assert.is(given.failOn, 'error', 'recommended');
  const detected = await loadPolicy({ cwd: repo, searchFrom: join(repo, 'sub') });
  assert.is(detected.source, null, 'the .git directory stops the walk');
  const outside = await loadPolicy({ cwd: repo, searchFrom: join(repo, 'sub'), repoRoot: null });
  assert.is(outside.source, join(root, '.pushgaterc.yaml'), 'repoRoot null: no repository, walk to the filesystem root');
});

test('the nearest policy wins', async () => {
  const root = tree({ '.pushgaterc.yaml': 'failOn: never\n', 'svc/.pushgaterc.json': '{ "failOn": "warning" }\n' }, ['.']);
  const policy = await loadPolicy({ cwd: root, searchFrom: join(root, 'svc'), repoRoot: root });
  assert.is(policy.source, join(root, 'svc/.pushgaterc.json'));
  assert.is(policy.failOn, 'warning');
});

test('package.json#pushgate', async () => {
  const root = tree({ 'package.json': JSON.stringify({ name: 'app', pushgate: { failOn: 'warning' } }) }, ['.']);
  const policy = await loadPolicy({ cwd: root, repoRoot: root });
  assert.is(policy.source, join(root, 'package.json'));
  assert.is(policy.failOn, 'warning');
});

test('a package.json that only depends on pushgate is not a policy', async () => {
  const root = tree({
    'package.json': JSON.stringify({ name: 'app', devDependencies: { pushgate: '^1.0.0' } }),
    '.pushgaterc.yml': 'failOn: never\n',
    'web/package.json': JSON.stringify({ name: 'web', devDependencies: { pushgate: '^1.0.0' } }),
  }, ['.']);
  const same = await loadPolicy({ cwd: root, repoRoot: root });
  assert.is(same.source, join(root, '.pushgaterc.yml'), 'next candidate in the same directory');
  const parent = await loadPolicy({ cwd: root, searchFrom: join(root, 'web'), repoRoot: root });
  assert.is(parent.source, join(root, '.pushgaterc.yml'), 'search goes on upward');
});

test('search order within a directory: package.json, .pushgaterc, .json, .yaml, …, pushgate.config.*', async () => {
  const root = tree({
    '.pushgaterc.yaml': 'failOn: never\n',
    '.pushgaterc.json': '{ "failOn": "warning" }',
    'pushgate.config.mjs': 'export default { failOn: "never" };\n',
  }, ['.']);
  const policy = await loadPolicy({ cwd: root, repoRoot: root });
  assert.is(policy.source, join(root, '.pushgaterc.json'));
});

test('.pushgaterc without extension holds YAML or JSON', async () => {
  const yaml = tree({ '.pushgaterc': 'failOn: warning\n' }, ['.']);
  assert.is((await loadPolicy({ cwd: yaml, repoRoot: yaml })).failOn, 'warning');
  const json = tree({ '.pushgaterc': '{ "failOn": "never" }\n' }, ['.']);
  assert.is((await loadPolicy({ cwd: json, repoRoot: json })).failOn, 'never');
});

test('pushgate.config.mjs', async () => {
  const root = tree({ 'pushgate.config.mjs': 'export default { extends: "strict" };\n' }, ['.']);
  const policy = await loadPolicy({ cwd: root, repoRoot: root });
  assert.is(policy.source, join(root, 'pushgate.config.mjs'));
  assert.is(policy.rules['require-multi-stage']?.severity, 'error');
});

test('a file as the search start searches from its directory', async () => {
  const root = tree({ '.pushgaterc.yaml': 'failOn: warning\n', 'docker/Dockerfile': 'FROM x\n' }, ['.']);
  const policy = await loadPolicy({ cwd: root, searchFrom: join(root, 'docker/Dockerfile'), repoRoot: root });
  assert.is(policy.source, join(root, '.pushgaterc.yaml'));
});

test('--config loads exactly that file, relative to cwd, with no search', async () => {
  const root = tree({ '.pushgaterc.yaml': 'failOn: never\n', 'policies/ci.yaml': 'failOn: warning\n' }, ['.']);
  const policy = await loadPolicy({ cwd: root, configFile: 'policies/ci.yaml', repoRoot: root });
  assert.is(policy.source, join(root, 'policies/ci.yaml'));
  assert.is(policy.failOn, 'warning');
  try {
    await loadPolicy({ cwd: root, configFile: 'policies/missing.yaml' });
    assert.unreachable('missing --config file loaded');
  } catch (error) {
    assert.is((error as Error).message, 'policies/missing.yaml: config file not found');
  }
});

test('--no-config ignores the policy files around', async () => {
  const root = tree({ '.pushgaterc.yaml': 'failOn: never\nrules: { no-latest-tag: off }\n' }, ['.']);
  const policy = await loadPolicy({ cwd: root, noConfig: true, repoRoot: root });
  assert.is(policy.source, null);
  assert.is(policy.failOn, 'error');
  assert.is(policy.rules['no-latest-tag']?.severity, 'error');
});

test('a config error outside cwd names the file by its absolute path', async () => {
  const root = tree({ '.pushgaterc.yaml': 'rules:\n  no-latest-tags: error\n', 'a/': '' }, ['.']);
  try {
    await loadPolicy({ cwd: join(root, 'a'), repoRoot: root });
    assert.unreachable('loaded');
  } catch (error) {
    assert.is(
      (error as Error).message,
      `${join(root, '.pushgaterc.yaml')}: rules.no-latest-tags: unknown rule "no-latest-tags"; did you mean "no-latest-tag"?`,
      'outside cwd: absolute',
    );
  }
});

test.run();
