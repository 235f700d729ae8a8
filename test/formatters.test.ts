// The report formats (SPEC §5) over one hand-built report: findings in three files
// and an image source, an error and a warning, a message full of characters each
// format must escape (`,:%\n|<>&"'`), duplicate engine fingerprints, a fix, a clean
// file. SARIF is validated against the OASIS 2.1.0 schema (draft-04) shipped in
// @microsoft/jest-sarif, and against the errata schema in ../shared when that
// workspace file exists; JUnit is parsed by a strict well-formedness reader below.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv04Module from 'ajv-draft-04';
import { FORMATS, getFormatter, type FormatContext, type FormatName } from '../src/formatters/index.js';
import { escapeData, escapeProperty, markdownCell, SUMMARY_MAX_ROWS } from '../src/formatters/github.js';
import { codeQualitySeverity } from '../src/formatters/gitlab.js';
import { xmlAttribute, xmlText } from '../src/formatters/junit.js';
import { pascalCase, repositoryRoot, SARIF_SCHEMA_URI } from '../src/formatters/sarif.js';
import { readRuleReadme } from '../src/formatters/rule-docs.js';
import { getRule, rules } from '../src/engine/registry.js';
import { lintTargets } from '../src/engine/lint.js';
import { buildReport } from '../src/engine/verdict.js';
import { presetPolicy } from '../src/config/presets.js';
import { redactText } from '../src/analysis/redact.js';
import type { Finding, LintReport } from '../src/models/finding.js';
import { parseXml } from './helpers/xml.js';

const root = realpathSync(new URL('..', import.meta.url).pathname);
const VERSION = '9.8.7';
const FP = '0123456789abcdef0123456789abcdef';
const FP2 = 'fedcba9876543210fedcba9876543210';
const ODD = 'Odd 50%, a:b\nnext | <tag> & "q" \'s';
const NODE = 'Image "node" has no tag, so it means "latest"; pin a version tag or a digest.';
const SCRIPT = 'scripts/build v2,final:1.sh';
const IMAGE = 'docker://acme/app:1';

const finding = (f: Partial<Finding> & Pick<Finding, 'ruleId' | 'message' | 'severity' | 'line' | 'column'>): Finding => ({
  messageId: 'm',
  endLine: f.line,
  endColumn: f.column + 1,
  ...f,
});

function sampleReport(): LintReport {
  return {
    files: [
      { path: 'clean dir/Dockerfile', kind: 'dockerfile', findings: [] },
      {
        path: 'docker/api/Dockerfile',
        kind: 'dockerfile',
        findings: [
          finding({
            ruleId: 'no-latest-tag', message: NODE, severity: 'error', line: 1, column: 6, endColumn: 10, fingerprint: FP,
            fix: { range: { line: 1, column: 6, endLine: 1, endColumn: 10 }, text: 'node:20' },
          }),
          finding({ ruleId: 'require-non-root-user', message: ODD, severity: 'warning', line: 3, column: 1, endLine: 5, endColumn: 4, fingerprint: FP2 }),
          finding({ ruleId: 'no-latest-tag', message: NODE, severity: 'error', line: 7, column: 6, endColumn: 10, fingerprint: FP }),
        ],
      },
      {
        path: IMAGE,
        kind: 'image',
        findings: [finding({ ruleId: 'no-latest-tag', message: 'Tag "latest" is mutable.', severity: 'error', line: 0, column: 0, endLine: 0, endColumn: 0 })],
      },
      {
        path: SCRIPT,
        kind: 'shell',
        findings: [finding({ ruleId: 'valid-label-keys', message: 'Label key "A" is not lowercase.', severity: 'error', line: 2, column: 3, endColumn: 8, fingerprint: FP })],
      },
    ],
    fileCount: 4,
    errors: 4,
    warnings: 1,
    verdict: 'fail',
  };
}

const VERDICT = 'pushgate: FAIL — 4 errors, 1 warning in 3 of 4 files';

function context(extra: Partial<FormatContext> = {}): FormatContext {
  return { color: false, version: VERSION, cwd: join(tmpdir(), 'pushgate-no-repo-here'), ...extra };
}

function format(name: FormatName, report: LintReport = sampleReport(), extra: Partial<FormatContext> = {}): string {
  return getFormatter(name)(report, context(extra));
}

// ---- registry of formats ---------------------------------------------------------

test('FORMATS lists the formats of SPEC §5, each with its own formatter', () => {
  assert.equal([...FORMATS], ['stylish', 'json', 'sarif', 'junit', 'github', 'gitlab']);
  assert.is(new Set(FORMATS.map((name) => getFormatter(name))).size, FORMATS.length);
});

// ---- SARIF -------------------------------------------------------------------------

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

// CommonJS interop: Node hands over module.exports (the class, which also has
// `.default`); TypeScript sees the namespace. `.default` is the class in both views.
const Ajv04 = (Ajv04Module as unknown as { default: typeof import('ajv-draft-04').default }).default;

/** RFC 3986 characters only, and every `%` starts a percent-encoding. */
const URI_CHARS = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;

function sarifValidator(schemaFile: string) {
  // unicodeRegExp off: the rtm.5 schema's language-tag pattern has a stray `]`, which
  // only the `u` flag rejects (the errata schema fixed it).
  const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat('uri', (value: string) => /^[A-Za-z][A-Za-z0-9+.-]*:/.test(value) && URI_CHARS.test(value));
  ajv.addFormat('uri-reference', (value: string) => URI_CHARS.test(value));
  ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)));
  return ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
}

const require = createRequire(import.meta.url);
const OASIS_SCHEMA = join(require.resolve('@microsoft/jest-sarif/package.json'), '..', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');
/** The final (errata 01) schema: present in the project workspace only, not on CI. */
const ERRATA_SCHEMA = join(root, '..', 'shared', 'schemas', 'sarif-2.1.0.json');

function assertValidSarif(text: string): void {
  const log = JSON.parse(text) as Json;
  const oasis = sarifValidator(OASIS_SCHEMA);
  assert.ok(oasis(log), `SARIF vs ${OASIS_SCHEMA}: ${JSON.stringify(oasis.errors, null, 2)}`);
  if (existsSync(ERRATA_SCHEMA)) {
    const errata = sarifValidator(ERRATA_SCHEMA);
    assert.ok(errata(log), `SARIF vs ${ERRATA_SCHEMA}: ${JSON.stringify(errata.errors, null, 2)}`);
  } else {
    console.log(`  note: ${ERRATA_SCHEMA} not found; SARIF checked against the OASIS rtm.5 schema only`);
  }
}

test('sarif: valid against the SARIF 2.1.0 schemas, also with no findings', () => {
  assertValidSarif(format('sarif'));
  assertValidSarif(format('sarif', { files: [], fileCount: 0, errors: 0, warnings: 0, verdict: 'pass' }));
});

test('sarif: the validator does reject a broken log (the schema check is not vacuous)', () => {
  const log = JSON.parse(format('sarif')) as Json;
  log.runs[0].results[0].level = 'fatal';
  log.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
  assert.not.ok(sarifValidator(OASIS_SCHEMA)(log));
});

test('sarif: log, tool and driver', () => {
  const log = JSON.parse(format('sarif')) as Json;
  assert.is(log.$schema, SARIF_SCHEMA_URI);
  assert.is(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
  assert.is(log.version, '2.1.0');
  assert.is(log.runs.length, 1);
  const driver = log.runs[0].tool.driver;
  assert.is(driver.name, 'pushgate');
  assert.is(driver.version, VERSION);
  assert.is(driver.semanticVersion, VERSION);
  assert.is(driver.informationUri, 'https://www.npmjs.com/package/pushgate');
  assert.is(log.runs[0].columnKind, 'utf16CodeUnits');
});

test('sarif: every registered rule is described, in registry order', () => {
  const driver = (JSON.parse(format('sarif')) as Json).runs[0].tool.driver;
  assert.equal(driver.rules.map((r: Json) => r.id), rules.map((r) => r.meta.id));
  const latest = driver.rules.find((r: Json) => r.id === 'no-latest-tag');
  const meta = getRule('no-latest-tag')!.meta;
  assert.is(latest.name, 'NoLatestTag');
  assert.is(latest.shortDescription.text, meta.description);
  assert.is(latest.fullDescription.text, meta.rationale);
  const readme = readFileSync(join(root, 'rules', 'no-latest-tag', 'README.md'), 'utf8');
  assert.is(latest.help.markdown, readme);
  assert.is(latest.help.text, readme);
  assert.is(latest.helpUri, `https://unpkg.com/pushgate@${VERSION}/rules/no-latest-tag/README.md`);
  for (const rule of driver.rules) {
    assert.ok(rule.shortDescription.text && rule.fullDescription.text && rule.help.text && rule.help.markdown, rule.id);
  }
});

test('sarif: default levels come from the recommended preset; security rules are tagged with a severity', () => {
  const byId = new Map((JSON.parse(format('sarif')) as Json).runs[0].tool.driver.rules.map((r: Json) => [r.id, r]));
  const latest = byId.get('no-latest-tag') as Json;
  assert.equal(getRule('no-latest-tag')!.meta.security, true);
  assert.equal(latest.defaultConfiguration, { level: 'error' });
  assert.equal(latest.properties.tags, ['security', 'container']);
  assert.is(latest.properties['security-severity'], '8.0');
  assert.is(latest.properties.precision, 'high');

  const multiStage = byId.get('require-multi-stage') as Json;
  assert.equal([getRule('require-multi-stage')!.meta.recommended, getRule('require-multi-stage')!.meta.security], ['warning', false]);
  assert.equal(multiStage.defaultConfiguration, { level: 'warning' });
  assert.equal(multiStage.properties.tags, ['container']);
  assert.is(multiStage.properties['security-severity'], undefined);

  // Off in recommended: disabled, at the level strict gives it.
  const pin = byId.get('pin-base-image-digest') as Json;
  assert.equal([getRule('pin-base-image-digest')!.meta.recommended, getRule('pin-base-image-digest')!.meta.strict], ['off', 'error']);
  assert.equal(pin.defaultConfiguration, { level: 'error', enabled: false });
  assert.is(pin.properties['security-severity'], '5.0');
});

test('sarif: results with rule index, level, relative URI, region, fingerprint and fix', () => {
  const log = JSON.parse(format('sarif')) as Json;
  const run = log.runs[0];
  assert.is(run.results.length, 5);
  const [first, warning, second, image, script] = run.results;
  assert.equal(first, {
    ruleId: 'no-latest-tag',
    ruleIndex: rules.findIndex((r) => r.meta.id === 'no-latest-tag'),
    level: 'error',
    message: { text: NODE },
    locations: [{
      physicalLocation: {
        artifactLocation: { uri: 'docker/api/Dockerfile', uriBaseId: '%SRCROOT%' },
        region: { startLine: 1, startColumn: 6, endLine: 1, endColumn: 10 },
      },
    }],
    partialFingerprints: { primaryLocationLineHash: `${FP}:1` },
    fixes: [{
      description: { text: 'Fix for no-latest-tag' },
      artifactChanges: [{
        artifactLocation: { uri: 'docker/api/Dockerfile', uriBaseId: '%SRCROOT%' },
        replacements: [{ deletedRegion: { startLine: 1, startColumn: 6, endLine: 1, endColumn: 10 }, insertedContent: { text: 'node:20' } }],
      }],
    }],
  });
  assert.is(warning.level, 'warning');
  assert.is(warning.message.text, ODD);
  assert.equal(warning.locations[0].physicalLocation.region, { startLine: 3, startColumn: 1, endLine: 5, endColumn: 4 });
  // Same fingerprint twice in one file: GitHub-style occurrence suffix.
  assert.is(second.partialFingerprints.primaryLocationLineHash, `${FP}:2`);
  // An image source: its URI as given, line 1 for a finding without a position.
  assert.equal(image.locations[0].physicalLocation, {
    artifactLocation: { uri: IMAGE },
    region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
  });
  assert.match(image.partialFingerprints.primaryLocationLineHash, /^[0-9a-f]{32}:1$/);
  // Another file may share a fingerprint: GitHub combines it with the path.
  assert.is(script.partialFingerprints.primaryLocationLineHash, `${FP}:1`);
  assert.is(script.locations[0].physicalLocation.artifactLocation.uri, 'scripts/build%20v2%2Cfinal%3A1.sh');
});

test('sarif: URIs are relative to the repository root holding .git; %SRCROOT% is its file URI', () => {
  const tmp = realpathSync(mkdtempSync(join(tmpdir(), 'pushgate-sarif-')));
  try {
    mkdirSync(join(tmp, 'repo', '.git'), { recursive: true });
    mkdirSync(join(tmp, 'repo', 'services'));
    const cwd = join(tmp, 'repo', 'services');
    assert.is(repositoryRoot(cwd), join(tmp, 'repo'));
    const run = (JSON.parse(format('sarif', sampleReport(), { cwd })) as Json).runs[0];
    assert.equal(run.originalUriBaseIds, { '%SRCROOT%': { uri: `${pathToFileURL(join(tmp, 'repo')).href}/` } });
    assert.is(run.results[0].locations[0].physicalLocation.artifactLocation.uri, 'services/docker/api/Dockerfile');

    const outside = (JSON.parse(format('sarif', sampleReport(), { cwd: tmp })) as Json).runs[0];
    assert.is(outside.originalUriBaseIds['%SRCROOT%'].uri, `${pathToFileURL(tmp).href}/`);
    assert.is(outside.results[0].locations[0].physicalLocation.artifactLocation.uri, 'docker/api/Dockerfile');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('sarif: rule names are the ids in PascalCase', () => {
  assert.is(pascalCase('no-latest-tag'), 'NoLatestTag');
  assert.is(pascalCase('parse-error'), 'ParseError');
});

test('rule docs: READMEs are found from the module location; odd ids are refused', () => {
  assert.match(readRuleReadme('no-latest-tag') ?? '', /^# no-latest-tag\n/);
  assert.is(readRuleReadme('no-such-rule'), null);
  assert.is(readRuleReadme('../../package.json'), null);
  assert.is(readRuleReadme('no-latest-tag/../../README'), null);
});

// The CLI bundle (dist/cli.cjs) finds the READMEs too. `npm test` builds first.
test('sarif: the built CLI embeds rule READMEs as help.markdown', () => {
  const bin = join(root, 'bin', 'pushgate.cjs');
  if (!existsSync(join(root, 'dist', 'cli.cjs'))) {
    console.log('  note: dist/cli.cjs not built; skipping the bundle check (npm test builds it)');
    return;
  }
  const result = spawnSync(process.execPath, [bin, '--no-config', '--format', 'sarif', 'Dockerfile'], {
    cwd: join(root, 'fixtures', 'bench', 'small'),
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', PUSHGATE_WRITE_CODE_CACHE: '' },
  });
  assert.ok(result.status === 0 || result.status === 1, `exit ${result.status}: ${result.stderr}`);
  const log = JSON.parse(result.stdout) as Json;
  assertValidSarif(result.stdout);
  for (const rule of log.runs[0].tool.driver.rules) {
    assert.is(rule.help.markdown, readFileSync(join(root, 'rules', rule.id, 'README.md'), 'utf8'), rule.id);
  }
});

// ---- GitLab Code Quality -------------------------------------------------------------

test('gitlab: fields of a Code Quality issue', () => {
  const issues = JSON.parse(format('gitlab')) as Json[];
  assert.is(issues.length, 5);
  const [first] = issues;
  assert.equal(Object.keys(first).sort(), ['categories', 'check_name', 'description', 'fingerprint', 'location', 'severity', 'type']);
  assert.is(first.type, 'issue');
  assert.is(first.description, NODE);
  assert.is(first.check_name, 'no-latest-tag');
  assert.is(first.severity, 'critical');
  assert.equal(first.categories, ['Security']);
  assert.equal(first.location, { path: 'docker/api/Dockerfile', lines: { begin: 1, end: 1 } });
  assert.equal(issues[1].location, { path: 'docker/api/Dockerfile', lines: { begin: 3, end: 5 } });
  assert.is(issues[1].description, ODD);
  assert.equal(issues[3].location, { path: IMAGE, lines: { begin: 1, end: 1 } });
  assert.equal(issues[4].location, { path: SCRIPT, lines: { begin: 2, end: 2 } });
});

test('gitlab: fingerprints are unique hex even where engine fingerprints repeat, and stable', () => {
  const issues = JSON.parse(format('gitlab')) as Json[];
  const prints = issues.map((issue) => issue.fingerprint as string);
  for (const print of prints) assert.match(print, /^[0-9a-f]{32}$/);
  assert.is(new Set(prints).size, prints.length);
  assert.equal((JSON.parse(format('gitlab')) as Json[]).map((issue) => issue.fingerprint), prints);
  // Two identical findings (same path, rule, message, fingerprint) still differ.
  const twin = sampleReport();
  const api = twin.files[1]!;
  api.findings.push({ ...api.findings[0]! });
  const twinPrints = (JSON.parse(format('gitlab', twin)) as Json[]).map((issue) => issue.fingerprint);
  assert.is(new Set(twinPrints).size, 6);
});

test('gitlab: severity mapping (critical for parse errors and security errors, major, minor)', () => {
  assert.is(getRule('valid-label-keys')!.meta.security, false);
  const f = (ruleId: string, severity: 'error' | 'warning') => finding({ ruleId, severity, message: 'm', line: 1, column: 1 });
  assert.is(codeQualitySeverity(f('parse-error', 'error')), 'critical');
  assert.is(codeQualitySeverity(f('no-latest-tag', 'error')), 'critical');
  assert.is(codeQualitySeverity(f('valid-label-keys', 'error')), 'major');
  assert.is(codeQualitySeverity(f('no-latest-tag', 'warning')), 'minor');
  assert.is(codeQualitySeverity(f('require-multi-stage', 'warning')), 'minor');
  assert.equal((JSON.parse(format('gitlab')) as Json[]).map((issue) => issue.severity), ['critical', 'minor', 'critical', 'critical', 'major']);
});

test('gitlab: no findings is an empty array', () => {
  assert.is(format('gitlab', { files: [{ path: 'Dockerfile', kind: 'dockerfile', findings: [] }], fileCount: 1, errors: 0, warnings: 0, verdict: 'pass' }), '[]\n');
});

// ---- JUnit -------------------------------------------------------------------------

test('xml reader: rejects what is not well-formed (the check is not vacuous)', () => {
  for (const bad of ['<a>', '<a></b>', '<a x="1" x="2"/>', '<a x=1/>', '<a>&</a>', '<a>&bogus;</a>', '<a>\u0001</a>', '<a/><b/>', '<a x="<"/>', '<a>&#0;</a>']) {
    assert.throws(() => parseXml(bad), /not well-formed/, bad);
  }
  assert.equal(parseXml('<a x="&lt;&#10;">t&amp;<b/></a>'), { name: 'a', attributes: { x: '<\n' }, children: [{ name: 'b', attributes: {}, children: [], text: '' }], text: 't&' });
});

test('junit: well-formed; a suite per file, a testcase per finding, a passing case for a clean file', () => {
  const xml = format('junit');
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'));
  const doc = parseXml(xml);
  assert.is(doc.name, 'testsuites');
  assert.equal(doc.attributes, { name: 'pushgate', tests: '6', failures: '5', errors: '0' });
  assert.equal(doc.children.map((s) => [s.attributes.name, s.attributes.tests, s.attributes.failures]), [
    ['clean dir/Dockerfile', '1', '0'],
    ['docker/api/Dockerfile', '3', '3'],
    [IMAGE, '1', '1'],
    [SCRIPT, '1', '1'],
  ]);
  const clean = doc.children[0]!.children;
  assert.equal(clean, [{ name: 'testcase', attributes: { classname: 'pushgate', name: 'clean dir/Dockerfile', file: 'clean dir/Dockerfile' }, children: [], text: '' }]);

  const [first, warning] = doc.children[1]!.children;
  assert.equal(first!.attributes, { classname: 'no-latest-tag', name: 'docker/api/Dockerfile:1:6', file: 'docker/api/Dockerfile', line: '1' });
  const failure = first!.children[0]!;
  assert.is(failure.name, 'failure');
  assert.equal(failure.attributes, { message: NODE, type: 'error' });
  assert.is(failure.text, `docker/api/Dockerfile:1:6: error: ${NODE} (no-latest-tag)`);
  // The odd message survives escaping exactly, line break included.
  assert.equal(warning!.children[0]!.attributes, { message: ODD, type: 'warning' });
  assert.is(warning!.children[0]!.text, `docker/api/Dockerfile:3:1: warning: ${ODD} (require-non-root-user)`);
  assert.is(doc.children[2]!.children[0]!.attributes.name, `${IMAGE}:1:1`);
});

test('junit: escaping and characters XML 1.0 forbids', () => {
  assert.is(xmlText(`a&b<c>d"e'f`), 'a&amp;b&lt;c&gt;d&quot;e&apos;f');
  assert.is(xmlText('x\u0000\u0008\u000B\u001Fy\uFFFEz\uD800!'), 'xyz!');
  assert.is(xmlText('keep \u{1F433} and \t\n'), 'keep \u{1F433} and \t\n');
  assert.is(xmlAttribute('a\tb\nc\rd'), 'a&#9;b&#10;c&#13;d');
  const report = sampleReport();
  report.files[1]!.findings[0]!.message = 'bad \u0000\u0007 chars ]]> <![CDATA[ &amp;';
  const doc = parseXml(format('junit', report));
  assert.is(doc.children[1]!.children[0]!.children[0]!.attributes.message, 'bad  chars ]]> <![CDATA[ &amp;');
});

test('junit: an empty report is still a well-formed document', () => {
  const doc = parseXml(format('junit', { files: [], fileCount: 0, errors: 0, warnings: 0, verdict: 'pass' }));
  assert.equal(doc, { name: 'testsuites', attributes: { name: 'pushgate', tests: '0', failures: '0', errors: '0' }, children: [], text: '' });
});

// ---- GitHub Actions ----------------------------------------------------------------------

test('github: escaping of data and properties', () => {
  assert.is(escapeData('50% a:b,c\r\nd'), '50%25 a:b,c%0D%0Ad');
  assert.is(escapeProperty('50% a:b,c\r\nd'), '50%25 a%3Ab%2Cc%0D%0Ad');
});

test('github: one workflow command per finding, then the verdict', () => {
  assert.is(
    format('github'),
    [
      `::error file=docker/api/Dockerfile,line=1,col=6,endLine=1,endColumn=9,title=no-latest-tag::${NODE}`,
      '::warning file=docker/api/Dockerfile,line=3,endLine=5,title=require-non-root-user::Odd 50%25, a:b%0Anext | <tag> & "q" \'s',
      `::error file=docker/api/Dockerfile,line=7,col=6,endLine=7,endColumn=9,title=no-latest-tag::${NODE}`,
      '::error title=no-latest-tag::docker://acme/app:1: Tag "latest" is mutable.',
      '::error file=scripts/build v2%2Cfinal%3A1.sh,line=2,col=3,endLine=2,endColumn=7,title=valid-label-keys::Label key "A" is not lowercase.',
      VERDICT,
      '',
    ].join('\n'),
  );
});

test('github: no summary without GITHUB_STEP_SUMMARY or without appendFile', () => {
  const appended: string[] = [];
  format('github', sampleReport(), { env: {}, appendFile: (_path, text) => appended.push(text) });
  format('github', sampleReport(), { env: { GITHUB_STEP_SUMMARY: '/tmp/summary.md' } });
  assert.equal(appended, []);
});

test('github: the step summary has the verdict and a table of every finding', () => {
  const appended: Array<[string, string]> = [];
  const out = format('github', sampleReport(), {
    env: { GITHUB_STEP_SUMMARY: '/runner/summary.md' },
    appendFile: (path, text) => appended.push([path, text]),
  });
  assert.ok(out.endsWith(`${VERDICT}\n`));
  assert.is(appended.length, 1);
  const help = (id: string) => `https://unpkg.com/pushgate@${VERSION}/rules/${id}/README.md`;
  assert.equal(appended[0], [
    '/runner/summary.md',
    [
      `### ${VERDICT}`,
      '',
      '| File | Line | Severity | Rule | Message |',
      '| --- | ---: | --- | --- | --- |',
      `| docker/api/Dockerfile | 1 | error | [no-latest-tag](${help('no-latest-tag')}) | ${NODE} |`,
      `| docker/api/Dockerfile | 3 | warning | [require-non-root-user](${help('require-non-root-user')}) | Odd 50%, a:b<br>next \\| &lt;tag&gt; &amp; "q" 's |`,
      `| docker/api/Dockerfile | 7 | error | [no-latest-tag](${help('no-latest-tag')}) | ${NODE} |`,
      `| docker://acme/app:1 | 1 | error | [no-latest-tag](${help('no-latest-tag')}) | Tag "latest" is mutable. |`,
      `| scripts/build v2,final:1.sh | 2 | error | [valid-label-keys](${help('valid-label-keys')}) | Label key "A" is not lowercase. |`,
      '',
      '',
    ].join('\n'),
  ]);
});

test('github: summary cells cannot break the table or inject markup', () => {
  assert.is(markdownCell('a|b\r\nc\nd'), 'a\\|b<br>c<br>d');
  assert.is(markdownCell('<img src=x> & `code` *b* _i_ [l](u) \\'), '&lt;img src=x&gt; &amp; \\`code\\` \\*b\\* \\_i\\_ \\[l\\](u) \\\\');
});

test('github: a clean run summarises as no findings; a huge one is capped', () => {
  const appended: string[] = [];
  const appendFile = (_path: string, text: string) => appended.push(text);
  const env = { GITHUB_STEP_SUMMARY: '/s' };
  const clean: LintReport = { files: [{ path: 'Dockerfile', kind: 'dockerfile', findings: [] }], fileCount: 1, errors: 0, warnings: 0, verdict: 'pass' };
  assert.is(format('github', clean, { env, appendFile }), 'pushgate: PASS — no findings in 1 file\n');
  assert.is(appended[0], '### pushgate: PASS — no findings in 1 file\n\nNo findings.\n\n');

  const many = Array.from({ length: SUMMARY_MAX_ROWS + 5 }, (_, i) => finding({ ruleId: 'no-latest-tag', message: `m${i}`, severity: 'warning', line: i + 1, column: 1 }));
  format('github', { files: [{ path: 'Dockerfile', kind: 'dockerfile', findings: many }], fileCount: 1, errors: 0, warnings: many.length, verdict: 'pass' }, { env, appendFile });
  const rows = appended[1]!.split('\n').filter((line) => line.startsWith('| Dockerfile |'));
  assert.is(rows.length, SUMMARY_MAX_ROWS);
  assert.ok(appended[1]!.endsWith('…and 5 more; the job log has every finding.\n\n'));
});

test('github: a failing summary write is a warning in the log, not a crash', () => {
  const out = format('github', sampleReport(), {
    env: { GITHUB_STEP_SUMMARY: '/nope/summary.md' },
    appendFile: () => {
      throw new Error('EACCES: permission denied');
    },
  });
  assert.ok(out.endsWith(`${VERDICT}\n::warning title=pushgate::cannot append to the job summary (GITHUB_STEP_SUMMARY): EACCES: permission denied\n`));
});

// ---- secrets never printed (SPEC §5, §6) ----------------------------------------------

test('no format prints a token that reached a finding through the engine', () => {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const body = Array.from({ length: 36 }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
  const token = `gh${'p_'}${body}`;
  assert.is(redactText(`x ${token} y`), 'x ghp_… y');
  // The image reference is quoted by no-latest-tag's message; the ENV line is for the credentials rule.
  const dockerfile = `FROM ${token}\nENV GITHUB_TOKEN=${token}\nLABEL ${token}=1\n`;
  const results = lintTargets([{ path: 'Dockerfile', kind: 'dockerfile', text: dockerfile }], {
    cwd: join(tmpdir(), 'pushgate-no-repo-here'),
    policy: presetPolicy('strict'),
    today: '2026-06-01',
    files: { read: () => null },
  });
  const report = buildReport(results, { failOn: 'error', fileCount: 1 });
  const messages = report.files.flatMap((f) => f.findings.map((x) => x.message));
  assert.ok(messages.some((m) => m.includes('ghp_…')), `a finding quotes the redacted token: ${JSON.stringify(messages)}`);
  for (const name of FORMATS) {
    const appended: string[] = [];
    const out = format(name, report, { env: { GITHUB_STEP_SUMMARY: '/s' }, appendFile: (_p, text) => appended.push(text) });
    assert.not.ok(out.includes(body), `${name} prints the token`);
    assert.not.ok(appended.join('').includes(body), `${name} writes the token to the step summary`);
  }
});

test.run();
