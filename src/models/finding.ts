// Findings are data: text is rendered once, late, from the rule's message template.

import type { Range } from './nodes.js';

export type Severity = 'error' | 'warning';
export type SeveritySetting = Severity | 'off';

export interface Fix {
  range: Range;
  text: string;
}

export interface Finding extends Range {
  ruleId: string;
  messageId: string;
  message: string;
  severity: Severity;
  fix?: Fix;
  /** Short hash of the finding's content, stable across line shifts (baseline, SARIF). */
  fingerprint?: string;
}

export interface FileResult {
  path: string;
  kind: string;
  findings: Finding[];
}

export interface LintReport {
  files: FileResult[];
  /** Number of files looked at (including those with no findings). */
  fileCount: number;
  errors: number;
  warnings: number;
  /** Findings the baseline recorded, not reported (and not counted above). */
  baselined?: number;
  verdict: 'pass' | 'fail';
}
