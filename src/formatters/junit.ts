// JUnit XML, for CI systems that show test reports (GitLab `artifacts:reports:junit`,
// Jenkins, Azure Pipelines…):
// - one <testsuite> per linted file (name = path);
// - one <testcase> per finding: classname = rule id, name = `path:line:col`, with a
//   <failure> whose type is the severity (warnings are failures too: a test report
//   has no "passed with a warning");
// - a file without findings gets one passing <testcase> (classname `pushgate`,
//   name = path), so the report shows it was checked.

import type { LintReport } from '../models/finding.js';
import { joined, type ChunkedFormatter, type Formatter } from './types.js';
import { spanOf } from './location.js';

// Characters XML 1.0 does not allow at all (even as references): C0 controls
// except tab/LF/CR, lone surrogates, U+FFFE and U+FFFF.
const ILLEGAL_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text content: markup characters escaped, illegal characters removed. */
export function xmlText(text: string): string {
  return text
    .replace(ILLEGAL_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Attribute values: as text, plus tab and line breaks as references (a parser would normalise them to spaces). */
export function xmlAttribute(text: string): string {
  return xmlText(text).replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

const attributes = (pairs: Record<string, string | number>): string =>
  Object.entries(pairs)
    .map(([name, value]) => ` ${name}="${xmlAttribute(String(value))}"`)
    .join('');

/** Totals for the opening tag: a test case per finding, or one passing case for a clean file. */
function totals(report: LintReport): { tests: number; failures: number } {
  let tests = 0;
  let failures = 0;
  for (const file of report.files) {
    tests += Math.max(1, file.findings.length);
    failures += file.findings.length;
  }
  return { tests, failures };
}

export const junitChunks: ChunkedFormatter = function* (report) {
  const { tests, failures } = totals(report);
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${attributes({ name: 'pushgate', tests, failures, errors: 0 })}>`;
  for (const file of report.files) {
    const cases: string[] = [];
    for (const finding of file.findings) {
      const { line, column } = spanOf(finding);
      const where = `${file.path}:${line}:${column}`;
      cases.push(
        `    <testcase${attributes({ classname: finding.ruleId, name: where, file: file.path, line })}>\n` +
          `      <failure${attributes({ message: finding.message, type: finding.severity })}>` +
          `${xmlText(`${where}: ${finding.severity}: ${finding.message} (${finding.ruleId})`)}</failure>\n` +
          '    </testcase>',
      );
    }
    const failed = file.findings.length;
    if (failed === 0) cases.push(`    <testcase${attributes({ classname: 'pushgate', name: file.path, file: file.path })}/>`);
    yield `\n  <testsuite${attributes({ name: file.path, tests: cases.length, failures: failed, errors: 0, skipped: 0 })}>\n` +
      `${cases.join('\n')}\n  </testsuite>`;
  }
  yield report.files.length > 0 ? '\n</testsuites>\n' : '</testsuites>\n';
};

export const junit: Formatter = joined(junitChunks);
