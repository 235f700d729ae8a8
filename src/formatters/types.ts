import type { LintReport } from '../models/finding.js';

export interface FormatContext {
  color: boolean;
  version: string;
  cwd: string;
}

export type Formatter = (report: LintReport, context: FormatContext) => string;
