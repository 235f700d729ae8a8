// Writes a report as its formatter yields it (about a file at a time), gathered into
// pieces of ~64 KiB: to standard output, or to `--output FILE` through a temporary
// file renamed into place once the report is complete. A report of tens of thousands
// of findings is never one string in memory (issue 7, large repositories).

import { openFileAtomic } from '../io/atomic.js';

/** Characters gathered before a write: few system calls, and little held at a time. */
const PIECE = 64 * 1024;

/** What the CLI writes reports to: process.stdout, or a test's collector. */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  /** Streams only: set once the reader has gone away (EPIPE). */
  destroyed?: boolean;
  once?(event: 'drain' | 'error' | 'close', listener: () => void): unknown;
  removeListener?(event: 'drain' | 'error' | 'close', listener: () => void): unknown;
}

export async function writeReportToStream(stream: OutputStream, chunks: Iterable<string>): Promise<void> {
  for (const piece of pieces(chunks)) {
    // A reader that went away (`pushgate | head`) gets no more; the run still ends with its verdict.
    if (stream.destroyed) return;
    if (stream.write(piece) === false) await drained(stream);
  }
}

export function writeReportToFile(path: string, chunks: Iterable<string>): void {
  const file = openFileAtomic(path);
  try {
    for (const piece of pieces(chunks)) file.write(piece);
    file.commit();
  } catch (error) {
    file.abort();
    throw error;
  }
}

function* pieces(chunks: Iterable<string>): Generator<string> {
  let gathered = '';
  for (const chunk of chunks) {
    gathered += chunk;
    if (gathered.length >= PIECE) {
      yield gathered;
      gathered = '';
    }
  }
  if (gathered !== '') yield gathered;
}

/** Waits until a stream's buffer has drained (pipes are asynchronous on some systems), or it has failed. */
function drained(stream: OutputStream): Promise<void> {
  const { once, removeListener } = stream;
  if (typeof once !== 'function') return Promise.resolve();
  return new Promise((resolve) => {
    const events = ['drain', 'error', 'close'] as const;
    const done = (): void => {
      for (const event of events) removeListener?.call(stream, event, done);
      resolve();
    };
    for (const event of events) once.call(stream, event, done);
  });
}
