// Pipeline facts shared by the push rules (github-workflow, gitlab-ci; SPEC §3.1):
//
//   JobGraph              which jobs finish before a job starts ("before the push") and after it
//   jobScans              vulnerability scans a job runs, and whether each fails the job
//   jobSignatures         image signing a job does (cosign/notation sign, by digest or by tag)
//   contentTrustOn        DOCKER_CONTENT_TRUST in effect for a command
//   guardsAgainst         whether a GitHub `if:`/`push:` expression is false for an event
//   tagTraceability       whether a pushed tag is immutable (version, commit SHA, release tag)
//
// Everything here reads the normalised pipeline model; where the model does not carry a
// key (`continue-on-error`, `allow_failure`), the rule's source text is read through a
// `SourceLines` function, never the YAML library.

import type { CommandNode, ImageRefNode, PipelineJob, PipelineNode, PipelineStep, PushNode, Range, Word } from '../models/nodes.js';
import { substitute } from './variables.js';

/** A line of the file being linted (1-based), or '' past its end. */
export type SourceLines = (line: number) => string;

/** Lines through a rule context's `sourceText`, each read once. */
export function sourceLines(sourceText: (range: Range) => string): SourceLines {
  const cache = new Map<number, string>();
  return (line) => {
    let text = cache.get(line);
    if (text === undefined) {
      text = sourceText({ line, column: 1, endLine: line, endColumn: Number.MAX_SAFE_INTEGER });
      cache.set(line, text);
    }
    return text;
  };
}

/** Where something happens in a job: its step, then its place in the file. */
export interface Position {
  step: number;
  line: number;
  column: number;
}

export const positionOf = (step: number, range: Range): Position => ({ step, line: range.line, column: range.column });

/** True when `a` happens before `b` in the same job (earlier step, or earlier in the same step). */
export function isBefore(a: Position, b: Position): boolean {
  if (a.step !== b.step) return a.step < b.step;
  return a.line < b.line || (a.line === b.line && a.column < b.column);
}

function basename(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? path : path.slice(slash + 1);
}

/** `owner/repo[/path]` of a `uses:` value, lower-cased, without the `@ref`. */
export function actionPath(uses: string): string {
  const at = uses.indexOf('@');
  return (at === -1 ? uses : uses.slice(0, at)).trim().toLowerCase();
}

// ---- job order -------------------------------------------------------------------------

/**
 * SPEC §3.1 "Pipeline order": a job starts after the jobs in its `needs` closure; a GitLab
 * job without `needs:` starts after every job of the earlier stages (and what they need).
 */
export class JobGraph {
  private readonly byId = new Map<string, PipelineJob>();
  private readonly beforeCache = new Map<string, Set<string>>();

  constructor(private readonly pipeline: PipelineNode) {
    for (const job of pipeline.jobs) this.byId.set(job.id, job);
  }

  job(id: string): PipelineJob | undefined {
    return this.byId.get(id);
  }

  /** Ids of the jobs that finish before `id` starts. */
  beforeIds(id: string): Set<string> {
    const cached = this.beforeCache.get(id);
    if (cached) return cached;
    const result = new Set<string>();
    this.beforeCache.set(id, result); // cycles end here
    const job = this.byId.get(id);
    if (!job) return result;
    const direct = this.directPredecessors(job);
    for (const predecessor of direct) {
      if (predecessor === id) continue;
      result.add(predecessor);
      for (const transitive of this.beforeIds(predecessor)) if (transitive !== id) result.add(transitive);
    }
    return result;
  }

  before(id: string): PipelineJob[] {
    return [...this.beforeIds(id)].flatMap((other) => this.byId.get(other) ?? []);
  }

  /** Jobs that start only after `id` has finished. */
  after(id: string): PipelineJob[] {
    return this.pipeline.jobs.filter((job) => job.id !== id && this.beforeIds(job.id).has(id));
  }

  private directPredecessors(job: PipelineJob): string[] {
    const gitlab = this.pipeline.stages.length > 0;
    if (!gitlab || job.hasNeeds) return job.needs.filter((need) => this.byId.has(need));
    const stage = this.pipeline.stages.indexOf(job.stage ?? 'test');
    if (stage === -1) return [];
    return this.pipeline.jobs
      .filter((other) => other !== job && this.pipeline.stages.indexOf(other.stage ?? 'test') < stage && this.pipeline.stages.indexOf(other.stage ?? 'test') !== -1)
      .map((other) => other.id);
  }
}

// ---- keys the model does not carry -------------------------------------------------------

const indentOf = (text: string): number => text.length - text.trimStart().length;

/**
 * Whether a YAML mapping sets `key: true` among its direct keys. For a step, the mapping
 * starts at `range` (its first key) and its keys share that column. For a job, `range` is
 * the job's key and its keys are the lines below indented like the first of them.
 */
function blockSetsTrue(lines: SourceLines, range: Range, key: string, ownKeyLine: boolean): boolean {
  const pattern = new RegExp(`^(?:-\\s+)?${key}\\s*:\\s*(?:true|"true"|'true')\\s*(?:#.*)?$`);
  const keyIndent = indentOf(lines(range.line));
  let childIndent = ownKeyLine ? -1 : range.column - 1;
  let blank = 0;
  for (let line = ownKeyLine ? range.line + 1 : range.line; ownKeyLine || line <= range.endLine; line++) {
    const text = lines(line);
    if (text.trim() === '' || text.trimStart().startsWith('#')) {
      // Past the end of the file every line reads as empty.
      if (++blank > 50) break;
      continue;
    }
    blank = 0;
    const indent = indentOf(text);
    if (ownKeyLine) {
      if (indent <= keyIndent) break;
      if (childIndent === -1) childIndent = indent;
      if (indent === childIndent && pattern.test(text.trimStart())) return true;
      continue;
    }
    if (line === range.line) {
      if (pattern.test(text.slice(range.column - 1))) return true;
      continue;
    }
    if (indent < childIndent) break;
    if (indent === childIndent && pattern.test(text.trimStart())) return true;
  }
  return false;
}

/** GitHub `continue-on-error: true` on a step (its failure does not fail the job); GitLab sections have none. */
export function stepContinuesOnError(step: PipelineStep, lines: SourceLines | null, gitlab: boolean): boolean {
  return lines !== null && !gitlab && blockSetsTrue(lines, step.range, 'continue-on-error', false);
}

/** GitHub `continue-on-error: true` / GitLab `allow_failure: true` on a job (a failure does not stop what follows). */
export function jobMayFail(job: PipelineJob, lines: SourceLines | null): boolean {
  if (!lines) return false;
  return blockSetsTrue(lines, job.range, 'continue-on-error', true) || blockSetsTrue(lines, job.range, 'allow_failure', true);
}

/** `cmd || true`: the command's failure is swallowed (anything but `|| exit N`/`|| false` after it). */
function failureSwallowed(command: CommandNode, lines: SourceLines | null): boolean {
  if (!lines) return false;
  const rest = lines(command.fullRange.endLine).slice(command.fullRange.endColumn - 1);
  const match = /^\s*\|\|\s*(.*)$/.exec(rest);
  if (!match) return false;
  return !/^(exit\s+[1-9]|false\b|\{?\s*echo\b[^;]*;\s*exit\s+[1-9])/.test(match[1] ?? '');
}

// ---- command helpers ---------------------------------------------------------------------

interface Flags {
  values: Map<string, Word | null>;
  positionals: Word[];
}

/** Flags as written (`--x v`, `--x=v`, `-x v` for the named value flags) and positionals. */
function readFlags(words: readonly Word[], withValue: ReadonlySet<string>): Flags {
  const values = new Map<string, Word | null>();
  const positionals: Word[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as Word;
    const text = word.value;
    if (text.startsWith('-') && text.length > 1) {
      const eq = text.indexOf('=');
      if (eq > 0) values.set(text.slice(0, eq), { ...word, value: text.slice(eq + 1) });
      else if (withValue.has(text)) {
        values.set(text, words[i + 1] ?? null);
        i++;
      } else values.set(text, null);
    } else positionals.push(word);
  }
  return { values, positionals };
}

const DOCKER_RUN_VALUE_FLAGS = new Set([
  '-v', '--volume', '-e', '--env', '--env-file', '-w', '--workdir', '--name', '--entrypoint', '--network', '--net',
  '--platform', '-u', '--user', '--mount', '-p', '--publish', '--pull', '--add-host', '-l', '--label', '--cidfile',
  '--user', '--group-add', '--tmpfs', '--security-opt', '--cap-add', '--cap-drop', '-h', '--hostname', '--ipc', '--pid',
]);

/**
 * The argv of a scanner or signer run directly or through `docker run <image>`
 * (`docker run --rm aquasec/trivy:0.58.1 image …`): the program name and its arguments.
 */
function toolInvocation(command: CommandNode, programs: ReadonlySet<string>): { program: string; args: Word[] } | null {
  const argv = command.argv;
  const first = basename(argv[0]?.value ?? '');
  if ((first === 'docker' || first === 'podman' || first === 'nerdctl') && (argv[1]?.value === 'run' || (argv[1]?.value === 'container' && argv[2]?.value === 'run'))) {
    let i = argv[1]?.value === 'run' ? 2 : 3;
    while (i < argv.length) {
      const text = argv[i]?.value ?? '';
      if (!text.startsWith('-')) break;
      i += !text.includes('=') && DOCKER_RUN_VALUE_FLAGS.has(text) ? 2 : 1;
    }
    const image = argv[i]?.value ?? '';
    const name = basename(image.replace(/[@].*$/, '').replace(/:[^/]*$/, '')).toLowerCase();
    return programs.has(name) ? { program: name, args: argv.slice(i + 1) } : null;
  }
  return programs.has(first) ? { program: first, args: argv.slice(1) } : null;
}

/** Go's strconv.ParseBool as Docker and Trivy read their variables: anything else non-empty is true. */
function envTrue(value: string | undefined | null): boolean {
  if (value === undefined || value === null) return false;
  const text = value.trim().replace(/^["']|["']$/g, '');
  return text !== '' && !/^(0|f|false)$/i.test(text);
}

const exitCodeFails = (value: string | null | undefined): boolean =>
  value !== null && value !== undefined && (/\$/.test(value) || !/^\s*["']?0?["']?\s*$/.test(value));

// ---- scans ------------------------------------------------------------------------------

export interface ScanFact {
  job: string;
  position: Position;
  /** What scans, as written (`trivy image`, `aquasecurity/trivy-action`). */
  scanner: string;
  fails: boolean;
  /** Why it does not fail the job (for the message), when it does not. */
  reason: string;
}

/** Programs whose commands can scan (`docker scout`). */
export const SCANNER_PROGRAMS: ReadonlySet<string> = new Set(['trivy', 'grype', 'docker', 'snyk']);
const SCANNER_WORDS = /\b(trivy|grype|scout|snyk)\b/;
const TRIVY_SCANS = new Set(['image', 'i', 'fs', 'filesystem', 'rootfs', 'repo', 'repository', 'sbom', 'vm']);
const TRIVY_VALUE_FLAGS = new Set([
  '--exit-code', '--severity', '-s', '--format', '-f', '--output', '-o', '--cache-dir', '--timeout', '--config', '-c',
  '--input', '--ignorefile', '--template', '-t', '--scanners', '--vuln-type', '--pkg-types', '--platform', '--db-repository',
  '--skip-dirs', '--skip-files', '--ignore-policy', '--username', '--password', '--registry-token', '--image-src',
]);
const GRYPE_VALUE_FLAGS = new Set(['--fail-on', '-f', '--output', '-o', '--file', '--config', '-c', '--scope', '-s', '--platform', '--exclude', '--name', '--template', '-t', '--distro']);
const SCOUT_SCANS = new Set(['cves', 'cve', 'quickview', 'qv', 'compare', 'policy']);

/** One scanner command, or null: trivy, grype, `docker scout`, `snyk container test`. */
function commandScan(command: CommandNode, env: Record<string, string>): Omit<ScanFact, 'job' | 'position'> | null {
  const invocation = toolInvocation(command, SCANNER_PROGRAMS);
  if (!invocation) return null;
  const prefix = (name: string) => command.envPrefix.find((p) => p.name === name)?.value?.value ?? env[name];
  const { program, args } = invocation;
  if (program === 'trivy') {
    const flags = readFlags(args, TRIVY_VALUE_FLAGS);
    const sub = flags.positionals[0]?.value ?? '';
    if (!TRIVY_SCANS.has(sub)) return null;
    const exitCode = flags.values.has('--exit-code') ? flags.values.get('--exit-code')?.value ?? null : prefix('TRIVY_EXIT_CODE') ?? null;
    const fails = exitCodeFails(exitCode) || flags.values.has('--config') || flags.values.has('-c');
    return { scanner: `trivy ${sub}`, fails, reason: '"--exit-code 1" is not set, so trivy exits 0 whatever it finds' };
  }
  if (program === 'grype') {
    const flags = readFlags(args, GRYPE_VALUE_FLAGS);
    const target = flags.positionals[0]?.value ?? '';
    if (target === '' || ['db', 'version', 'completion', 'config', 'explain', 'help'].includes(target)) return null;
    const fails = flags.values.has('--fail-on') || flags.values.has('-f') || prefix('GRYPE_FAIL_ON_SEVERITY') !== undefined
      || flags.values.has('--config') || flags.values.has('-c');
    return { scanner: 'grype', fails, reason: '"--fail-on <severity>" is not set, so grype exits 0 whatever it finds' };
  }
  if (program === 'docker') {
    if (args[0]?.value !== 'scout') return null;
    const sub = args[1]?.value ?? '';
    if (!SCOUT_SCANS.has(sub)) return null;
    const fails = args.some((w) => w.value === '--exit-code' || w.value === '-e' || w.value.startsWith('--exit-code='));
    return { scanner: `docker scout ${sub}`, fails, reason: '"--exit-code" is not set, so docker scout exits 0 whatever it finds' };
  }
  if (program === 'snyk') {
    const words = args.map((w) => w.value);
    const container = words[0] === 'container';
    const sub = container ? words[1] : words[0];
    if (!(container || (sub === 'test' && words.some((w) => w === '--docker')))) return null;
    if (sub === 'test') return { scanner: 'snyk container test', fails: true, reason: '' };
    if (sub === 'monitor') return { scanner: 'snyk container monitor', fails: false, reason: '"snyk container monitor" only records the image; "snyk container test" fails on vulnerabilities' };
    return null;
  }
  return null;
}

/** A scanning action, or null. Inputs and defaults as each action documents them. */
function actionScan(step: PipelineStep): Omit<ScanFact, 'job' | 'position'> | null {
  if (!step.uses) return null;
  const uses = step.uses.value;
  const path = actionPath(uses);
  const input = (name: string): string | null => step.with[name]?.value ?? null;
  if (path === 'aquasecurity/trivy-action') {
    const scanType = (input('scan-type') ?? 'image').trim().toLowerCase();
    const scanners = (input('scanners') ?? 'vuln').toLowerCase();
    if (scanType === 'config' || !/vuln|\$\{\{/.test(scanners)) return null;
    const exitCode = input('exit-code') ?? step.env.TRIVY_EXIT_CODE ?? null;
    const fails = exitCodeFails(exitCode) || input('trivy-config') !== null;
    return { scanner: 'aquasecurity/trivy-action', fails, reason: 'its "exit-code" input is 0 (the default); set exit-code: "1"' };
  }
  if (path === 'anchore/scan-action') {
    // fail-build defaults to true since v2 (grype); v1 (anchore engine) defaulted to false.
    const version = uses.slice(uses.indexOf('@') + 1);
    const failBuild = input('fail-build');
    const fails = failBuild === null ? !/^v?1(\.|$)/.test(version) : !/^\s*["']?false["']?\s*$/i.test(failBuild);
    return { scanner: 'anchore/scan-action', fails, reason: '"fail-build" is false; leave it at its default (true)' };
  }
  if (path === 'docker/scout-action') {
    const exitCode = input('exit-code');
    const fails = exitCode !== null && (/\$\{\{/.test(exitCode) || envTrue(exitCode));
    return { scanner: 'docker/scout-action', fails, reason: 'its "exit-code" input is false (the default); set exit-code: true' };
  }
  if (path === 'snyk/actions/docker') {
    const command = (input('command') ?? 'test').trim();
    const fails = command !== 'monitor';
    return { scanner: 'snyk/actions/docker', fails, reason: 'its "command" is monitor, which never fails; use test' };
  }
  return null;
}

const scanCache = new WeakMap<PipelineJob, ScanFact[]>();

/** Every vulnerability scan of a job, in order, with whether it fails the job. */
export function jobScans(job: PipelineJob, lines: SourceLines | null): ScanFact[] {
  const cached = scanCache.get(job);
  if (cached) return cached;
  const scans: ScanFact[] = [];
  const jobTolerates = jobMayFail(job, lines);
  for (const step of job.steps) {
    const tolerated = jobTolerates || stepContinuesOnError(step, lines, job.stage !== null);
    const toleratedReason = job.stage !== null ? '"allow_failure: true" lets the pipeline go on when it fails' : '"continue-on-error: true" lets the job go on when it fails';
    const fromAction = actionScan(step);
    if (fromAction) {
      const fact: ScanFact = { job: job.id, position: positionOf(step.index, step.uses?.range ?? step.range), ...fromAction };
      if (fact.fails && tolerated) Object.assign(fact, { fails: false, reason: toleratedReason });
      scans.push(fact);
    }
    if (!step.script || !SCANNER_WORDS.test(step.script.text)) continue;
    for (const command of step.commands) {
      const found = commandScan(command, step.env);
      if (!found) continue;
      const fact: ScanFact = { job: job.id, position: positionOf(step.index, command.range), ...found };
      if (fact.fails && tolerated) Object.assign(fact, { fails: false, reason: toleratedReason });
      else if (fact.fails && failureSwallowed(command, lines)) Object.assign(fact, { fails: false, reason: 'its exit status is swallowed by "||"' });
      scans.push(fact);
    }
  }
  scanCache.set(job, scans);
  return scans;
}

// ---- signatures -------------------------------------------------------------------------

export interface SignFact {
  job: string;
  position: Position;
  tool: string;
  /** The signed reference names a digest (`@sha256:…`, `@${{ steps.x.outputs.digest }}`, `$DIGEST`). */
  byDigest: boolean;
}

/** Programs whose commands can sign (`docker trust sign`). */
export const SIGNER_PROGRAMS: ReadonlySet<string> = new Set(['cosign', 'notation', 'docker']);
const SIGNER_WORDS = /\b(cosign|notation|trust)\b/;

/** A signed reference that names a digest rather than a tag. */
export function namesDigest(text: string): boolean {
  return /@sha256:|@\$|@\{\{|@\{|digest/i.test(text);
}

function commandSignatures(command: CommandNode): Array<{ tool: string; byDigest: boolean }> {
  const argv = command.argv;
  const found: Array<{ tool: string; byDigest: boolean }> = [];
  for (let i = 0; i < argv.length - 1; i++) {
    const program = basename(argv[i]?.value ?? '');
    if ((program === 'cosign' || program === 'notation') && argv[i + 1]?.value === 'sign') {
      const rest = argv.slice(i + 2).filter((w) => !w.value.startsWith('-'));
      found.push({ tool: `${program} sign`, byDigest: rest.some((w) => namesDigest(w.value)) });
      break;
    }
    // Docker Content Trust signs the tag's digest in the trust data.
    if (i === 0 && program === 'docker' && argv[1]?.value === 'trust' && argv[2]?.value === 'sign') {
      found.push({ tool: 'docker trust sign', byDigest: true });
      break;
    }
  }
  return found;
}

const signCache = new WeakMap<PipelineJob, SignFact[]>();

/** Every image signature a job makes, in order. `sigstore/cosign-installer` only installs cosign. */
export function jobSignatures(job: PipelineJob): SignFact[] {
  const cached = signCache.get(job);
  if (cached) return cached;
  const signatures: SignFact[] = [];
  for (const step of job.steps) {
    if (step.uses && actionPath(step.uses.value) === 'notaryproject/notation-action/sign') {
      const target = step.with.target_artifact_reference?.value ?? '';
      signatures.push({ job: job.id, position: positionOf(step.index, step.uses.range), tool: 'notaryproject/notation-action/sign', byDigest: namesDigest(target) });
    }
    if (!step.script || !SIGNER_WORDS.test(step.script.text)) continue;
    for (const command of step.commands) {
      for (const signature of commandSignatures(command)) {
        signatures.push({ job: job.id, position: positionOf(step.index, command.range), ...signature });
      }
    }
  }
  signCache.set(job, signatures);
  return signatures;
}

/** `podman push --sign-by …`, `skopeo copy --sign-by-sigstore …`: the push signs what it writes. */
export function signsWhilePushing(command: CommandNode | null): boolean {
  return command !== null && command.argv.some((w) => /^--sign-by(-sigstore(-private-key)?)?(=|$)/.test(w.value));
}

/** The command of a step at a push's range (script pushes carry their command's range). */
export function commandAt(step: PipelineStep | undefined, range: Range): CommandNode | null {
  if (!step || !step.script) return null;
  return step.commands.find((c) => c.range === range || (c.range.line === range.line && c.range.column === range.column)) ?? null;
}

// ---- content trust ----------------------------------------------------------------------

const EXPORTED_TRUST = /(?:^|[\s;&|(])export\s+(?:[A-Za-z_][A-Za-z0-9_]*(?:=\S*)?\s+)*DOCKER_CONTENT_TRUST=(["']?)([^\s"';&|]*)\1/;
const GITHUB_ENV_TRUST = /DOCKER_CONTENT_TRUST=(["']?)([^\s"';&|]*)\1[^\n]*>>\s*"?\$\{?GITHUB_ENV/;

/** Lines of a script before `line` (file line), as text. */
function scriptTextBefore(step: PipelineStep, line: number | null): string {
  const script = step.script;
  if (!script) return '';
  if (line === null) return script.text;
  const lines = script.text.split('\n');
  const kept: string[] = [];
  lines.forEach((text, i) => {
    if ((script.lineStarts[i]?.line ?? 0) < line) kept.push(text);
  });
  return kept.join('\n');
}

/**
 * SPEC §3.1: `DOCKER_CONTENT_TRUST=1` is in effect for a command when set in `env:`/
 * `variables:` at workflow, job or step level, exported earlier in the same script (for
 * GitLab, the job's earlier script sections run in the same shell; for GitHub, an
 * earlier step may write it to `$GITHUB_ENV`), or prefixed to the command.
 */
export function contentTrustOn(job: PipelineJob, stepIndex: number, command: CommandNode | null): boolean {
  const prefixed = command?.envPrefix.find((p) => p.name === 'DOCKER_CONTENT_TRUST');
  if (prefixed) return envTrue(prefixed.value?.value ?? '');
  const step = job.steps[stepIndex];
  if (!step) return false;
  let on = envTrue(step.env.DOCKER_CONTENT_TRUST);
  const gitlab = job.stage !== null;
  for (const earlier of job.steps) {
    if (earlier.index > stepIndex) break;
    const same = earlier.index === stepIndex;
    if (!same && !gitlab) {
      const written = GITHUB_ENV_TRUST.exec(earlier.script?.text ?? '');
      if (written) on = envTrue(written[2]);
      continue;
    }
    const text = scriptTextBefore(earlier, same ? command?.fullRange.line ?? null : null);
    let match: RegExpExecArray | null = null;
    for (const line of text.split('\n')) match = EXPORTED_TRUST.exec(line) ?? match;
    if (match) on = envTrue(match[2]);
  }
  return on;
}

// ---- triggers and guards ----------------------------------------------------------------

/** Events whose runs execute code or context a pull request controls (SPEC §3.1). */
export const UNTRUSTED_EVENTS: readonly string[] = ['pull_request', 'pull_request_target', 'workflow_run'];

/** A string known only in part: a prefix or suffix. */
interface Partial {
  partial: true;
  prefix: string;
  suffix: string;
}
const UNKNOWN = Symbol('unknown');
type Value = string | number | boolean | null | Partial | typeof UNKNOWN;

const isPartial = (v: Value): v is Partial => typeof v === 'object' && v !== null && (v as Partial).partial === true;

/** Context values that differ by event; `upstream` is the event of the run a `workflow_run` follows. */
function contextValue(path: string, event: string, upstream: string): Value {
  const p = path.toLowerCase();
  if (p === 'github.event_name') return event;
  if (p === 'github.ref') {
    return { partial: true, prefix: event === 'pull_request' ? 'refs/pull/' : 'refs/heads/', suffix: event === 'pull_request' ? '/merge' : '' };
  }
  if (p === 'github.ref_name') return event === 'pull_request' ? { partial: true, prefix: '', suffix: '/merge' } : UNKNOWN;
  if (p === 'github.ref_type') return 'branch';
  if (p === 'github.event.workflow_run.event') return event === 'workflow_run' ? upstream : null;
  if (p.startsWith('github.event.workflow_run.') && event !== 'workflow_run') return null;
  if (p === 'github.event.release' || p.startsWith('github.event.release.')) return null;
  return UNKNOWN;
}

function truthy(v: Value): boolean | null {
  if (v === UNKNOWN) return null;
  if (isPartial(v)) return true;
  if (typeof v === 'string') return v !== '';
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
  return v === true;
}

/** GitHub compares strings case-insensitively. */
function equals(a: Value, b: Value): boolean | null {
  if (a === UNKNOWN || b === UNKNOWN) return null;
  if (isPartial(a) || isPartial(b)) {
    const [partial, other] = isPartial(a) ? [a, b] : [b as Partial, a];
    if (isPartial(other)) return null;
    if (typeof other !== 'string') return false;
    const text = other.toLowerCase();
    return text.startsWith(partial.prefix) && text.endsWith(partial.suffix) ? null : false;
  }
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (a === null || b === null) return a === b;
  return String(a).toLowerCase() === String(b).toLowerCase();
}

function callFunction(name: string, args: Value[]): Value {
  const fn = name.toLowerCase();
  const [a, b] = args;
  if (fn === 'always') return true;
  if (fn === 'cancelled') return false;
  if (fn === 'success' || fn === 'failure') return UNKNOWN;
  if ((fn === 'startswith' || fn === 'endswith' || fn === 'contains') && a !== undefined && b !== undefined) {
    if (a === UNKNOWN || b === UNKNOWN || isPartial(b) || typeof b !== 'string') return UNKNOWN;
    const needle = b.toLowerCase();
    if (isPartial(a)) {
      if (fn === 'startswith') return a.prefix.startsWith(needle) ? true : needle.startsWith(a.prefix) ? UNKNOWN : false;
      if (fn === 'endswith') {
        if (a.suffix === '') return UNKNOWN;
        return a.suffix.endsWith(needle) ? true : needle.endsWith(a.suffix) ? UNKNOWN : false;
      }
      if (a.prefix.includes(needle) || a.suffix.includes(needle)) return true;
      // `contains(github.ref, 'refs/tags/')`: a ref starts with exactly one `refs/<kind>/`.
      return /^refs\/[a-z]+\/?$/.test(needle) || needle.startsWith('refs/') && !needle.startsWith(a.prefix) ? false : UNKNOWN;
    }
    const hay = typeof a === 'string' ? a.toLowerCase() : a === null ? '' : String(a).toLowerCase();
    if (fn === 'startswith') return hay.startsWith(needle);
    if (fn === 'endswith') return hay.endsWith(needle);
    return hay.includes(needle);
  }
  return UNKNOWN;
}

/** A small evaluator of GitHub expressions over what is known of one event. */
class Evaluator {
  private pos = 0;
  private readonly tokens: string[];

  constructor(text: string, private readonly event: string, private readonly upstream: string) {
    this.tokens = text.match(/'(?:[^']|'')*'|\|\||&&|==|!=|<=|>=|[()!,<>[\]]|[A-Za-z_][A-Za-z0-9_.*-]*|-?\d+(?:\.\d+)?|\S/g) ?? [];
  }

  run(): Value {
    const value = this.or();
    return this.pos === this.tokens.length ? value : UNKNOWN;
  }

  private peek(): string | undefined {
    return this.tokens[this.pos];
  }

  private or(): Value {
    let left = this.and();
    while (this.peek() === '||') {
      this.pos++;
      const right = this.and();
      const l = truthy(left);
      if (l === true) continue;
      if (l === false) left = right;
      else left = truthy(right) === true ? true : UNKNOWN;
    }
    return left;
  }

  private and(): Value {
    let left = this.comparison();
    while (this.peek() === '&&') {
      this.pos++;
      const right = this.comparison();
      const l = truthy(left);
      if (l === false) continue;
      if (l === true) left = right;
      else left = truthy(right) === false ? false : UNKNOWN;
    }
    return left;
  }

  private comparison(): Value {
    const left = this.unary();
    const op = this.peek();
    if (op === '==' || op === '!=') {
      this.pos++;
      const right = this.unary();
      const same = equals(left, right);
      if (same === null) return UNKNOWN;
      return op === '==' ? same : !same;
    }
    if (op === '<' || op === '>' || op === '<=' || op === '>=') {
      this.pos++;
      this.unary();
      return UNKNOWN;
    }
    return left;
  }

  private unary(): Value {
    if (this.peek() === '!') {
      this.pos++;
      const value = truthy(this.unary());
      return value === null ? UNKNOWN : !value;
    }
    return this.primary();
  }

  private primary(): Value {
    const token = this.tokens[this.pos++];
    if (token === undefined) return UNKNOWN;
    if (token === '(') {
      const value = this.or();
      if (this.peek() === ')') this.pos++;
      return value;
    }
    if (token.startsWith("'")) return token.slice(1, -1).replace(/''/g, "'");
    if (/^-?\d/.test(token)) return Number(token);
    if (token === 'true') return true;
    if (token === 'false') return false;
    if (token === 'null') return null;
    if (/^[A-Za-z_]/.test(token)) {
      if (this.peek() === '(') {
        this.pos++;
        const args: Value[] = [];
        while (this.peek() !== undefined && this.peek() !== ')') {
          args.push(this.or());
          if (this.peek() === ',') this.pos++;
        }
        this.pos++;
        return callFunction(token, args);
      }
      let path = token;
      // `github['event_name']`, `github.event.inputs['x']`.
      while (this.peek() === '[') {
        this.pos++;
        const key = this.tokens[this.pos++] ?? '';
        if (this.peek() === ']') this.pos++;
        path += key.startsWith("'") ? `.${key.slice(1, -1)}` : '.*';
      }
      return contextValue(path, this.event, this.upstream);
    }
    return UNKNOWN;
  }
}

/** `${{ x }}` → `x`; text outside expressions (a string with an embedded expression) makes it unknown. */
function expressionBody(text: string): string | null {
  const trimmed = text.trim();
  const whole = /^\$\{\{([\s\S]*)\}\}$/.exec(trimmed);
  if (whole) return /\$\{\{/.test(whole[1] ?? '') ? null : (whole[1] ?? '').trim();
  if (/\$\{\{/.test(trimmed)) return null;
  return trimmed;
}

/**
 * True when the condition (an `if:` or a `push:` input) is false for every run of
 * `event` (SPEC §3.1: `github.event_name != 'pull_request'`, `github.event_name == 'push'`,
 * `startsWith(github.ref, 'refs/tags/')`, …). `&&` guards when any conjunct does, `||`
 * only when every disjunct does. For `workflow_run`, runs that follow a pull request
 * (`pull_request`, `pull_request_target`) are the untrusted ones.
 */
export function guardsAgainst(condition: string | null | undefined, event: string): boolean {
  if (!condition) return false;
  const body = expressionBody(condition);
  if (body === null || body === '') return false;
  const upstreams = event === 'workflow_run' ? ['pull_request', 'pull_request_target'] : [''];
  return upstreams.every((upstream) => truthy(new Evaluator(body, event, upstream).run()) === false);
}

/** A job condition that runs even when a needed job was skipped (`always()`, `failure()`, `cancelled()`). */
export function ignoresSkippedNeeds(condition: string | null | undefined): boolean {
  return !!condition && /\b(always|failure|cancelled)\s*\(/.test(condition);
}

// ---- tags ---------------------------------------------------------------------------------

export type Traceability = 'immutable' | 'mutable' | 'unknown';

export interface TagContext {
  /** The workflow runs only for tag pushes (or releases), or the GitLab job only for tags. */
  tagOnly: boolean;
}

/** A reference split as text: repository, tag and digest (variables and expressions kept whole). */
export interface SplitReference {
  repository: string;
  tag: string | null;
  digest: string | null;
  /** The reference ends in a variable that may itself hold a tag (`ghcr.io/acme/$IMAGE`). */
  open: boolean;
}

const EXPANSION = /\$\{\{[\s\S]*?\}\}|\$\[\[[\s\S]*?\]\]|\$\{[^}]*\}|\$\([^)]*\)|`[^`]*`|\$[A-Za-z_][A-Za-z0-9_]*/g;

export function splitReference(text: string): SplitReference {
  const masked = text.replace(EXPANSION, (m) => `\u0001${'_'.repeat(Math.max(0, m.length - 1))}`);
  const at = masked.indexOf('@');
  const beforeDigest = at === -1 ? masked : masked.slice(0, at);
  const digest = at === -1 ? null : text.slice(at + 1);
  const slash = beforeDigest.lastIndexOf('/');
  const colon = beforeDigest.lastIndexOf(':');
  const hasTag = colon > slash;
  const repositoryMasked = hasTag ? beforeDigest.slice(0, colon) : beforeDigest;
  const lastComponent = repositoryMasked.slice(repositoryMasked.lastIndexOf('/') + 1);
  return {
    repository: text.slice(0, repositoryMasked.length),
    tag: hasTag ? text.slice(colon + 1, beforeDigest.length) : null,
    digest,
    open: !hasTag && digest === null && lastComponent.includes('\u0001'),
  };
}

/**
 * Expands `$X`, `${X}` and `${{ env.X }}` from the variables in scope, recursively, and
 * keeps everything else as written (CI-provided variables such as `$CI_COMMIT_SHA` stay
 * visible for the traceability check).
 */
export function expandVariables(text: string, env: Readonly<Record<string, string>>): string {
  const expand = (input: string, depth: number): string => {
    if (depth > 8 || !input.includes('$')) return input;
    const withEnv = input.replace(/\$\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (m, name: string) =>
      Object.prototype.hasOwnProperty.call(env, name) ? expand(env[name] as string, depth + 1) : m);
    return substitute(withEnv, (name) => (Object.prototype.hasOwnProperty.call(env, name) ? expand(env[name] as string, depth + 1) : null)).text;
  };
  return expand(text, 0);
}

const VERSION = /^v?\d+\.\d+(?:\.\d+)?(?:[-+._].*)?$/i;
/** Commit SHAs and release tags, whatever triggered the run. */
const IMMUTABLE = [
  /\$\{\{\s*github\.(?:sha|event\.after|event\.pull_request\.head\.sha|event\.head_commit\.id|event\.workflow_run\.head_sha|event\.release\.tag_name)\b/i,
  /\$\{?(?:GITHUB_SHA|CI_COMMIT_SHA|CI_COMMIT_SHORT_SHA|CI_COMMIT_TAG)\b/,
  /\$\(\s*git\s+(?:rev-parse|describe)\b|`\s*git\s+(?:rev-parse|describe)\b/,
  /\$\(\s*git\s+(?:log|show)\b[^)]*%[hH]/,
];
/** The ref name: a git tag when the run is for a tag, else a branch or pull request. */
const REF_NAME = [
  /\$\{\{\s*github\.ref_name\s*\}\}/i,
  /\$\{?GITHUB_REF_NAME\b/,
  /\$\{GITHUB_REF(?:#+|##)[^}]*\}/,
  /\$\{?CI_COMMIT_REF_(?:NAME|SLUG)\b/,
];
/** Variables known to name a branch, pull request or ref: mutable. */
const MUTABLE_VARIABLES = new Set([
  'github.ref_name', 'github.ref', 'github.head_ref', 'github.base_ref', 'github.event.pull_request.number',
  'github.event.number', 'github.event.pull_request.head.ref', 'github.event.pull_request.base.ref',
  'github_ref_name', 'github_ref', 'github_head_ref', 'github_base_ref', 'ci_commit_ref_name', 'ci_commit_ref_slug',
  'ci_commit_branch', 'ci_default_branch', 'ci_merge_request_iid', 'ci_merge_request_id',
  'ci_merge_request_source_branch_name', 'ci_merge_request_target_branch_name', 'ci_external_pull_request_iid',
  'ci_external_pull_request_source_branch_name',
]);

function variableName(expansion: string): string {
  const gh = /^\$\{\{\s*([\s\S]*?)\s*\}\}$/.exec(expansion);
  if (gh) return (gh[1] ?? '').toLowerCase();
  const braced = /^\$\{#?([A-Za-z_][A-Za-z0-9_]*)/.exec(expansion);
  if (braced) return (braced[1] ?? '').toLowerCase();
  const plain = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(expansion);
  return plain ? (plain[1] ?? '').toLowerCase() : expansion;
}

/** Whether a tag (text after expansion) is immutable, mutable, or cannot be known. */
export function classifyTag(tag: string | null, context: TagContext): Traceability {
  if (tag === null || tag === '') return 'mutable';
  if (IMMUTABLE.some((pattern) => pattern.test(tag))) return 'immutable';
  if (context.tagOnly && REF_NAME.some((pattern) => pattern.test(tag))) return 'immutable';
  if (VERSION.test(tag) || /^sha-/i.test(tag) || /^[0-9a-f]{40}$/.test(tag)) return 'immutable';
  const expansions = tag.match(EXPANSION) ?? [];
  if (expansions.some((expansion) => !MUTABLE_VARIABLES.has(variableName(expansion)))) return 'unknown';
  return 'mutable';
}

export interface PushedTag {
  /** Repository as written after expansion, or null when the reference is a variable as a whole. */
  repository: string | null;
  /** The tag for messages (`latest` for an untagged reference). */
  tag: string;
  traceability: Traceability;
}

/** One pushed reference: its repository and how traceable its tag is. */
export function pushedTag(ref: ImageRefNode, env: Readonly<Record<string, string>>, context: TagContext): PushedTag {
  const text = ref.tagKind ? ref.raw : expandVariables(ref.raw, env);
  const split = splitReference(text.trim());
  if (split.open || /^\s*$/.test(split.repository)) return { repository: null, tag: text, traceability: 'unknown' };
  const repository = split.repository;
  if (split.digest !== null) return { repository, tag: `@${split.digest}`, traceability: 'immutable' };
  const tag = split.tag ?? 'latest';
  switch (ref.tagKind) {
    case undefined:
    case 'raw':
      return { repository, tag, traceability: classifyTag(split.tag, context) };
    case 'sha':
      return { repository, tag, traceability: 'immutable' };
    case 'semver':
    case 'match':
    case 'tag':
      return { repository, tag, traceability: context.tagOnly ? 'immutable' : 'mutable' };
    default:
      return { repository, tag, traceability: 'mutable' };
  }
}

/** Workflow-level: only tag pushes (or releases) trigger it. */
export function pipelineTagOnly(pipeline: PipelineNode | null): boolean {
  if (!pipeline) return false;
  return pipeline.tagOnly || (pipeline.triggers.length > 0 && pipeline.triggers.every((t) => t === 'release'));
}

/** A GitLab job that runs only for tags (`rules: - if: $CI_COMMIT_TAG`, `only: tags`). */
export function gitlabJobTagOnly(job: PipelineJob): boolean {
  const condition = job.condition?.value.trim() ?? '';
  if (/^only: tags(;|$)/.test(condition)) return true;
  const clauses = condition.split(/\s*\|\|\s*/).map((c) => c.replace(/^\(|\)$/g, '').trim());
  return clauses.length > 0 && clauses.every((c) => /^\$CI_COMMIT_TAG(\s*(!=\s*null|!=\s*""|=~\s*\/.*\/))?(\s*&&.*)?$/.test(c));
}

// ---- pushes a file writes ---------------------------------------------------------------

export interface JobPush {
  job: PipelineJob;
  push: PushNode;
  /** Index of the step it happens in. */
  step: number;
  position: Position;
}

/**
 * The pushes of a pipeline written in this file (those emitted as `push` nodes), each with
 * the job that runs it. A GitLab template's push is listed once per job that extends it;
 * pushes that an `include:` brings are judged in the included file.
 */
export function writtenPushes(pipeline: PipelineNode | null, emitted: ReadonlySet<PushNode>): JobPush[] {
  if (!pipeline) return [];
  const result: JobPush[] = [];
  for (const job of pipeline.jobs) {
    for (const { push, step } of job.pushes) {
      if (!emitted.has(push) || pushesOnlyLocally(push, job.steps[step]?.env ?? job.env)) continue;
      result.push({ job, push, step, position: positionOf(step, push.range) });
    }
  }
  return result;
}

const LOCAL_REGISTRY = /^(?:localhost|127\.0\.0\.1|\[::1\])(?::\d+)?\//i;

/**
 * A push whose every target is a registry on the runner itself (`localhost:5000/…`, a job
 * service): nothing is published, so the publishing rules do not judge it.
 */
export function pushesOnlyLocally(push: PushNode, env: Readonly<Record<string, string>>): boolean {
  return push.targets.length > 0 && push.targets.every((target) => LOCAL_REGISTRY.test(expandVariables(target.raw, env).trim()));
}

/** A GitHub job whose `if:` lets it run only for tags (`startsWith(github.ref, 'refs/tags/')`, `github.ref_type == 'tag'`). */
export function githubJobTagOnly(job: PipelineJob): boolean {
  const condition = job.condition?.value ?? '';
  if (condition === '' || /\|\|/.test(condition)) return false;
  return /startsWith\(\s*github\.ref\s*,\s*'refs\/tags\/?'\s*\)|github\.ref_type\s*==\s*'tag'|github\.event_name\s*==\s*'release'/i.test(condition)
    && !/!\s*startsWith\(\s*github\.ref/i.test(condition);
}

/** For messages: metadata-action placeholders (`{{branch}}`) as `<branch>`; GitHub expressions stay as written. */
export function displayReference(text: string): string {
  return text.replace(/(^|[^$])\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g, '$1<$2>');
}

/**
 * Handlers for rules judged once per pipeline over its pushes: the pipeline node
 * comes first, its push nodes follow (only those this file writes are judged), and
 * `judge` runs at exit with the pushes this file writes (see writtenPushes).
 */
export function onWrittenPushes(
  judge: (pipeline: PipelineNode, pushes: JobPush[]) => void,
): { pipeline(node: PipelineNode): void; push(node: PushNode): void; exit(): void } {
  let pipeline: PipelineNode | null = null;
  const emitted = new Set<PushNode>();
  return {
    pipeline(node) {
      pipeline = node;
    },
    push(node) {
      emitted.add(node);
    },
    exit() {
      if (pipeline && emitted.size > 0) judge(pipeline, writtenPushes(pipeline, emitted));
    },
  };
}
