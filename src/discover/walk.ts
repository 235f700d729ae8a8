// Listing the candidate files under one directory: `git ls-files` inside a git
// work tree, a file-system walk honouring .gitignore files outside one.
//
// The caller decides by name which candidates it wants (`pick`), so that only the
// wanted ones are stat'ed: the git listing is names only, and the walk knows
// entry types from readdir without a stat per file.

import { lazyRequire } from '../io/import.js';
import type { Dirent } from 'node:fs';
import { lstat, readFile, readdir, realpath, stat } from '../io/fs-async.js';
import { join, relative, sep } from 'node:path';
import { matchLayers, parseGitignore, type IgnoreLayer } from './gitignore.js';

/** Directory names never entered, nor taken from git's listing. */
const NEVER_ENTERED = new Set(['node_modules', '.git']);
/** How many directories are read, or files stat'ed, at the same time. */
const CONCURRENCY = 16;

export interface WalkOptions<T> {
  /** Absolute path of the directory to walk. */
  root: string;
  /**
   * Absolute directory above (or equal to) `root` whose .gitignore files also
   * apply to the walk outside git — the working directory, so that
   * `pushgate sub/dir` and `pushgate .` agree on sub/dir. Ignored when it does
   * not contain `root`.
   */
  ignoreBase: string;
  /** Decides by root-relative path ('/'-separated) whether a file is wanted. */
  pick(path: string): T | null;
  /** Whether a directory (root-relative) can be skipped whole; an optimisation. */
  prune?(path: string): boolean;
}

export interface WalkedFile<T> {
  /** Root-relative, '/'-separated. */
  path: string;
  absPath: string;
  value: T;
}

/** A directory that could not be read (the caller names it as the user gave it). */
export interface WalkProblem {
  absPath: string;
  code: string | undefined;
}

export interface WalkResult<T> {
  files: WalkedFile<T>[];
  problems: WalkProblem[];
  /** Whether git provided the listing. */
  git: boolean;
}

export async function walk<T>(options: WalkOptions<T>): Promise<WalkResult<T>> {
  const rootReal = await realpath(options.root).catch(() => options.root);
  const listed = await gitListFiles(options.root);
  if (listed !== null) return { ...(await pickListed(listed, rootReal, options)), git: true };
  return { ...(await walkFileSystem(rootReal, options)), git: false };
}

/**
 * `git ls-files -co --exclude-standard -z` in `dir`: tracked and untracked files,
 * minus git's ignores, relative to `dir`. One process, and it doubles as the
 * work-tree test: any failure (not a work tree, git not installed, a repository
 * git refuses for its ownership) means null and the file-system walk instead,
 * so no separate `git rev-parse` is spawned. node_modules is excluded by
 * pathspec so git does not even list it (filtered below again regardless).
 */
export async function gitListFiles(dir: string): Promise<string[] | null> {
  // Loaded on first use: node:child_process pulls in net and stream, which a run on
  // explicit files (an editor, a hook with file arguments) never needs.
  const { spawn } = lazyRequire('node:child_process') as typeof import('node:child_process');
  return new Promise((resolve) => {
    let settled = false;
    const finish = (value: string[] | null): void => {
      if (!settled) {
        settled = true;
        resolve(value);
      }
    };
    const chunks: Buffer[] = [];
    try {
      const child = spawn(
        'git',
        ['ls-files', '-co', '--exclude-standard', '-z', '--', ':(exclude,glob)**/node_modules/**'],
        { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'], windowsHide: true },
      );
      child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
      child.on('error', () => finish(null));
      child.on('close', (code) => {
        if (code !== 0) return finish(null);
        finish(Buffer.concat(chunks).toString('utf8').split('\0').filter((entry) => entry !== ''));
      });
    } catch {
      finish(null);
    }
  });
}

async function pickListed<T>(
  listed: readonly string[],
  rootReal: string,
  options: WalkOptions<T>,
): Promise<Omit<WalkResult<T>, 'git'>> {
  const wanted: Array<{ path: string; value: T }> = [];
  for (const path of listed) {
    // A trailing '/' marks an untracked nested repository; never a file.
    if (path.endsWith('/')) continue;
    const value = options.pick(path);
    if (value !== null && !hasNeverEnteredSegment(path)) wanted.push({ path, value });
  }
  // The listing includes tracked files deleted from the work tree, submodules
  // (directories) and symlinks: only what is a file on disk now is kept.
  const checked = await mapLimit(wanted, async ({ path, value }) => {
    const absPath = join(options.root, path);
    return (await isFileInside(absPath, rootReal)) ? { path, absPath, value } : null;
  });
  return { files: checked.filter((file): file is WalkedFile<T> => file !== null), problems: [] };
}

function hasNeverEnteredSegment(path: string): boolean {
  for (const segment of path.split('/')) if (NEVER_ENTERED.has(segment)) return true;
  return false;
}

/**
 * A regular file, or a symlink to one whose target lies inside `rootReal`
 * (symlinks out of the walked tree are skipped). Symlinked directories are never
 * followed, so a symlink loop cannot trap the walk.
 */
async function isFileInside(absPath: string, rootReal: string): Promise<boolean> {
  try {
    const info = await lstat(absPath);
    if (info.isFile()) return true;
    if (!info.isSymbolicLink()) return false;
    if (!(await stat(absPath)).isFile()) return false;
    const target = await realpath(absPath);
    return target.startsWith(rootReal.endsWith(sep) ? rootReal : rootReal + sep);
  } catch {
    return false; // gone, dangling, a loop (ELOOP) or unreadable: not a candidate
  }
}

interface PendingDir {
  absPath: string;
  /** Root-relative ('' for the root). */
  path: string;
  layers: readonly IgnoreLayer[];
}

async function walkFileSystem<T>(rootReal: string, options: WalkOptions<T>): Promise<Omit<WalkResult<T>, 'git'>> {
  const files: WalkedFile<T>[] = [];
  const problems: WalkProblem[] = [];
  const start = await ancestorLayers(options.ignoreBase, options.root);
  if (start === null) return { files, problems }; // the root itself is ignored

  const queue: PendingDir[] = [{ absPath: options.root, path: '', layers: start }];
  const symlinks: Array<{ path: string; absPath: string; value: T }> = [];

  const visit = async (dir: PendingDir): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir.absPath, { withFileTypes: true });
    } catch (error) {
      const code = errorCode(error);
      // Vanished or replaced while walking: nothing to report.
      if (code !== 'ENOENT' && code !== 'ENOTDIR') problems.push({ absPath: dir.absPath, code });
      return;
    }
    let layers = dir.layers;
    if (entries.some((entry) => entry.name === '.gitignore' && !entry.isDirectory())) {
      const text = await readFile(join(dir.absPath, '.gitignore'), 'utf8').catch(() => '');
      const rules = parseGitignore(text);
      if (rules.length > 0) layers = [...layers, { dir: dir.path, prefix: '', rules }];
    }
    // Entry names hold no separator and dir.absPath is already normalised: plain
    // concatenation is path.join without its cost (a large tree has many entries).
    const base = dir.absPath.endsWith(sep) ? dir.absPath : dir.absPath + sep;
    for (const entry of entries) {
      const path = dir.path === '' ? entry.name : `${dir.path}/${entry.name}`;
      if (entry.isDirectory()) {
        if (NEVER_ENTERED.has(entry.name)) continue;
        if (matchLayers(layers, path, true) === true) continue;
        if (options.prune?.(path)) continue;
        queue.push({ absPath: base + entry.name, path, layers });
        continue;
      }
      // Files, symlinks (git treats a symlink as a file: never entered) and the
      // rare entry whose type readdir could not tell.
      const value = options.pick(path);
      if (value === null) continue;
      if (matchLayers(layers, path, false) === true) continue;
      if (entry.isFile()) files.push({ path, absPath: base + entry.name, value });
      else symlinks.push({ path, absPath: base + entry.name, value });
    }
  };

  // Breadth-first with a bounded number of directories read at once.
  let active = 0;
  await new Promise<void>((resolve) => {
    const pump = (): void => {
      while (active < CONCURRENCY && queue.length > 0) {
        const dir = queue.shift() as PendingDir;
        active++;
        void visit(dir).finally(() => {
          active--;
          pump();
        });
      }
      if (active === 0 && queue.length === 0) resolve();
    };
    pump();
  });

  const checked = await mapLimit(symlinks, async (file) => ((await isFileInside(file.absPath, rootReal)) ? file : null));
  for (const file of checked) if (file !== null) files.push(file);
  return { files, problems };
}

/**
 * The .gitignore layers that apply to `root` from the directories between `base`
 * and it (root excluded: the walk reads its own), re-expressed relative to root;
 * null when `root` itself, or a directory on the way, is ignored by them.
 */
async function ancestorLayers(base: string, root: string): Promise<IgnoreLayer[] | null> {
  const rel = relative(base, root);
  if (rel === '' || rel.startsWith('..') || rel.split(sep).includes('..')) return [];
  const segments = rel.split(sep);
  // Layers relative to `base` while checking the directories on the way down.
  const fromBase: IgnoreLayer[] = [];
  for (let depth = 0; depth < segments.length; depth++) {
    const dirRel = segments.slice(0, depth).join('/');
    const text = await readFile(join(base, ...segments.slice(0, depth), '.gitignore'), 'utf8').catch(() => '');
    const rules = parseGitignore(text);
    if (rules.length > 0) fromBase.push({ dir: dirRel, prefix: '', rules });
    const next = segments.slice(0, depth + 1).join('/');
    // Directories above `next` were checked in earlier rounds, with every layer
    // that can apply to them (a layer never applies to its own directory).
    if (matchLayers(fromBase, next, true) === true) return null;
  }
  // Now relative to root: each layer sees root's paths prefixed with the way down.
  return fromBase.map((layer) => {
    const below = layer.dir === '' ? segments.join('/') : segments.slice(layer.dir.split('/').length).join('/');
    return { dir: '', prefix: `${below}/`, rules: layer.rules };
  });
}

async function mapLimit<A, B>(items: readonly A[], fn: (item: A) => Promise<B>): Promise<B[]> {
  const results: B[] = new Array<B>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as A);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
  return results;
}

export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

export function describeError(code: string | undefined, what: string): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `${what}: permission denied`;
    case 'ENOENT':
      return `${what}: no such file or directory`;
    case 'ELOOP':
      return `${what}: too many levels of symbolic links`;
    default:
      return `${what}: ${code ?? 'unknown error'}`;
  }
}
