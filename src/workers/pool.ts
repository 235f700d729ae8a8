// Lints many files with worker threads (SPEC §6, issue 7: large repositories).
//
// The run keeps the two passes of `lintRun` (src/engine/lint.ts): the workers lint
// every pipeline, compose file and script first; the main thread merges the build
// facts they report, in target order; then the workers lint the Dockerfiles, each
// sent with its facts. Results land in target order whatever thread linted them, so
// the report is the same as on one thread, byte for byte.
//
// Each worker lints one file at a time and answers per file. Workers have bounded
// heaps (`resourceLimits`): a worker's garbage is collected within its bound instead
// of growing the process, as the main thread's heap grows on a long run.
//
// Failing closed: a file a worker cannot lint (an internal error) ends the run with
// that file named, as on one thread — the lowest such index of the pass, so the
// message does not depend on timing. A worker that runs out of its bounded heap
// hands the file it was on to the main thread, whose heap is not bounded, and is
// replaced; any other stop of a worker ends the run naming the file it was on.

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import {
  BuildFactCollector,
  FileLinter,
  InternalError,
  lintPasses,
  type BuildFactMap,
  type LintedFile,
  type LintOptions,
  type LintRun,
  type LintTarget,
} from '../engine/lint.js';
import { ResultCompactor } from '../engine/compact.js';
import type { FileResult } from '../models/finding.js';
import type { BuildFacts } from '../models/file.js';
import type { JobAnswer, LintJob, WorkerSetup } from './protocol.js';
import { threadCount, type Concurrency } from './threads.js';
import { utcToday } from '../shared/today.js';

/**
 * Heap bounds of a worker, chosen by measurement (docs/benchmarks.md): a worker's
 * live heap is ~15 MB (the engine's code, the shell parser, one file's model).
 * Tighter bounds cost much more garbage collection (24 MB of old generation doubled
 * the CPU time of a 20,000-file run); V8's own defaults let a heap grow to hundreds
 * of MB before it collects.
 */
export const WORKER_RESOURCE_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 12 };

/** Files per message at most; batches shrink towards the end of a pass so the threads finish together. */
const MAX_BATCH = 16;

/** Where the workers come from and how big they may grow: fixed in production, varied by the tests. */
export interface PoolTuning {
  /** The worker script (default: dist/worker.cjs). */
  entry?: string;
  resourceLimits?: ResourceLimits;
}

/**
 * Lints `targets` with worker threads when `concurrency` and the machine call for
 * it; null when the run should stay on this thread (few files, one core, files not
 * read from disk, no worker bundle built, or a policy a worker cannot receive).
 */
export async function lintWithWorkers(
  targets: readonly LintTarget[],
  options: LintOptions,
  concurrency: Concurrency,
  tuning: PoolTuning = {},
): Promise<LintRun | null> {
  const threads = threadCount(targets.length, concurrency, availableParallelism());
  if (threads === 0 || options.files) return null;
  const entry = tuning.entry ?? workerEntry();
  if (entry === null) return null;
  const today = options.today ?? utcToday();
  const { policy } = options;
  const setup: WorkerSetup = {
    cwd: options.cwd,
    policy: {
      source: policy.source,
      failOn: policy.failOn,
      include: policy.include,
      ignore: policy.ignore,
      rules: policy.rules,
      overrides: policy.overrides,
      suppressions: policy.suppressions,
    },
    ruleSeverities: options.ruleSeverities ?? {},
    today,
  };
  let pool: Pool;
  try {
    pool = new Pool(entry, tuning.resourceLimits ?? WORKER_RESOURCE_LIMITS, setup, threads, { ...options, today });
  } catch (error) {
    // A policy from a JavaScript config may hold values that cannot cross threads.
    if ((error as Error).name === 'DataCloneError') return null;
    throw error;
  }
  try {
    const results: FileResult[] = new Array(targets.length);
    const collector = new BuildFactCollector();
    const compactor = new ResultCompactor();
    const { first, second } = lintPasses(targets);
    const none: readonly BuildFacts[] = [];
    await pool.run(first, (index) => ({ index, target: targets[index]!, facts: none }), (job, linted) => {
      results[job.index] = compactor.compact(linted.result);
      collector.record(job.index, linted.builds);
    });
    const facts: BuildFactMap = collector.facts();
    const jobFor = (index: number): LintJob => ({ index, target: targets[index]!, facts: facts.get(targets[index]!.path) ?? none });
    await pool.run(second, jobFor, (job, linted) => {
      results[job.index] = compactor.compact(linted.result);
    });
    return { results, facts };
  } finally {
    await pool.close();
  }
}

/** dist/worker.cjs beside the CLI bundle (dist/), the library's chunks (dist/chunks/) or the sources (src/workers/). */
function workerEntry(): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, 'worker.cjs'), join(here, '..', 'worker.cjs'), join(here, '..', '..', 'dist', 'worker.cjs')]) {
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

interface Slot {
  worker: Worker;
  /** Jobs sent and not answered yet, in the order the worker lints them. */
  pending: LintJob[];
  alive: boolean;
}

interface Failure {
  index: number;
  /** The file, or null when a worker stopped while it had nothing to lint. */
  path: string | null;
  error: Error;
}

type OnLinted = (job: LintJob, linted: LintedFile) => void;

class Pool {
  private readonly slots: Slot[] = [];
  private mainLinter: FileLinter | null = null;
  // The pass being run: its target indexes, how many were sent, jobs to send again.
  private indexes: readonly number[] = [];
  private sent = 0;
  private retry: LintJob[] = [];
  private jobFor: (index: number) => LintJob = () => {
    throw new Error('no pass is running');
  };
  private onLinted: OnLinted = () => {};
  private failures: Failure[] = [];
  private settle: ((error?: Error) => void) | null = null;

  constructor(
    private readonly entry: string,
    private readonly resourceLimits: ResourceLimits,
    private readonly setup: WorkerSetup,
    threads: number,
    private readonly options: LintOptions,
  ) {
    try {
      for (let i = 0; i < threads; i++) this.slots.push(this.spawn());
    } catch (error) {
      // Workers already started would keep the process alive: stop them first.
      for (const slot of this.slots) void slot.worker.terminate();
      throw error;
    }
  }

  /** Lints one pass; resolves when every file is answered, rejects with the failure of the lowest index. */
  run(indexes: readonly number[], jobFor: (index: number) => LintJob, onLinted: OnLinted): Promise<void> {
    this.indexes = indexes;
    this.sent = 0;
    this.retry = [];
    this.jobFor = jobFor;
    this.onLinted = onLinted;
    this.failures = [];
    return new Promise<void>((resolve, reject) => {
      this.settle = (error) => {
        this.settle = null;
        if (error) reject(error);
        else resolve();
      };
      for (const slot of this.slots) this.dispatch(slot);
      this.checkDone();
    });
  }

  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    for (const slot of slots) slot.alive = false;
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private spawn(): Slot {
    const worker = new Worker(this.entry, { workerData: this.setup, resourceLimits: this.resourceLimits });
    const slot: Slot = { worker, pending: [], alive: true };
    worker.on('message', (answer: JobAnswer) => this.answered(slot, answer));
    worker.on('messageerror', (error: Error) => this.stopped(slot, error));
    worker.on('error', (error: Error) => this.stopped(slot, error));
    worker.on('exit', (code) => this.stopped(slot, new Error(`the worker thread exited (code ${code})`)));
    return slot;
  }

  private remaining(): number {
    return this.retry.length + this.indexes.length - this.sent;
  }

  /** Keeps a worker a batch ahead of the one it is on, so it never waits for the main thread. */
  private dispatch(slot: Slot): void {
    if (!slot.alive || this.failures.length > 0) return;
    for (;;) {
      const size = Math.max(1, Math.min(MAX_BATCH, Math.floor(this.remaining() / (this.slots.length * 4))));
      if (this.remaining() === 0 || slot.pending.length > size) return;
      const jobs = this.retry.splice(0, size);
      while (jobs.length < size && this.sent < this.indexes.length) jobs.push(this.jobFor(this.indexes[this.sent++]!));
      slot.pending.push(...jobs);
      slot.worker.postMessage({ jobs });
    }
  }

  private answered(slot: Slot, answer: JobAnswer): void {
    const job = slot.pending.shift();
    if (!job || job.index !== answer.index) {
      this.failures.push({ index: answer.index, path: job?.target.path ?? null, error: new Error('a lint worker answered out of order') });
    } else if ('failure' in answer) {
      const error = new Error(answer.failure.message);
      if (answer.failure.stack) error.stack = answer.failure.stack;
      this.failures.push({ index: job.index, path: job.target.path, error });
    } else {
      this.onLinted(job, { result: answer.result, builds: answer.builds });
      this.dispatch(slot);
    }
    this.checkDone();
  }

  /** A worker stopped: out of its heap, a crash, or an exit nobody asked for. */
  private stopped(slot: Slot, error: Error & { code?: string }): void {
    if (!slot.alive) return;
    slot.alive = false;
    void slot.worker.terminate();
    const at = this.slots.indexOf(slot);
    const [current, ...rest] = slot.pending;
    slot.pending = [];
    if (error.code === 'ERR_WORKER_OUT_OF_MEMORY' && this.failures.length === 0) {
      if (current) {
        // Too big for a bounded heap: the main thread lints this file, a new worker the rest.
        this.lintOnMain(current);
        this.retry.unshift(...rest);
        const replacement = this.spawn();
        this.slots[at] = replacement;
        this.dispatch(replacement);
      } else {
        // Out of memory with nothing to lint: not a file's doing; the others carry on
        // (and if none is left, the main thread finishes the pass).
        this.slots.splice(at, 1);
      }
    } else {
      this.slots.splice(at, 1);
      // After an earlier failure the run fails at that file; a file this worker had
      // not finished is not reported over it unless it comes first.
      const reason = new Error(`the lint worker stopped: ${error.message}`);
      this.failures.push(current ? { index: current.index, path: current.target.path, error: reason } : { index: Infinity, path: null, error: reason });
    }
    this.checkDone();
  }

  private lintOnMain(job: LintJob): void {
    this.mainLinter ??= new FileLinter(this.options);
    try {
      this.onLinted(job, this.mainLinter.lint(job.target, job.facts));
    } catch (error) {
      const cause = error instanceof InternalError ? error.cause : error;
      this.failures.push({ index: job.index, path: job.target.path, error: cause instanceof Error ? cause : new Error(String(cause)) });
    }
  }

  private checkDone(): void {
    if (!this.settle) return;
    if (this.slots.some((slot) => slot.alive && slot.pending.length > 0)) return;
    if (this.failures.length > 0) {
      // Files are sent in index order and every file sent is answered before the
      // pass ends, so the lowest failing index is the file one thread stops at.
      const first = this.failures.reduce((a, b) => (b.index < a.index ? b : a));
      this.settle(first.path === null ? first.error : new InternalError(first.path, first.error));
    } else if (this.remaining() === 0) {
      this.settle();
    } else if (!this.slots.some((slot) => slot.alive)) {
      while (this.remaining() > 0 && this.failures.length === 0) {
        this.lintOnMain(this.retry.shift() ?? this.jobFor(this.indexes[this.sent++]!));
      }
      this.checkDone();
    }
  }
}
