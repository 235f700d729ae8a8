// Offsets inside a script's text → file ranges, through the script's line starts.

import type { Range, ScriptNode } from '../models/nodes.js';

export function scriptRange(script: ScriptNode, start: number, end: number): Range {
  const a = scriptPosition(script, start);
  const b = scriptPosition(script, end);
  return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
}

function scriptPosition(script: ScriptNode, offset: number): { line: number; column: number } {
  const text = script.text;
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  const origin = script.lineStarts[line];
  if (!origin) return { line: script.range.line, column: script.range.column };
  return { line: origin.line, column: origin.column + (offset - lineStart) };
}

/** The range of `needle` inside the source text of `range` (e.g. a secret inside a quoted value). */
export function rangeWithin(range: Range, source: string, needle: string): Range {
  const index = source.indexOf(needle);
  if (index === -1) return range;
  const before = source.slice(0, index);
  const newlines = before.split('\n').length - 1;
  const line = range.line + newlines;
  const column = newlines === 0 ? range.column + index : index - before.lastIndexOf('\n');
  const inside = needle.split('\n');
  const endLine = line + inside.length - 1;
  const endColumn = inside.length === 1 ? column + needle.length : (inside[inside.length - 1]?.length ?? 0) + 1;
  return { line, column, endLine, endColumn };
}
