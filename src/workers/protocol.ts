// Messages between the main thread and the lint workers (src/workers/pool.ts,
// src/workers/lint-worker.ts). Everything here is plain data: it crosses threads
// by structured clone.

import type { BuildFacts, BuildReference } from '../models/file.js';
import type { FileResult, SeveritySetting } from '../models/finding.js';
import type { Policy } from '../models/policy.js';
import type { LintTarget } from '../engine/lint.js';

/** What a worker needs to lint exactly as the main thread would (`workerData`). */
export interface WorkerSetup {
  cwd: string;
  policy: Policy;
  ruleSeverities: Record<string, SeveritySetting>;
  /** YYYY-MM-DD, fixed by the main thread so every thread judges `until=` dates alike. */
  today: string;
}

/** One file to lint: its index in the run, and the build facts for it (Dockerfiles). */
export interface LintJob {
  index: number;
  target: LintTarget;
  facts: readonly BuildFacts[];
}

/** Main → worker: a batch of files, linted in order. */
export interface JobBatch {
  jobs: LintJob[];
}

/** Worker → main, one message per file of a batch, in the batch's order. */
export type JobAnswer =
  | { index: number; result: FileResult; builds: readonly BuildReference[] }
  | { index: number; failure: { message: string; stack?: string } };
