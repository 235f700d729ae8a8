// The git work tree a directory belongs to, found on the file system: spawning
// `git rev-parse` would cost more than the rest of a small run.

import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The nearest ancestor of `cwd` (itself included) holding `.git` (a directory or a worktree file), or null. */
export function findRepositoryRoot(cwd: string): string | null {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return null;
  }
}
