// The git work tree a directory belongs to, found on the file system: spawning
// `git rev-parse` would cost more than the rest of a small run.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The nearest ancestor of `cwd` (itself included) holding `.git` (a directory or a worktree file), or null. */
export function findRepositoryRoot(cwd: string): string | null {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return null;
  }
}

/**
 * The git directory of the work tree at `root`: `.git` itself, or where a `.git` file
 * (a linked worktree, a submodule) points; null when there is neither.
 */
export function gitDirectory(root: string): string | null {
  const dotGit = join(root, '.git');
  try {
    if (statSync(dotGit).isDirectory()) return dotGit;
    const pointer = /^gitdir: *(.+?)\s*$/m.exec(readFileSync(dotGit, 'utf8'));
    return pointer?.[1] ? resolve(root, pointer[1]) : null;
  } catch {
    return null;
  }
}
