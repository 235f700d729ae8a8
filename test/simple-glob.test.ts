// src/discover/simple-glob.ts matches simple globs by a regular expression of its own:
// it must agree with minimatch ({ dot: true }) on every path, the unusual ones too.
import fc from 'fast-check';
import { braceExpand, Minimatch } from 'minimatch';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_INCLUDE } from '../src/discover/default-globs.js';
import { globMatcher, simpleGlobRegExp } from '../src/discover/simple-glob.js';

const minimatch = (pattern: string, path: string): boolean => new Minimatch(pattern, { dot: true }).match(path);

/** Every default include glob, braces expanded, with each last segment alone (KindMatcher's pre-check). */
const DEFAULT_PATTERNS = [...new Set(Object.values(DEFAULT_INCLUDE).flat().flatMap((glob) => braceExpand(glob)))];
const PATTERNS = [
  ...DEFAULT_PATTERNS,
  ...DEFAULT_PATTERNS.map((pattern) => pattern.slice(pattern.lastIndexOf('/') + 1)),
  '**/dockerfile',
  'docker/**/Dockerfile',
  'deploy/*/compose.yml',
  '*',
  '.*',
  '*.*',
  'a[-_]b',
  '[.]env',
  '**/**/a',
];

test('every default include glob is simple: none needs minimatch', () => {
  for (const pattern of DEFAULT_PATTERNS) assert.ok(simpleGlobRegExp(pattern), pattern);
});

test('globs outside the simple shape are left to minimatch', () => {
  for (const pattern of ['a/**', '**', 'a/**/b', '*.{yml,yaml}', '[a-z].sh', '[!a].sh', '[^a].sh', 'a?.sh', '!a', '#a', '+(a)', 'a\\*', '/a', 'a//b', '***.sh', '', '[]', '[a']) {
    assert.is(simpleGlobRegExp(pattern), null, pattern);
  }
});

test('table: the regular expression and minimatch agree', () => {
  const paths = [
    'Dockerfile', 'Dockerfile.', 'Dockerfile.prod', 'a/Dockerfile', '.devcontainer/Dockerfile', 'x/.sh', '.sh', 'build.sh.txt',
    'compose.yml', 'compose-.yml', 'compose..yml', 'composer.yaml', 'docker-compose.prod.yaml', '.github/workflows/ci.yml',
    'sub/.github/workflows/ci.yml', '.gitlab-ci.yml', 'ci/build.gitlab-ci.yml', '.gitlab-ci.yml/x', 'Makefile', 'src/Makefile.am',
    'a//Dockerfile', '/Dockerfile', 'Dockerfile/', './Dockerfile', 'a/./Dockerfile', 'a/../Dockerfile', '.', '..', '', '.env', 'a-b', 'a.b',
  ];
  for (const pattern of PATTERNS) {
    const matcher = globMatcher(pattern);
    for (const path of paths) assert.is(matcher.match(path), minimatch(pattern, path), `${pattern} on ${JSON.stringify(path)}`);
  }
});

test('property: the regular expression and minimatch agree on generated paths', () => {
  const word = fc.constantFrom('Dockerfile', 'dockerfile', 'Containerfile', 'compose', 'docker-compose', 'action', 'workflows', '.github', 'gitlab-ci', 'Makefile', 'a', 'b', '.', '..', '-', '_', '.yml', '.yaml', '.sh', '.bash', '.Dockerfile', '.prod', '');
  const segment = fc.array(word, { minLength: 0, maxLength: 3 }).map((words) => words.join(''));
  const path = fc.array(segment, { minLength: 1, maxLength: 5 }).map((segments) => segments.join('/'));
  fc.assert(
    fc.property(fc.constantFrom(...PATTERNS), path, (pattern, candidate) => globMatcher(pattern).match(candidate) === minimatch(pattern, candidate)),
    { numRuns: 20000, seed: 20261124 },
  );
});

test.run();
