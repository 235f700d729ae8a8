// Entry of a lint worker thread (bundled as dist/worker.cjs by scripts/build.mjs).
// It lints the batches the main thread sends, one file at a time, through the same
// FileLinter the main thread uses, and answers once per file: the result and the
// build facts, or the failure (the main thread fails the run closed with the file named).

import { parentPort, workerData } from 'node:worker_threads';
import { FileLinter, InternalError } from '../engine/lint.js';
import type { JobAnswer, JobBatch, WorkerSetup } from './protocol.js';

const setup = workerData as WorkerSetup;
const linter = new FileLinter({ cwd: setup.cwd, policy: setup.policy, ruleSeverities: setup.ruleSeverities, today: setup.today });
const port = parentPort;

port?.on('message', ({ jobs }: JobBatch) => {
  for (const job of jobs) {
    let answer: JobAnswer;
    try {
      const { result, builds } = linter.lint(job.target, job.facts);
      answer = { index: job.index, result, builds };
    } catch (error) {
      const cause = error instanceof InternalError ? error.cause : error;
      answer = {
        index: job.index,
        failure: {
          message: cause instanceof Error ? cause.message : String(cause),
          ...(cause instanceof Error && cause.stack ? { stack: cause.stack } : {}),
        },
      };
    }
    port.postMessage(answer);
  }
});
