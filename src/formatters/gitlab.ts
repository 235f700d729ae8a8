// GitLab Code Quality (a subset of the Code Climate issue format; GitLab ignores the
// fields it does not know). Severity mapping, documented in docs/ci.md:
//   parse-error, or an error from a `security` rule → critical
//   any other error                                 → major
//   warning                                         → minor
// Fingerprints must be unique in the report (GitLab shows one issue per
// fingerprint): the engine's fingerprint does not name the file, so the path is
// hashed in, and a clash (hand-built reports) is hashed again with a counter.

import { getRule } from '../engine/registry.js';
import type { Finding, LintReport } from '../models/finding.js';
import { hash128 } from '../shared/hash.js';
import { spanOf } from './location.js';
import { stringifyWithArray, withNewline } from './json-stream.js';
import { joined, type ChunkedFormatter, type Formatter } from './types.js';

export type CodeQualitySeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

export function codeQualitySeverity(finding: Finding): CodeQualitySeverity {
  if (finding.severity === 'warning') return 'minor';
  if (finding.ruleId === 'parse-error' || getRule(finding.ruleId)?.meta.security) return 'critical';
  return 'major';
}

function categories(finding: Finding): string[] {
  if (getRule(finding.ruleId)?.meta.security) return ['Security'];
  return finding.ruleId === 'parse-error' ? ['Bug Risk'] : ['Style'];
}

export const gitlabChunks: ChunkedFormatter = (report) => withNewline(stringifyWithArray([], issues(report)));

export const gitlab: Formatter = joined(gitlabChunks);

function* issues(report: LintReport) {
  const used = new Set<string>();
  for (const file of report.files) {
    for (const finding of file.findings) {
      const identity = `${file.path}\u0000${finding.fingerprint ?? `${finding.ruleId}\u0000${finding.message}`}`;
      let fingerprint = hash128(identity);
      for (let n = 1; used.has(fingerprint); n++) fingerprint = hash128(`${identity}\u0000${n}`);
      used.add(fingerprint);
      const span = spanOf(finding);
      yield {
        type: 'issue',
        description: finding.message,
        check_name: finding.ruleId,
        fingerprint,
        severity: codeQualitySeverity(finding),
        categories: categories(finding),
        location: { path: file.path, lines: { begin: span.line, end: span.endLine } },
      };
    }
  }
}
