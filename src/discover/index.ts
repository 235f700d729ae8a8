// Discovery: which files to lint and of which kind (SPEC §1, §3.1 "Discovery").
//
// Choices, in one place:
// - Directories are walked with the include globs. Inside a git work tree the
//   candidates come from one `git ls-files -co --exclude-standard` in the walked
//   directory (so git's own ignore rules apply, tracked files always count and
//   deleted ones are dropped); outside, a walk that honours .gitignore files from
//   the working directory down. `node_modules` and `.git` are never entered.
// - Globs are matched against the path relative to the walked directory, and also
//   relative to the working directory when the walked directory is inside it:
//   `pushgate sub/dir` finds `sub/dir/.github/workflows/ci.yml` as a workflow
//   (root-relative) and a policy glob `sub/dir/docker/**/Dockerfile` still
//   applies (cwd-relative). `**/` matches at any depth, the top included.
// - Policy `ignore` globs are relative to the working directory, matched with
//   minimatch {dot:true}, evaluated like .gitignore (last match wins, `!`
//   re-includes, a matching directory hides everything below). They apply to
//   walked files only: a file named on the command line is linted whatever the
//   ignore globs say — naming it is the stronger statement. (ESLint warns
//   instead; here the pre-push hook and editors pass exact files on purpose.)
// - Explicit files: kind from `--kind`, else the include globs, else the same
//   globs at any depth and the default globs (`x/.github/workflows/a.yml`, a
//   `Dockerfile` outside an overridden include), else the content.
// - `--kind` only concerns explicit files; directories keep the globs.
// - Output is sorted by path (code-unit order) and de-duplicated; an explicit
//   entry wins over the walked one for the same path. A directory inside another
//   walked directory is not walked twice.

import { readHead as readFileHead, stat } from '../io/fs-async.js';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Kind } from '../models/nodes.js';
import { compileAnchoredGlobs, isPathIgnored, matchLayers, type IgnoreLayer } from './gitignore.js';
import { kindMatcher, toGlobPath, type IncludeGlobs } from './globs.js';
import { kindFromContent } from './sniff.js';
import { describeError, errorCode, walk } from './walk.js';

export { DEFAULT_INCLUDE, DOCKERFILE_COMPANION_SUFFIXES } from './globs.js';
export { kindFromContent } from './sniff.js';

export interface DiscoverOptions {
  /** Working directory; returned paths are relative to it with '/' separators. */
  cwd: string;
  /** CLI arguments (files or directories); [] means ['.']. */
  paths: string[];
  /** Policy per-kind globs: they replace the defaults of that kind. */
  include?: Partial<Record<Kind, string[]>>;
  /** Policy ignore globs, relative to cwd. */
  ignore?: string[];
  /** `--kind`: forces this kind for explicit files. */
  kind?: Kind;
}

export interface DiscoveredFile {
  /** Relative to cwd, '/'-separated (`../x` when outside it). */
  path: string;
  absPath: string;
  kind: Kind;
  /** Named on the command line rather than found by walking. */
  explicit: boolean;
}

export interface DiscoveryProblem {
  path: string;
  message: string;
}

export interface DiscoveryResult {
  files: DiscoveredFile[];
  problems: DiscoveryProblem[];
}

/** How much of an explicit file is read to sniff its kind. */
const SNIFF_BYTES = 256 * 1024;

/** The kind a path's name gives by the include globs (policy's, else the defaults). */
export function kindFromName(path: string, include?: Partial<Record<Kind, string[]>>): Kind | null {
  return kindMatcher(include).match(toGlobPath(path));
}

export async function discover(options: DiscoverOptions): Promise<DiscoveryResult> {
  const cwd = resolve(options.cwd);
  const args = options.paths.length > 0 ? options.paths : ['.'];
  const matcher = kindMatcher(options.include);
  const ignoreRules = compileAnchoredGlobs(options.ignore ?? []);
  const ignoreLayers: IgnoreLayer[] = ignoreRules.length > 0 ? [{ dir: '', prefix: '', rules: ignoreRules }] : [];
  const ignoredDirs = new Map<string, boolean>();

  const problems: DiscoveryProblem[] = [];
  const roots: string[] = [];
  const explicit: Array<{ absPath: string; path: string }> = [];

  await Promise.all(
    args.map(async (arg) => {
      const absPath = resolve(cwd, arg);
      const path = displayPath(cwd, absPath);
      try {
        const info = await stat(absPath);
        if (info.isDirectory()) roots.push(absPath);
        else if (info.isFile() || options.kind !== undefined) explicit.push({ absPath, path });
        else problems.push({ path, message: `"${path}" is not a regular file or a directory; use --kind to read it anyway` });
      } catch (error) {
        const code = errorCode(error);
        const message =
          code === 'ENOENT' || code === 'ENOTDIR' ? `"${path}" does not exist` : describeError(code, `cannot read "${path}"`);
        problems.push({ path, message });
      }
    }),
  );

  const found = new Map<string, DiscoveredFile>();

  const walks = outermost(roots).map(async (root) => {
    const prefix = toGlobPath(relative(cwd, root).split(sep).join('/'));
    const insideCwd = prefix === '' || (!isAbsolute(prefix) && prefix !== '..' && !prefix.startsWith('../'));
    const fromCwd = (path: string): string => (prefix === '' ? path : `${prefix}/${path}`);
    const result = await walk<Kind>({
      root,
      ignoreBase: cwd,
      pick: (path) => {
        const kind = matcher.match(path) ?? (prefix !== '' && insideCwd ? matcher.match(fromCwd(path)) : null);
        if (kind === null || isPathIgnored(ignoreLayers, fromCwd(path), ignoredDirs)) return null;
        return kind;
      },
      prune: (dir) => ignoreLayers.length > 0 && matchLayers(ignoreLayers, fromCwd(dir), true) === true,
    });
    for (const file of result.files) {
      const path = displayPath(cwd, file.absPath);
      found.set(path, { path, absPath: file.absPath, kind: file.value, explicit: false });
    }
    for (const problem of result.problems) {
      const path = displayPath(cwd, problem.absPath);
      problems.push({ path, message: describeError(problem.code, `cannot read directory "${path}"`) });
    }
  });
  await Promise.all(walks);

  const named = await Promise.all(
    explicit.map(async ({ absPath, path }) => {
      const kind = options.kind ?? kindFromExplicitName(path, options.include);
      if (kind !== null) return { path, absPath, kind };
      const head = await readHead(absPath, path);
      if (typeof head !== 'string') return head;
      const sniffed = kindFromContent(head);
      if (sniffed !== null) return { path, absPath, kind: sniffed };
      return { path, message: `cannot tell the kind of "${path}"; use --kind` };
    }),
  );
  for (const entry of named) {
    if ('kind' in entry) found.set(entry.path, { ...entry, explicit: true });
    else problems.push(entry);
  }

  const files = [...found.values()].sort((a, b) => compare(a.path, b.path));
  problems.sort((a, b) => compare(a.path, b.path) || compare(a.message, b.message));
  return { files, problems: dedupeProblems(problems) };
}

/**
 * Name-based kind for a file named on the command line (or a `--stdin-filename`):
 * the include globs, then the same globs against the path's tails (an anchored
 * glob at any depth: `x/.github/workflows/a.yml`), then the default globs the same
 * way (a policy that narrows `dockerfile` does not make an explicit `Dockerfile`
 * unknown).
 */
export function kindFromExplicitName(path: string, include?: IncludeGlobs): Kind | null {
  const globPath = toGlobPath(path);
  const matcher = kindMatcher(include);
  return matcher.matchAnyDepth(globPath) ?? (include ? kindMatcher().matchAnyDepth(globPath) : null);
}

async function readHead(absPath: string, path: string): Promise<string | DiscoveryProblem> {
  try {
    return (await readFileHead(absPath, SNIFF_BYTES)).toString('utf8');
  } catch (error) {
    return { path, message: describeError(errorCode(error), `cannot read "${path}"`) };
  }
}

/** Drops directories that lie inside (or equal) another one of the list. */
function outermost(dirs: readonly string[]): string[] {
  const sorted = [...new Set(dirs)].sort(compare);
  const kept: string[] = [];
  for (const dir of sorted) {
    if (kept.some((parent) => dir.startsWith(parent.endsWith(sep) ? parent : parent + sep))) continue;
    kept.push(dir);
  }
  return kept;
}

function displayPath(cwd: string, absPath: string): string {
  // Below cwd (every walked file of `pushgate .`): a slice, without path.relative's
  // two resolves per call.
  const inside = cwd.endsWith(sep) ? cwd : cwd + sep;
  if (absPath.startsWith(inside) && !absPath.includes(`${sep}..`) && !absPath.includes(`${sep}.${sep}`)) {
    const rest = absPath.slice(inside.length);
    return sep === '/' ? rest : rest.split(sep).join('/');
  }
  const path = relative(cwd, absPath).split(sep).join('/');
  return path === '' ? '.' : path;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function dedupeProblems(problems: DiscoveryProblem[]): DiscoveryProblem[] {
  return problems.filter(
    (problem, index) => index === 0 || problem.path !== problems[index - 1]?.path || problem.message !== problems[index - 1]?.message,
  );
}
