// One way to test a rule: static valid/invalid tables with exact ids and positions.
// Valid cases must produce no finding at all — parse errors included.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Ajv } from 'ajv';
import type { AnyRule } from '../../src/engine/rule.js';
import type { BuildFacts } from '../../src/models/file.js';
import type { Kind } from '../../src/models/nodes.js';
import { parseFile } from '../../src/parsers/index.js';
import { runRules, type ActiveRule } from '../../src/engine/runner.js';
import { getRule } from '../../src/engine/registry.js';
import { applyFixes } from '../../src/engine/fix.js';

export interface ValidCase {
  name?: string;
  code: string;
  options?: Record<string, unknown>;
  kind?: Kind;
  filename?: string;
  builds?: BuildFacts[];
  /** Files visible to the rule through `context.readFile`, by path relative to cwd. */
  files?: Record<string, string>;
  today?: string;
}

export interface ExpectedFinding {
  messageId: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** Substring the rendered message must contain. */
  message?: string;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
  /** The code after applying every fix the findings offer (omit when no fix is expected; null asserts none). */
  output?: string | null;
}

const ajv = new Ajv({ allErrors: true, strict: false });

export function ruleTester(rule: AnyRule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  const id = rule.meta.id;
  const validate = ajv.compile(rule.meta.schema);
  const lint = (c: ValidCase) => {
    if (c.options && !validate(c.options)) {
      throw new Error(`options of case ${JSON.stringify(c.name ?? c.code)} fail the schema: ${ajv.errorsText(validate.errors)}`);
    }
    const kind = c.kind ?? rule.meta.kinds[0] ?? 'dockerfile';
    const path = c.filename ?? defaultFilename(kind);
    const model = parseFile(kind, path, c.code, { buildArgs: Object.assign({}, ...(c.builds ?? []).map((b) => b.buildArgs)) });
    const active: ActiveRule[] = [{ rule, severity: 'error', options: c.options ?? {} }];
    const parseError = getRule('parse-error');
    if (parseError && id !== 'parse-error') active.push({ rule: parseError, severity: 'error', options: {} });
    const files = c.files ?? {};
    return runRules(model, active, {
      cwd: '/virtual',
      today: c.today ?? '2026-01-01',
      builds: c.builds ?? [],
      readFile: (p) => (Object.prototype.hasOwnProperty.call(files, p) ? (files[p] as string) : null),
      text: c.code,
    });
  };

  for (const c of cases.valid) {
    test(`${id} valid: ${c.name ?? c.code}`, () => {
      const findings = lint(c);
      assert.equal(findings.map((f) => `${f.ruleId}:${f.messageId}@${f.line}:${f.column} ${f.message}`), []);
    });
  }
  for (const c of cases.invalid) {
    test(`${id} invalid: ${c.name ?? c.code}`, () => {
      assert.ok(c.errors.length > 0, 'an invalid case must expect at least one finding');
      const findings = lint(c).sort((a, b) => a.line - b.line || a.column - b.column);
      assert.equal(
        findings.map((f) => ({ ruleId: f.ruleId, messageId: f.messageId, line: f.line, column: f.column })),
        c.errors.map((e) => ({ ruleId: id, messageId: e.messageId, line: e.line, column: e.column })),
      );
      c.errors.forEach((expected, i) => {
        const actual = findings[i];
        if (!actual) return;
        if (expected.endLine !== undefined) assert.is(actual.endLine, expected.endLine);
        if (expected.endColumn !== undefined) assert.is(actual.endColumn, expected.endColumn);
        if (expected.message !== undefined) assert.ok(actual.message.includes(expected.message), `message "${actual.message}" lacks "${expected.message}"`);
        // `${{ … }}` is a GitHub expression quoted from the file, not a template placeholder.
        assert.not.match(actual.message, /(^|[^$])\{\{/, 'message has an unfilled placeholder');
      });
      const fixes = findings.flatMap((f) => (f.fix ? [f.fix] : []));
      if (c.output === null) assert.is(fixes.length, 0, 'expected no fix');
      else if (c.output !== undefined) assert.fixture(applyFixes(c.code, fixes).text, c.output);
      else assert.is(fixes.length, 0, 'the case offers a fix: state the expected `output`');
    });
  }
  test.run();
}

function defaultFilename(kind: Kind): string {
  switch (kind) {
    case 'dockerfile': return 'Dockerfile';
    case 'github-workflow': return '.github/workflows/ci.yml';
    case 'gitlab-ci': return '.gitlab-ci.yml';
    case 'compose': return 'compose.yaml';
    case 'shell': return 'script.sh';
    case 'image': return 'image.json';
  }
}
