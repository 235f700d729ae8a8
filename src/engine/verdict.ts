// Turns per-file results into the report's summary and verdict (failOn, --max-warnings).

import type { FileResult, LintReport } from '../models/finding.js';
import type { FailOn } from '../models/policy.js';

export interface VerdictOptions {
  failOn: FailOn;
  /** Fail when there are more warnings than this, whatever failOn says. */
  maxWarnings?: number | undefined;
  /** Files looked at, including those with no findings. */
  fileCount: number;
  /** Findings the baseline hid (reported when any). */
  baselined?: number;
}

export function buildReport(files: FileResult[], options: VerdictOptions): LintReport {
  let errors = 0;
  let warnings = 0;
  for (const file of files) {
    for (const finding of file.findings) {
      if (finding.severity === 'error') errors++;
      else warnings++;
    }
  }
  const failed =
    (options.failOn === 'error' && errors > 0) ||
    (options.failOn === 'warning' && errors + warnings > 0) ||
    (options.maxWarnings !== undefined && warnings > options.maxWarnings);
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const report: LintReport = { files: sorted, fileCount: options.fileCount, errors, warnings, verdict: failed ? 'fail' : 'pass' };
  if (options.baselined) report.baselined = options.baselined;
  return report;
}
