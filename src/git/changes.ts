// Which files a pushed ref changes.
//
// - The remote has the ref (and we have its commit): the two commits' trees are
//   compared through the cat-file process that reads everything else, level by level,
//   descending only into directories whose id differs. A push that changes a README
//   costs one round trip for the two root trees and no extra process at all; the root
//   tree is also where the policy file is looked for (policy.ts).
// - The ref is new there (or the remote's commit is not here, because someone else
//   pushed since the last fetch): the commits not on any remote-tracking ref of that
//   remote, `git log LOCAL --not --remotes=REMOTE`, with the files each one changes,
//   in one process. Merges are shown combined (`-c`): only files a merge changes
//   relative to every parent (conflict resolutions); the rest came from commits
//   listed on their own or already on the remote.
// Renames count as their new path (a deletion and an addition). Only regular files
// are kept (modes 100644 / 100755): symlinks and submodules have nothing to lint.
// Deleted paths are returned apart, because a deleted policy file changes the policy.

import type { CatFile } from './cat-file.js';
import { git, type GitContext } from './exec.js';
import type { PushedRef } from './refs.js';

export interface ChangedPaths {
  /** Regular files that exist after the change, without duplicates. */
  paths: string[];
  /** Files deleted or no longer regular files; a deleted directory is listed as itself, not expanded. */
  removed: string[];
  /** The commit diffed against, when there is exactly one (an update of an existing ref). */
  base: string | null;
}

const REGULAR = new Set(['100644', '100755']);
const TREE = '40000';

export interface TreeEntry {
  mode: string;
  oid: string;
}

export type Tree = ReadonlyMap<string, TreeEntry>;

/** Trees read through the cat-file process, each at most once per run. */
export class Trees {
  readonly #cat: CatFile;
  readonly #cache = new Map<string, Promise<Tree | null>>();

  constructor(cat: CatFile) {
    this.#cat = cat;
  }

  /** The root tree of a commit (or of an annotated tag's commit); null when the object is not here. */
  root(rev: string): Promise<Tree | null> {
    return this.#read(`${rev}^{tree}`);
  }

  byId(oid: string): Promise<Tree | null> {
    return this.#read(oid);
  }

  #read(spec: string): Promise<Tree | null> {
    let tree = this.#cache.get(spec);
    if (!tree) {
      tree = this.#cat.object(spec).then((object) => (object?.type === 'tree' && object.data ? parseTree(object.data, object.oid.length / 2) : null));
      this.#cache.set(spec, tree);
    }
    return tree;
  }
}

/** A tree object: `<mode> SP <name> NUL <raw object id>` repeated. */
export function parseTree(data: Buffer, oidBytes: number): Tree {
  const entries = new Map<string, TreeEntry>();
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(32, at);
    const nul = data.indexOf(0, space + 1);
    if (space === -1 || nul === -1 || nul + 1 + oidBytes > data.length) throw new Error('git: malformed tree object');
    const mode = data.toString('latin1', at, space);
    const name = data.toString('utf8', space + 1, nul);
    entries.set(name, { mode, oid: data.toString('hex', nul + 1, nul + 1 + oidBytes) });
    at = nul + 1 + oidBytes;
  }
  return entries;
}

/** The difference between two commits' trees; null when either commit is not here. */
export async function diffCommits(trees: Trees, base: string, tip: string): Promise<{ paths: string[]; removed: string[] } | null> {
  const [before, after] = await Promise.all([trees.root(base), trees.root(tip)]);
  if (before === null || after === null) return null;
  const paths: string[] = [];
  const removed: string[] = [];
  // Breadth first: every differing directory of a level is asked for in one round trip.
  let level: Array<{ prefix: string; before: Tree; after: Tree }> = [{ prefix: '', before, after }];
  while (level.length > 0) {
    const next: Array<Promise<{ prefix: string; before: Tree; after: Tree }>> = [];
    for (const { prefix, before: old, after: now } of level) {
      for (const [name, entry] of now) {
        const path = prefix + name;
        const was = old.get(name);
        if (was && was.oid === entry.oid && was.mode === entry.mode) continue;
        if (entry.mode === TREE) {
          const oldTree = was?.mode === TREE ? trees.byId(was.oid) : Promise.resolve(new Map() as Tree);
          if (was && was.mode !== TREE) removed.push(path);
          next.push(Promise.all([oldTree, trees.byId(entry.oid)]).then(([a, b]) => ({ prefix: `${path}/`, before: a ?? new Map(), after: b ?? new Map() })));
        } else if (REGULAR.has(entry.mode)) {
          paths.push(path);
        } else {
          removed.push(path); // a symlink or submodule now
        }
      }
      for (const name of old.keys()) if (!now.has(name)) removed.push(prefix + name);
    }
    level = await Promise.all(next);
  }
  return { paths, removed };
}

/** Parses `-z` raw output, plain (`:m1 m2 o1 o2 S`) and combined (`::m1 m2 m3 … SS`). */
export function parseRaw(output: Buffer): { paths: string[]; removed: string[] } {
  const fields = output.toString('utf8').split('\0');
  const kept = new Set<string>();
  const removed = new Set<string>();
  for (let i = 0; i < fields.length; i++) {
    const header = fields[i] as string;
    if (!header.startsWith(':')) continue;
    const path = fields[i + 1];
    i++;
    if (path === undefined || path === '') continue;
    const parents = /^:+/.exec(header)?.[0].length ?? 1;
    const modes = header.slice(parents).split(' ');
    const resultMode = modes[parents] ?? '';
    if (REGULAR.has(resultMode)) {
      kept.add(path);
      removed.delete(path);
    } else if (!kept.has(path)) {
      removed.add(path);
    }
  }
  return { paths: [...kept], removed: [...removed] };
}

/** `git log` flags that make its output ours whatever the user's configuration says. */
const LOG_FLAGS = ['-z', '--raw', '--no-abbrev', '--no-renames', '-c', '--root', '--format=', '--no-color', '--no-show-signature', '--no-ext-diff'];

export async function changedPaths(ref: PushedRef, remote: string | null, context: GitContext, trees: Trees): Promise<ChangedPaths> {
  if (ref.remoteSha !== null) {
    const diff = await diffCommits(trees, ref.remoteSha, ref.localSha);
    if (diff !== null) return { ...diff, base: ref.remoteSha };
    // The remote's commit is not here: fall back to what no remote-tracking ref has.
  }
  const not = remote === null ? '--remotes' : `--remotes=${remote}`;
  const output = await git(['log', ...LOG_FLAGS, ref.localSha, '--not', not, '--'], context);
  return { ...parseRaw(output), base: null };
}

/** Every regular file of a commit (`git ls-tree -r`), for a push that changes the policy. */
export async function allPaths(rev: string, context: GitContext): Promise<string[]> {
  const output = await git(['ls-tree', '-r', '-z', '--full-tree', rev], context);
  const paths: string[] = [];
  for (const entry of output.toString('utf8').split('\0')) {
    // `<mode> SP <type> SP <object> TAB <path>`
    const tab = entry.indexOf('\t');
    if (tab === -1) continue;
    if (REGULAR.has(entry.slice(0, entry.indexOf(' ')))) paths.push(entry.slice(tab + 1));
  }
  return paths;
}
