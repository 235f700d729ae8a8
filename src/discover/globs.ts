// Kinds by file name: the default include globs (SPEC §1), the policy's per-kind
// overrides, and the companion-file exclusions for Dockerfile globs (SPEC §3.1).

import { sep } from 'node:path';
import { braceExpand } from 'minimatch';
import type { Kind } from '../models/nodes.js';
import { DEFAULT_INCLUDE } from './default-globs.js';
import { expandPlainBraces } from './braces.js';
import { globMatcher, type PathMatcher } from './simple-glob.js';
import { literalAffixes } from './glob-affixes.js';

export { DEFAULT_INCLUDE, type DiscoverableKind } from './default-globs.js';
export type IncludeGlobs = Partial<Record<Kind, string[]>>;

/**
 * When a name matches globs of several kinds, the first kind here wins:
 * `.github/workflows/compose.yml` is a workflow, `compose.gitlab-ci.yml` never a
 * compose file, and `Dockerfile.sh` (excluded from the Dockerfile globs as a
 * companion) falls through to shell.
 */
export const KIND_PRIORITY: readonly Kind[] = ['dockerfile', 'github-workflow', 'gitlab-ci', 'compose', 'shell', 'image'];

/**
 * Names that look like `Dockerfile.<x>` but are templates or companions of one
 * (SPEC §3.1). They are excluded from every Dockerfile glob — the policy's too,
 * so `docker/Dockerfile*` does not pick up `docker/Dockerfile.dockerignore` —
 * except a glob that spells the suffix out itself (`**\/Dockerfile.in` means it).
 */
export const DOCKERFILE_COMPANION_SUFFIXES: readonly string[] = [
  '.dockerignore',
  '.template',
  '.tmpl',
  '.tpl',
  '.j2',
  '.jinja',
  '.jinja2',
  '.erb',
  '.in',
  '.md',
  '.txt',
  '.sh',
  '.py',
];

interface CompiledGlob {
  /** Matches the last path segment: a cheap pre-check before the full glob. */
  readonly base: PathMatcher;
  readonly full: PathMatcher;
  /** Literal text the last segment starts and ends with. */
  affixes: readonly [head: string, tail: string];
  /** Lower-cased suffixes that disqualify a match (Dockerfile companions). */
  excludedSuffixes: readonly string[];
}

/** Include globs of every kind, compiled once. */
export class KindMatcher {
  private readonly byKind: Array<[Kind, CompiledGlob[]]>;
  /**
   * The literal head and tail of every glob's last segment: a name must start
   * and end with those of some glob to match it, so most files of a tree
   * (sources, docs) are rejected by a few string comparisons on their basename.
   */
  private readonly baseAffixes: ReadonlyArray<readonly [head: string, tail: string]>;

  constructor(include: IncludeGlobs = {}) {
    this.byKind = [];
    for (const kind of KIND_PRIORITY) {
      const globs = include[kind] ?? (kind === 'image' ? [] : DEFAULT_INCLUDE[kind]);
      if (globs.length > 0) this.byKind.push([kind, compileGlobs(kind, globs)]);
    }
    this.baseAffixes = this.byKind.flatMap(([, globs]) => globs.map((glob) => glob.affixes));
  }

  /** The kind whose globs match `path` ('/'-separated, relative, no leading './'). */
  match(path: string): Kind | null {
    const base = path.slice(path.lastIndexOf('/') + 1);
    if (!this.baseAffixes.some(([head, tail]) => base.startsWith(head) && base.endsWith(tail))) return null;
    const lowerBase = base.toLowerCase();
    for (const [kind, globs] of this.byKind) {
      for (const glob of globs) {
        if (!glob.base.match(base)) continue;
        if (glob.excludedSuffixes.some((suffix) => lowerBase.endsWith(suffix))) continue;
        if (glob.full.match(path)) return kind;
      }
    }
    return null;
  }

  /**
   * Like `match`, also trying the path's tails (`a/b/c`, then `b/c`, then `c`) so
   * an anchored glob matches at any depth: for explicit files, where
   * `sub/.github/workflows/ci.yml` names a workflow whatever the directory.
   */
  matchAnyDepth(path: string): Kind | null {
    let rest = path;
    for (;;) {
      const kind = this.match(rest);
      if (kind !== null) return kind;
      const slash = rest.indexOf('/');
      if (slash === -1) return null;
      rest = rest.slice(slash + 1);
    }
  }
}

function compileGlobs(kind: Kind, globs: readonly string[]): CompiledGlob[] {
  const patterns = new Set<string>();
  for (const glob of globs) {
    for (let pattern of expandPlainBraces(glob) ?? braceExpand(glob)) {
      if (pattern.startsWith('./')) pattern = pattern.slice(2);
      if (pattern.startsWith('/')) pattern = pattern.slice(1);
      patterns.add(pattern);
      // Docker and Podman also take the all-lowercase `dockerfile` / `containerfile`
      // as the default file name, so a glob ending in exactly `Dockerfile` or
      // `Containerfile` accepts that spelling too. Only the bare name: a lowercase
      // `dockerfile.*` would take in source files (`src/parsers/dockerfile.ts`),
      // and `*.dockerfile` is a default glob already. Other casings (`DOCKERFILE`)
      // are not accepted: matching stays case-sensitive.
      if (kind === 'dockerfile') {
        const lowered = pattern.replace(/(^|\/)(Dockerfile|Containerfile)$/, (_, slash: string, word: string) => slash + word.toLowerCase());
        patterns.add(lowered);
      }
    }
  }
  const compiled: CompiledGlob[] = [];
  for (const pattern of patterns) {
    const lower = pattern.toLowerCase();
    const excludedSuffixes =
      kind === 'dockerfile' ? DOCKERFILE_COMPANION_SUFFIXES.filter((suffix) => !lower.endsWith(suffix)) : [];
    const lastSegment = pattern.slice(pattern.lastIndexOf('/') + 1);
    // Compiled on first use: a run on one explicit file touches only the globs whose
    // literal affixes fit its name (start-up matters for editors and hooks).
    let base: PathMatcher | undefined;
    let full: PathMatcher | undefined;
    compiled.push({
      get base() {
        return (base ??= globMatcher(lastSegment));
      },
      get full() {
        return (full ??= globMatcher(pattern));
      },
      affixes: literalAffixes(lastSegment),
      excludedSuffixes,
    });
  }
  return compiled;
}

const matchers = new WeakMap<IncludeGlobs, KindMatcher>();
let defaultMatcher: KindMatcher | undefined;

/** A matcher for these include globs, compiled at most once per object. */
export function kindMatcher(include?: IncludeGlobs): KindMatcher {
  if (include === undefined) return (defaultMatcher ??= new KindMatcher());
  let matcher = matchers.get(include);
  if (matcher === undefined) {
    matcher = new KindMatcher(include);
    matchers.set(include, matcher);
  }
  return matcher;
}

/** Normalises a path for glob matching: '/' separators, no leading './'. */
export function toGlobPath(path: string): string {
  let result = sep === '\\' ? path.replace(/\\/g, '/') : path;
  while (result.startsWith('./')) result = result.slice(2);
  return result;
}
