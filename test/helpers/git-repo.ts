// Real git for the pre-push and hook tests: a bare "remote" and a work repository in a
// temporary directory, git configured only by the test (no system or global config),
// and the built CLI (bin/pushgate.cjs; `npm test` builds dist/ first).

import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

export const ROOT = realpathSync(new URL('../..', import.meta.url).pathname);
export const BIN = join(ROOT, 'bin', 'pushgate.cjs');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr together (git sends hook output to stderr). */
  output: string;
}

const temps: string[] = [];

/** Removes every directory the tests created (call from test.after). */
export function cleanUp(): void {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * The environment of every child: no system or global git config, no pre-commit
 * variables from the outside, no colours, Node on PATH (the hook needs it) and
 * pushgate NOT on PATH (the hook must find it through what the install recorded).
 */
export function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('PRE_COMMIT') || key.startsWith('GIT_')) delete env[key];
  delete env.PUSHGATE_WRITE_CODE_CACHE;
  const path = (env.PATH ?? '').split(delimiter).filter((dir) => dir !== '' && !dir.includes('node_modules'));
  Object.assign(env, {
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    NO_COLOR: '1',
    PATH: [dirname(process.execPath), ...path].join(delimiter),
    ...extra,
  });
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  return env as NodeJS.ProcessEnv;
}

function spawn(command: string, args: readonly string[], options: { cwd: string; input?: string; env?: Record<string, string | undefined> }): Run {
  const result = spawnSync(command, [...args], { cwd: options.cwd, input: options.input ?? '', encoding: 'utf8', env: childEnv(options.env) });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, output: result.stdout + result.stderr };
}

/** The built CLI, run in `cwd`. */
export function pushgate(args: readonly string[], options: { cwd: string; input?: string; env?: Record<string, string | undefined> }): Run {
  return spawn(process.execPath, [BIN, ...args], options);
}

export class Repo {
  /** The work repository (branch main, remote "origin"). */
  readonly dir: string;
  /** The bare remote. */
  readonly remote: string;

  constructor() {
    const base = realpathSync(mkdtempSync(join(tmpdir(), 'pushgate-git-')));
    temps.push(base);
    this.remote = join(base, 'remote.git');
    this.dir = join(base, 'work');
    spawn('git', ['init', '-q', '--bare', this.remote], { cwd: base });
    spawn('git', ['init', '-q', '-b', 'main', this.dir], { cwd: base });
    this.git('remote', 'add', 'origin', this.remote);
  }

  /** A repository with one pushed commit (a README) on main. */
  static withInitialPush(): Repo {
    const repo = new Repo();
    repo.write({ 'README.md': '# demo\n' });
    repo.commit('initial');
    repo.mustGit('push', '-q', 'origin', 'main');
    return repo;
  }

  /** git with a test identity; never throws. */
  git(...args: string[]): Run {
    return spawn('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: this.dir });
  }

  /** git that must succeed; returns its stdout trimmed. */
  mustGit(...args: string[]): string {
    const run = this.git(...args);
    if (run.code !== 0) throw new Error(`git ${args.join(' ')} failed (${run.code}): ${run.output}`);
    return run.stdout.trim();
  }

  /** Writes files (relative paths; parents created). */
  write(files: Record<string, string>): void {
    for (const [path, content] of Object.entries(files)) {
      const full = join(this.dir, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    }
  }

  read(path: string): string {
    return readFileSync(join(this.dir, path), 'utf8');
  }

  executable(path: string): void {
    chmodSync(join(this.dir, path), 0o755);
  }

  /** Stages everything and commits; returns the new commit id. */
  commit(message: string): string {
    this.mustGit('add', '-A');
    this.mustGit('commit', '-q', '--allow-empty', '-m', message);
    return this.sha('HEAD');
  }

  sha(rev: string): string {
    return this.mustGit('rev-parse', rev);
  }

  /** The remote's commit for a branch, or null when it has no such branch. */
  remoteSha(branch: string): string | null {
    const run = spawn('git', ['rev-parse', '--verify', '-q', `refs/heads/${branch}`], { cwd: this.remote });
    return run.code === 0 ? run.stdout.trim() : null;
  }

  /** A real `git push` (hooks run). */
  push(...args: string[]): Run {
    return this.git('push', ...args);
  }

  /** `pushgate hook install` (or other CLI args) with the built CLI, inside the repository. */
  pushgate(args: readonly string[], options: { cwd?: string; input?: string; env?: Record<string, string | undefined> } = {}): Run {
    return pushgate(args, { cwd: options.cwd ?? this.dir, ...(options.input !== undefined ? { input: options.input } : {}), ...(options.env ? { env: options.env } : {}) });
  }

  installHook(): void {
    const run = this.pushgate(['hook', 'install']);
    if (run.code !== 0) throw new Error(`hook install failed (${run.code}): ${run.output}`);
  }
}

/** Dockerfiles and other contents used across the tests. */
export const BAD_DOCKERFILE = 'FROM node:latest\nCMD ["node", "app.js"]\n';
/** No findings at all under the recommended policy. */
export const GOOD_DOCKERFILE = [
  'FROM node:20.11.1-alpine AS build',
  'RUN echo build',
  'FROM node:20.11.1-alpine',
  'LABEL org.opencontainers.image.source="https://github.com/acme/app" \\',
  '      org.opencontainers.image.version="1.0.0" \\',
  '      org.opencontainers.image.revision="0123456789abcdef0123456789abcdef01234567"',
  'COPY --from=build /tmp /tmp',
  'USER node',
  'CMD ["node", "app.js"]',
  '',
].join('\n');
