// The `lint` use case: policy → discovery → engine → report. The CLI and the
// public API both call this; neither knows how the parts work inside.

import { readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { LintReport, SeveritySetting } from './models/finding.js';
import type { Kind } from './models/nodes.js';
import type { FailOn } from './models/policy.js';
import { discover, kindFromContent, kindFromName } from './discover/index.js';
import { loadPolicy } from './config/load.js';
import { lintRun, SUPPORTED_KINDS, type BuildFactMap, type LintOptions, type LintRun, type LintTarget } from './engine/lint.js';
import { mayUseWorkers, type Concurrency } from './workers/threads.js';
import { applyFixes } from './engine/fix.js';
import { applyBaseline, BASELINE_FILE, createBaseline, readBaseline, writeBaseline } from './engine/baseline.js';
import type { LoadedPolicy } from './config/load.js';
import { writeFileAtomic } from './io/atomic.js';
import type { FileResult } from './models/finding.js';
import { buildReport } from './engine/verdict.js';
import { UsageError } from './cli/args.js';

/** Kinds with a parser in this version (the engine decides; re-exported for the API). */
export { SUPPORTED_KINDS };

export interface LintPathsOptions {
  cwd: string;
  paths: string[];
  configFile?: string;
  noConfig?: boolean;
  failOn?: FailOn;
  maxWarnings?: number;
  ruleSeverities?: Record<string, SeveritySetting>;
  kind?: Kind;
  stdin?: { text: string; filename: string };
  /** Apply the fixes rules offer to files on disk, then report what remains. */
  fix?: boolean;
  /** `apply` (default): hide findings recorded in the baseline file; `ignore`: report everything. */
  baseline?: 'apply' | 'ignore';
  /** `--baseline FILE`: the baseline to apply (or write), instead of the policy's or the default. */
  baselineFile?: string;
  today?: string;
  /**
   * Worker threads: `auto` (default) uses them for many files on a machine with
   * more than one core; `off` lints on this thread; a number sets how many.
   */
  concurrency?: Concurrency;
}

export async function lintPaths(options: LintPathsOptions): Promise<LintReport> {
  const cwd = resolve(options.cwd);
  const policy = await policyFor(options);
  // Policy globs are relative to the policy file's directory; discovery works from cwd.
  const toCwd = globRebaser(cwd, policy.baseDir);

  let targets: LintTarget[];
  if (options.stdin) {
    const name = options.stdin.filename;
    const kind = options.kind ?? kindFromName(name, policy.include) ?? kindFromContent(options.stdin.text);
    if (!kind) throw new UsageError(`cannot tell the kind of "${name}"; use --kind.`);
    targets = [{ path: name, kind, text: options.stdin.text }];
  } else {
    const found = await discover({
      cwd,
      paths: options.paths,
      include: Object.fromEntries(Object.entries(policy.include).map(([kind, globs]) => [kind, globs.map(toCwd)])),
      ignore: policy.ignore.map(toCwd),
      ...(options.kind !== undefined ? { kind: options.kind } : {}),
    });
    const missing = found.problems[0];
    if (missing) throw new UsageError(missing.message);
    targets = [];
    for (const file of found.files) {
      if (SUPPORTED_KINDS.has(file.kind)) targets.push({ path: file.path, kind: file.kind, absPath: file.absPath });
      else if (file.explicit) throw new UsageError(`${file.path}: ${file.kind} files are not supported by this version yet.`);
    }
  }
  if (targets.some((t) => !SUPPORTED_KINDS.has(t.kind))) {
    throw new UsageError(`${targets[0]?.path}: this kind is not supported by this version yet.`);
  }

  const lintOptions = {
    cwd,
    policy,
    ...(options.ruleSeverities ? { ruleSeverities: options.ruleSeverities } : {}),
    ...(options.today ? { today: options.today } : {}),
  };
  const run = await lintAll(targets, lintOptions, options.concurrency ?? 'auto');
  let results = run.results;
  if (options.fix) results = fixAndRelint(targets, results, lintOptions, run.facts);
  let baselined = 0;
  if (options.baseline !== 'ignore') {
    const file = baselinePath(policy, options);
    const baseline = readBaseline(file);
    if (baseline) baselined = applyBaseline(results, baseline);
    else if (options.baselineFile !== undefined) throw new UsageError(`--baseline: ${options.baselineFile} does not exist; write it with "pushgate baseline --baseline ${options.baselineFile}".`);
  }
  return buildReport(results, { failOn: options.failOn ?? policy.failOn, maxWarnings: options.maxWarnings, fileCount: targets.length, baselined });
}

// Rewrites a glob relative to `baseDir` into one relative to `cwd`, keeping a leading `!`.
function globRebaser(cwd: string, baseDir: string): (glob: string) => string {
  const prefix = relative(cwd, baseDir).split(sep).join('/');
  if (prefix === '') return (glob) => glob;
  return (glob) => {
    const negated = glob.startsWith('!');
    const body = negated ? glob.slice(1) : glob;
    // A glob without a slash matches at any depth, like .gitignore; anchor it below baseDir.
    const anchored = body.includes('/') ? body.replace(/^\//, '') : `**/${body}`;
    return `${negated ? '!' : ''}${prefix}/${anchored}`;
  };
}

/** On worker threads when there are many files (src/workers/), else on this thread. */
async function lintAll(targets: readonly LintTarget[], options: LintOptions, concurrency: Concurrency): Promise<LintRun> {
  if (mayUseWorkers(targets.length, concurrency)) {
    const { lintWithWorkers } = await import('./workers/pool.js');
    const run = await lintWithWorkers(targets, options, concurrency);
    if (run) return run;
  }
  return lintRun(targets, options);
}

/**
 * Writes fixed files (atomically) and lints them again, so the report shows what is
 * left. Dockerfiles are re-linted with the build facts of the first run.
 */
function fixAndRelint(targets: readonly LintTarget[], results: FileResult[], options: LintOptions, facts: BuildFactMap): FileResult[] {
  const changed: LintTarget[] = [];
  results.forEach((result, index) => {
    const target = targets[index];
    const fixes = result.findings.flatMap((f) => (f.fix ? [f.fix] : []));
    if (!target?.absPath || fixes.length === 0) return;
    const original = readFileSync(target.absPath, 'utf8');
    const fixed = applyFixes(original, fixes);
    if (fixed.applied === 0 || fixed.text === original) return;
    writeFileAtomic(target.absPath, fixed.text);
    changed.push(target);
  });
  if (changed.length === 0) return results;
  const again = new Map(lintRun(changed, options, facts).results.map((r) => [r.path, r]));
  return results.map((r) => again.get(r.path) ?? r);
}

/** The policy for a run: searched from the single path given (or cwd) up to the repository root. */
function policyFor(options: LintPathsOptions): Promise<LoadedPolicy> {
  const cwd = resolve(options.cwd);
  const searchFrom = options.paths.length === 1 && options.paths[0] ? resolve(cwd, options.paths[0]) : cwd;
  return loadPolicy({
    cwd,
    searchFrom,
    ...(options.configFile !== undefined ? { configFile: options.configFile } : {}),
    noConfig: options.noConfig ?? false,
  });
}

/** The baseline file: `--baseline FILE`, else the policy's `baseline`, else `.pushgate-baseline.json` beside the policy (or in cwd). */
export function baselinePath(policy: LoadedPolicy, options: Pick<LintPathsOptions, 'cwd' | 'baselineFile'> = { cwd: '.' }): string {
  if (options.baselineFile !== undefined) return resolve(options.cwd, options.baselineFile);
  return policy.baseline ?? join(policy.baseDir, BASELINE_FILE);
}

/** `pushgate baseline`: records every current finding; returns the file written and the count. */
export async function writeBaselineFor(options: LintPathsOptions): Promise<{ path: string; count: number }> {
  const report = await lintPaths({ ...options, baseline: 'ignore' });
  const policy = await policyFor(options);
  const baseline = createBaseline(report.files);
  const path = baselinePath(policy, options);
  writeBaseline(path, baseline);
  return { path, count: baseline.entries.length };
}
