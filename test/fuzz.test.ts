// Property-based fuzzing (issue 7, SPEC §6): every fuzz property of test/helpers/fuzz.ts
// with a fixed, modest number of runs, so `npm test` stays quick; `npm run fuzz` runs
// the same properties for 100,000 cases. A failure prints its seed and the command
// that replays it.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  assertRangeInside,
  assertSecretAbsent,
  formatAndCheck,
  mutate,
  runProperty,
  selectedProperties,
  textLines,
  unfuzzedKinds,
} from './helpers/fuzz.js';
import { parseXml } from './helpers/xml.js';
import { buildReport } from '../src/engine/verdict.js';

/** Runs per property in `npm test` (FUZZ_TEST_RUNS overrides): ~25 properties, well under 20 s in all. */
const RUNS = Number(process.env.FUZZ_TEST_RUNS ?? 60);
const REPLAY = 'node --import tsx node_modules/uvu/bin.js test fuzz.test';

test('every kind with a parser is fuzzed', () => {
  assert.equal(unfuzzedKinds(), []);
});

test('the checks are not vacuous: positions, formats, secrets, XML', () => {
  const lines = textLines('ab\r\ncd\rlast');
  assert.equal(lines, ['ab', 'cd', 'last']);
  assertRangeInside({ line: 3, column: 1, endLine: 3, endColumn: 5 }, lines, 'ok');
  for (const bad of [
    { line: 0, column: 1, endLine: 1, endColumn: 1 },
    { line: 4, column: 1, endLine: 4, endColumn: 1 },
    { line: 1, column: 4, endLine: 1, endColumn: 4 },
    { line: 2, column: 2, endLine: 2, endColumn: 1 },
    { line: 2, column: 1, endLine: 1, endColumn: 1 },
    { line: 1, column: 1.5, endLine: 1, endColumn: 2 },
  ]) {
    assert.throws(() => assertRangeInside(bad, lines, 'bad'), /bad:/, JSON.stringify(bad));
  }
  assert.throws(() => assertSecretAbsent('ghp_0123456789abcdefXYZ', { json: 'x ghp_0123456789abcdefXYZ y' }), /planted secret/);
  assert.throws(() => assertSecretAbsent('ghp_0123456789abcdefXYZ', { json: '"…56789abcde…"' }), /part of the planted secret/);
  assert.not.throws(() => assertSecretAbsent('ghp_0123456789abcdefXYZ', { json: 'ghp_…' }));
  assert.throws(() => parseXml('<a>\uD800</a>'), /lone surrogate/);
  const empty = buildReport([], { failOn: 'error', fileCount: 0 });
  assert.ok(formatAndCheck(empty)['json']?.includes('"verdict": "pass"') || formatAndCheck(empty)['json']?.includes('"verdict":"pass"'));
});

test('mutations: line and byte edits, positions taken modulo the size', () => {
  const seed = 'a\nb\nc';
  assert.is(mutate(seed, [{ op: 'insertLine', at: 4, text: 'X' }]), 'a\nX\nb\nc');
  assert.is(mutate(seed, [{ op: 'deleteLine', at: 2 }]), 'a\nb');
  assert.is(mutate(seed, [{ op: 'duplicateLine', at: 0, times: 2 }]), 'a\na\na\nb\nc');
  assert.is(mutate(seed, [{ op: 'insertText', at: 1, text: '\u0000' }]), 'a\u0000\nb\nc');
  assert.is(mutate(seed, [{ op: 'lineEnds', ending: '\r' }, { op: 'bom' }]), '\uFEFFa\rb\rc');
  assert.is(mutate(seed, [{ op: 'indent', at: 1, depth: 3, tab: false }]), 'a\n   b\nc');
  assert.is(mutate(seed, [{ op: 'truncate', at: 3 }]), 'a\nb');
});

for (const property of selectedProperties()) {
  test(`fuzz: ${property.name}`, () => {
    const outcome = runProperty(property, { numRuns: RUNS, replayCommand: REPLAY });
    if (outcome.failure) assert.unreachable(outcome.failure);
    assert.is(outcome.runs, RUNS);
  });
}

test.run();
