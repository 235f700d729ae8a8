// Golden end-to-end fixtures (STYLE 10): each `fixtures/golden/<case>/` holds real
// inputs and `expected.txt`, the exact report lines `path:line:col severity rule-id`
// (paths relative to the case directory; `#` lines are comments). Each case runs
// through the public `lintPaths` exactly as `pushgate .` in that directory would.
// `fixtures/ok/` is a clean repository that must produce no finding at all.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintPaths } from '../src/lint.js';
import type { LintReport } from '../src/models/finding.js';

const root = new URL('..', import.meta.url).pathname;
const goldenDir = join(root, 'fixtures', 'golden');
const TODAY = '2026-06-01';

/** Every case directory, each with the number of files it lints (so a case cannot silently lint nothing). */
const CASES: ReadonlyArray<{ name: string; files: number }> = [
  { name: 'crlf-bom', files: 1 },
  { name: 'dockerignore-missing', files: 3 },
  { name: 'escape-directive', files: 1 },
  { name: 'heredoc-run', files: 2 },
  { name: 'labels-inherited', files: 2 },
  { name: 'latest-via-arg', files: 1 },
  { name: 'overrides', files: 2 },
  { name: 'parse-error-html', files: 1 },
  { name: 'stage-alias-inheritance', files: 2 },
  { name: 'suppressions', files: 1 },
];

async function lint(dir: string): Promise<LintReport> {
  return lintPaths({ cwd: dir, paths: ['.'], today: TODAY });
}

function reportLines(report: LintReport): string[] {
  return report.files.flatMap((file) => file.findings.map((f) => `${file.path}:${f.line}:${f.column} ${f.severity} ${f.ruleId}`));
}

function expectedLines(dir: string): string[] {
  return readFileSync(join(dir, 'expected.txt'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'));
}

/** path, then line and column as numbers, then the rest: the order a reader expects. */
function byPosition(a: string, b: string): number {
  const parse = (line: string) => {
    const match = /^(.*):(\d+):(\d+) (.*)$/.exec(line);
    if (!match) throw new Error(`not a report line: ${JSON.stringify(line)}`);
    return { path: match[1] as string, line: Number(match[2]), column: Number(match[3]), rest: match[4] as string };
  };
  const x = parse(a);
  const y = parse(b);
  return x.path < y.path ? -1 : x.path > y.path ? 1 : x.line - y.line || x.column - y.column || (x.rest < y.rest ? -1 : x.rest > y.rest ? 1 : 0);
}

test('the case table lists exactly the directories under fixtures/golden', () => {
  const dirs = readdirSync(goldenDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  assert.equal(dirs, CASES.map((c) => c.name));
});

for (const { name, files } of CASES) {
  test(`golden: ${name}`, async () => {
    const dir = join(goldenDir, name);
    const expected = expectedLines(dir);
    assert.ok(expected.length > 0, `${name}/expected.txt lists no finding; clean inputs belong in fixtures/ok`);
    const report = await lint(dir);
    assert.is(report.fileCount, files, 'files linted');
    assert.equal([...reportLines(report)].sort(byPosition), [...expected].sort(byPosition));
  });
}

test('golden: crlf-bom keeps its BOM and CRLF bytes (a checkout must not normalise them)', () => {
  const bytes = readFileSync(join(goldenDir, 'crlf-bom', 'Dockerfile'));
  assert.equal([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = bytes.toString('latin1');
  assert.is(text.split('\r\n').length, 16, '15 CRLF-terminated lines');
  assert.not.match(text.replace(/\r\n/g, ''), /[\r\n]/, 'no bare LF or CR');
});

test('fixtures/ok produces no finding at all', async () => {
  const report = await lint(join(root, 'fixtures', 'ok'));
  assert.equal(reportLines(report), []);
  assert.is(report.fileCount, 2, 'services/api/Dockerfile and services/frontend/Containerfile; the template is skipped');
  assert.is(report.verdict, 'pass');
  assert.is(report.errors, 0);
  assert.is(report.warnings, 0);
});

test.run();
