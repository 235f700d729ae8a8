// Applies rule fixes to a file's text. Fixes are in line/column coordinates of the
// text as parsed (BOM removed, any line ending); overlapping fixes are skipped, and
// the caller re-lints, so a skipped fix is simply reported again.

import type { Fix } from '../models/finding.js';
import type { Range } from '../models/nodes.js';

export interface FixResult {
  text: string;
  applied: number;
}

export function applyFixes(original: string, fixes: readonly Fix[]): FixResult {
  if (fixes.length === 0) return { text: original, applied: 0 };
  const bom = original.charCodeAt(0) === 0xfeff ? '\uFEFF' : '';
  const text = bom ? original.slice(1) : original;
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\n' || (char === '\r' && text[i + 1] !== '\n')) lineStarts.push(i + 1);
  }
  const offset = (line: number, column: number) => (lineStarts[line - 1] ?? text.length) + column - 1;
  const ordered = [...fixes].sort((a, b) => compare(a.range, b.range));
  let out = '';
  let cursor = 0;
  let applied = 0;
  for (const fix of ordered) {
    const start = offset(fix.range.line, fix.range.column);
    const end = offset(fix.range.endLine, fix.range.endColumn);
    if (start < cursor || end < start || end > text.length) continue;
    out += text.slice(cursor, start) + fix.text;
    cursor = end;
    applied++;
  }
  return { text: bom + out + text.slice(cursor), applied };
}

function compare(a: Range, b: Range): number {
  return a.line - b.line || a.column - b.column;
}
