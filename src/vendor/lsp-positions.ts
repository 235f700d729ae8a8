// What dockerfile-ast takes from vscode-languageserver-types: `Position.create` and
// `Range.create`, nothing else. The CLI bundle resolves dockerfile-ast's
// require("vscode-languageserver-types") to this module (scripts/build.mjs,
// requireAsNode): the package's module body builds ~90 namespaces, which cost every
// run that parses a Dockerfile ~0.5 ms and ~120 kB of allocation. Same behaviour as
// the package's 3.17 definitions, checked side by side in test/lsp-positions.test.ts.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** The package's `uinteger.MAX_VALUE`. */
const MAX_UINTEGER = 2147483647;
const toString = Object.prototype.toString;

function isUInteger(value: unknown): value is number {
  return toString.call(value) === '[object Number]' && 0 <= (value as number) && (value as number) <= MAX_UINTEGER;
}

function isPosition(value: unknown): value is Position {
  const candidate = value as Position | null;
  return candidate !== null && typeof candidate === 'object' && isUInteger(candidate.line) && isUInteger(candidate.character);
}

function createPosition(line: number, character: number): Position {
  return { line: line === Number.MAX_VALUE ? MAX_UINTEGER : line, character: character === Number.MAX_VALUE ? MAX_UINTEGER : character };
}

export const Position = { create: createPosition, is: isPosition };

export const Range = {
  create(one: number | Position, two: number | Position, three?: number, four?: number): Range {
    if (isUInteger(one) && isUInteger(two) && isUInteger(three) && isUInteger(four)) {
      return { start: createPosition(one, two), end: createPosition(three, four) };
    }
    if (isPosition(one) && isPosition(two)) return { start: one, end: two };
    throw new Error(`Range#create called with invalid arguments[${String(one)}, ${String(two)}, ${String(three)}, ${String(four)}]`);
  },
  is(value: unknown): value is Range {
    const candidate = value as Range | null;
    return candidate !== null && typeof candidate === 'object' && isPosition(candidate.start) && isPosition(candidate.end);
  },
};
