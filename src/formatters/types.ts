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

/**
 * A formatter that yields its report in pieces, about one per linted file, so a
 * report with tens of thousands of findings is written out without ever being one
 * string. Joined, the pieces are exactly the `Formatter`'s text.
 */
export type ChunkedFormatter = (report: LintReport, context: FormatContext) => Iterable<string>;

/** The one-string form of a chunked formatter. */
export function joined(chunked: ChunkedFormatter): Formatter {
  return (report, context) => {
    let text = '';
    for (const chunk of chunked(report, context)) text += chunk;
    return text;
  };
}
