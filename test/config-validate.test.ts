// The message machinery of src/config/validate.ts on a made-up rule set (compiled with
// ajv here, as the build does), so it is tested whatever rules the registry holds.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import AjvModule from 'ajv';
import { defineRule, type AnyRule } from '../src/engine/rule.js';
import { buildPolicySchema } from '../src/config/policy-schema.js';
import { policyProblems, type PolicyValidator } from '../src/config/validate.js';
import { didYouMean, editDistance } from '../src/config/did-you-mean.js';
import { formatProblem } from '../src/config/errors.js';
import { loadPolicy } from '../src/config/load.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const Ajv = AjvModule.default;

function fakeRule(id: string, schema: Record<string, unknown>): AnyRule {
  return defineRule({
    meta: {
      id, kinds: ['dockerfile'], description: `Require ${id}.`, rationale: '', security: false,
      recommended: 'warning', strict: 'error', schema, defaults: {}, messages: { m: 'm' },
    },
    create: () => ({}),
  });
}

const FORMATS = ['url', 'semver', 'rfc3339', 'sha', 'spdx', 'email', 'text'];
const fakeRules: AnyRule[] = [
  fakeRule('labels-rule', {
    type: 'object',
    properties: {
      labels: {
        type: 'object',
        description: 'Labels.',
        additionalProperties: {
          type: 'object',
          properties: { format: { enum: FORMATS }, pattern: { type: 'string' } },
          additionalProperties: false,
        },
      },
    },
    additionalProperties: false,
  }),
  fakeRule('level-rule', {
    type: 'object',
    definitions: { level: { anyOf: [{ type: 'integer', minimum: 1 }, { enum: ['low', 'high'] }] } },
    properties: {
      level: { $ref: '#/definitions/level', description: 'Level.' },
      names: { type: 'array', items: { type: 'string' }, uniqueItems: true, description: 'Names.' },
      count: { type: 'integer', minimum: 1, description: 'Count.' },
    },
  }),
  fakeRule('bare-rule', {}),
];

const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
const validate = ajv.compile(buildPolicySchema(fakeRules)) as unknown as PolicyValidator;
const messages = (data: unknown) => policyProblems(data, 'p.yaml', { validate }).map(formatProblem);

test('a valid policy has no problems', () => {
  assert.equal(messages({ rules: { 'labels-rule': ['warn', { labels: { a: { format: 'url' } } }], 'level-rule': ['error', { level: 'low' }] } }), []);
});

test('keys that are not plain words are quoted in the path; long enum lists get a did-you-mean', () => {
  assert.equal(messages({ rules: { 'labels-rule': ['error', { labels: { 'org.opencontainers.image.source': { format: 'uri' } } }] } }), [
    'p.yaml: rules.labels-rule[1].labels["org.opencontainers.image.source"].format: invalid value "uri"; did you mean "url"?',
  ]);
});

test('unknown key in an additionalProperties schema', () => {
  assert.equal(messages({ rules: { 'labels-rule': ['error', { labels: { a: { formatt: 'url' } } }] } }), [
    'p.yaml: rules.labels-rule[1].labels.a: unexpected property "formatt"; expected one of "format", "pattern"',
  ]);
});

test('an options schema without additionalProperties is closed by the generator', () => {
  assert.equal(messages({ rules: { 'level-rule': ['error', { levle: 1 }] } }), [
    'p.yaml: rules.level-rule[1]: unexpected property "levle"; expected one of "level", "names", "count"',
  ]);
});

test('a rule without options rejects any', () => {
  assert.equal(messages({ rules: { 'bare-rule': ['error', { x: 1 }] } }), [
    'p.yaml: rules.bare-rule[1]: unexpected property "x"; expected no properties',
  ]);
});

test('anyOf inside options: the branch whose type matched explains', () => {
  assert.equal(messages({ rules: { 'level-rule': ['error', { level: 'hgh' }] } }), [
    'p.yaml: rules.level-rule[1].level: invalid value "hgh"; expected one of "low", "high"',
  ]);
  assert.equal(messages({ rules: { 'level-rule': ['error', { level: 0 }] } }), [
    'p.yaml: rules.level-rule[1].level: invalid value 0; expected a number >= 1',
  ]);
});

test('uniqueItems, minimum, type', () => {
  assert.equal(messages({ rules: { 'level-rule': ['error', { names: ['a', 'a'], count: 0 }] } }), [
    'p.yaml: rules.level-rule[1].names: items [0] and [1] are the same; expected unique items',
    'p.yaml: rules.level-rule[1].count: invalid value 0; expected a number >= 1',
  ]);
  assert.equal(messages({ rules: { 'level-rule': ['error', { names: 'a' }] } }), [
    'p.yaml: rules.level-rule[1].names: invalid value "a"; expected a list',
  ]);
});

test('options that are not an object', () => {
  assert.equal(messages({ rules: { 'level-rule': ['error', 'low'] } }), [
    'p.yaml: rules.level-rule[1]: invalid value "low"; expected an object',
  ]);
});

test('the policy itself must be an object', () => {
  assert.equal(messages(['rules']), ['p.yaml: invalid value (a list); expected an object']);
});

test('unknown rule without a close match', () => {
  assert.equal(messages({ rules: { 'no-such-thing': 'error' } }), [
    'p.yaml: rules.no-such-thing: unknown rule "no-such-thing"; expected a rule id listed by "pushgate rules"',
  ]);
});

test('extends entries must be non-empty strings', () => {
  assert.equal(messages({ extends: ['strict', 3, ''] }), [
    'p.yaml: extends[1]: invalid value 3; expected a string',
    'p.yaml: extends[2]: empty string; expected a non-empty string',
  ]);
});

test('loadPolicy runs on any rule set (the environment seam)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pushgate-config-'));
  try {
    writeFileSync(join(dir, 'p.yaml'), 'extends: strict\nrules:\n  level-rule: [warn, { level: high }]\n');
    const policy = await loadPolicy({ cwd: dir, configFile: 'p.yaml' }, { rules: fakeRules, validate });
    assert.equal(policy.rules, {
      'labels-rule': { severity: 'error', options: {} },
      'level-rule': { severity: 'warning', options: { level: 'high' } },
      'bare-rule': { severity: 'error', options: {} },
    });
    writeFileSync(join(dir, 'p.yaml'), 'rules:\n  level-rul: warn\n');
    try {
      await loadPolicy({ cwd: dir, configFile: 'p.yaml' }, { rules: fakeRules, validate });
      assert.unreachable('loaded');
    } catch (error) {
      assert.is((error as Error).message, 'p.yaml: rules.level-rul: unknown rule "level-rul"; did you mean "level-rule"?');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('editDistance counts a transposition as one edit', () => {
  assert.is(editDistance('failOn', 'faillOn'), 1);
  assert.is(editDistance('allow', 'alow'), 1);
  assert.is(editDistance('recommended', 'recomemnded'), 1);
  assert.is(editDistance('', 'abc'), 3);
  assert.is(editDistance('kitten', 'sitting'), 3);
});

test('didYouMean ignores case and refuses far-off words', () => {
  assert.is(didYouMean('FAILON', ['failOn', 'ignore']), 'failOn');
  assert.is(didYouMean('no-latest-tags', ['no-latest-tag', 'pin-actions']), 'no-latest-tag');
  assert.is(didYouMean('zzz', ['failOn', 'ignore']), undefined);
  assert.is(didYouMean('x', ['failOn']), undefined);
});

test.run();
