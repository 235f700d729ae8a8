// One `git cat-file --batch` process for every object a pre-push run reads: the trees
// compared to find what changed, policy files, the pushed files and the companions
// rules ask for (`.dockerignore`). Requests are `<rev>:<path>`, `<rev>^{tree}` or
// object ids; answers come back in order, so a FIFO of pending promises matches them.
// Output is parsed incrementally from the pipe.

import type { ChildProcess } from 'node:child_process';
import { GitError, spawnGit, type GitContext } from './exec.js';

/** Any object: a blob (content capped as below), a tree or a commit (always whole). */
export interface GitObject {
  oid: string;
  type: string;
  size: number;
  data: Buffer | null;
}

export interface GitBlob {
  /** Object id (hex: 40 characters for SHA-1 repositories, 64 for SHA-256). */
  oid: string;
  size: number;
  /** The content; null when the blob is larger than the reader's cap (then only `size` is known). */
  data: Buffer | null;
}

interface Pending {
  spec: string;
  resolve(object: GitObject | null): void;
  reject(error: Error): void;
}

const ARGS = ['cat-file', '--batch'] as const;

/** The cap a reader starts with: the engine's MAX_FILE_BYTES (lint-commit.ts sets it from there). */
export const DEFAULT_MAX_BLOB_BYTES = 5 * 1024 * 1024;

export class CatFile {
  readonly #child: ChildProcess;
  /** Blobs larger than this are skipped: their size is reported, their content dropped. */
  maxBytes: number;
  readonly #queue: Pending[] = [];
  #buffer: Buffer = Buffer.alloc(0);
  /** The object being received: its header, and how much of its body (plus the trailing LF) is still to come. */
  #current: { pending: Pending; oid: string; type: string; size: number; chunks: Buffer[] | null; remaining: number } | null = null;
  #failure: Error | null = null;
  #stderr = '';
  #closed = false;
  /** Request lines not written yet (see object). */
  #outgoing = '';
  /** Answers asked for ahead (prefetch), each handed out once. */
  readonly #ahead = new Map<string, Promise<GitObject | null>>();

  constructor(context: GitContext, maxBytes: number) {
    this.maxBytes = maxBytes;
    this.#child = spawnGit(ARGS, context, ['pipe', 'pipe', 'pipe']);
    this.#child.stdout?.on('data', (chunk: Buffer) => this.#receive(chunk));
    this.#child.stderr?.on('data', (chunk: Buffer) => {
      this.#stderr += chunk.toString('utf8');
    });
    this.#child.stdin?.on('error', () => {}); // reported through 'close' below
    this.#child.on('error', (error) => this.#fail(new GitError(ARGS, null, `cannot run git: ${error.message}`)));
    this.#child.on('close', (code) => {
      if (this.#queue.length > 0 || this.#current) this.#fail(new GitError(ARGS, code, this.#stderr || 'git cat-file exited early'));
    });
    // Idle, the process and its pipes do not keep the run alive: only requests in
    // flight do. A reader nobody closes never holds the CLI open.
    this.#hold(false);
  }

  /** References the process and its pipes while requests are in flight, and only then. */
  #hold(busy: boolean): void {
    for (const handle of [this.#child, this.#child.stdin, this.#child.stdout, this.#child.stderr]) {
      const refs = handle as { ref?: () => void; unref?: () => void } | null;
      if (busy) refs?.ref?.();
      else refs?.unref?.();
    }
  }

  #settled(): void {
    if (this.#queue.length === 0 && this.#current === null) this.#hold(false);
  }

  /**
   * The blob named by `spec` (`<rev>:<path>` or an object id); null when it does not
   * exist or is not a blob (a directory, a submodule).
   */
  async get(spec: string): Promise<GitBlob | null> {
    const object = await this.object(spec);
    return object !== null && object.type === 'blob' ? { oid: object.oid, size: object.size, data: object.data } : null;
  }

  /** Any object named by `spec` (`<rev>^{tree}`, an id…); null when it does not exist. */
  object(spec: string): Promise<GitObject | null> {
    const ahead = this.#ahead.get(spec);
    if (ahead) {
      this.#ahead.delete(spec);
      return ahead;
    }
    return this.#request(spec);
  }

  /**
   * Asks git now for objects someone will ask for soon (the fast path, for the CLI it
   * hands over to): their answers arrive meanwhile, and `object` hands each out once.
   */
  prefetch(specs: readonly string[]): void {
    for (const spec of specs) {
      if (this.#ahead.has(spec)) continue;
      const answer = this.#request(spec);
      answer.catch(() => undefined); // reported to whoever takes it, if anyone does
      this.#ahead.set(spec, answer);
    }
  }

  #request(spec: string): Promise<GitObject | null> {
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#closed) return Promise.reject(new Error('git cat-file: read after close'));
    // The batch protocol is line-based: a name with a line break cannot be asked for.
    if (/[\r\n]/.test(spec)) return Promise.reject(new Error(`cannot read ${JSON.stringify(spec)} from git: the path contains a line break`));
    return new Promise((resolve, reject) => {
      if (this.#queue.length === 0 && this.#current === null) this.#hold(true);
      this.#queue.push({ spec, resolve, reject });
      // Requests made in the same turn go to git in one write.
      if (this.#outgoing === '') queueMicrotask(() => this.#flush());
      this.#outgoing += `${spec}\n`;
    });
  }

  #flush(): void {
    const text = this.#outgoing;
    this.#outgoing = '';
    if (!this.#closed && text !== '') this.#child.stdin?.write(text);
  }

  /** Several at once (written together, before any answer is awaited). */
  getAll(specs: readonly string[]): Promise<Array<GitBlob | null>> {
    return Promise.all(specs.map((spec) => this.get(spec)));
  }

  /**
   * Lets the run end without waiting for git. Unanswered requests are dropped. The
   * pipes are only unreferenced, not ended: git reads end of input when this process
   * exits, and exits too. (Ending or destroying a socket has Node create the
   * process.stderr stream, which a run that prints nothing never needs.)
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue.length = 0;
    this.#current = null;
    this.#hold(false);
  }

  #fail(error: Error): void {
    if (this.#closed) return;
    this.#failure ??= error;
    const current = this.#current;
    this.#current = null;
    current?.pending.reject(this.#failure);
    for (const pending of this.#queue.splice(0)) pending.reject(this.#failure);
    this.#hold(false);
  }

  #receive(chunk: Buffer): void {
    if (this.#closed) return;
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    try {
      this.#drain();
    } catch (error) {
      this.#fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  #drain(): void {
    for (;;) {
      const current = this.#current;
      if (current) {
        const take = Math.min(current.remaining, this.#buffer.length);
        if (take === 0) return;
        // The body, then one LF that git writes after it.
        const bodyLeft = current.remaining - 1;
        const bodyPart = this.#buffer.subarray(0, Math.min(take, bodyLeft));
        if (current.chunks && bodyPart.length > 0) current.chunks.push(bodyPart);
        current.remaining -= take;
        this.#buffer = this.#buffer.subarray(take);
        if (current.remaining > 0) return;
        this.#current = null;
        const data = current.chunks ? Buffer.concat(current.chunks) : null;
        current.pending.resolve({ oid: current.oid, type: current.type, size: current.size, data });
        this.#settled();
        continue;
      }
      const newline = this.#buffer.indexOf(10);
      if (newline === -1) return;
      const header = this.#buffer.subarray(0, newline).toString('utf8');
      this.#buffer = this.#buffer.subarray(newline + 1);
      const pending = this.#queue.shift();
      if (!pending) throw new Error(`git cat-file: unexpected output ${JSON.stringify(header)}`);
      // `<name> missing`, `<name> ambiguous`, or `<oid> <type> <size>`.
      const match = /^([0-9a-f]{40,64}) (\S+) (\d+)$/.exec(header);
      if (!match) {
        if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
          pending.resolve(null);
          this.#settled();
          continue;
        }
        throw new Error(`git cat-file: unexpected header ${JSON.stringify(header)} for ${JSON.stringify(pending.spec)}`);
      }
      const size = Number(match[3]);
      const keep = match[2] !== 'blob' || size <= this.maxBytes;
      this.#current = { pending, oid: match[1] as string, type: match[2] as string, size, chunks: keep ? [] : null, remaining: size + 1 };
    }
  }
}
