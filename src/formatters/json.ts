// Machine output following schemas/report.schema.json, written a file at a time.

import type { FileResult } from '../models/finding.js';
import { stringifyWithArray, withNewline } from './json-stream.js';
import { joined, type ChunkedFormatter, type Formatter } from './types.js';

function fileEntry(file: FileResult) {
  return {
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
  };
}

export const jsonChunks: ChunkedFormatter = (report, { version }) => {
  const skeleton = {
    version: 1,
    tool: { name: 'pushgate', version },
    verdict: report.verdict,
    summary: {
      files: report.fileCount,
      errors: report.errors,
      warnings: report.warnings,
      ...(report.baselined ? { baselined: report.baselined } : {}),
    },
    files: [],
  };
  return withNewline(stringifyWithArray(skeleton, filesWithFindings(report.files)));
};

export const json: Formatter = joined(jsonChunks);

function* filesWithFindings(files: readonly FileResult[]) {
  for (const file of files) if (file.findings.length > 0) yield fileEntry(file);
}
