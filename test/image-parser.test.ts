// The image parser and its positioned JSON reader: configs and `docker image inspect`
// output lowered onto the normalised nodes, findings at the JSON value's line and
// column, envelopes (non-file sources) at 1:1, broken input as parse errors.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJsonWithPositions, member, rangeInString, toPlain, MAX_JSON_DEPTH } from '../src/parsers/json-positions.js';
import { parseImage } from '../src/parsers/image.js';
import { encodeFacts, encodeProblem, type ImageFacts } from '../src/image/facts.js';
import { lintTargets } from '../src/engine/lint.js';
import { loadPolicy } from '../src/config/load.js';
import type { ImageConfigNode } from '../src/models/nodes.js';

const FIXTURES = new URL('../fixtures/image/', import.meta.url).pathname;

async function lint(path: string, text: string): Promise<string[]> {
  const policy = await loadPolicy({ cwd: FIXTURES, noConfig: true });
  const [result] = lintTargets([{ path, kind: 'image', text }], { cwd: FIXTURES, policy, today: '2026-01-01' });
  return (result?.findings ?? []).map((f) => `${f.line}:${f.column} ${f.ruleId} ${f.messageId}`);
}

test('JSON reader: positions of values, keys and escaped strings', () => {
  const text = '{\n  "a": [1, true, null],\n  "b\\u0041": "x\\"y=z"\n}';
  const parsed = parseJsonWithPositions(text);
  assert.ok(parsed.ok);
  if (!parsed.ok) return;
  const a = member(parsed.value, 'a');
  assert.equal(a?.range, { line: 2, column: 8, endLine: 2, endColumn: 23 });
  const b = member(parsed.value, 'bA');
  assert.is(b?.kind, 'string');
  if (b?.kind !== 'string') return;
  assert.is(b.value, 'x"y=z');
  // `=z` sits after the escaped quote: columns follow the source, not the decoded value.
  assert.equal(rangeInString(b, 3, 5), { line: 3, column: 19, endLine: 3, endColumn: 21 });
  assert.equal(toPlain(parsed.value), { a: [1, true, null], bA: 'x"y=z' });
});

test('JSON reader: syntax errors carry their position; nesting is capped; __proto__ is data', () => {
  const bad = parseJsonWithPositions('{\n  "a": 1,\n  "b" 2\n}');
  assert.equal(bad.ok ? null : bad.error, { message: 'invalid JSON: unexpected "2"; expected ":"', line: 3, column: 7 });
  const unterminated = parseJsonWithPositions('[\n"abc');
  assert.equal(unterminated.ok ? null : [unterminated.error.line, unterminated.error.column], [2, 1]);
  const deep = parseJsonWithPositions('['.repeat(MAX_JSON_DEPTH + 2));
  assert.ok(!deep.ok && deep.error.message.includes('nesting deeper'));
  const proto = parseJsonWithPositions('{"__proto__": {"polluted": true}}');
  assert.ok(proto.ok);
  if (proto.ok) {
    const plain = toPlain(proto.value) as Record<string, unknown>;
    assert.is(Object.getPrototypeOf(plain), Object.prototype);
    assert.equal(Object.keys(plain), ['__proto__']);
    assert.is(({} as Record<string, unknown>).polluted, undefined);
  }
});

test('OCI config file: every image rule points at the JSON value', async () => {
  const text = readFileSync(join(FIXTURES, 'config.json'), 'utf8');
  assert.equal(await lint('config.json', text), [
    '5:13 require-labels imageMissing',
    '6:14 require-non-root-user imageRoot',
    '9:20 no-hardcoded-credentials env',
    '13:44 require-labels badFormat',
    '14:8 valid-label-keys uppercase',
    '20:56 no-hardcoded-credentials script',
  ]);
  const image = parseImage('config.json', text).nodes.find((n): n is ImageConfigNode => n.type === 'imageConfig');
  assert.is(image?.platform, 'linux/arm64/v8');
  assert.equal(image?.platforms, ['linux/arm64/v8']);
  assert.equal(image?.cmd, ['/app']);
  assert.is(image?.history.length, 2);
  assert.is(image?.size, null);
});

test('docker image inspect output: RepoTags, Size, empty User', async () => {
  const text = readFileSync(join(FIXTURES, 'inspect.json'), 'utf8');
  assert.equal(await lint('inspect.json', text), [
    '6:8 no-latest-tag publishesLatest',
    '12:15 require-labels imageMissing',
    '12:15 require-labels imageMissing',
    '12:15 require-labels imageMissing',
    '13:15 require-non-root-user imageMissing',
  ]);
  const image = parseImage('inspect.json', text).nodes.find((n): n is ImageConfigNode => n.type === 'imageConfig');
  assert.is(image?.source, 'inspect-file');
  assert.is(image?.size, 52428800);
  assert.equal(image?.repoTags, ['ghcr.io/acme/app:1.4.2', 'ghcr.io/acme/app:latest']);
  assert.is(image?.digest, `sha256:${'1'.repeat(64)}`);
});

test('malformed JSON and non-image JSON are parse errors at their position', async () => {
  assert.equal(await lint('broken.json', '{\n  "config": {\n    "User": "1",\n  }\n}\n'), ['4:3 parse-error parseError']);
  assert.equal(await lint('other.json', '\n  {"name": "package"}'), ['2:3 parse-error parseError']);
  assert.equal(await lint('number.json', '42'), ['1:1 parse-error parseError']);
});

const facts = (overrides: Partial<ImageFacts> = {}): ImageFacts => ({
  source: 'registry',
  document: { os: 'linux', architecture: 'amd64', config: { User: '0', Env: ['DB_PASSWORD=hunter2hunter2'] }, history: [{ created_by: 'ENV DB_PASSWORD=hunter2hunter2' }] },
  references: ['127.0.0.1:5000/acme/app:latest'],
  digest: `sha256:${'2'.repeat(64)}`,
  size: 10,
  platform: 'linux/amd64',
  platforms: ['linux/amd64'],
  ...overrides,
});

test('envelopes (registry, archives, engines): findings at 1:1, fingerprints independent of content', async () => {
  const findings = await lint('registry://127.0.0.1:5000/acme/app:latest', encodeFacts(facts()));
  assert.equal(findings, [
    '1:1 no-hardcoded-credentials env',
    '1:1 no-hardcoded-credentials script',
    '1:1 no-latest-tag publishesLatest',
    '1:1 require-labels imageMissing',
    '1:1 require-labels imageMissing',
    '1:1 require-labels imageMissing',
    '1:1 require-non-root-user imageRoot',
  ]);
  const policy = await loadPolicy({ cwd: FIXTURES, noConfig: true });
  const fingerprints = (f: ImageFacts) => lintTargets([{ path: 'x', kind: 'image', text: encodeFacts(f) }], { cwd: FIXTURES, policy })[0]?.findings.map((x) => x.fingerprint);
  assert.equal(fingerprints(facts()), fingerprints(facts({ size: 99, digest: null })));
});

test('an envelope carrying a content problem is one parse-error at 1:1', async () => {
  assert.equal(await lint('x.tar', encodeProblem('broken tar archive (bad header checksum)')), ['1:1 parse-error parseError']);
});

test.run();
