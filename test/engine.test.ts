// The engine owns policy (STYLE 5): inline suppressions, overrides by glob,
// `--rule` severities, the verdict, unreadable files, sorting, de-duplication and
// fingerprints. Exercised through `lintTargets` with in-memory Dockerfiles and the
// built-in presets, through `buildReport` for the verdict, and through `lintPaths`
// on temporary directories where files on disk matter.

import { tempTree as makeTempTree } from './helpers/temp-tree.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { lintTargets, MAX_FILE_BYTES, type LintTarget } from '../src/engine/lint.js';
import { buildReport } from '../src/engine/verdict.js';
import { lintPaths } from '../src/lint.js';
import { basePolicy, presetPolicy } from '../src/config/presets.js';
import type { FileResult, Finding, SeveritySetting } from '../src/models/finding.js';
import type { FailOn, Policy, RuleSetting } from '../src/models/policy.js';

const TODAY = '2026-06-01';
const recommended = presetPolicy('recommended');

interface LintCase {
  path?: string;
  policy?: Policy;
  ruleSeverities?: Record<string, SeveritySetting>;
  today?: string;
}

function findingsOf(text: string, options: LintCase = {}): Finding[] {
  const target: LintTarget = { path: options.path ?? 'Dockerfile', kind: 'dockerfile', text };
  const [result] = lintTargets([target], {
    cwd: '/nonexistent/pushgate-engine-test',
    policy: options.policy ?? recommended,
    today: options.today ?? TODAY,
    ...(options.ruleSeverities ? { ruleSeverities: options.ruleSeverities } : {}),
    files: { read: () => null },
  });
  if (!result) throw new Error('lintTargets returned no result');
  return result.findings;
}

/** `line:column severity rule-id/message-id`, in report order. */
function lint(text: string, options: LintCase = {}): string[] {
  return findingsOf(text, options).map((f) => `${f.line}:${f.column} ${f.severity} ${f.ruleId}/${f.messageId}`);
}

const lines = (...rows: string[]): string => `${rows.join('\n')}\n`;

const LABELS =
  'LABEL org.opencontainers.image.source="https://github.com/acme/app" org.opencontainers.image.version="1.0.0" org.opencontainers.image.revision="abc1234"';

/** Single stage, `:latest`, no USER: three findings on the FROM line. */
const SINGLE_FROM = 'FROM node:latest';

/** A Dockerfile the recommended preset has nothing to say about. */
const CLEAN = lines(
  'FROM golang:1.22 AS build',
  'RUN go build -o /out/app ./cmd/app',
  'FROM gcr.io/distroless/static:nonroot',
  'COPY --from=build /out/app /app',
  LABELS,
  'ENTRYPOINT ["/app"]',
);

const setting = (severity: SeveritySetting, options: Record<string, unknown> = {}): RuleSetting => ({ severity, options });

function withPolicy(changes: Partial<Policy>): Policy {
  return { ...recommended, ...changes };
}

// ---------------------------------------------------------------- baseline

test('the clean Dockerfile has no finding; the single-stage latest one has three', () => {
  assert.equal(lint(CLEAN), []);
  assert.equal(lint(lines(SINGLE_FROM, LABELS)), [
    '1:1 warning require-multi-stage/tooFewStages',
    '1:1 warning require-non-root-user/missing',
    '1:6 error no-latest-tag/latest',
  ]);
});

// ---------------------------------------------------------------- suppressions

test('suppression: next-line suppresses that rule on the next line only', () => {
  assert.equal(lint(lines('# pushgate-ignore-next-line no-latest-tag -- vendor image', SINGLE_FROM, LABELS)), [
    '2:1 warning require-multi-stage/tooFewStages',
    '2:1 warning require-non-root-user/missing',
  ]);
});

test('suppression: next-line does not reach past a blank line, and is then unused', () => {
  assert.equal(lint(lines('# pushgate-ignore-next-line no-latest-tag -- vendor image', '', SINGLE_FROM, LABELS)), [
    '1:29 warning unused-suppression/unused',
    '3:1 warning require-multi-stage/tooFewStages',
    '3:1 warning require-non-root-user/missing',
    '3:6 error no-latest-tag/latest',
  ]);
});

test('suppression: ignore-file applies to the whole file, wherever the comment is', () => {
  assert.equal(
    lint(lines(SINGLE_FROM, LABELS, '# pushgate-ignore-file require-multi-stage,require-non-root-user -- debug image')),
    ['1:6 error no-latest-tag/latest'],
  );
});

test('suppression: several rules, comma-separated, with and without a space', () => {
  assert.equal(lint(lines('# pushgate-ignore-next-line no-latest-tag,require-non-root-user -- legacy', SINGLE_FROM, LABELS)), [
    '2:1 warning require-multi-stage/tooFewStages',
  ]);
  assert.equal(lint(lines('# pushgate-ignore-next-line no-latest-tag, require-multi-stage -- legacy', SINGLE_FROM, LABELS)), [
    '2:1 warning require-non-root-user/missing',
  ]);
});

test('suppression: words after "--" are the reason, not rule ids', () => {
  assert.equal(
    lint(lines('# pushgate-ignore-next-line no-latest-tag -- require-labels and no-such-rule are fine here', SINGLE_FROM, LABELS)),
    ['2:1 warning require-multi-stage/tooFewStages', '2:1 warning require-non-root-user/missing'],
  );
});

test('suppression: until= in the future and on the day itself still suppresses', () => {
  const expected = ['2:1 warning require-multi-stage/tooFewStages', '2:1 warning require-non-root-user/missing'];
  assert.equal(lint(lines('# pushgate-ignore-next-line no-latest-tag -- vendor image until=2026-12-31', SINGLE_FROM, LABELS)), expected);
  assert.equal(lint(lines('# pushgate-ignore-next-line no-latest-tag -- vendor image until=2026-06-01', SINGLE_FROM, LABELS)), expected);
});

test('suppression: until= in the past stops suppressing and is reported at the comment', () => {
  const comment = '# pushgate-ignore-next-line no-latest-tag -- pinned by the vendor until=2026-05-31';
  const findings = findingsOf(lines(comment, SINGLE_FROM, LABELS));
  assert.equal(findings.map((f) => `${f.line}:${f.column} ${f.severity} ${f.ruleId}/${f.messageId}`), [
    '1:1 warning unused-suppression/expired',
    '2:1 warning require-multi-stage/tooFewStages',
    '2:1 warning require-non-root-user/missing',
    '2:6 error no-latest-tag/latest',
  ]);
  const expired = findings[0] as Finding;
  assert.equal([expired.line, expired.column, expired.endLine, expired.endColumn], [1, 1, 1, 83]);
  assert.ok(expired.message.includes('2026-05-31'), expired.message);
});

test('suppression: `today` comes from the options, not the clock', () => {
  const text = lines('# pushgate-ignore-next-line no-latest-tag -- vendor image until=2026-12-31', SINGLE_FROM, LABELS);
  assert.equal(lint(text, { today: '2026-12-31' }), ['2:1 warning require-multi-stage/tooFewStages', '2:1 warning require-non-root-user/missing']);
  assert.equal(lint(text, { today: '2027-01-01' }), [
    '1:1 warning unused-suppression/expired',
    '2:1 warning require-multi-stage/tooFewStages',
    '2:1 warning require-non-root-user/missing',
    '2:6 error no-latest-tag/latest',
  ]);
});

test('suppression: requireReason rejects a bare suppression and honours one with a reason', () => {
  const policy = withPolicy({ suppressions: { requireReason: true } });
  assert.equal(lint(lines('# pushgate-ignore-next-line no-latest-tag', SINGLE_FROM, LABELS), { policy }), [
    '1:1 warning unused-suppression/reasonRequired',
    '2:1 warning require-multi-stage/tooFewStages',
    '2:1 warning require-non-root-user/missing',
    '2:6 error no-latest-tag/latest',
  ]);
  assert.equal(lint(lines('# pushgate-ignore-next-line no-latest-tag --', SINGLE_FROM, LABELS), { policy })[0], '1:1 warning unused-suppression/reasonRequired', 'an empty reason is no reason');
  assert.equal(lint(lines('# pushgate-ignore-next-line no-latest-tag -- vendor image', SINGLE_FROM, LABELS), { policy }), [
    '2:1 warning require-multi-stage/tooFewStages',
    '2:1 warning require-non-root-user/missing',
  ]);
  assert.equal(lint(lines('# pushgate-ignore-next-line no-latest-tag', SINGLE_FROM, LABELS)), [
    '2:1 warning require-multi-stage/tooFewStages',
    '2:1 warning require-non-root-user/missing',
  ], 'without requireReason a bare suppression is honoured');
});

test('suppression: an unknown rule id is reported at the id with a did-you-mean; the known ids still apply', () => {
  const findings = findingsOf(lines('# pushgate-ignore-next-line require-non-root-user,no-latest-tags -- legacy', SINGLE_FROM, LABELS));
  assert.equal(findings.map((f) => `${f.line}:${f.column} ${f.severity} ${f.ruleId}/${f.messageId}`), [
    '1:51 warning unused-suppression/unknownRule',
    '2:1 warning require-multi-stage/tooFewStages',
    '2:6 error no-latest-tag/latest',
  ]);
  assert.ok((findings[0] as Finding).message.includes('did you mean "no-latest-tag"?'), (findings[0] as Finding).message);
});

test('suppression: an unused one is reported at its rule id, spanning to the end of the comment', () => {
  const findings = findingsOf(lines('# pushgate-ignore-next-line require-labels -- labels come from CI', SINGLE_FROM, LABELS));
  const unused = findings.filter((f) => f.ruleId === 'unused-suppression');
  assert.equal(
    unused.map((f) => ({ messageId: f.messageId, severity: f.severity, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn })),
    [{ messageId: 'unused', severity: 'warning', line: 1, column: 29, endLine: 1, endColumn: 66 }],
  );
  assert.ok((unused[0] as Finding).message.includes('"require-labels"'), (unused[0] as Finding).message);
});

test('suppression: each unused id of a list is reported at its own column', () => {
  assert.equal(lint(lines('# pushgate-ignore-file require-labels,no-latest-tag -- legacy', SINGLE_FROM, LABELS)), [
    '1:24 warning unused-suppression/unused',
    '2:1 warning require-multi-stage/tooFewStages',
    '2:1 warning require-non-root-user/missing',
  ]);
});

test('suppression: a directive naming no rule is reported', () => {
  assert.equal(lint(lines('# pushgate-ignore-next-line -- trust me', SINGLE_FROM, LABELS)), [
    '1:1 warning unused-suppression/noRules',
    '2:1 warning require-multi-stage/tooFewStages',
    '2:1 warning require-non-root-user/missing',
    '2:6 error no-latest-tag/latest',
  ]);
});

test('suppression: parse-error cannot be suppressed', () => {
  assert.equal(lint(lines('# pushgate-ignore-file parse-error -- generated page', '<html>', '</html>')), [
    '1:24 warning unused-suppression/unsuppressible',
    '2:1 error parse-error/parseError',
  ]);
  assert.equal(lint(lines('# pushgate-ignore-next-line parse-error -- generated page', '<html>')), [
    '1:29 warning unused-suppression/unsuppressible',
    '2:1 error parse-error/parseError',
  ]);
});

test('suppression: problems with directives follow the severity of unused-suppression', () => {
  const text = lines('# pushgate-ignore-next-line require-labels -- labels come from CI', CLEAN);
  assert.equal(lint(text), ['1:29 warning unused-suppression/unused']);
  assert.equal(lint(text, { ruleSeverities: { 'unused-suppression': 'error' } }), ['1:29 error unused-suppression/unused']);
  assert.equal(lint(text, { ruleSeverities: { 'unused-suppression': 'off' } }), []);
});

// ---------------------------------------------------------------- overrides and --rule

const TOOLS_OVERRIDE = withPolicy({
  overrides: [{ files: ['tools/**'], rules: { 'require-multi-stage': setting('off'), 'no-latest-tag': setting('warning') } }],
});
const SINGLE = lines(SINGLE_FROM, LABELS);

test('override: a glob turns a rule off and changes a severity for matching files only', () => {
  assert.equal(lint(SINGLE, { path: 'tools/lint/Dockerfile', policy: TOOLS_OVERRIDE }), [
    '1:1 warning require-non-root-user/missing',
    '1:6 warning no-latest-tag/latest',
  ]);
  assert.equal(lint(SINGLE, { path: 'services/api/Dockerfile', policy: TOOLS_OVERRIDE }), [
    '1:1 warning require-multi-stage/tooFewStages',
    '1:1 warning require-non-root-user/missing',
    '1:6 error no-latest-tag/latest',
  ]);
  assert.equal(lint(SINGLE, { path: 'services/tools/Dockerfile', policy: TOOLS_OVERRIDE }).length, 3, 'tools/** is anchored');
});

test('override: one run, two files, each with its own rules', () => {
  const results = lintTargets(
    [
      { path: 'services/api/Dockerfile', kind: 'dockerfile', text: SINGLE },
      { path: 'tools/lint/Dockerfile', kind: 'dockerfile', text: SINGLE },
    ],
    { cwd: '/nonexistent/pushgate-engine-test', policy: TOOLS_OVERRIDE, today: TODAY, files: { read: () => null } },
  );
  assert.equal(
    results.map((r) => [r.path, r.findings.map((f) => `${f.severity} ${f.ruleId}`)]),
    [
      ['services/api/Dockerfile', ['warning require-multi-stage', 'warning require-non-root-user', 'error no-latest-tag']],
      ['tools/lint/Dockerfile', ['warning require-non-root-user', 'warning no-latest-tag']],
    ],
  );
});

test('override: a glob without a slash matches the file name at any depth', () => {
  const policy = withPolicy({ overrides: [{ files: ['Dockerfile.dev'], rules: { 'no-latest-tag': setting('off') } }] });
  assert.equal(lint(SINGLE, { path: 'services/api/Dockerfile.dev', policy }), [
    '1:1 warning require-multi-stage/tooFewStages',
    '1:1 warning require-non-root-user/missing',
  ]);
  assert.equal(lint(SINGLE, { path: 'services/api/Dockerfile', policy }).length, 3);
});

test('override: options given in an override apply to matching files', () => {
  const policy = withPolicy({ overrides: [{ files: ['deploy/**'], rules: { 'require-multi-stage': setting('error', { minStages: 3 }) } }] });
  assert.equal(lint(CLEAN, { path: 'deploy/Dockerfile', policy }), ['3:1 error require-multi-stage/tooFewStages']);
  assert.equal(lint(CLEAN, { path: 'app/Dockerfile', policy }), []);
});

test('--rule beats the policy and its overrides', () => {
  assert.equal(
    lint(SINGLE, { path: 'tools/lint/Dockerfile', policy: TOOLS_OVERRIDE, ruleSeverities: { 'require-multi-stage': 'error', 'no-latest-tag': 'off' } }),
    ['1:1 error require-multi-stage/tooFewStages', '1:1 warning require-non-root-user/missing'],
  );
  assert.equal(lint(SINGLE, { ruleSeverities: { 'require-non-root-user': 'error', 'no-latest-tag': 'warning' } }), [
    '1:1 warning require-multi-stage/tooFewStages',
    '1:1 error require-non-root-user/missing',
    '1:6 warning no-latest-tag/latest',
  ]);
});

test('--rule turns on a rule the preset leaves off', () => {
  assert.equal(lint(SINGLE, { ruleSeverities: { 'pin-base-image-digest': 'warning' } }), [
    '1:1 warning require-multi-stage/tooFewStages',
    '1:1 warning require-non-root-user/missing',
    '1:6 error no-latest-tag/latest',
    '1:6 warning pin-base-image-digest/unpinned',
  ]);
});

test('a rule absent from the policy does not run', () => {
  const policy: Policy = { ...basePolicy(), rules: { 'no-latest-tag': setting('error') } };
  assert.equal(lint(SINGLE, { policy }), ['1:6 error no-latest-tag/latest']);
});

// ---------------------------------------------------------------- verdict

function result(path: string, ...severities: Array<'error' | 'warning'>): FileResult {
  return {
    path,
    kind: 'dockerfile',
    findings: severities.map((severity, i) => ({
      ruleId: severity === 'error' ? 'no-latest-tag' : 'require-multi-stage',
      messageId: 'm',
      message: 'm',
      severity,
      line: i + 1,
      column: 1,
      endLine: i + 1,
      endColumn: 2,
    })),
  };
}

const VERDICTS: ReadonlyArray<{ name: string; files: FileResult[]; failOn: FailOn; maxWarnings?: number; verdict: 'pass' | 'fail' }> = [
  { name: 'failOn error, an error', files: [result('a', 'error')], failOn: 'error', verdict: 'fail' },
  { name: 'failOn error, warnings only', files: [result('a', 'warning', 'warning')], failOn: 'error', verdict: 'pass' },
  { name: 'failOn error, nothing', files: [result('a')], failOn: 'error', verdict: 'pass' },
  { name: 'failOn warning, a warning', files: [result('a', 'warning')], failOn: 'warning', verdict: 'fail' },
  { name: 'failOn warning, an error', files: [result('a', 'error')], failOn: 'warning', verdict: 'fail' },
  { name: 'failOn warning, nothing', files: [result('a')], failOn: 'warning', verdict: 'pass' },
  { name: 'failOn never, errors', files: [result('a', 'error', 'error', 'warning')], failOn: 'never', verdict: 'pass' },
  { name: 'maxWarnings 2, two warnings', files: [result('a', 'warning'), result('b', 'warning')], failOn: 'error', maxWarnings: 2, verdict: 'pass' },
  { name: 'maxWarnings 1, two warnings', files: [result('a', 'warning'), result('b', 'warning')], failOn: 'error', maxWarnings: 1, verdict: 'fail' },
  { name: 'maxWarnings 0, one warning', files: [result('a', 'warning')], failOn: 'error', maxWarnings: 0, verdict: 'fail' },
  { name: 'maxWarnings 0, errors only, failOn never', files: [result('a', 'error')], failOn: 'never', maxWarnings: 0, verdict: 'pass' },
  { name: 'maxWarnings beats failOn never', files: [result('a', 'warning', 'warning')], failOn: 'never', maxWarnings: 1, verdict: 'fail' },
];

for (const c of VERDICTS) {
  test(`verdict: ${c.name} → ${c.verdict}`, () => {
    const report = buildReport(c.files, { failOn: c.failOn, fileCount: c.files.length, ...(c.maxWarnings !== undefined ? { maxWarnings: c.maxWarnings } : {}) });
    assert.is(report.verdict, c.verdict);
  });
}

test('verdict: counts, file count and files sorted by path', () => {
  const report = buildReport([result('z/Dockerfile', 'warning'), result('a/Dockerfile', 'error', 'warning', 'warning'), result('m/Dockerfile')], {
    failOn: 'error',
    fileCount: 5,
  });
  assert.equal(
    { errors: report.errors, warnings: report.warnings, fileCount: report.fileCount, paths: report.files.map((f) => f.path) },
    { errors: 1, warnings: 3, fileCount: 5, paths: ['a/Dockerfile', 'm/Dockerfile', 'z/Dockerfile'] },
  );
});

// ---------------------------------------------------------------- unreadable files

const UNREADABLE = ['1:1 error parse-error/unreadable'];

test('unreadable: text with a NUL byte is one parse-error at 1:1', () => {
  const findings = findingsOf(`FROM node:latest\n\u0000\u0001\u0002binary`);
  assert.equal(findings.map((f) => `${f.line}:${f.column} ${f.severity} ${f.ruleId}/${f.messageId}`), UNREADABLE);
  assert.equal([findings[0]?.endLine, findings[0]?.endColumn], [1, 2]);
});

test('unreadable: text over the size limit is one parse-error at 1:1', () => {
  const huge = `FROM node:latest\n${'#'.repeat(MAX_FILE_BYTES)}\n`;
  assert.equal(lint(huge), UNREADABLE);
});

test('unreadable: its severity follows --rule parse-error', () => {
  assert.equal(lint('\u0000', { ruleSeverities: { 'parse-error': 'warning' } }), ['1:1 warning parse-error/unreadable']);
});

const temps: string[] = [];
function tempTree(files: Record<string, string | Buffer>): string {
  return makeTempTree('pushgate-engine-', files, temps);
}
test.after(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function lintOnDisk(root: string, path: string): string[] {
  const [res] = lintTargets([{ path, kind: 'dockerfile', absPath: join(root, path) }], { cwd: root, policy: recommended, today: TODAY });
  return (res?.findings ?? []).map((f) => `${f.line}:${f.column} ${f.severity} ${f.ruleId}/${f.messageId}`);
}

test('unreadable: from disk — missing, a directory, binary, oversized', () => {
  const root = tempTree({
    'dir/Dockerfile/': '',
    'bin/Dockerfile': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00]),
    'big/Dockerfile': Buffer.alloc(MAX_FILE_BYTES + 1, 0x23),
  });
  assert.equal(lintOnDisk(root, 'missing/Dockerfile'), UNREADABLE, 'missing');
  assert.equal(lintOnDisk(root, 'dir/Dockerfile'), UNREADABLE, 'directory');
  assert.equal(lintOnDisk(root, 'bin/Dockerfile'), UNREADABLE, 'binary');
  assert.equal(lintOnDisk(root, 'big/Dockerfile'), UNREADABLE, 'oversized');
});

test('decoding: UTF-16 with a BOM and invalid UTF-8 are read, not reported as unreadable', () => {
  const text = lines(SINGLE_FROM, LABELS);
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  const invalid = Buffer.concat([Buffer.from('# caf\xe9 latin-1 comment\n', 'latin1'), Buffer.from(text)]);
  const root = tempTree({ 'utf16/Dockerfile': utf16, 'latin1/Dockerfile': invalid });
  assert.equal(lintOnDisk(root, 'utf16/Dockerfile'), [
    '1:1 warning require-multi-stage/tooFewStages',
    '1:1 warning require-non-root-user/missing',
    '1:6 error no-latest-tag/latest',
  ]);
  assert.equal(lintOnDisk(root, 'latin1/Dockerfile'), [
    '2:1 warning require-multi-stage/tooFewStages',
    '2:1 warning require-non-root-user/missing',
    '2:6 error no-latest-tag/latest',
  ]);
});

// ---------------------------------------------------------------- order, duplicates, fingerprints

/** Findings on many lines and columns, several at the same position. */
const MESSY = lines(
  'ARG TAG=latest',
  'FROM Node:20 AS build',
  'COPY --from=python . /x',
  'RUN --mount=from=busybox:latest,target=/b true',
  'FROM alpine:${TAG}',
  'COPY --from=build /x /x',
  'LABEL Org.Example=1 org.opencontainers.image.sorce=x',
  'USER root',
);

test('findings are sorted by line, then column, then rule id', () => {
  assert.equal(lint(MESSY), [
    '2:6 error valid-image-reference/uppercase',
    '3:13 error no-latest-tag/untagged',
    '4:18 error no-latest-tag/latest',
    '5:1 warning require-labels/missing',
    '5:1 warning require-labels/missing',
    '5:1 warning require-labels/missing',
    '5:6 error no-latest-tag/latestResolved',
    '7:7 error valid-label-keys/uppercase',
    '7:21 error valid-label-keys/ociTypo',
    '8:6 warning require-non-root-user/root',
  ]);
});

test('no two findings share rule, position and message', () => {
  const keys = findingsOf(MESSY).map((f) => `${f.ruleId} ${f.line}:${f.column} ${f.message}`);
  assert.equal([...new Set(keys)], keys);
});

test('every finding has a fingerprint', () => {
  const findings = findingsOf(MESSY);
  assert.ok(findings.length > 0);
  for (const finding of findings) assert.match(finding.fingerprint ?? '', /^[0-9a-f]{32}$/, `${finding.ruleId}@${finding.line}:${finding.column}`);
});

test('every finding has a fingerprint: unreadable files too', () => {
  const [finding] = findingsOf('\u0000');
  assert.match(finding?.fingerprint ?? '', /^[0-9a-f]{32}$/, 'a binary file\'s parse-error cannot be baselined without one');
});

test('fingerprints survive blank lines inserted above: same findings, shifted lines', () => {
  const before = findingsOf(MESSY);
  const after = findingsOf(`\n\n\n${MESSY}`);
  assert.equal(after.map((f) => f.line), before.map((f) => f.line + 3));
  assert.equal(after.map((f) => f.fingerprint), before.map((f) => f.fingerprint));
  assert.is(new Set(before.map((f) => f.fingerprint)).size, before.length, 'distinct findings, distinct fingerprints');
});

test('fingerprints tell apart the same finding on two identical lines', () => {
  const findings = findingsOf(lines('FROM node:latest', 'FROM node:latest', LABELS)).filter((f) => f.ruleId === 'no-latest-tag');
  assert.equal(findings.map((f) => f.line), [1, 2]);
  assert.is.not(findings[0]?.fingerprint, findings[1]?.fingerprint);
});

// ---------------------------------------------------------------- line endings

const WITH_CONTINUATIONS = lines(
  '# pushgate-ignore-next-line require-labels -- labels come from CI',
  'FROM node:latest AS build',
  'RUN npm ci && \\',
  '    npm run build',
  'FROM node:20-alpine',
  'COPY --from=build /app /app',
  'LABEL org.opencontainers.image.source="https://github.com/acme/app" \\',
  '      Org.Acme.Team=web',
  'USER root',
);

test('CRLF with a BOM, and lone CR, give the same findings, positions and fingerprints as LF', () => {
  const lf = findingsOf(WITH_CONTINUATIONS);
  assert.equal(lf.map((f) => `${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.ruleId}/${f.messageId}`), [
    '1:29-1:66 unused-suppression/unused',
    '2:6-2:17 no-latest-tag/latest',
    '5:1-5:20 require-labels/missing',
    '5:1-5:20 require-labels/missing',
    '8:7-8:20 valid-label-keys/uppercase',
    '9:6-9:10 require-non-root-user/root',
  ]);
  const crlfBom = findingsOf(`\ufeff${WITH_CONTINUATIONS.replace(/\n/g, '\r\n')}`);
  assert.equal(crlfBom, lf);
  const cr = findingsOf(WITH_CONTINUATIONS.replace(/\n/g, '\r'));
  assert.equal(cr, lf);
});

// ---------------------------------------------------------------- lintPaths on disk

test('lintPaths: suppressions are honoured with --no-config too', async () => {
  const root = tempTree({
    'Dockerfile': lines('# pushgate-ignore-next-line no-latest-tag -- vendor image', SINGLE_FROM, LABELS),
    '.pushgaterc.yaml': 'rules:\n  no-latest-tag: warn\n',
  });
  const report = await lintPaths({ cwd: root, paths: ['.'], noConfig: true, today: TODAY });
  assert.equal(report.files.flatMap((f) => f.findings.map((x) => `${f.path}:${x.line}:${x.column} ${x.ruleId}`)), [
    'Dockerfile:2:1 require-multi-stage',
    'Dockerfile:2:1 require-non-root-user',
  ]);
});

test('lintPaths: override globs are relative to the policy file, not the working directory', async () => {
  const root = tempTree({
    'repo/.pushgaterc.yaml': 'overrides:\n  - files: ["tools/**"]\n    rules: { require-multi-stage: off }\n',
    'repo/tools/Dockerfile': SINGLE,
    'repo/app/Dockerfile': SINGLE,
  });
  const report = await lintPaths({ cwd: root, paths: ['repo'], today: TODAY });
  assert.equal(
    report.files.map((f) => [f.path, f.findings.map((x) => x.ruleId)]),
    [
      ['repo/app/Dockerfile', ['require-multi-stage', 'require-non-root-user', 'no-latest-tag']],
      ['repo/tools/Dockerfile', ['require-non-root-user', 'no-latest-tag']],
    ],
  );
  assert.equal({ errors: report.errors, warnings: report.warnings, verdict: report.verdict }, { errors: 2, warnings: 3, verdict: 'fail' });
});

test('lintPaths: failOn and maxWarnings given as options beat the policy', async () => {
  const root = tempTree({ 'Dockerfile': lines('FROM node:20', LABELS), '.pushgaterc.yaml': 'failOn: warning\n' });
  assert.is((await lintPaths({ cwd: root, paths: ['.'], today: TODAY })).verdict, 'fail', 'policy failOn warning');
  assert.is((await lintPaths({ cwd: root, paths: ['.'], today: TODAY, failOn: 'error' })).verdict, 'pass');
  assert.is((await lintPaths({ cwd: root, paths: ['.'], today: TODAY, failOn: 'error', maxWarnings: 1 })).verdict, 'fail');
});

test.run();
