// Which files a pushed ref changes, from git's raw diff output (one process per ref):
// - the remote has the ref: `git diff-tree REMOTE LOCAL` (plumbing, so user config
//   such as diff.relative or color does not change the output);
// - the ref is new there (or the remote's commit is not known locally): the commits
//   not on any remote-tracking ref of that remote, `git log LOCAL --not
//   --remotes=REMOTE`, with the files each one changes — in the same process.
//   Merges are shown combined (`-c`): only the files a merge changes relative to
//   every parent (conflict resolutions); the rest came from commits listed on
//   their own or already on the remote.
// Renames count as their new path (`--no-renames`: a deletion and an addition).
// Only regular files are kept (modes 100644 / 100755): deletions, symlinks and
// submodules have nothing to lint. Deleted paths are returned apart, because a
// deleted policy file changes the policy.

import { git, runGit, type GitContext } from './exec.js';
import type { PushedRef } from './refs.js';

export interface ChangedPaths {
  /** Regular files that exist after the change, in git's order, without duplicates. */
  paths: string[];
  /** Paths deleted (or turned into something that is not a regular file). */
  removed: string[];
  /** The commit diffed against, when there is exactly one (an update of an existing ref). */
  base: string | null;
}

const REGULAR = new Set(['100644', '100755']);

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

export async function changedPaths(ref: PushedRef, remote: string | null, context: GitContext): Promise<ChangedPaths> {
  if (ref.remoteSha !== null) {
    const diff = await runGit(['diff-tree', '-r', '-z', '--no-renames', ref.remoteSha, ref.localSha], context);
    if (diff.code === 0) return { ...parseRaw(diff.stdout), base: ref.remoteSha };
    // The remote's commit is not here (not fetched since someone else pushed):
    // fall back to what no remote-tracking ref has.
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
