// Position helpers shared by the CI formats: they need 1-based, non-empty positions
// even for findings about a whole file or an image (which may carry line 0).

import type { Finding } from '../models/finding.js';

export interface Span {
  line: number;
  column: number;
  endLine: number;
  /** Exclusive, like the findings'. */
  endColumn: number;
}

export function spanOf(finding: Finding): Span {
  const line = Math.max(1, Math.trunc(finding.line) || 1);
  const column = Math.max(1, Math.trunc(finding.column) || 1);
  const endLine = Math.max(line, Math.trunc(finding.endLine) || line);
  let endColumn = Math.max(1, Math.trunc(finding.endColumn) || column);
  if (endLine === line && endColumn < column) endColumn = column;
  return { line, column, endLine, endColumn };
}

/** Image sources (`docker://…`, `registry://…`) are reported under their URI, not a file path. */
export function isUriSource(path: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(path);
}
