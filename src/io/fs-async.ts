// Promise versions of the few fs calls discovery makes, on the callback API:
// importing node:fs/promises also loads readline and stream internals (~2 ms of a
// start-up budget of ~20 ms).

import { lstat as lstatCb, readFile as readFileCb, readdir as readdirCb, realpath as realpathCb, stat as statCb, open as openCb, read as readCb, close as closeCb } from 'node:fs';
import type { Dirent, Stats } from 'node:fs';
import { promisify } from 'node:util';

export const stat: (path: string) => Promise<Stats> = promisify(statCb);
export const lstat: (path: string) => Promise<Stats> = promisify(lstatCb);
export const realpath: (path: string) => Promise<string> = promisify(realpathCb);
export const readFile: (path: string, encoding: 'utf8') => Promise<string> = promisify(readFileCb) as never;
export const readdir: (path: string, options: { withFileTypes: true }) => Promise<Dirent[]> = promisify(readdirCb) as never;

/** The first `length` bytes of a file. */
export async function readHead(path: string, length: number): Promise<Buffer> {
  const fd = await promisify(openCb)(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    // fs.read's promisified form resolves to { bytesRead, buffer }.
    const { bytesRead } = await promisify(readCb)(fd, buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await promisify(closeCb)(fd);
  }
}
