// src/vendor/lsp-positions.ts stands in for vscode-languageserver-types inside the
// bundles (dockerfile-ast uses only Position.create and Range.create): it must
// answer exactly as the package does, throws included.
import { createRequire } from 'node:module';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Position, Range } from '../src/vendor/lsp-positions.js';

// The package dockerfile-ast itself resolves (its own dependency).
const requireFromAst = createRequire(createRequire(import.meta.url).resolve('dockerfile-ast'));
const lsp = requireFromAst('vscode-languageserver-types') as { Position: typeof Position; Range: typeof Range };

type Call = () => unknown;
function outcome(call: Call): unknown {
  try {
    return { value: call() };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

const numbers: unknown[] = [0, 1, 7, 2147483647, 2147483648, Number.MAX_VALUE, -1, 1.5, Number.NaN, '3', null, undefined, Object(4), Object(-1)];

test('Position.create and Position.is answer as vscode-languageserver-types', () => {
  for (const line of numbers) {
    for (const character of numbers) {
      assert.equal(outcome(() => Position.create(line as number, character as number)), outcome(() => lsp.Position.create(line as number, character as number)), `create(${String(line)}, ${String(character)})`);
      const value = { line, character };
      assert.is(Position.is(value), lsp.Position.is(value), `is(${JSON.stringify(value)})`);
    }
  }
  for (const value of [null, undefined, 3, 'x', {}, []]) assert.is(Position.is(value), lsp.Position.is(value));
});

test('Range.create answers as vscode-languageserver-types: four numbers, two positions, or a throw', () => {
  const samples = [0, 3, 2147483647, Number.MAX_VALUE, -1, 2.5, 'x', undefined, Object(5)];
  for (const a of samples) {
    for (const b of samples) {
      for (const c of [0, 4, -1, undefined]) {
        for (const d of [0, 9, Number.NaN, undefined]) {
          const args = [a, b, c, d] as [number, number, number, number];
          assert.equal(outcome(() => Range.create(...args)), outcome(() => lsp.Range.create(...args)), `create(${args.map(String).join(', ')})`);
        }
      }
    }
  }
  const start = { line: 1, character: 2 };
  const end = { line: 3, character: 4 };
  assert.equal(Range.create(start, end), lsp.Range.create(start, end));
  assert.is(Range.create(start, end).start, start, 'positions are taken as they are, not copied');
  assert.equal(outcome(() => Range.create(start, 5 as never)), outcome(() => lsp.Range.create(start, 5 as never)));
  for (const value of [{ start, end }, { start }, null, 7, { start: { line: -1, character: 0 }, end }]) assert.is(Range.is(value), lsp.Range.is(value));
});

test.run();
