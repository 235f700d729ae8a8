// Standard output and error without Node's stream objects. `process.stdout` builds a
// stream (and loads the stream, net or tty modules) on first access: ~1.3 ms of a
// ~20 ms start-up. pushgate writes its report in a few large chunks and must have
// written all of it before it exits with the verdict, so blocking writes to the file
// descriptor are both cheaper and simpler.

import { fstatSync, writeSync } from 'node:fs';
import { lazyRequire } from '../io/import.js';

export interface Output {
  write(text: string): boolean;
  readonly isTTY: boolean;
  /** Set once the reader has gone away (EPIPE): report writers stop early. */
  readonly destroyed: boolean;
}

export function syncOutput(fd: number): Output {
  let gone = false;
  let tty: boolean | undefined;
  return {
    get isTTY(): boolean {
      tty ??= isTerminal(fd);
      return tty;
    },
    get destroyed(): boolean {
      return gone;
    },
    write(text: string): boolean {
      if (gone || text === '') return true;
      const bytes = Buffer.from(text, 'utf8');
      for (let offset = 0; offset < bytes.length;) {
        try {
          offset += writeSync(fd, bytes, offset);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          // A non-blocking pipe that is full: wait a moment for the reader.
          if (code === 'EAGAIN') {
            Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
            continue;
          }
          // A reader that went away (`pushgate | head`) is not an error of ours: drop the
          // rest but finish the run, so the exit code is still the verdict.
          if (code === 'EPIPE') {
            gone = true;
            return true;
          }
          throw error;
        }
      }
      return true;
    },
  };
}

/**
 * Whether `fd` is a terminal, without loading node:tty when the answer is plain: files
 * and pipes are not character devices, and on Linux no memory device (major 1:
 * /dev/null, /dev/zero…) is a terminal.
 */
function isTerminal(fd: number): boolean {
  try {
    const stat = fstatSync(fd);
    if (!stat.isCharacterDevice()) return false;
    if (process.platform === 'linux' && ((stat.rdev >> 8) & 0xfff) === 1) return false;
  } catch {
    return false;
  }
  return (lazyRequire('node:tty') as typeof import('node:tty')).isatty(fd);
}
