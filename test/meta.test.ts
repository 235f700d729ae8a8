// Keeps the registry, rules/ folders, rule READMEs, the README rules table,
// rule tests and the policy schema in step: a rule cannot land half-documented.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { rules } from '../src/engine/registry.js';

const root = new URL('..', import.meta.url).pathname;
const ids = rules.map((r) => r.meta.id);
const ENGINE_RULES = new Set(['parse-error', 'unused-suppression']);

test('registry ids are unique, kebab-case and sorted', () => {
  assert.equal([...new Set(ids)], ids);
  for (const id of ids) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
  assert.equal([...ids].sort(), ids);
});

test('every rules/ folder is registered and every registered rule has a folder', () => {
  const folders = readdirSync(`${root}rules`, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  assert.equal(folders, [...ids].sort());
});

test('every rule has a README that starts with its id and description and lists its presets', () => {
  for (const rule of rules) {
    const path = `${root}rules/${rule.meta.id}/README.md`;
    assert.ok(existsSync(path), `${path} is missing`);
    const text = readFileSync(path, 'utf8');
    assert.ok(text.startsWith(`# ${rule.meta.id}\n`), `${rule.meta.id}: README must start with "# ${rule.meta.id}"`);
    assert.ok(text.includes(rule.meta.description), `${rule.meta.id}: README must quote meta.description`);
    assert.ok(text.includes(`**recommended:** ${rule.meta.recommended}`), `${rule.meta.id}: README recommended severity differs from meta`);
    assert.ok(text.includes(`**strict:** ${rule.meta.strict}`), `${rule.meta.id}: README strict severity differs from meta`);
    for (const heading of ['## Why', '## Options']) assert.ok(text.includes(heading), `${rule.meta.id}: README lacks "${heading}"`);
  }
});

test('every rule has a description in the imperative, messages, and an options schema with described properties', () => {
  for (const rule of rules) {
    assert.match(rule.meta.description, /^(Disallow|Require|Report|Enforce|Limit)\b/, rule.meta.id);
    assert.ok(Object.keys(rule.meta.messages).length > 0, `${rule.meta.id}: no messages`);
    const properties = (rule.meta.schema.properties ?? {}) as Record<string, { description?: string }>;
    for (const [name, schema] of Object.entries(properties)) {
      assert.ok(schema.description, `${rule.meta.id}: option ${name} has no description`);
    }
    assert.is(rule.meta.schema.additionalProperties, false, `${rule.meta.id}: options schema must reject unknown keys`);
  }
});

test('every rule except the engine-reported ones has a rule test file', () => {
  for (const id of ids) {
    if (ENGINE_RULES.has(id)) continue;
    assert.ok(existsSync(`${root}test/rule-${id}.test.ts`), `test/rule-${id}.test.ts is missing`);
  }
});

test('the README rules table lists exactly the registered rules with their preset severities', () => {
  const readme = readFileSync(`${root}README.md`, 'utf8');
  const rows = [...readme.matchAll(/^\| \[`([a-z0-9-]+)`\]\(rules\/\1\/README\.md\) \| ([^|]+) \| (E|W|-) \| (E|W|-) \|/gm)];
  const table = rows.map((m) => m[1]);
  assert.equal(table, ids, 'README rules table ids (in order) differ from the registry');
  const short = (s: string) => (s === 'error' ? 'E' : s === 'warning' ? 'W' : '-');
  for (const row of rows) {
    const rule = rules.find((r) => r.meta.id === row[1]);
    assert.ok(rule);
    assert.is(row[3], short(rule.meta.recommended), `${row[1]}: recommended`);
    assert.is(row[4], short(rule.meta.strict), `${row[1]}: strict`);
  }
});

test('the committed policy schema names every rule', () => {
  const schema = readFileSync(`${root}schemas/policy.schema.json`, 'utf8');
  for (const id of ids) assert.ok(schema.includes(`"${id}"`), `schemas/policy.schema.json lacks ${id}; run npm run build`);
});

test.run();
