// Running git: one helper for whole-output commands and the spawn it is built on.
// Every call gets the caller's environment explicitly (the CLI passes `io.env`), so
// nothing here reads `process.env`. node:child_process is required on first use:
// it pulls in net and stream, which most pushgate runs never need.

import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { lazyRequire } from '../io/import.js';

export type Env = Readonly<Record<string, string | undefined>>;

export interface GitContext {
  /** Directory git runs in (the work tree, or any directory inside it). */
  cwd: string;
  env: Env;
}

/** A git command that failed: the gate fails closed on it (exit 2). */
export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly code: number | null,
    readonly stderr: string,
  ) {
    const detail = stderr.trim().split('\n').filter((line) => line !== '').pop() ?? `exit ${code}`;
    super(`git ${args.join(' ')} failed: ${detail}`);
  }
}

export function spawnGit(args: readonly string[], context: GitContext, stdio: SpawnOptions['stdio']): ChildProcess {
  const { spawn } = lazyRequire('node:child_process') as typeof import('node:child_process');
  // Replacement refs (`git replace`) never apply: a push sends the objects themselves,
  // so the gate reads those, not what a local replacement shows instead.
  return spawn('git', ['--no-replace-objects', ...args], {
    cwd: context.cwd,
    env: context.env as NodeJS.ProcessEnv,
    stdio,
    windowsHide: true,
  });
}

export interface GitResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Runs git to completion. Rejects only when git cannot be started at all. */
export function runGit(args: readonly string[], context: GitContext, input?: string): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawnGit(args, context, [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe']);
    } catch (error) {
      reject(new GitError(args, null, error instanceof Error ? error.message : String(error)));
      return;
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => reject(new GitError(args, null, `cannot run git: ${error.message}`)));
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }));
    if (input !== undefined) {
      child.stdin?.on('error', () => {}); // git may exit before reading everything; 'close' reports it
      child.stdin?.end(input);
    }
  });
}

/** Runs git and returns its stdout; a non-zero exit is a GitError. */
export async function git(args: readonly string[], context: GitContext, input?: string): Promise<Buffer> {
  const result = await runGit(args, context, input);
  if (result.code !== 0) throw new GitError(args, result.code, result.stderr);
  return result.stdout;
}

/** Splits NUL-separated output (`-z`), dropping empty entries. */
export function splitNul(output: Buffer): string[] {
  return output.toString('utf8').split('\0').filter((entry) => entry !== '');
}
