// How many worker threads a lint uses (`--concurrency`). No imports: src/lint.ts asks
// `mayUseWorkers` on every run, and a one-file lint must not load anything for it.
//
// Measured on the project's 2-core machine (docs/benchmarks.md, 2026-11-24): two
// workers took ~50 % more CPU than one thread and no less wall time (each isolate
// repeats V8's optimising compilation, which runs on the same two cores); one
// worker costs ~20 % more wall time but bounds the heap, so a 20,000-file run
// peaks at ~170 MB instead of ~240 MB. So `auto` moves large runs to worker
// threads, half the cores of them (as ESLint's `auto` does), at least one and at
// most four.

/** `--concurrency`: `auto` (the default), `off` (this thread only) or a number of worker threads. */
export type Concurrency = 'auto' | 'off' | number;

/**
 * `auto` uses workers from this many files on. Below it one thread is faster and
 * its memory stays well under SPEC §6's bars (a mixed 5,000-file repository peaks
 * at ~180 MB on one thread, the 3,122-Dockerfile corpus at ~120 MB).
 */
export const AUTO_MIN_FILES = 5000;

/** `auto` never starts more workers than this, however many cores there are. */
const AUTO_MAX_THREADS = 4;

/** Whether this run could use workers at all (decided without looking at the machine). */
export function mayUseWorkers(fileCount: number, concurrency: Concurrency): boolean {
  if (concurrency === 'off' || fileCount < 2) return false;
  return concurrency !== 'auto' || fileCount >= AUTO_MIN_FILES;
}

/** Worker threads for a run: 0 means lint on this thread. */
export function threadCount(fileCount: number, concurrency: Concurrency, cpus: number): number {
  if (!mayUseWorkers(fileCount, concurrency)) return 0;
  if (typeof concurrency === 'number') return Math.min(concurrency, fileCount);
  return Math.max(1, Math.min(AUTO_MAX_THREADS, Math.floor(cpus / 2)));
}
