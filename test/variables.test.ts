import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { containsReference, referencedVariables, substitute, type Substitution } from '../src/analysis/variables.js';

const values: Record<string, string> = {
  REGISTRY: 'ghcr.io/acme',
  IMG: 'node',
  TAG: '18',
  EMPTY: '',
  ONE: 'first',
};
const lookup = (name: string): string | undefined => values[name];

const cases: Array<{ input: string; escape?: '\\' | '`'; expected: Substitution }> = [
  // Plain text: no variables, the whole input is the literal suffix.
  { input: 'node:18', expected: { text: 'node:18', unresolved: false, literalSuffix: 'node:18', hasVariables: false } },
  { input: '', expected: { text: '', unresolved: false, literalSuffix: '', hasVariables: false } },
  // $NAME and ${NAME}.
  { input: '$IMG:$TAG', expected: { text: 'node:18', unresolved: false, literalSuffix: '', hasVariables: true } },
  { input: '${REGISTRY}/app:${TAG}-alpine', expected: { text: 'ghcr.io/acme/app:18-alpine', unresolved: false, literalSuffix: '-alpine', hasVariables: true } },
  { input: '$IMG.x', expected: { text: 'node.x', unresolved: false, literalSuffix: '.x', hasVariables: true } },
  { input: '${EMPTY}app', expected: { text: 'app', unresolved: false, literalSuffix: 'app', hasVariables: true } },
  // Unresolved variables stay as written.
  { input: '$REGISTRY_X/app:latest', expected: { text: '$REGISTRY_X/app:latest', unresolved: true, literalSuffix: '/app:latest', hasVariables: true } },
  { input: '${IMAGE}', expected: { text: '${IMAGE}', unresolved: true, literalSuffix: '', hasVariables: true } },
  { input: '$IMG:$MISSING', expected: { text: 'node:$MISSING', unresolved: true, literalSuffix: '', hasVariables: true } },
  // Defaults: `:-` applies when unset or empty, `-` only when unset.
  { input: '${MISSING:-node}:${TAG:-20}', expected: { text: 'node:18', unresolved: false, literalSuffix: '', hasVariables: true } },
  { input: '${EMPTY:-alpine}', expected: { text: 'alpine', unresolved: false, literalSuffix: '', hasVariables: true } },
  { input: '${EMPTY-alpine}', expected: { text: '', unresolved: false, literalSuffix: '', hasVariables: true } },
  { input: '${MISSING-alpine}', expected: { text: 'alpine', unresolved: false, literalSuffix: '', hasVariables: true } },
  { input: '${MISSING:-}', expected: { text: '', unresolved: false, literalSuffix: '', hasVariables: true } },
  // The default word may itself hold variables.
  { input: '${MISSING:-$REGISTRY/app}:1', expected: { text: 'ghcr.io/acme/app:1', unresolved: false, literalSuffix: ':1', hasVariables: true } },
  { input: '${MISSING:-${OTHER:-$IMG}}:${TAG}', expected: { text: 'node:18', unresolved: false, literalSuffix: '', hasVariables: true } },
  { input: '${MISSING:-$OTHER}', expected: { text: '$OTHER', unresolved: true, literalSuffix: '', hasVariables: true } },
  // An unused word does not make the result unresolved.
  { input: '${IMG:-$OTHER}', expected: { text: 'node', unresolved: false, literalSuffix: '', hasVariables: true } },
  // Alternatives: `:+` when set and non-empty, `+` when set.
  { input: 'app${TAG:+:$TAG}', expected: { text: 'app:18', unresolved: false, literalSuffix: '', hasVariables: true } },
  { input: 'app${EMPTY:+:x}', expected: { text: 'app', unresolved: false, literalSuffix: '', hasVariables: true } },
  { input: 'app${EMPTY+:x}', expected: { text: 'app:x', unresolved: false, literalSuffix: '', hasVariables: true } },
  { input: 'app${MISSING+:x}', expected: { text: 'app', unresolved: false, literalSuffix: '', hasVariables: true } },
  { input: 'app${MISSING:+$OTHER}', expected: { text: 'app', unresolved: false, literalSuffix: '', hasVariables: true } },
  // `?` yields the value when there is one and is otherwise unresolved.
  { input: '${TAG:?tag required}', expected: { text: '18', unresolved: false, literalSuffix: '', hasVariables: true } },
  { input: '${MISSING:?tag required}', expected: { text: '${MISSING:?tag required}', unresolved: true, literalSuffix: '', hasVariables: true } },
  // Other operators are not evaluated.
  { input: '${IMG#no}', expected: { text: '${IMG#no}', unresolved: true, literalSuffix: '', hasVariables: true } },
  { input: '${IMG%e}:1', expected: { text: '${IMG%e}:1', unresolved: true, literalSuffix: ':1', hasVariables: true } },
  { input: '${IMG/n/m}', expected: { text: '${IMG/n/m}', unresolved: true, literalSuffix: '', hasVariables: true } },
  { input: '${#IMG}', expected: { text: '${#IMG}', unresolved: true, literalSuffix: '', hasVariables: true } },
  { input: '${IMG:0:2}', expected: { text: '${IMG:0:2}', unresolved: true, literalSuffix: '', hasVariables: true } },
  { input: '${}x', expected: { text: '${}x', unresolved: true, literalSuffix: 'x', hasVariables: true } },
  // Unterminated expressions are unresolved, never an exception.
  { input: 'app:${TAG', expected: { text: 'app:${TAG', unresolved: true, literalSuffix: '', hasVariables: true } },
  { input: '${MISSING:-node', expected: { text: '${MISSING:-node', unresolved: true, literalSuffix: '', hasVariables: true } },
  { input: '${', expected: { text: '${', unresolved: true, literalSuffix: '', hasVariables: true } },
  { input: '$(git rev-parse', expected: { text: '$(git rev-parse', unresolved: true, literalSuffix: '', hasVariables: true } },
  { input: '${{ github.sha', expected: { text: '${{ github.sha', unresolved: true, literalSuffix: '', hasVariables: true } },
  // A backslash escapes the dollar; `$` before a non-name character is literal.
  { input: '\\$IMG', expected: { text: '$IMG', unresolved: false, literalSuffix: '\\$IMG', hasVariables: false } },
  { input: '\\\\$IMG', expected: { text: '\\node', unresolved: false, literalSuffix: '', hasVariables: true } },
  { input: 'a\\b', expected: { text: 'a\\b', unresolved: false, literalSuffix: 'a\\b', hasVariables: false } },
  { input: 'cost: 5$ or $-', expected: { text: 'cost: 5$ or $-', unresolved: false, literalSuffix: 'cost: 5$ or $-', hasVariables: false } },
  { input: 'end$', expected: { text: 'end$', unresolved: false, literalSuffix: 'end$', hasVariables: false } },
  // With the backtick escape (`# escape=``), the backtick escapes and a backslash is plain text.
  { input: '`$IMG:$TAG', escape: '`', expected: { text: '$IMG:18', unresolved: false, literalSuffix: '', hasVariables: true } },
  { input: '\\$IMG', escape: '`', expected: { text: '\\node', unresolved: false, literalSuffix: '', hasVariables: true } },
  // GitHub expressions and command substitutions are never resolved.
  { input: '${{ env.IMAGE }}:1.0', expected: { text: '${{ env.IMAGE }}:1.0', unresolved: true, literalSuffix: ':1.0', hasVariables: true } },
  { input: 'app:$(git rev-parse --short HEAD)', expected: { text: 'app:$(git rev-parse --short HEAD)', unresolved: true, literalSuffix: '', hasVariables: true } },
  { input: 'app:$((1 + 2))-x', expected: { text: 'app:$((1 + 2))-x', unresolved: true, literalSuffix: '-x', hasVariables: true } },
  // Positional parameters are one digit, as in sh.
  { input: '$1', expected: { text: '$1', unresolved: true, literalSuffix: '', hasVariables: true } },
  { input: '${12}x', expected: { text: '${12}x', unresolved: true, literalSuffix: 'x', hasVariables: true } },
];

for (const { input, escape, expected } of cases) {
  test(`substitute ${JSON.stringify(input)}${escape ? ' (escape `)' : ''}`, () => {
    assert.equal(substitute(input, lookup, escape), expected);
  });
}

test('literalSuffix keeps a literal :latest after an unresolved registry', () => {
  assert.is(substitute('$REGISTRY/app:latest', () => undefined).literalSuffix, '/app:latest');
  assert.is(substitute('${IMG}', () => undefined).literalSuffix, '');
});

test('positional parameters are looked up by their digit', () => {
  assert.equal(substitute('$10', (name) => (name === '1' ? 'one' : undefined)), {
    text: 'one0',
    unresolved: false,
    literalSuffix: '0',
    hasVariables: true,
  });
});

test('hostile nesting and long inputs are answered without throwing', () => {
  const deep = '${A:-'.repeat(50_000);
  assert.equal(substitute(deep, () => undefined), { text: deep, unresolved: true, literalSuffix: '', hasVariables: true });
  const closed = `${'${A:-'.repeat(50_000)}x${'}'.repeat(50_000)}`;
  const result = substitute(closed, () => undefined);
  assert.is(result.unresolved, true);
  assert.is(result.literalSuffix, '');
  assert.is(substitute('$('.repeat(50_000), () => undefined).unresolved, true);
  assert.is(substitute('${{'.repeat(50_000), () => undefined).unresolved, true);
  assert.is(substitute('$A'.repeat(50_000), () => 'x').text, 'x'.repeat(50_000));
});

const referenced: Array<{ input: string; names: string[] }> = [
  { input: 'node:18', names: [] },
  { input: '$REGISTRY/$IMG:${TAG}', names: ['REGISTRY', 'IMG', 'TAG'] },
  { input: '${A:-${B:-$C}}:$A', names: ['A', 'B', 'C'] },
  { input: '${A:+$B}', names: ['A', 'B'] },
  { input: '\\$NOT $YES', names: ['YES'] },
  { input: '${{ env.X }} $(echo $Y)', names: [] },
  { input: '${X#p}', names: ['X'] },
];

for (const { input, names } of referenced) {
  test(`referencedVariables ${JSON.stringify(input)}`, () => {
    assert.equal(referencedVariables(input), names);
  });
}

const references: Array<{ input: string; contains: boolean }> = [
  { input: '$PASSWORD', contains: true },
  { input: '${PASSWORD}', contains: true },
  { input: '${{ secrets.TOKEN }}', contains: true },
  { input: '$(cat /run/secrets/token)', contains: true },
  { input: '%PASSWORD%', contains: true },
  { input: 'prefix-$1', contains: true },
  { input: 'hunter2', contains: false },
  { input: 'pa$$', contains: false },
  { input: '100%', contains: false },
  { input: '50% off 20%', contains: false },
  { input: '\\$PASSWORD', contains: false },
  { input: '', contains: false },
];

for (const { input, contains } of references) {
  test(`containsReference ${JSON.stringify(input)} is ${contains}`, () => {
    assert.is(containsReference(input), contains);
  });
}

test.run();
