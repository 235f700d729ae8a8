// Human output grouped by file: `line:col  severity  message  rule-id`, then a one-line verdict.

import type { LintReport } from '../models/finding.js';
import type { Formatter } from './types.js';

const paint = (code: string, enabled: boolean) => (text: string) => (enabled ? `\u001b[${code}m${text}\u001b[0m` : text);

export const stylish: Formatter = (report, { color }) => {
  const red = paint('31', color);
  const yellow = paint('33', color);
  const dim = paint('2', color);
  const bold = paint('1', color);
  const underline = paint('4', color);
  const out: string[] = [];
  for (const file of report.files) {
    if (file.findings.length === 0) continue;
    out.push(underline(file.path));
    const rows = file.findings.map((f) => [`${f.line}:${f.column}`, f.severity, oneLine(f.message), f.ruleId] as const);
    const width = Math.max(...rows.map((r) => r[0].length));
    for (const [position, severity, message, ruleId] of rows) {
      const label = severity === 'error' ? red('error  ') : yellow('warning');
      out.push(`  ${dim(position.padEnd(width))}  ${label}  ${message}  ${dim(ruleId)}`);
    }
    out.push('');
  }
  out.push(bold(verdictLine(report, { red, yellow })));
  if (report.baselined) out.push(dim(`(${report.baselined} baselined finding${report.baselined === 1 ? '' : 's'} not shown)`));
  return `${out.join('\n')}\n`;
};

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
