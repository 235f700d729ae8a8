import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  formatReference,
  isLatest,
  parseImageReference,
  type ImageReference,
  type RefProblem,
} from '../src/analysis/image-ref.js';

const SHA256 = '6d0f2a3b1c4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8';
const SHA512 = `${SHA256}${SHA256}`;

function parsed(text: string): ImageReference {
  const result = parseImageReference(text);
  if (!result.ok) throw new Error(`expected "${text.slice(0, 60)}" to parse, got ${result.problem}: ${result.detail}`);
  return result.ref;
}

function problemOf(text: string): RefProblem | 'ok' {
  const result = parseImageReference(text);
  return result.ok ? 'ok' : result.problem;
}

const valid: Array<{ text: string; ref: ImageReference }> = [
  {
    text: 'node',
    ref: { registry: 'docker.io', explicitRegistry: false, path: 'library/node', writtenPath: 'node', tag: null, digest: null, name: 'docker.io/library/node' },
  },
  {
    text: 'node:18',
    ref: { registry: 'docker.io', explicitRegistry: false, path: 'library/node', writtenPath: 'node', tag: '18', digest: null, name: 'docker.io/library/node' },
  },
  {
    text: 'library/node',
    ref: { registry: 'docker.io', explicitRegistry: false, path: 'library/node', writtenPath: 'library/node', tag: null, digest: null, name: 'docker.io/library/node' },
  },
  {
    text: 'docker.io/library/node:18-alpine',
    ref: { registry: 'docker.io', explicitRegistry: true, path: 'library/node', writtenPath: 'library/node', tag: '18-alpine', digest: null, name: 'docker.io/library/node' },
  },
  {
    text: 'docker.io/node',
    ref: { registry: 'docker.io', explicitRegistry: true, path: 'library/node', writtenPath: 'node', tag: null, digest: null, name: 'docker.io/library/node' },
  },
  {
    text: 'index.docker.io/acme/app',
    ref: { registry: 'docker.io', explicitRegistry: true, path: 'acme/app', writtenPath: 'acme/app', tag: null, digest: null, name: 'docker.io/acme/app' },
  },
  {
    text: 'index.docker.io/redis',
    ref: { registry: 'docker.io', explicitRegistry: true, path: 'library/redis', writtenPath: 'redis', tag: null, digest: null, name: 'docker.io/library/redis' },
  },
  {
    text: 'ghcr.io/acme/app:v1.2.3',
    ref: { registry: 'ghcr.io', explicitRegistry: true, path: 'acme/app', writtenPath: 'acme/app', tag: 'v1.2.3', digest: null, name: 'ghcr.io/acme/app' },
  },
  {
    text: 'localhost:5000/a/b:1',
    ref: { registry: 'localhost:5000', explicitRegistry: true, path: 'a/b', writtenPath: 'a/b', tag: '1', digest: null, name: 'localhost:5000/a/b' },
  },
  {
    text: 'localhost/app',
    ref: { registry: 'localhost', explicitRegistry: true, path: 'app', writtenPath: 'app', tag: null, digest: null, name: 'localhost/app' },
  },
  {
    text: 'registry:5000/x',
    ref: { registry: 'registry:5000', explicitRegistry: true, path: 'x', writtenPath: 'x', tag: null, digest: null, name: 'registry:5000/x' },
  },
  {
    text: '[::1]:5000/x:2',
    ref: { registry: '[::1]:5000', explicitRegistry: true, path: 'x', writtenPath: 'x', tag: '2', digest: null, name: '[::1]:5000/x' },
  },
  {
    text: '192.168.0.1/team/app',
    ref: { registry: '192.168.0.1', explicitRegistry: true, path: 'team/app', writtenPath: 'team/app', tag: null, digest: null, name: '192.168.0.1/team/app' },
  },
  {
    // normalize.go: a first component with uppercase letters is taken as a host.
    text: 'Acme/app:1',
    ref: { registry: 'Acme', explicitRegistry: true, path: 'app', writtenPath: 'app', tag: '1', digest: null, name: 'Acme/app' },
  },
  {
    text: `alpine@sha256:${SHA256}`,
    ref: { registry: 'docker.io', explicitRegistry: false, path: 'library/alpine', writtenPath: 'alpine', tag: null, digest: `sha256:${SHA256}`, name: 'docker.io/library/alpine' },
  },
  {
    text: `ghcr.io/acme/app:1.0@sha256:${SHA256}`,
    ref: { registry: 'ghcr.io', explicitRegistry: true, path: 'acme/app', writtenPath: 'acme/app', tag: '1.0', digest: `sha256:${SHA256}`, name: 'ghcr.io/acme/app' },
  },
  {
    text: `ab@sha512:${SHA512}`,
    ref: { registry: 'docker.io', explicitRegistry: false, path: 'library/ab', writtenPath: 'ab', tag: null, digest: `sha512:${SHA512}`, name: 'docker.io/library/ab' },
  },
  {
    // ghcr.io is not Docker Hub: one-character repositories are fine there.
    text: 'ghcr.io/r:1',
    ref: { registry: 'ghcr.io', explicitRegistry: true, path: 'r', writtenPath: 'r', tag: '1', digest: null, name: 'ghcr.io/r' },
  },
  {
    text: 'a__b',
    ref: { registry: 'docker.io', explicitRegistry: false, path: 'library/a__b', writtenPath: 'a__b', tag: null, digest: null, name: 'docker.io/library/a__b' },
  },
  {
    text: 'a--b',
    ref: { registry: 'docker.io', explicitRegistry: false, path: 'library/a--b', writtenPath: 'a--b', tag: null, digest: null, name: 'docker.io/library/a--b' },
  },
  {
    text: 'my_app/web-1.ui:Tag_1.x',
    ref: { registry: 'docker.io', explicitRegistry: false, path: 'my_app/web-1.ui', writtenPath: 'my_app/web-1.ui', tag: 'Tag_1.x', digest: null, name: 'docker.io/my_app/web-1.ui' },
  },
  {
    text: 'scratch',
    ref: { registry: 'docker.io', explicitRegistry: false, path: 'library/scratch', writtenPath: 'scratch', tag: null, digest: null, name: 'docker.io/library/scratch' },
  },
  {
    // A single component is never a host (normalize.go's fast path): 5000 is a tag.
    text: 'localhost:5000',
    ref: { registry: 'docker.io', explicitRegistry: false, path: 'library/localhost', writtenPath: 'localhost', tag: '5000', digest: null, name: 'docker.io/library/localhost' },
  },
  {
    text: `ghcr.io/${'a'.repeat(255)}`,
    ref: { registry: 'ghcr.io', explicitRegistry: true, path: 'a'.repeat(255), writtenPath: 'a'.repeat(255), tag: null, digest: null, name: `ghcr.io/${'a'.repeat(255)}` },
  },
  {
    text: `node:_${'a'.repeat(127)}`,
    ref: { registry: 'docker.io', explicitRegistry: false, path: 'library/node', writtenPath: 'node', tag: `_${'a'.repeat(127)}`, digest: null, name: 'docker.io/library/node' },
  },
];

for (const { text, ref } of valid) {
  test(`parses ${text.slice(0, 60)}`, () => {
    assert.equal(parseImageReference(text), { ok: true, ref });
  });
}

const invalid: Array<{ text: string; problem: RefProblem }> = [
  { text: '', problem: 'invalid-name' },
  { text: 'Node:18', problem: 'uppercase' },
  { text: 'ghcr.io/Acme/app:1', problem: 'uppercase' },
  { text: 'docker.io/Library/node', problem: 'uppercase' },
  { text: 'My_Team/app', problem: 'uppercase' },
  { text: 'r:7.2', problem: 'component-too-short' },
  { text: 'docker.io/r:1', problem: 'component-too-short' },
  { text: 'index.docker.io/x/y', problem: 'component-too-short' },
  { text: `a@sha256:${SHA256}`, problem: 'component-too-short' },
  { text: 'a'.repeat(256), problem: 'name-too-long' },
  { text: `ghcr.io/${'a'.repeat(256)}`, problem: 'name-too-long' },
  // Docker measures the normalised path: 'library/' + 250 characters is 258.
  { text: 'a'.repeat(250), problem: 'name-too-long' },
  { text: 'node:-x', problem: 'invalid-tag' },
  { text: 'node:.x', problem: 'invalid-tag' },
  { text: 'node:', problem: 'invalid-tag' },
  { text: `node:a${'b'.repeat(128)}`, problem: 'invalid-tag' },
  { text: 'node:a+b', problem: 'invalid-tag' },
  { text: 'node:a:b', problem: 'invalid-tag' },
  { text: `node@sha256:${SHA256.slice(1)}`, problem: 'invalid-digest' },
  { text: `node@sha256:${SHA256}0`, problem: 'invalid-digest' },
  { text: `node@sha256:${SHA256.toUpperCase()}`, problem: 'invalid-digest' },
  { text: `node@sha512:${SHA256}`, problem: 'invalid-digest' },
  { text: `node@${SHA256}`, problem: 'invalid-digest' },
  { text: `node@sha256:${'g'.repeat(64)}`, problem: 'invalid-digest' },
  { text: 'node@sha256:abc', problem: 'invalid-digest' },
  { text: 'node@', problem: 'invalid-digest' },
  { text: `node@1sha:${SHA256}`, problem: 'invalid-digest' },
  { text: 'a___b', problem: 'invalid-name' },
  { text: 'a..b', problem: 'invalid-name' },
  { text: 'a._b', problem: 'invalid-name' },
  { text: '-ab', problem: 'invalid-name' },
  { text: 'ab-', problem: 'invalid-name' },
  { text: 'a/b/', problem: 'invalid-name' },
  { text: '/ab', problem: 'invalid-name' },
  { text: 'ab//cd', problem: 'invalid-name' },
  { text: ':1', problem: 'invalid-name' },
  { text: `@sha256:${SHA256}`, problem: 'invalid-name' },
  { text: 'node 18', problem: 'invalid-name' },
  { text: ' node', problem: 'invalid-name' },
  { text: 'node\t', problem: 'invalid-name' },
  { text: 'localhost:5000/', problem: 'invalid-name' },
  { text: 'registry:port/app', problem: 'invalid-name' },
  { text: '-bad.io/app', problem: 'invalid-name' },
  { text: 'bad-.io/app', problem: 'invalid-name' },
  { text: 'bad..io/app', problem: 'invalid-name' },
  // A dotted first component is a registry, and '_' is not allowed in a host.
  { text: 'my.app_x/web', problem: 'invalid-name' },
  { text: '[::1/app', problem: 'invalid-name' },
  { text: '[fe80::1%eth0]:5000/app', problem: 'invalid-name' },
  { text: 'ab:c/de', problem: 'invalid-name' },
  { text: 'https://ghcr.io/acme/app', problem: 'invalid-name' },
  { text: SHA256, problem: 'invalid-name' },
];

for (const { text, problem } of invalid) {
  test(`rejects ${JSON.stringify(text.slice(0, 60))} as ${problem}`, () => {
    assert.is(problemOf(text), problem);
  });
}

test('a failure carries a detail that names the offending part', () => {
  const result = parseImageReference('node:-x');
  assert.equal(result, { ok: false, problem: 'invalid-tag', detail: 'tag "-x" does not match [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}' });
});

test('hostile 100 kB inputs are answered (linear-time patterns)', () => {
  const long = 'a'.repeat(100_000);
  assert.is(problemOf(`${long}!`), 'invalid-name');
  assert.is(problemOf(`${'a-'.repeat(50_000)}!`), 'invalid-name');
  assert.is(problemOf(`${'a_'.repeat(50_000)}_`), 'invalid-name');
  assert.is(problemOf(`${'a.'.repeat(50_000)}-/app`), 'invalid-name');
  assert.is(problemOf(`${'a-'.repeat(50_000)}.io/app`), 'invalid-name');
  assert.is(problemOf(`[${':'.repeat(100_000)}/app`), 'invalid-name');
  assert.is(problemOf(`node:${long}`), 'invalid-tag');
  assert.is(problemOf(`node@${'a-'.repeat(50_000)}:${SHA256}!`), 'invalid-digest');
  assert.is(problemOf(`ghcr.io/${'ab/'.repeat(33_000)}cd`), 'name-too-long');
});

const formatted: Array<{ text: string; full: string }> = [
  { text: 'node', full: 'docker.io/library/node' },
  { text: 'node:18', full: 'docker.io/library/node:18' },
  { text: 'index.docker.io/acme/app:2', full: 'docker.io/acme/app:2' },
  { text: `node:18@sha256:${SHA256}`, full: `docker.io/library/node:18@sha256:${SHA256}` },
  { text: `localhost:5000/a/b@sha256:${SHA256}`, full: `localhost:5000/a/b@sha256:${SHA256}` },
];

for (const { text, full } of formatted) {
  test(`formats ${text.slice(0, 40)} as ${full.slice(0, 40)}`, () => {
    assert.is(formatReference(parsed(text)), full);
  });
}

const latest: Array<{ text: string; latest: boolean }> = [
  { text: 'node', latest: true },
  { text: 'node:latest', latest: true },
  { text: 'ghcr.io/acme/app:latest', latest: true },
  { text: `node:latest@sha256:${SHA256}`, latest: true },
  { text: 'node:18', latest: false },
  { text: 'node:Latest', latest: false },
  { text: 'node:latest-alpine', latest: false },
  { text: `node@sha256:${SHA256}`, latest: false },
];

for (const { text, latest: expected } of latest) {
  test(`isLatest(${text.slice(0, 40)}) is ${expected}`, () => {
    assert.is(isLatest(parsed(text)), expected);
  });
}

test.run();
