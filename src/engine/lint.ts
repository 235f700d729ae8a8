// Lints a set of files under a policy: read → parse → rules → suppressions → sorted findings.
// Cross-artifact facts are gathered first so a Dockerfile sees the build args,
// labels and context that a pipeline or compose file hands it.

import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { Minimatch } from 'minimatch';
import type { BuildFacts, BuildReference } from '../models/file.js';
import type { FileResult, Finding, SeveritySetting } from '../models/finding.js';
import type { Kind } from '../models/nodes.js';
import type { Policy, RuleSetting } from '../models/policy.js';
import { parseFile } from '../parsers/index.js';
import { pointRange } from '../parsers/text.js';
import { getRule, rules as allRules } from './registry.js';
import type { AnyRule } from './rule.js';
import { interpolate } from './messages.js';
import { redactText } from '../analysis/redact.js';
import { decodeText } from '../io/decode.js';
import { hash128 } from '../shared/hash.js';
import { runRules, PARSE_ERROR, type ActiveRule } from './runner.js';
import { ResultCompactor } from './compact.js';
import { applySuppressions, UNUSED_SUPPRESSION } from './suppressions.js';
import { utcToday } from '../shared/today.js';

/** Kinds with a parser in this version; other discovered kinds are not linted yet. */
export const SUPPORTED_KINDS: ReadonlySet<Kind> = new Set<Kind>(['dockerfile', 'shell', 'image', 'github-workflow', 'gitlab-ci', 'compose']);

/** Files larger than this are reported, not read whole (SPEC §6). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface LintTarget {
  /** Path relative to cwd with `/` separators (as reported). */
  path: string;
  kind: Kind;
  /** Content when it does not come from disk (stdin, git objects). */
  text?: string;
  /** Absolute path on disk, when it comes from disk. */
  absPath?: string;
}

export interface FileSystemView {
  /** Reads a file by path relative to cwd; null when missing or unreadable. */
  read(path: string): string | null;
}

export interface LintOptions {
  cwd: string;
  policy: Policy;
  /** `--rule id=severity` from the command line: applied after the policy and its overrides. */
  ruleSeverities?: Record<string, SeveritySetting>;
  /** YYYY-MM-DD; defaults to today (UTC). */
  today?: string;
  files?: FileSystemView;
}

/** An unexpected failure while linting a file: the gate fails closed with the file named. */
export class InternalError extends Error {
  constructor(readonly file: string, override readonly cause: unknown) {
    super(`internal error while linting ${file}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** Companion files up to this size are remembered for the run (a `.dockerignore`, a GitLab include). */
const REMEMBERED_BYTES = 64 * 1024;

export function diskView(cwd: string): FileSystemView {
  // Many files ask for the same companion (every compose file of a directory for its
  // `.env`, every Dockerfile of a context for its `.dockerignore`); a failed read costs an
  // exception each time. Files do not change during a run.
  const remembered = new Map<string, string | null>();
  return {
    read(path) {
      const known = remembered.get(path);
      if (known !== undefined) return known;
      let text: string | null;
      try {
        text = readFileSync(`${cwd}/${path}`, 'utf8');
      } catch {
        text = null;
      }
      if (text === null || text.length <= REMEMBERED_BYTES) remembered.set(path, text);
      return text;
    },
  };
}

/** One file's result, and the build facts it hands to the Dockerfiles it builds. */
export interface LintedFile {
  result: FileResult;
  builds: readonly BuildReference[];
}

/** Build facts per Dockerfile path (relative to cwd), as pipelines and compose files hand them over. */
export type BuildFactMap = ReadonlyMap<string, readonly BuildFacts[]>;

/** The results of a run, in target order, and the build facts its first pass found. */
export interface LintRun {
  results: FileResult[];
  facts: BuildFactMap;
}

/**
 * Lints one file at a time under one policy: the per-run state (resolved rules,
 * the date, the file view) is built once, and no file's text or model outlives its
 * `lint` call. The main thread and every worker thread lint through this class.
 */
export class FileLinter {
  private readonly today: string;
  private readonly files: FileSystemView;
  private readonly resolver: RuleResolver;

  constructor(private readonly options: LintOptions) {
    this.today = options.today ?? utcToday();
    this.files = options.files ?? diskView(options.cwd);
    this.resolver = new RuleResolver(options.policy, options.cwd, options.ruleSeverities ?? {});
  }

  /** Lints one target; a Dockerfile gets the facts of the builds that name it. Throws only InternalError. */
  lint(target: LintTarget, facts: readonly BuildFacts[]): LintedFile {
    const active = this.resolver.activeFor(target.path);
    const content = readTarget(target);
    if (typeof content !== 'string') {
      return { result: { path: target.path, kind: target.kind, findings: finish(problemFinding(content, active), '') }, builds: [] };
    }
    const { options, today, files, resolver } = this;
    let builds: readonly BuildReference[] = [];
    const findings = guarded(target.path, () => {
      const model = parseFile(target.kind, target.path, content, { buildArgs: mergeBuildArgs(facts), readFile: (p) => files.read(p) });
      builds = model.builds ?? [];
      const raw = runRules(model, active, { cwd: options.cwd, today, builds: facts, readFile: (p) => files.read(p), text: content });
      const unused = active.find((a) => a.rule.meta.id === UNUSED_SUPPRESSION);
      const kept = applySuppressions(raw, model.comments, {
        today,
        requireReason: options.policy.suppressions.requireReason,
        knownRules: resolver.knownIds,
        unusedSeverity: unused ? unused.severity : null,
        unsuppressible: new Set([PARSE_ERROR]),
        message: (messageId, data) => renderMessage(unused?.rule ?? getRule(UNUSED_SUPPRESSION), messageId, data),
      });
      return finish(kept, content);
    });
    return { result: { path: target.path, kind: target.kind, findings }, builds };
  }
}

/**
 * The two passes of a run, as target indexes: first everything that is not a
 * Dockerfile (pipelines, compose files, scripts: their rules need no facts from
 * elsewhere, and they hand build facts to Dockerfiles), then the Dockerfiles.
 */
export function lintPasses(targets: readonly LintTarget[]): { first: number[]; second: number[] } {
  const first: number[] = [];
  const second: number[] = [];
  targets.forEach((target, index) => (target.kind === 'dockerfile' ? second : first).push(index));
  return { first, second };
}

/**
 * Collects the first pass's build facts. They are recorded per target index and
 * merged in target order whatever order the files were linted in, so a Dockerfile
 * sees the same facts in the same order on one thread or on several (later build
 * args win when two builds set the same one).
 */
export class BuildFactCollector {
  private readonly byIndex = new Map<number, readonly BuildReference[]>();

  record(index: number, builds: readonly BuildReference[]): void {
    if (builds.length > 0) this.byIndex.set(index, builds);
  }

  facts(): BuildFactMap {
    const map = new Map<string, BuildFacts[]>();
    for (const index of [...this.byIndex.keys()].sort((a, b) => a - b)) {
      for (const build of this.byIndex.get(index) ?? []) {
        const list = map.get(build.dockerfile) ?? [];
        list.push(build.facts);
        map.set(build.dockerfile, list);
      }
    }
    return map;
  }
}

/**
 * Lints every target and returns one result per target, in order. Memory stays
 * bounded by one file at a time: pipelines and compose files are linted first and
 * only the build facts they hand to Dockerfiles are kept; then each Dockerfile is
 * read, parsed with those facts and linted.
 */
export function lintTargets(targets: readonly LintTarget[], options: LintOptions): FileResult[] {
  return lintRun(targets, options).results;
}

/**
 * `lintTargets` on this thread, also returning the facts found. With `knownFacts`
 * (a re-lint after `--fix`) the first pass records nothing and Dockerfiles get the
 * facts given: fixes rewrite credentials and logins, never what a build hands over.
 */
export function lintRun(targets: readonly LintTarget[], options: LintOptions, knownFacts?: BuildFactMap): LintRun {
  const linter = new FileLinter(options);
  const results: FileResult[] = new Array(targets.length);
  const collector = new BuildFactCollector();
  const compactor = new ResultCompactor();
  const { first, second } = lintPasses(targets);
  for (const index of first) {
    const linted = linter.lint(targets[index]!, []);
    results[index] = compactor.compact(linted.result);
    collector.record(index, linted.builds);
  }
  const facts = knownFacts ?? collector.facts();
  for (const index of second) {
    const target = targets[index]!;
    results[index] = compactor.compact(linter.lint(target, facts.get(target.path) ?? []).result);
  }
  return { results, facts };
}

function guarded<T>(file: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw new InternalError(file, error);
  }
}

interface ReadProblem {
  message: string;
}

function readTarget(target: LintTarget): string | ReadProblem {
  if (typeof target.text === 'string') return checkText(target.text);
  let fd: number | null = null;
  try {
    // Opened without blocking (a FIFO would wait for a writer) and checked through the
    // descriptor before a byte is read: only a regular file within the cap is read.
    fd = openSync(target.absPath ?? target.path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const info = fstatSync(fd);
    if (!info.isFile()) return { message: 'not a regular file; not linted' };
    if (info.size > MAX_FILE_BYTES) return tooBig(info.size);
    const buffer = readFileSync(fd);
    if (buffer.length > MAX_FILE_BYTES) return tooBig(buffer.length); // grew while being read
    return checkText(decodeText(buffer));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    return { message: `cannot read the file (${code})` };
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

function tooBig(bytes: number): ReadProblem {
  return { message: `file is ${bytes} bytes, over the ${MAX_FILE_BYTES}-byte limit; not linted` };
}

function checkText(text: string): string | ReadProblem {
  if (text.length > MAX_FILE_BYTES) return { message: `file is over the ${MAX_FILE_BYTES}-byte limit; not linted` };
  if (text.slice(0, 8192).includes('\u0000')) return { message: 'binary file (contains NUL bytes); not linted' };
  return text;
}

/** A file that could not be read is a parse-error finding (unless the policy turned parse-error off). */
function problemFinding(problem: ReadProblem, active: readonly ActiveRule[]): Finding[] {
  const parseError = active.find((a) => a.rule.meta.id === PARSE_ERROR);
  if (!parseError) return [];
  const message = renderMessage(parseError.rule, 'unreadable', { message: problem.message });
  return [{ ruleId: PARSE_ERROR, messageId: 'unreadable', message, severity: parseError.severity, ...pointRange(1, 1) }];
}

/** Engine messages (suppressions, unreadable files) quote file text too: masked like rule messages. */
function renderMessage(rule: AnyRule | undefined, messageId: string, data: Record<string, string>): string {
  const redacted: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) redacted[key] = redactText(value);
  return redactText(interpolate(rule?.meta.messages[messageId] ?? messageId, redacted));
}

function mergeBuildArgs(facts: readonly BuildFacts[]): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const fact of facts) Object.assign(merged, fact.buildArgs);
  return merged;
}

/** Lines longer than this enter fingerprints as their hash (fingerprints of shorter lines are unchanged). */
const LONG_LINE = 1024;

/** Sorts, removes duplicates and fingerprints findings. */
function finish(findings: Finding[], text: string): Finding[] {
  // Plain code-unit order: localeCompare would load ICU collation data at start-up.
  findings.sort((a, b) => a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  // Split on first use: most files have no finding at all.
  let lines: string[] | null = null;
  const seen = new Set<string>();
  const counts = new Map<string, number>();
  const lineKeys = new Map<number, string>();
  // A long line stands in the fingerprint as its hash, taken once: many findings on one
  // huge line (a minified file, a 1 MB line of YAML errors) must not cost findings × length.
  const lineKey = (line: number): string => {
    let key = lineKeys.get(line);
    if (key === undefined) {
      lines ??= text.split(/\r\n|\r|\n/);
      key = (lines[line - 1] ?? '').trim();
      if (key.length > LONG_LINE) key = hash128(key);
      lineKeys.set(line, key);
    }
    return key;
  };
  const out: Finding[] = [];
  for (const finding of findings) {
    const key = `${finding.ruleId}\u0000${finding.line}\u0000${finding.column}\u0000${finding.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    // Fingerprint: rule + message + the offending line's text, not its number, so it survives shifts.
    const base = `${finding.ruleId}\u0000${finding.message}\u0000${lineKey(finding.line)}`;
    const occurrence = counts.get(base) ?? 0;
    counts.set(base, occurrence + 1);
    finding.fingerprint = hash128(`${base}\u0000${occurrence}`);
    out.push(finding);
  }
  return out;
}

/** Resolves which rules run on a file, at which severity and with which options. */
class RuleResolver {
  readonly knownIds: ReadonlySet<string> = new Set(allRules.map((rule) => rule.meta.id));
  private readonly base: ActiveRule[];
  private readonly overrides: Array<{ matchers: Minimatch[]; rules: Record<string, RuleSetting> }>;
  private readonly policyDir: string;

  constructor(
    private readonly policy: Policy,
    private readonly cwd: string,
    private readonly cliSeverities: Record<string, SeveritySetting>,
  ) {
    this.policyDir = policy.source ? dirname(policy.source) : cwd;
    this.overrides = policy.overrides.map((override) => ({
      matchers: override.files.map((glob) => new Minimatch(glob, { dot: true, matchBase: !glob.includes('/') })),
      rules: override.rules,
    }));
    this.base = this.build(policy.rules);
  }

  activeFor(path: string): ActiveRule[] {
    if (this.overrides.length === 0) return this.base;
    const relativePath = relative(this.policyDir, `${this.cwd}/${path}`).split('\\').join('/');
    let settings: Record<string, RuleSetting> | null = null;
    for (const override of this.overrides) {
      if (!override.matchers.some((m) => m.match(relativePath) || m.match(path))) continue;
      settings ??= { ...this.policy.rules };
      for (const [id, setting] of Object.entries(override.rules)) {
        const previous = settings[id];
        settings[id] = { severity: setting.severity, options: Object.keys(setting.options).length > 0 ? setting.options : previous?.options ?? {} };
      }
    }
    return settings ? this.build(settings) : this.base;
  }

  private build(settings: Record<string, RuleSetting>): ActiveRule[] {
    const active: ActiveRule[] = [];
    for (const rule of allRules) {
      const id = rule.meta.id;
      const setting = settings[id];
      const severity = this.cliSeverities[id] ?? setting?.severity ?? 'off';
      if (severity === 'off') continue;
      active.push({ rule, severity, options: setting?.options ?? {} });
    }
    return active;
  }
}
