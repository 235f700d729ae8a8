// `pushgate pre-push [REMOTE [URL]]`: git's pre-push hook (SPEC §4).
//
// For every pushed ref (deletions skipped) it lints the relevant files the push
// changes, with their content and the policy AT THE PUSHED COMMIT, read from git
// objects — never the work tree. A push that changes the policy lints every relevant
// file of the commit. Output per ref: a header, the findings, the verdict and, on
// failure, the escape hatch. Nothing relevant: exit 0 without a word.
//
// Cost: the common push touches no relevant file, and then this is all that runs —
// one raw diff per ref and one `git cat-file --batch` (started in parallel) that
// answers whether the commit has a policy file. The engine, the parsers and the
// formatters are imported only when there is something to lint (lint-commit.ts).

import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { SeveritySetting } from '../models/finding.js';
import type { Kind } from '../models/nodes.js';
import type { FailOn } from '../models/policy.js';
import type { LoadedPolicy } from '../config/load.js';
import type { FormatName } from '../formatters/index.js';
import { SEARCH_PLACES } from '../config/files.js';
import { kindMatcher, toGlobPath } from '../discover/globs.js';
import { compileAnchoredGlobs, isPathIgnored, type IgnoreLayer } from '../discover/gitignore.js';
import { CatFile } from './cat-file.js';
import { allPaths, changedPaths, Trees, type ChangedPaths } from './changes.js';
import { git, type Env, type GitContext } from './exec.js';
import { loadCommitPolicy, packagePolicyText, probePolicy } from './policy.js';
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

/** How the pushed files of one commit are judged: its policy, or what decides relevance before the policy is loaded. */
interface Scope {
  /** null: the built-in recommended policy (the commit has no policy file), loaded only to lint. */
  policy: LoadedPolicy | null;
  /** Files (relative to the root) whose change changes the policy. */
  policyFiles: ReadonlySet<string>;
  /** Kind of a path by the policy's include globs, null when not linted. */
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

/** The relevant files of every ref; refs with none are left out. */
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

async function commitScope(rev: string, options: PlanContext): Promise<Scope> {
  const probe = await probePolicy(options.cat, options.trees, rev);
  const rootPlaces = new Set(SEARCH_PLACES);
  if (probe.place === null) return { policy: null, policyFiles: rootPlaces, kindOf: kindFunction({}, [], '') };
  const policy = await loadCommitPolicy({ root: options.root, rev, probe, cat: options.cat });
  const policyFiles = new Set<string>(rootPlaces);
  for (const file of policy.configFiles) policyFiles.add(relative(options.root, file).split(sep).join('/'));
  return { policy, policyFiles, kindOf: kindFunction(policy.include, policy.ignore, prefixOf(options.root, policy.baseDir)) };
}

/** `--config FILE` / `--no-config`: the policy comes from disk, the same for every ref. */
async function diskScope(options: PlanContext): Promise<Scope> {
  const { loadPolicy } = await import('../config/load.js');
  const policy = await loadPolicy({
    cwd: options.root,
    ...(options.configFile !== undefined ? { configFile: resolve(options.cwd, options.configFile) } : {}),
    noConfig: options.noConfig ?? false,
  });
  return { policy, policyFiles: new Set(), kindOf: kindFunction(policy.include, policy.ignore, prefixOf(options.root, policy.baseDir)) };
}

/** The way from the root down to the policy's directory ('' when it is the root). */
function prefixOf(root: string, baseDir: string): string {
  const rel = relative(root, baseDir);
  return rel.startsWith('..') || isAbsolute(rel) ? '' : rel.split(sep).join('/');
}

/**
 * Kind by name under the policy's include and ignore globs, which are relative to the
 * policy's directory (`prefix` below the root); ignore globs use .gitignore rules.
 */
function kindFunction(include: LoadedPolicy['include'], ignore: readonly string[], prefix: string): (path: string) => Kind | null {
  const rebase = (glob: string): string => {
    if (prefix === '') return glob;
    const negated = glob.startsWith('!');
    const body = negated ? glob.slice(1) : glob;
    const anchored = body.includes('/') ? body.replace(/^\//, '') : `**/${body}`;
    return `${negated ? '!' : ''}${prefix}/${anchored}`;
  };
  const matcher = kindMatcher(prefix === '' ? include : Object.fromEntries(Object.entries(include).map(([kind, globs]) => [kind, globs.map(rebase)])));
  const rules = compileAnchoredGlobs(ignore.map(rebase));
  const layers: IgnoreLayer[] = rules.length > 0 ? [{ dir: '', prefix: '', rules }] : [];
  const dirCache = new Map<string, boolean>();
  return (path) => {
    const kind = matcher.match(toGlobPath(path));
    if (kind === null || isPathIgnored(layers, path, dirCache)) return null;
    return kind;
  };
}

/** The work tree's top: the nearest directory holding `.git` (git runs hooks there), else `cwd`. */
function workTreeRoot(cwd: string): string {
  let dir = resolve(cwd);
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(cwd);
    dir = parent;
  }
}
