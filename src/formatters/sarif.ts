// SARIF 2.1.0 as GitHub code scanning reads it (docs/ci.md):
// - every registered rule is described, not only those with results, so an alert's
//   rule page works and a rule that stops firing closes its alerts;
// - `security` rules carry the `security` tag and a `security-severity` (GitHub
//   shows those as security alerts with a severity);
// - result URIs are relative to the repository root (`%SRCROOT%`): the nearest
//   ancestor of the working directory holding `.git`, else the working directory;
// - `partialFingerprints.primaryLocationLineHash` is the engine's fingerprint
//   (rule + message + the offending line's text, not its number) with a `:<n>`
//   occurrence suffix, so alerts survive inserted lines above them.

import { findRepositoryRoot } from '../io/repository.js';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { rules } from '../engine/registry.js';
import type { AnyRule } from '../engine/rule.js';
import type { Finding, Fix, LintReport, SeveritySetting } from '../models/finding.js';
import { hash128 } from '../shared/hash.js';
import { isUriSource, spanOf, type Span } from './location.js';
import { readRuleReadme, ruleHelpUri } from './rule-docs.js';
import { stringifyWithArray, withNewline } from './json-stream.js';
import { joined, type ChunkedFormatter, type Formatter } from './types.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://www.npmjs.com/package/pushgate';
const SRCROOT = '%SRCROOT%';

type Level = 'error' | 'warning' | 'note';

/**
 * GitHub's security severity (0.0–10.0; 7.0+ is "high", 4.0–6.9 "medium") for
 * `security` rules: a rule the recommended preset makes an error is high (8.0),
 * any other security rule medium (5.0).
 */
export function securitySeverity(rule: AnyRule): string {
  return rule.meta.recommended === 'error' ? '8.0' : '5.0';
}

/**
 * The rule's default configuration is the `recommended` preset (what `npx pushgate`
 * runs without a policy). A rule that preset turns off is `enabled: false`, with the
 * level the `strict` preset gives it, so a viewer still knows how serious it is.
 * Every result carries its own `level` (the severity the run's policy gave it).
 */
function defaultConfiguration(rule: AnyRule): { level: Level; enabled?: false } {
  const { recommended, strict } = rule.meta;
  if (recommended !== 'off') return { level: levelOf(recommended) };
  return { level: levelOf(strict), enabled: false };
}

function levelOf(severity: SeveritySetting): Level {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

/** `no-latest-tag` → `NoLatestTag` (SARIF `name`: an identifier-like, human-readable name). */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}

function ruleDescriptor(rule: AnyRule, version: string) {
  const { id, description, rationale, security, recommended } = rule.meta;
  const readme = readRuleReadme(id);
  const fallback = `${description}\n\n${rationale}\n`;
  return {
    id,
    name: pascalCase(id),
    shortDescription: { text: description },
    fullDescription: { text: rationale },
    help: { text: readme ?? fallback, markdown: readme ?? `**${description}**\n\n${rationale}\n` },
    helpUri: ruleHelpUri(id, version),
    defaultConfiguration: defaultConfiguration(rule),
    properties: {
      tags: security ? ['security', 'container'] : ['container'],
      precision: 'high',
      'problem.severity': recommended === 'off' ? 'recommendation' : recommended,
      ...(security ? { 'security-severity': securitySeverity(rule) } : {}),
    },
  };
}

/** The nearest ancestor of `cwd` (itself included) that holds `.git`; `cwd` when none does. */
export function repositoryRoot(cwd: string): string {
  return findRepositoryRoot(cwd) ?? resolve(cwd);
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

function artifactLocation(path: string, cwd: string, root: string): ArtifactLocation {
  if (isUriSource(path)) return { uri: path };
  const absolute = resolve(cwd, path);
  const fromRoot = relative(root, absolute);
  if (fromRoot === '' || fromRoot.startsWith('..') || isAbsolute(fromRoot)) return { uri: pathToFileURL(absolute).href };
  return { uri: fromRoot.split(sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function region(span: Span) {
  return { startLine: span.line, startColumn: span.column, endLine: span.endLine, endColumn: span.endColumn };
}

export const sarifChunks: ChunkedFormatter = (report, { version, cwd }) => {
  const root = repositoryRoot(cwd);
  const skeleton = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'pushgate',
            version,
            semanticVersion: version,
            informationUri: INFORMATION_URI,
            rules: rules.map((rule) => ruleDescriptor(rule, version)),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(root) } },
        columnKind: 'utf16CodeUnits',
        results: [],
      },
    ],
  };
  return withNewline(stringifyWithArray(skeleton, results(report, cwd, root)));
};

export const sarif: Formatter = joined(sarifChunks);

function* results(report: LintReport, cwd: string, root: string) {
  const ruleIndex = new Map(rules.map((rule, index) => [rule.meta.id, index]));
  for (const file of report.files) {
    const location = artifactLocation(file.path, cwd, root);
    const occurrences = new Map<string, number>();
    for (const finding of file.findings) {
      const hash = finding.fingerprint ?? fallbackFingerprint(finding);
      const occurrence = (occurrences.get(hash) ?? 0) + 1;
      occurrences.set(hash, occurrence);
      const index = ruleIndex.get(finding.ruleId);
      const span = spanOf(finding);
      yield {
        ruleId: finding.ruleId,
        ...(index !== undefined ? { ruleIndex: index } : {}),
        level: levelOf(finding.severity),
        message: { text: finding.message },
        locations: [{ physicalLocation: { artifactLocation: location, region: region(span) } }],
        partialFingerprints: { primaryLocationLineHash: `${hash}:${occurrence}` },
        ...(finding.fix ? { fixes: [fixOf(finding, finding.fix, location)] } : {}),
      };
    }
  }
}

/** Hand-built reports may lack the engine's fingerprint: hash what identifies the finding. */
function fallbackFingerprint(finding: Finding): string {
  return hash128(`${finding.ruleId}\u0000${finding.message}`);
}

function fixOf(finding: Finding, fix: Fix, location: ArtifactLocation) {
  const span = spanOf({ ...finding, ...fix.range });
  return {
    description: { text: `Fix for ${finding.ruleId}` },
    artifactChanges: [
      {
        artifactLocation: location,
        replacements: [{ deletedRegion: region(span), insertedContent: { text: fix.text } }],
      },
    ],
  };
}
