// A small JSON reader that keeps 1-based positions on every value (RFC 8259, no
// extensions). Image configs are JSON and findings point at the offending value;
// JSON.parse forgets where things are. Recursive descent with a depth cap, linear in
// the input; a syntax error is returned with its position, never thrown.

import type { Range } from '../models/nodes.js';

export type JsonNode = JsonObject | JsonArray | JsonString | JsonNumber | JsonLiteral;

export interface JsonObject {
  kind: 'object';
  /** Members in document order; a repeated key appears twice (readers take the last). */
  members: Array<{ key: JsonString; value: JsonNode }>;
  range: Range;
}

export interface JsonArray {
  kind: 'array';
  items: JsonNode[];
  range: Range;
}

export interface JsonString {
  kind: 'string';
  value: string;
  /** The token, quotes included. */
  range: Range;
  /**
   * When the token has escapes: for each index of `value` (and one past the end), the
   * column of the source character it comes from. Without escapes the column of
   * `value[i]` is `range.column + 1 + i`.
   */
  columns?: number[];
}

export interface JsonNumber {
  kind: 'number';
  value: number;
  range: Range;
}

export interface JsonLiteral {
  kind: 'boolean' | 'null';
  value: boolean | null;
  range: Range;
}

export interface JsonSyntaxError {
  message: string;
  line: number;
  column: number;
}

export type JsonResult = { ok: true; value: JsonNode } | { ok: false; error: JsonSyntaxError };

/** Nesting deeper than this is refused (image configs are a few levels deep). */
export const MAX_JSON_DEPTH = 256;

class Fail extends Error {
  constructor(readonly at: number, message: string) {
    super(message);
  }
}

export function parseJsonWithPositions(input: string): JsonResult {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  let pos = 0;
  let line = 1;
  let lineStart = 0;

  const here = (): { line: number; column: number } => ({ line, column: pos - lineStart + 1 });
  const rangeFrom = (start: { line: number; column: number }): Range => ({
    line: start.line,
    column: start.column,
    endLine: line,
    endColumn: pos - lineStart + 1,
  });

  const skipSpace = () => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x20 || c === 0x09 || c === 0x0d) pos++;
      else if (c === 0x0a) {
        pos++;
        line++;
        lineStart = pos;
      } else return;
    }
  };

  const describe = (at: number): string => (at >= text.length ? 'end of input' : JSON.stringify(text[at]));

  const value = (depth: number): JsonNode => {
    if (depth > MAX_JSON_DEPTH) throw new Fail(pos, `nesting deeper than ${MAX_JSON_DEPTH} levels`);
    skipSpace();
    const c = text[pos];
    if (c === '{') return object(depth);
    if (c === '[') return array(depth);
    if (c === '"') return string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    for (const [word, literal] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, pos)) {
        const start = here();
        pos += word.length;
        return { kind: literal === null ? 'null' : 'boolean', value: literal, range: rangeFrom(start) };
      }
    }
    throw new Fail(pos, `unexpected ${describe(pos)}; expected a value`);
  };

  const object = (depth: number): JsonObject => {
    const start = here();
    pos++;
    const members: JsonObject['members'] = [];
    skipSpace();
    if (text[pos] === '}') {
      pos++;
      return { kind: 'object', members, range: rangeFrom(start) };
    }
    for (;;) {
      skipSpace();
      if (text[pos] !== '"') throw new Fail(pos, `unexpected ${describe(pos)}; expected a string key`);
      const key = string();
      skipSpace();
      if (text[pos] !== ':') throw new Fail(pos, `unexpected ${describe(pos)}; expected ":"`);
      pos++;
      members.push({ key, value: value(depth + 1) });
      skipSpace();
      if (text[pos] === ',') {
        pos++;
        continue;
      }
      if (text[pos] === '}') {
        pos++;
        return { kind: 'object', members, range: rangeFrom(start) };
      }
      throw new Fail(pos, `unexpected ${describe(pos)}; expected "," or "}"`);
    }
  };

  const array = (depth: number): JsonArray => {
    const start = here();
    pos++;
    const items: JsonNode[] = [];
    skipSpace();
    if (text[pos] === ']') {
      pos++;
      return { kind: 'array', items, range: rangeFrom(start) };
    }
    for (;;) {
      items.push(value(depth + 1));
      skipSpace();
      if (text[pos] === ',') {
        pos++;
        continue;
      }
      if (text[pos] === ']') {
        pos++;
        return { kind: 'array', items, range: rangeFrom(start) };
      }
      throw new Fail(pos, `unexpected ${describe(pos)}; expected "," or "]"`);
    }
  };

  const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

  const string = (): JsonString => {
    const start = here();
    const open = pos;
    pos++;
    // Fast path: no escapes.
    let end = pos;
    for (;;) {
      const c = text.charCodeAt(end);
      if (Number.isNaN(c)) throw new Fail(open, 'unterminated string');
      if (c === 0x22 || c === 0x5c) break;
      if (c < 0x20) throw new Fail(end, 'control character in a string');
      end++;
    }
    if (text.charCodeAt(end) === 0x22) {
      const value = text.slice(pos, end);
      pos = end + 1;
      return { kind: 'string', value, range: rangeFrom(start) };
    }
    let out = '';
    const columns: number[] = [];
    const column = () => pos - lineStart + 1;
    for (;;) {
      const c = text[pos];
      if (c === undefined) throw new Fail(open, 'unterminated string');
      if (c === '"') break;
      if (c.charCodeAt(0) < 0x20) throw new Fail(pos, 'control character in a string');
      if (c !== '\\') {
        columns.push(column());
        out += c;
        pos++;
        continue;
      }
      const at = column();
      const e = text[pos + 1];
      if (e === 'u') {
        const hex = text.slice(pos + 2, pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new Fail(pos, 'invalid \\u escape');
        columns.push(at);
        out += String.fromCharCode(parseInt(hex, 16));
        pos += 6;
        continue;
      }
      const mapped = e === undefined ? undefined : ESCAPES[e];
      if (mapped === undefined) throw new Fail(pos, `invalid escape ${e === undefined ? '\\' : `\\${e}`}`);
      columns.push(at);
      out += mapped;
      pos += 2;
    }
    columns.push(column());
    pos++;
    return { kind: 'string', value: out, range: rangeFrom(start), columns };
  };

  const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
  const number = (): JsonNumber => {
    const start = here();
    NUMBER.lastIndex = pos;
    const match = NUMBER.exec(text);
    if (!match || match[0] === '-' || match[0] === '') throw new Fail(pos, 'invalid number');
    pos += match[0].length;
    return { kind: 'number', value: Number(match[0]), range: rangeFrom(start) };
  };

  try {
    const root = value(0);
    skipSpace();
    if (pos < text.length) throw new Fail(pos, `unexpected ${describe(pos)} after the JSON value`);
    return { ok: true, value: root };
  } catch (error) {
    if (!(error instanceof Fail)) throw error;
    const position = locate(text, error.at);
    return { ok: false, error: { message: `invalid JSON: ${error.message}`, ...position } };
  }
}

function locate(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  const limit = Math.min(offset, text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < limit; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: limit - start + 1 };
}

// ---- Readers over positioned values ---------------------------------------------------

/** The member `name` of an object, matched case-insensitively (Go's JSON decoding does the same); the last one wins. */
export function member(node: JsonNode | undefined | null, name: string): JsonNode | undefined {
  if (!node || node.kind !== 'object') return undefined;
  const lower = name.toLowerCase();
  let found: JsonNode | undefined;
  for (const m of node.members) if (m.key.value.toLowerCase() === lower) found = m.value;
  return found;
}

export function stringValue(node: JsonNode | undefined): string | null {
  return node?.kind === 'string' ? node.value : null;
}

/** The column of `value[index]` of a string token (index may be `value.length`). */
export function stringColumn(node: JsonString, index: number): number {
  if (node.columns) return node.columns[Math.min(index, node.columns.length - 1)] ?? node.range.column + 1;
  return node.range.column + 1 + index;
}

/** The range of `value.slice(start, end)` inside a string token (strings never span lines). */
export function rangeInString(node: JsonString, start: number, end: number): Range {
  return { line: node.range.line, column: stringColumn(node, start), endLine: node.range.line, endColumn: stringColumn(node, end) };
}

/** A positioned tree back to plain data (for the parts that need no positions). */
export function toPlain(node: JsonNode): unknown {
  switch (node.kind) {
    case 'object': {
      const out: Record<string, unknown> = {};
      // defineProperty: a `__proto__` key is data here, never the prototype.
      for (const m of node.members) Object.defineProperty(out, m.key.value, { value: toPlain(m.value), enumerable: true, writable: true, configurable: true });
      return out;
    }
    case 'array':
      return node.items.map(toPlain);
    default:
      return node.value;
  }
}
