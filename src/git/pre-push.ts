// `pushgate pre-push [REMOTE [URL]]`: git's pre-push hook (SPEC §4).
//
// For every pushed ref (deletions skipped) it lints the relevant files the push
// changes, with their content and the policy AT THE PUSHED COMMIT, read from git
// objects — never the work tree. A push that changes the policy lints every relevant
// file of the commit. Output per ref: a header, the findings, the verdict and, on
// failure, the escape hatch. Nothing relevant: exit 0 without a word.
//
// Cost: the common push touches no relevant file, and then only the hook's fast path
// runs (quick.ts, its own small bundle): one `git cat-file --batch` process (started
// before stdin is read), one round trip for the two root trees of each updated ref
// (changes.ts), a look at the root tree for a policy file, and a name check of the
// changed paths. A policy that keeps the default include globs (no `include`,
// `extends` of presets only — policy.ts tells from its text) is not even parsed then.
// Otherwise this module carries on from what the fast path read (handoff.ts); the
// config loader, the engine, the parsers and the formatters load only when there is
// something to lint (lint-commit.ts).

import { findRepositoryRoot } from '../io/repository.js';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { SeveritySetting } from '../models/finding.js';
import type { Kind } from '../models/nodes.js';
import type { FailOn } from '../models/policy.js';
import type { LoadedPolicy } from '../config/load.js';
import type { FormatName } from '../formatters/names.js';
import { SEARCH_PLACES } from '../config/files.js';
import { kindMatcher, toGlobPath } from '../discover/globs.js';
import { compileAnchoredGlobs, isPathIgnored, type IgnoreLayer } from '../discover/gitignore.js';
import { CatFile, DEFAULT_MAX_BLOB_BYTES } from './cat-file.js';
import { allPaths, changedPaths, Trees, type ChangedPaths } from './changes.js';
import { git, type Env, type GitContext } from './exec.js';
import { loadCommitPolicy } from './commit-policy.js';
import { changesPolicy, keepsDefaultKinds, probePolicy } from './policy.js';
import { parseRefLines, preCommitRefs, type PreCommitRefs, type PushedRef } from './refs.js';
import { mayMatchDefaultGlobs } from './relevance.js';
import { takePrePushHandoff } from './handoff.js';

export const ESCAPE_HATCH = 'Bypass once with: git push --no-verify';

export interface PrePushOptions {
  cwd: string;
  /** Environment for the git processes (the CLI passes its own). */
  env: Env;
  /** The hook's first argument: the remote's name (or its URL when pushing to a URL). */
  remote: string | null;
  /** Reads git's ref lines (stdin); not called when `preCommit` yields refs. */
  readInput(): Promise<string>;
  /** PRE_COMMIT_* variables, when the pre-commit framework runs the hook. */
  preCommit?: PreCommitRefs;
  /** `--config FILE` / `--no-config`: the policy from disk instead of from the commit. */
  configFile?: string;
  noConfig?: boolean;
  failOn?: FailOn;
  maxWarnings?: number;
  ruleSeverities?: Record<string, SeveritySetting>;
  quiet?: boolean;
  format: FormatName;
  color: boolean;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  today?: string;
}

/** How the pushed files of one commit are judged. */
export interface Scope {
  /** The policy (loaded at most once). */
  policy(): Promise<LoadedPolicy>;
  /** Files (relative to the root) whose change changes the policy. */
  policyFiles: ReadonlySet<string>;
  /**
   * The kind of a path by name, null when it is certainly not linted. Before the
   * policy is loaded this may keep paths the policy's `ignore` drops; lint-commit.ts
   * filters again with the loaded policy (`kindFunction`).
   */
  kindOf(path: string): Kind | null;
}

export interface RefPlan {
  ref: PushedRef;
  scope: Scope;
  files: Array<{ path: string; kind: Kind }>;
}

export async function prePush(options: PrePushOptions): Promise<number> {
  const root = workTreeRoot(options.cwd);
  const context: GitContext = { cwd: root, env: options.env };
  // The hook's fast path may have read the ref lines and started git already (quick.ts).
  const handoff = takePrePushHandoff();
  if (handoff && handoff.root !== root) handoff.cat.close();
  const fast = handoff?.root === root ? handoff : undefined;
  // git starts while the ref lines are read.
  const cat = fast?.cat ?? new CatFile(context, DEFAULT_MAX_BLOB_BYTES);
  const input = handoff?.input;
  const readInput = input !== undefined ? () => Promise.resolve(input) : options.readInput;
  try {
    return await prePushWith(cat, fast?.trees ?? new Trees(cat), root, context, { ...options, readInput });
  } finally {
    cat.close();
  }
}

async function prePushWith(cat: CatFile, trees: Trees, root: string, context: GitContext, options: PrePushOptions): Promise<number> {
  let refs = (options.preCommit && preCommitRefs(options.preCommit)) ?? parseRefLines(await options.readInput());
  if (refs.length === 0) return 0;
  // pre-commit names the commit by its branch in the "everything" case: pin it to an id.
  refs = await Promise.all(
    refs.map(async (ref) => (ref.all ? { ...ref, localSha: (await git(['rev-parse', '--verify', '--end-of-options', `${ref.localSha}^{commit}`], context)).toString('utf8').trim() } : ref)),
  );
  const plans = await planRefs(refs, { ...options, root, context, cat, trees });
  if (plans.length === 0) return 0;
  const { lintPlans } = await import('./lint-commit.js');
  return lintPlans(plans, { ...options, root, cat });
}

interface PlanContext extends PrePushOptions {
  root: string;
  context: GitContext;
  cat: CatFile;
  trees: Trees;
}

/** The candidate files of every ref; refs with none are left out. */
async function planRefs(refs: readonly PushedRef[], options: PlanContext): Promise<RefPlan[]> {
  const { cat, context, trees } = options;
  const fromCommit = options.configFile === undefined && !options.noConfig;
  const changes = await Promise.all(
    refs.map((ref): Promise<ChangedPaths | null> => (ref.all ? Promise.resolve(null) : changedPaths(ref, options.remote, context, trees))),
  );
  const touched = (change: ChangedPaths | null): boolean => change === null || change.paths.length > 0 || change.removed.length > 0;
  if (!changes.some(touched)) return [];

  const scopes = new Map<string, Promise<Scope>>();
  const scopeFor = (rev: string): Promise<Scope> => {
    let scope = scopes.get(rev);
    if (!scope) {
      scope = fromCommit ? commitScope(rev, options) : diskScope(options);
      scopes.set(rev, scope);
    }
    return scope;
  };

  const plans: RefPlan[] = [];
  for (const [index, ref] of refs.entries()) {
    const change = changes[index] ?? null;
    if (!touched(change)) continue;
    const scope = await scopeFor(ref.localSha);
    const everything = change === null || (fromCommit && (await changesPolicy(change, ref.localSha, scope.policyFiles, cat)));
    const paths = everything ? await allPaths(ref.localSha, context) : (change as ChangedPaths).paths;
    const files: RefPlan['files'] = [];
    for (const path of paths) {
      const kind = scope.kindOf(path);
      if (kind !== null) files.push({ path, kind });
    }
    if (files.length > 0) plans.push({ ref, scope, files });
  }
  return plans;
}

const ROOT_PLACES: ReadonlySet<string> = new Set(SEARCH_PLACES);

async function commitScope(rev: string, options: PlanContext): Promise<Scope> {
  const { root, cat, trees } = options;
  const probe = await probePolicy(cat, trees, rev);
  if (probe.place === null) {
    const builtIn = once(async () => (await import('../config/load.js')).loadPolicy({ cwd: root, noConfig: true }));
    return { policy: builtIn, policyFiles: ROOT_PLACES, kindOf: defaultKinds() };
  }
  const load = once(() => loadCommitPolicy({ root, rev, probe, cat }));
  // A policy that cannot change which names are linted is parsed only when there is something to lint.
  if (keepsDefaultKinds(probe.place, probe.blob)) return { policy: load, policyFiles: ROOT_PLACES, kindOf: defaultKinds() };
  const policy = await load();
  const policyFiles = new Set<string>(ROOT_PLACES);
  for (const file of policy.configFiles) policyFiles.add(relative(root, file).split(sep).join('/'));
  return { policy: load, policyFiles, kindOf: kindFunction(policy, root) };
}

/** `--config FILE` / `--no-config`: the policy comes from disk, the same for every ref. */
async function diskScope(options: PlanContext): Promise<Scope> {
  const { loadPolicy } = await import('../config/load.js');
  const policy = await loadPolicy({
    cwd: options.root,
    ...(options.configFile !== undefined ? { configFile: resolve(options.cwd, options.configFile) } : {}),
    noConfig: options.noConfig ?? false,
  });
  return { policy: () => Promise.resolve(policy), policyFiles: new Set(), kindOf: kindFunction(policy, options.root) };
}

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= load());
}

/**
 * Kind by name under a policy's include and ignore globs, which are relative to the
 * policy's directory; ignore globs follow .gitignore rules.
 */
export function kindFunction(policy: LoadedPolicy, root: string): (path: string) => Kind | null {
  const rel = relative(root, policy.baseDir);
  const prefix = rel.startsWith('..') || isAbsolute(rel) ? '' : rel.split(sep).join('/');
  const rebase = (glob: string): string => {
    if (prefix === '') return glob;
    const negated = glob.startsWith('!');
    const body = negated ? glob.slice(1) : glob;
    const anchored = body.includes('/') ? body.replace(/^\//, '') : `**/${body}`;
    return `${negated ? '!' : ''}${prefix}/${anchored}`;
  };
  const include = prefix === '' ? policy.include : Object.fromEntries(Object.entries(policy.include).map(([kind, globs]) => [kind, globs.map(rebase)]));
  // A policy that sets no include globs shares the default matcher (compiled once per run).
  const matcher = Object.keys(include).length === 0 ? kindMatcher() : kindMatcher(include);
  const rules = compileAnchoredGlobs(policy.ignore.map(rebase));
  const layers: IgnoreLayer[] = rules.length > 0 ? [{ dir: '', prefix: '', rules }] : [];
  const dirCache = new Map<string, boolean>();
  return (path) => {
    const kind = matcher.match(toGlobPath(path));
    if (kind === null || isPathIgnored(layers, path, dirCache)) return null;
    return kind;
  };
}

/** Kind by the default include globs; most names are ruled out before any glob is compiled. */
function defaultKinds(): (path: string) => Kind | null {
  return (path) => (mayMatchDefaultGlobs(path) ? kindMatcher().match(toGlobPath(path)) : null);
}

/** The work tree's top: the nearest directory holding `.git` (git runs hooks there), else `cwd`. */
function workTreeRoot(cwd: string): string {
  return findRepositoryRoot(cwd) ?? resolve(cwd);
}
