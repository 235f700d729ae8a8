// Text helpers shared by parsers: BOM/CRLF normalisation and offset ↔ position maps.

import type { Comment } from '../models/file.js';
import type { Range } from '../models/nodes.js';

/**
 * Removes a UTF-8 BOM and turns CRLF and lone CR into LF, so every parser sees
 * one line convention. Columns stay those an editor shows (a CR is never a column).
 */
export function normaliseText(text: string): string {
  let out = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (out.includes('\r')) out = out.replace(/\r\n?/g, '\n');
  return out;
}

/** Offsets of the first character of each line. */
export function lineStartOffsets(text: string): number[] {
  const starts = [0];
  let index = text.indexOf('\n');
  while (index !== -1) {
    starts.push(index + 1);
    index = text.indexOf('\n', index + 1);
  }
  return starts;
}

/** Maps an offset to a 1-based line and column with binary search over line starts. */
export function positionAt(starts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
}

export function rangeOf(starts: readonly number[], start: number, end: number): Range {
  const a = positionAt(starts, start);
  const b = positionAt(starts, end);
  return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
}

/** A range covering one point (used for whole-file problems). */
export function pointRange(line: number, column: number): Range {
  return { line, column, endLine: line, endColumn: column + 1 };
}

/**
 * `#` comments that may hold a pushgate directive. Only lines mentioning
 * `pushgate-` are kept: suppressions are the only consumer.
 */
export function directiveComments(lines: readonly string[]): Comment[] {
  const comments: Comment[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (!line.includes('pushgate-')) continue;
    const hash = line.indexOf('#');
    if (hash === -1) continue;
    comments.push({ text: line.slice(hash + 1), line: i + 1, column: hash + 1 });
  }
  return comments;
}
