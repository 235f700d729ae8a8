import type { LintReport } from '../models/finding.js';

export interface FormatContext {
  color: boolean;
  version: string;
  /** Working directory: report paths are relative to it. */
  cwd: string;
  /**
   * The environment, for formats that integrate with a CI system (`github` reads
   * `GITHUB_STEP_SUMMARY`). Formatters never read `process.env` themselves.
   */
  env?: Readonly<Record<string, string | undefined>>;
  /** Appends text to a file (the GitHub step summary). Without it nothing is appended. */
  appendFile?: (path: string, text: string) => void;
}

export type Formatter = (report: LintReport, context: FormatContext) => string;
