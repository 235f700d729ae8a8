// Ignore rules with .gitignore semantics, for the file-system walk outside a git
// work tree (inside one, git itself decides) and for the policy's `ignore` globs.
//
// What is implemented (gitignore(5)):
// - blank lines and lines starting with `#` are skipped; `\#` and `\!` escape a
//   leading `#` or `!`; trailing spaces are dropped unless escaped with `\`;
// - a leading `!` negates: a later match re-includes what an earlier one excluded
//   (the last matching rule wins, deeper .gitignore files come later);
// - a trailing `/` makes the rule match directories only;
// - a `/` at the start or in the middle anchors the pattern to the directory of the
//   .gitignore file; otherwise it matches the basename at any depth below it;
// - `*`, `?`, `[...]`, `**` as git defines them. Git has no `{a,b}` braces and no
//   extglobs, so minimatch's are turned off (`nobrace`, `noext`).
// - A file inside an excluded directory cannot be re-included: callers prune
//   excluded directories (the walk never enters them) or ask `isPathIgnored`,
//   which checks every parent directory first.
// Not implemented: `core.ignoreCase`, `.git/info/exclude`, `core.excludesFile` —
// they only mean something inside a work tree, where git is asked instead.

import { Minimatch, type MinimatchOptions } from 'minimatch';

export interface IgnoreRule {
  /** The pattern as written, for debugging. */
  source: string;
  negate: boolean;
  dirOnly: boolean;
  /** Anchored rules match the whole relative path; the others its basename. */
  anchored: boolean;
  matcher: Minimatch;
}

/** Rules read from one ignore file (or policy), applying below `dir`. */
export interface IgnoreLayer {
  /** Directory the rules apply under, relative to the walk root ('' = everything). */
  dir: string;
  /**
   * Prepended to the path below `dir` before matching: non-empty when the ignore
   * file sits above the walk root (then `dir` is '' and `prefix` is the way from
   * the file's directory down to the root, ending in '/').
   */
  prefix: string;
  rules: readonly IgnoreRule[];
}

const GITIGNORE_OPTIONS: MinimatchOptions = {
  dot: true,
  nocomment: true,
  nonegate: true,
  nobrace: true,
  noext: true,
};

/** Parses the text of a .gitignore file. */
export function parseGitignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const rawLine of text.split('\n')) {
    let line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line === '' || line.startsWith('#')) continue;
    line = trimTrailingSpaces(line);
    if (line === '') continue;
    let negate = false;
    if (line.startsWith('!')) {
      negate = true;
      line = line.slice(1);
    }
    let dirOnly = false;
    if (line.endsWith('/') && !line.endsWith('\\/')) {
      dirOnly = true;
      line = line.replace(/\/+$/, '');
    }
    if (line === '') continue;
    const anchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    if (line === '') continue;
    rules.push({ source: rawLine, negate, dirOnly, anchored, matcher: new Minimatch(line, GITIGNORE_OPTIONS) });
  }
  return rules;
}

/**
 * Compiles glob patterns anchored at one directory (the policy's `ignore`, relative
 * to the working directory) into rules with the same evaluation as .gitignore:
 * minimatch syntax (braces included), `!` re-includes, last match wins, a matching
 * directory excludes everything below it, a trailing `/` means directories only.
 */
export function compileAnchoredGlobs(globs: readonly string[]): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const glob of globs) {
    let pattern = glob.trim();
    let negate = false;
    if (pattern.startsWith('!')) {
      negate = true;
      pattern = pattern.slice(1);
    }
    if (pattern.startsWith('./')) pattern = pattern.slice(2);
    const dirOnly = pattern.endsWith('/');
    pattern = pattern.replace(/\/+$/, '');
    if (pattern === '') continue;
    const matcher = new Minimatch(pattern, { dot: true, nocomment: true, nonegate: true });
    rules.push({ source: glob, negate, dirOnly, anchored: true, matcher });
  }
  return rules;
}

/**
 * The verdict of the rules on one path, ignoring its parents: true = excluded,
 * false = re-included by a negation, undefined = no rule matched.
 */
export function matchLayers(
  layers: readonly IgnoreLayer[],
  path: string,
  isDir: boolean,
): boolean | undefined {
  let verdict: boolean | undefined;
  for (const layer of layers) {
    let below: string;
    if (layer.dir === '') below = path;
    else if (path.startsWith(layer.dir + '/')) below = path.slice(layer.dir.length + 1);
    else continue;
    const subject = layer.prefix + below;
    const base = subject.slice(subject.lastIndexOf('/') + 1);
    for (const rule of layer.rules) {
      if (rule.dirOnly && !isDir) continue;
      if (rule.matcher.match(rule.anchored ? subject : base)) verdict = !rule.negate;
    }
  }
  return verdict;
}

/**
 * Whether `path` (a file, relative to the layers' root) is excluded, parents
 * included: when a parent directory is excluded, nothing inside comes back.
 * `dirCache` memoises the directory verdicts across calls with the same layers.
 */
export function isPathIgnored(
  layers: readonly IgnoreLayer[],
  path: string,
  dirCache: Map<string, boolean> = new Map(),
): boolean {
  if (layers.length === 0) return false;
  let slash = path.indexOf('/');
  while (slash !== -1) {
    const dir = path.slice(0, slash);
    let ignored = dirCache.get(dir);
    if (ignored === undefined) {
      ignored = matchLayers(layers, dir, true) === true;
      dirCache.set(dir, ignored);
    }
    if (ignored) return true;
    slash = path.indexOf('/', slash + 1);
  }
  return matchLayers(layers, path, false) === true;
}

function trimTrailingSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && line[end - 1] === ' ' && line[end - 2] !== '\\') end--;
  return line.slice(0, end);
}
