// `pushgate pre-push [REMOTE [URL]]`: git's pre-push hook (SPEC §4).
//
// For every pushed ref (deletions skipped) it lints the relevant files the push
// changes, with their content and the policy AT THE PUSHED COMMIT, read from git
// objects — never the work tree. A push that changes the policy lints every relevant
// file of the commit. Output per ref: a header, the findings, the verdict and, on
// failure, the escape hatch. Nothing relevant: exit 0 without a word.
//
// Cost: the common push touches no relevant file, and then this is all that runs —
// one `git cat-file --batch` process (started before stdin is read), one round trip
// for the two root trees of each updated ref (changes.ts), a look at the root tree
// for a policy file, and a name check of the changed paths. A policy that keeps the
// default include globs (no `include`, `extends` of presets only — policy.ts tells
// from its text) is not even parsed then. The config loader, the engine, the parsers
// and the formatters load only when there is something to lint (lint-commit.ts).

import { findRepositoryRoot } from '../io/repository.js';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { braceExpand } from 'minimatch';
import type { SeveritySetting } from '../models/finding.js';
import type { Kind } from '../models/nodes.js';
import type { FailOn } from '../models/policy.js';
import type { LoadedPolicy } from '../config/load.js';
import type { FormatName } from '../formatters/names.js';
import { SEARCH_PLACES } from '../config/files.js';
import { DEFAULT_INCLUDE, kindMatcher, toGlobPath } from '../discover/globs.js';
import { compileAnchoredGlobs, isPathIgnored, type IgnoreLayer } from '../discover/gitignore.js';
import { CatFile } from './cat-file.js';
import { allPaths, changedPaths, Trees, type ChangedPaths } from './changes.js';
import { git, type Env, type GitContext } from './exec.js';
import { keepsDefaultKinds, loadCommitPolicy, packagePolicyText, probePolicy } from './policy.js';
import { parseRefLines, preCommitRefs, type PreCommitRefs, type PushedRef } from './refs.js';

/** Blobs larger than this are not read (the engine's MAX_FILE_BYTES; lint-commit.ts sets it from there). */
const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

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
  // git starts while the ref lines are read.
  const cat = new CatFile(context, DEFAULT_MAX_BYTES);
  try {
    return await prePushWith(cat, root, context, options);
  } finally {
    cat.close();
  }
}

async function prePushWith(cat: CatFile, root: string, context: GitContext, options: PrePushOptions): Promise<number> {
  let refs = (options.preCommit && preCommitRefs(options.preCommit)) ?? parseRefLines(await options.readInput());
  if (refs.length === 0) return 0;
  // pre-commit names the commit by its branch in the "everything" case: pin it to an id.
  refs = await Promise.all(
    refs.map(async (ref) => (ref.all ? { ...ref, localSha: (await git(['rev-parse', '--verify', '--end-of-options', `${ref.localSha}^{commit}`], context)).toString('utf8').trim() } : ref)),
  );
  const plans = await planRefs(refs, { ...options, root, context, cat, trees: new Trees(cat) });
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
    const everything = change === null || (fromCommit && (await changesPolicy(change, ref, scope, cat)));
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

/** Whether the push changes the commit's policy: a policy file at the root, or a file the policy extends. */
async function changesPolicy(change: ChangedPaths, ref: PushedRef, scope: Scope, cat: CatFile): Promise<boolean> {
  for (const path of [...change.paths, ...change.removed]) {
    if (!scope.policyFiles.has(path)) continue;
    if (path !== 'package.json') return true;
    // package.json changes for many reasons; only its "pushgate" key is the policy.
    const [before, after] = await cat.getAll([`${change.base ?? ref.localSha}:package.json`, `${ref.localSha}:package.json`]);
    const now = packagePolicyText(after ?? null);
    if (change.base === null) {
      if (now !== undefined) return true; // no single base to compare with: a policy package.json changed
      continue;
    }
    if (packagePolicyText(before ?? null) !== now) return true;
  }
  return false;
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
  const matcher = kindMatcher(include);
  const rules = compileAnchoredGlobs(policy.ignore.map(rebase));
  const layers: IgnoreLayer[] = rules.length > 0 ? [{ dir: '', prefix: '', rules }] : [];
  const dirCache = new Map<string, boolean>();
  return (path) => {
    const kind = matcher.match(toGlobPath(path));
    if (kind === null || isPathIgnored(layers, path, dirCache)) return null;
    return kind;
  };
}

/**
 * Kind by the default include globs. Most pushed paths (sources, docs) cannot match
 * any: the literal start and end of each glob's last segment rule them out without
 * compiling the globs at all; the compiled matcher decides the rest.
 */
function defaultKinds(): (path: string) => Kind | null {
  const affixes = Object.values(DEFAULT_INCLUDE)
    .flat()
    .flatMap(expandBraces)
    .map((pattern) => literalAffixes(pattern.slice(pattern.lastIndexOf('/') + 1).toLowerCase()));
  return (path) => {
    // Lower case: the matcher also takes `dockerfile` / `containerfile`.
    const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
    if (!affixes.some(([head, tail]) => base.startsWith(head) && base.endsWith(tail))) return null;
    return kindMatcher().match(toGlobPath(path));
  };
}

/**
 * A glob's `{a,b}` alternatives, expanded. The default globs use them unnested and
 * unescaped, which is all this does itself (cheaper at start-up than minimatch's).
 */
function expandBraces(glob: string): string[] {
  const open = glob.indexOf('{');
  if (open === -1) return [glob];
  const close = glob.indexOf('}', open);
  if (close === -1 || glob.includes('\\') || glob.slice(open + 1, close).includes('{')) return braceExpand(glob);
  const [head, tail] = [glob.slice(0, open), glob.slice(close + 1)];
  return glob.slice(open + 1, close).split(',').flatMap((choice) => expandBraces(head + choice + tail));
}

/** The literal text before the first and after the last glob character of a segment. */
function literalAffixes(segment: string): [string, string] {
  const syntax = /[*?[\]\\(){}!+@|]/;
  let head = 0;
  while (head < segment.length && !syntax.test(segment.charAt(head))) head++;
  if (head === segment.length) return [segment, segment];
  let tail = segment.length;
  while (tail > head && !syntax.test(segment.charAt(tail - 1))) tail--;
  return [segment.slice(0, head), segment.slice(tail)];
}

/** The work tree's top: the nearest directory holding `.git` (git runs hooks there), else `cwd`. */
function workTreeRoot(cwd: string): string {
  return findRepositoryRoot(cwd) ?? resolve(cwd);
}
