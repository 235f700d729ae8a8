// Writes through a temporary file in the same directory and a rename, so a reader
// (or a crash) never sees half a file. An existing file keeps its mode (a fixed
// shell script stays executable).

import { closeSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export function writeFileAtomic(path: string, text: string): void {
  const file = openFileAtomic(path);
  try {
    file.write(text);
    file.commit();
  } catch (error) {
    file.abort();
    throw error;
  }
}

/** A file written in pieces (a large report) that appears under its name only when complete. */
export interface AtomicFile {
  write(text: string): void;
  /** Closes the temporary file and renames it into place. */
  commit(): void;
  /** Closes and removes the temporary file; the destination is left as it was. */
  abort(): void;
}

export function openFileAtomic(path: string): AtomicFile {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.pushgate-tmp`);
  let mode: number | undefined;
  try {
    mode = statSync(path).mode & 0o7777;
  } catch {
    mode = undefined;
  }
  let fd: number | null = openSync(temporary, 'w', mode);
  const close = (): void => {
    if (fd === null) return;
    const open = fd;
    fd = null;
    closeSync(open);
  };
  return {
    write(text) {
      if (fd === null) throw new Error(`${path}: written after it was closed`);
      // writeSync may write less than asked (as writeFileSync knows): loop until done.
      const bytes = Buffer.from(text);
      for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
    },
    commit() {
      close();
      renameSync(temporary, path);
    },
    abort() {
      try {
        close();
      } finally {
        rmSync(temporary, { force: true });
      }
    },
  };
}
