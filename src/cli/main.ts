// The process boundary: the only module that reads `process` and sets the exit code
// (stdio.ts writes to its file descriptors).

import { readFileSync } from 'node:fs';
import { syncOutput } from './stdio.js';
import { run } from './run.js';

export function main(): void {
  const stderr = syncOutput(2);
  run({
    argv: process.argv.slice(2),
    cwd: process.cwd(),
    env: process.env,
    stdout: syncOutput(1),
    stderr,
    readStdin: async () => {
      // One synchronous read is cheapest for a pipe or file (git hands ref lines this
      // way); fall back to the stream where that is not possible (EAGAIN, a TTY).
      try {
        return readFileSync(0, 'utf8');
      } catch {
        const chunks: Buffer[] = [];
        for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks).toString('utf8');
      }
    },
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // run() reports its own errors; reaching here is a bug, and the gate fails closed.
      stderr.write(`pushgate: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
