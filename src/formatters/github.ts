// GitHub Actions: one workflow command per finding, then the verdict line.
//
//   ::error file=Dockerfile,line=1,col=6,endLine=1,endColumn=16,title=no-latest-tag::Image "node" has no tag…
//
// GitHub shows only 10 annotations of each type per step, so when
// `GITHUB_STEP_SUMMARY` is set the verdict and a table of every finding are
// appended to the job summary as well.
//
// Escaping follows the runner's own (actions/toolkit `command.ts`): in data `%`,
// CR and LF; in property values also `:` and `,`. A message can therefore never
// start a line of its own, i.e. never inject another workflow command.
// Columns: `col` and `endColumn` are given only for single-line findings (GitHub's
// annotations accept columns only when start and end line are the same), and
// `endColumn` is inclusive (the last character), where findings' are exclusive.

import { getRule } from '../engine/registry.js';
import type { FileResult, Finding, LintReport } from '../models/finding.js';
import { isUriSource, spanOf } from './location.js';
import { ruleHelpUri } from './rule-docs.js';
import { verdictLine } from './stylish.js';
import { joined, type ChunkedFormatter, type FormatContext, type Formatter } from './types.js';

/** Rows of the summary table; past this the table says how many more there are (summaries are capped at 1 MiB). */
export const SUMMARY_MAX_ROWS = 1000;

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(file: FileResult, finding: Finding): string {
  const properties: Array<[string, string | number]> = [];
  if (!isUriSource(file.path)) {
    const span = spanOf(finding);
    properties.push(['file', file.path], ['line', span.line]);
    if (span.endLine === span.line) {
      properties.push(['col', span.column], ['endLine', span.endLine], ['endColumn', Math.max(span.column, span.endColumn - 1)]);
    } else {
      properties.push(['endLine', span.endLine]);
    }
  }
  properties.push(['title', finding.ruleId]);
  const list = properties.map(([name, value]) => `${name}=${escapeProperty(String(value))}`).join(',');
  // An image source has no file to annotate: its path leads the message instead.
  const message = isUriSource(file.path) ? `${file.path}: ${finding.message}` : finding.message;
  return `::${finding.severity === 'error' ? 'error' : 'warning'} ${list}::${escapeData(message)}`;
}

export const githubChunks: ChunkedFormatter = function* (report, context) {
  for (const file of report.files) {
    if (file.findings.length === 0) continue;
    let text = '';
    for (const finding of file.findings) text += `${command(file, finding)}\n`;
    yield text;
  }
  yield `${verdictLine(report)}\n`;
  const summaryFile = context.env?.GITHUB_STEP_SUMMARY;
  if (summaryFile && context.appendFile) {
    try {
      context.appendFile(summaryFile, stepSummary(report, context));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      yield `::warning title=pushgate::${escapeData(`cannot append to the job summary (GITHUB_STEP_SUMMARY): ${reason}`)}\n`;
    }
  }
};

export const github: Formatter = joined(githubChunks);

/** Table cell text: no line breaks, no `|`, no HTML or Markdown markup taking effect. */
export function markdownCell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([`*_[\]|])/g, '\\$1')
    .replace(/\r\n|\r|\n/g, '<br>');
}

export function stepSummary(report: LintReport, { version }: Pick<FormatContext, 'version'>): string {
  const rows: string[] = [];
  let total = 0;
  for (const file of report.files) {
    for (const finding of file.findings) {
      total++;
      if (rows.length >= SUMMARY_MAX_ROWS) continue;
      const rule = getRule(finding.ruleId)
        ? `[${markdownCell(finding.ruleId)}](${ruleHelpUri(finding.ruleId, version)})`
        : markdownCell(finding.ruleId);
      const span = spanOf(finding);
      rows.push(`| ${markdownCell(file.path)} | ${span.line} | ${finding.severity} | ${rule} | ${markdownCell(finding.message)} |`);
    }
  }
  const out = [`### ${markdownCell(verdictLine(report))}`, ''];
  if (total === 0) {
    out.push('No findings.');
  } else {
    out.push('| File | Line | Severity | Rule | Message |', '| --- | ---: | --- | --- | --- |', ...rows);
    if (total > rows.length) out.push('', `…and ${total - rows.length} more; the job log has every finding.`);
  }
  return `${out.join('\n')}\n\n`;
}
