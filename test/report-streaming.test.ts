// Reports are written a file at a time (issue 7, large repositories): each format
// yields pieces that join to exactly its one-string text, the JSON formats stay the
// canonical `JSON.stringify(…, null, 2)` layout byte for byte, and the CLI's writers
// send the pieces to a stream (honouring back-pressure and a reader that went away)
// or to `--output` through a temporary file renamed only when the report is complete.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EventEmitter } from 'node:events';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FORMATS, getChunkedFormatter, getFormatter, type FormatContext } from '../src/formatters/index.js';
import { stringifyWithArray } from '../src/formatters/json-stream.js';
import { writeReportToFile, writeReportToStream, type OutputStream } from '../src/cli/output.js';
import type { FileResult, Finding, LintReport } from '../src/models/finding.js';
import { tempTree } from './helpers/temp-tree.js';

const temps: string[] = [];
test.after(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

const CONTEXT: FormatContext = { color: false, version: '1.2.3', cwd: '/nonexistent/pushgate-streaming' };

function finding(line: number, extra: Partial<Finding> = {}): Finding {
  return {
    ruleId: line % 2 === 0 ? 'no-latest-tag' : 'require-labels',
    messageId: 'm',
    message: `Finding on line ${line}: "quoted" \\ back\nslash, ünïcödé ✓`,
    severity: line % 3 === 0 ? 'warning' : 'error',
    line,
    column: 2,
    endLine: line,
    endColumn: 9,
    fingerprint: `${String(line).padStart(4, '0')}${'ab'.repeat(14)}`,
    ...extra,
  };
}

function report(files: FileResult[], extra: Partial<LintReport> = {}): LintReport {
  let errors = 0;
  let warnings = 0;
  for (const file of files) for (const f of file.findings) (f.severity === 'error' ? errors++ : warnings++);
  return { files, fileCount: files.length, errors, warnings, verdict: errors > 0 ? 'fail' : 'pass', ...extra };
}

/** Many files, some clean, one finding with a fix: what a large run hands the formatters. */
function manyFiles(count: number): LintReport {
  const files: FileResult[] = [];
  for (let i = 0; i < count; i++) {
    const findings = i % 4 === 0 ? [] : [finding(i + 1), finding(i + 2)];
    if (i === 5) findings.push(finding(40, { fix: { range: { line: 40, column: 2, endLine: 40, endColumn: 9 }, text: 'node:20' } }));
    files.push({ path: `services/s${String(i).padStart(3, '0')}/Dockerfile`, kind: 'dockerfile', findings });
  }
  return report(files, { baselined: 3 });
}

const REPORTS: ReadonlyArray<[string, LintReport]> = [
  ['no files', report([])],
  ['clean files only', report([{ path: 'a/Dockerfile', kind: 'dockerfile', findings: [] }])],
  ['one file', report([{ path: 'Dockerfile', kind: 'dockerfile', findings: [finding(1)] }])],
  ['many files', manyFiles(60)],
];

test('every format yields pieces that join to exactly its one-string text', () => {
  for (const name of FORMATS) {
    for (const [label, input] of REPORTS) {
      const pieces = [...getChunkedFormatter(name)(input, CONTEXT)];
      assert.is(pieces.join(''), getFormatter(name)(input, CONTEXT), `${name}, ${label}`);
    }
  }
});

test('a report is written in pieces: at least one per file with findings', () => {
  const input = manyFiles(60);
  const withFindings = input.files.filter((file) => file.findings.length > 0).length;
  for (const name of FORMATS) {
    const pieces = [...getChunkedFormatter(name)(input, CONTEXT)];
    assert.ok(pieces.length >= withFindings, `${name}: ${pieces.length} pieces for ${withFindings} files with findings`);
  }
});

test('json, sarif and gitlab are the canonical two-space JSON layout of their own content', () => {
  for (const name of ['json', 'sarif', 'gitlab'] as const) {
    for (const [label, input] of REPORTS) {
      const text = getFormatter(name)(input, CONTEXT);
      assert.is(text, `${JSON.stringify(JSON.parse(text), null, 2)}\n`, `${name}, ${label}`);
    }
  }
});

test('json: the files array holds the files with findings, in report order, with their fix', () => {
  const input = manyFiles(12);
  const parsed = JSON.parse(getFormatter('json')(input, CONTEXT)) as { summary: Record<string, number>; files: Array<{ path: string; findings: Array<{ fix?: unknown }> }> };
  assert.equal(parsed.files.map((f) => f.path), input.files.filter((f) => f.findings.length > 0).map((f) => f.path));
  assert.equal(parsed.summary, { files: 12, errors: input.errors, warnings: input.warnings, baselined: 3 });
  assert.equal(parsed.files.find((f) => f.path.includes('s005'))?.findings[2]?.fix, { range: { line: 40, column: 2, endLine: 40, endColumn: 9 }, text: 'node:20' });
});

test('stringifyWithArray: JSON.stringify(value, null, 2) in pieces, at any depth', () => {
  const items = [{ a: 1, b: ['x', { c: null }] }, 'two', 3, [], {}];
  const cases: Array<[unknown, (list: unknown[]) => unknown]> = [
    [[], (list) => list],
    [{ a: 1, list: [] }, (list) => ({ a: 1, list })],
    [{ runs: [{ tool: { x: 'y' }, results: [] }] }, (list) => ({ runs: [{ tool: { x: 'y' }, results: list }] })],
  ];
  for (const [skeleton, filled] of cases) {
    for (const list of [[], items]) {
      assert.is([...stringifyWithArray(skeleton, list)].join(''), JSON.stringify(filled(list), null, 2));
    }
  }
  assert.throws(() => [...stringifyWithArray({ list: [], after: 1 }, [1])], /must come last/);
});

// ---- writers ---------------------------------------------------------------------

class Collector implements OutputStream {
  writes: string[] = [];
  destroyed = false;
  write(text: string): boolean {
    this.writes.push(text);
    return true;
  }
}

function* numbered(count: number, size: number): Generator<string> {
  for (let i = 0; i < count; i++) yield `${String(i).padStart(6, '0')}${'.'.repeat(size - 7)}\n`;
}

test('to a stream: pieces of about 64 KiB, in order, nothing lost', async () => {
  const stream = new Collector();
  const expected = [...numbered(3000, 100)].join('');
  await writeReportToStream(stream, numbered(3000, 100));
  assert.is(stream.writes.join(''), expected);
  assert.ok(stream.writes.length > 1 && stream.writes.length < 10, `${stream.writes.length} writes`);
  for (const piece of stream.writes.slice(0, -1)) assert.ok(piece.length >= 64 * 1024 && piece.length < 64 * 1024 + 100);
});

test('to a stream: a reader that went away gets no more, and the writer returns', async () => {
  const stream = new Collector();
  let made = 0;
  const chunks = function* (): Generator<string> {
    for (; made < 5000; made++) {
      if (made === 1000) stream.destroyed = true;
      yield 'x'.repeat(100);
    }
  };
  await writeReportToStream(stream, chunks());
  assert.ok(stream.writes.length >= 1);
  assert.ok(made < 5000, 'stopped producing the report');
});

test('to a stream: waits for "drain" when the stream asks for it', async () => {
  const emitter = new EventEmitter();
  const writes: string[] = [];
  const stream: OutputStream = {
    write: (text: string) => {
      writes.push(text);
      setImmediate(() => emitter.emit('drain'));
      return false;
    },
    once: (event, listener) => emitter.once(event, listener),
    removeListener: (event, listener) => emitter.removeListener(event, listener),
  };
  await writeReportToStream(stream, numbered(2000, 100));
  assert.is(writes.join(''), [...numbered(2000, 100)].join(''));
  assert.is(emitter.listenerCount('drain') + emitter.listenerCount('error') + emitter.listenerCount('close'), 0, 'no listener left behind');
});

test('to a stream: an error instead of "drain" ends the wait', async () => {
  const emitter = new EventEmitter();
  let writes = 0;
  const stream: OutputStream = {
    get destroyed() {
      return writes > 0;
    },
    write: () => {
      writes++;
      setImmediate(() => emitter.emit('error', new Error('EPIPE')));
      return false;
    },
    once: (event, listener) => emitter.once(event, listener),
    removeListener: (event, listener) => emitter.removeListener(event, listener),
  };
  await writeReportToStream(stream, numbered(2000, 100));
  assert.is(writes, 1);
});

test('to a file: written whole through a temporary file, which is gone afterwards', () => {
  const dir = tempTree('pushgate-streaming-', { 'report.json': 'old\n' }, temps);
  const path = join(dir, 'report.json');
  writeReportToFile(path, numbered(3000, 100));
  assert.is(readFileSync(path, 'utf8'), [...numbered(3000, 100)].join(''));
  assert.equal(readdirSync(dir), ['report.json']);
});

test('to a file: a report that fails half-way leaves the old file as it was, and no temporary file', () => {
  const dir = tempTree('pushgate-streaming-', {}, temps);
  const path = join(dir, 'report.json');
  writeFileSync(path, 'old\n');
  const failing = function* (): Generator<string> {
    yield* numbered(2000, 100);
    throw new Error('formatter failed');
  };
  assert.throws(() => writeReportToFile(path, failing()), /formatter failed/);
  assert.is(readFileSync(path, 'utf8'), 'old\n');
  assert.equal(readdirSync(dir), ['report.json']);
});

test.run();
