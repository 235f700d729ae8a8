// Human output grouped by file: `line:col  severity  message  rule-id`, then a one-line verdict.
// Written a file at a time.

import type { LintReport } from '../models/finding.js';
import { joined, type ChunkedFormatter, type Formatter } from './types.js';

const paint = (code: string, enabled: boolean) => (text: string) => (enabled ? `\u001b[${code}m${text}\u001b[0m` : text);

export const stylishChunks: ChunkedFormatter = function* (report, { color }) {
  const red = paint('31', color);
  const yellow = paint('33', color);
  const dim = paint('2', color);
  const bold = paint('1', color);
  const underline = paint('4', color);
  for (const file of report.files) {
    if (file.findings.length === 0) continue;
    const out = [underline(file.path)];
    const rows = file.findings.map((f) => [`${f.line}:${f.column}`, f.severity, oneLine(f.message), f.ruleId] as const);
    const width = Math.max(...rows.map((r) => r[0].length));
    for (const [position, severity, message, ruleId] of rows) {
      const label = severity === 'error' ? red('error  ') : yellow('warning');
      out.push(`  ${dim(position.padEnd(width))}  ${label}  ${message}  ${dim(ruleId)}`);
    }
    yield `${out.join('\n')}\n\n`;
  }
  yield `${bold(verdictLine(report, { red, yellow }))}\n`;
  if (report.baselined) yield `${dim(`(${report.baselined} baselined finding${report.baselined === 1 ? '' : 's'} not shown)`)}\n`;
};

export const stylish: Formatter = joined(stylishChunks);

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}

export function verdictLine(report: LintReport, colors?: { red: (s: string) => string; yellow: (s: string) => string }): string {
  const withFindings = report.files.filter((f) => f.findings.length > 0).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const verdict = report.verdict === 'fail' ? 'FAIL' : 'PASS';
  const painted = colors ? (report.verdict === 'fail' ? colors.red(verdict) : verdict) : verdict;
  if (report.errors + report.warnings === 0) return `pushgate: ${painted} — no findings in ${plural(report.fileCount, 'file')}`;
  return `pushgate: ${painted} — ${plural(report.errors, 'error')}, ${plural(report.warnings, 'warning')} in ${withFindings} of ${plural(report.fileCount, 'file')}`;
}
