// Machine output following schemas/report.schema.json.

import type { Formatter } from './types.js';

export const json: Formatter = (report, { version }) => {
  const files = report.files
    .filter((file) => file.findings.length > 0)
    .map((file) => ({
      path: file.path,
      kind: file.kind,
      findings: file.findings.map((f) => ({
        ruleId: f.ruleId,
        messageId: f.messageId,
        severity: f.severity,
        message: f.message,
        line: f.line,
        column: f.column,
        endLine: f.endLine,
        endColumn: f.endColumn,
        ...(f.fingerprint ? { fingerprint: f.fingerprint } : {}),
        ...(f.fix ? { fix: f.fix } : {}),
      })),
    }));
  const body = {
    version: 1,
    tool: { name: 'pushgate', version },
    verdict: report.verdict,
    summary: {
      files: report.fileCount,
      errors: report.errors,
      warnings: report.warnings,
      ...(report.baselined ? { baselined: report.baselined } : {}),
    },
    files,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
};
