// A small, bounded tar reader for image archives (`docker save`, `oci-archive`). It
// lists regular files and reads the few small JSON entries an image needs (manifests,
// configs); layer contents are skipped, never read. Plain tars are read by seeking;
// gzip-compressed ones are inflated as a stream with a cap on the total output (a
// decompression bomb stops at the cap). Entries whose names are absolute or contain
// `..` are never matched, and links (symbolic or hard) are ignored: nothing in an
// archive can point outside it.

import { open, type FileHandle } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { lazyRequire } from '../io/import.js';
import { ContentError, type ImageLimits } from './errors.js';

const BLOCK = 512;
/** Entries worth keeping while streaming a compressed archive (it cannot be re-read cheaply). */
const CANDIDATE = /^(?:[^/]+\.json|oci-layout|repositories|blobs\/[a-z0-9]+\/[a-f0-9]+)$/;
/** Total bytes kept from a compressed archive. */
const MAX_CAPTURED = 64 * 1024 * 1024;

export interface TarEntry {
  name: string;
  size: number;
}

export interface TarArchive {
  /** Regular files by normalised name (later entries win, as when extracting). */
  entries: ReadonlyMap<string, TarEntry>;
  /** Reads a regular file; null when there is none by that name. Larger than `maxBytes` is a ContentError. */
  read(name: string, maxBytes: number): Promise<Buffer | null>;
  close(): Promise<void>;
}

/** `./a/b` → `a/b`; null for names that could escape the archive (absolute, `..`, NUL, backslash) or name no file (`.`). */
export function safeEntryName(raw: string): string | null {
  let name = raw;
  while (name.startsWith('./')) name = name.slice(2);
  if (name === '' || name.startsWith('/') || name.includes('\0') || name.includes('\\')) return null;
  const parts = name.split('/').filter((part) => part !== '' && part !== '.');
  // `..` could escape; nothing left (`.`, `././`) names the archive itself, no file.
  if (parts.length === 0 || parts.some((part) => part === '..')) return null;
  return parts.join('/');
}

interface ByteSource {
  /** Exactly `n` bytes, or fewer at the end of the input. */
  read(n: number): Promise<Buffer>;
  skip(n: number): Promise<void>;
  readonly position: number;
}

export async function openTar(path: string, limits: ImageLimits): Promise<TarArchive> {
  const handle = await open(path, 'r');
  try {
    const magic = Buffer.alloc(2);
    await handle.read(magic, 0, 2, 0);
    if (magic[0] === 0x1f && magic[1] === 0x8b) {
      await handle.close();
      return await readCompressed(path, limits);
    }
    return await readPlain(handle, limits);
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
}

async function readPlain(handle: FileHandle, limits: ImageLimits): Promise<TarArchive> {
  const { size: fileSize } = await handle.stat();
  let position = 0;
  const source: ByteSource = {
    async read(n) {
      const buffer = Buffer.alloc(Math.max(0, Math.min(n, fileSize - position)));
      if (buffer.length > 0) await handle.read(buffer, 0, buffer.length, position);
      position += buffer.length;
      return buffer;
    },
    async skip(n) {
      if (position + n > fileSize) throw new ContentError('truncated tar archive');
      position += n;
    },
    get position() {
      return position;
    },
  };
  const offsets = new Map<string, number>();
  const entries = await scan(source, limits, (entry, offset) => {
    offsets.set(entry.name, offset);
    return false;
  });
  return {
    entries,
    async read(name, maxBytes) {
      const entry = entries.get(name);
      const offset = offsets.get(name);
      if (!entry || offset === undefined) return null;
      if (entry.size > maxBytes) throw new ContentError(`archive entry ${name} is ${entry.size} bytes, over the ${maxBytes}-byte limit`);
      const buffer = Buffer.alloc(entry.size);
      if (entry.size > 0) await handle.read(buffer, 0, entry.size, offset);
      return buffer;
    },
    close: () => handle.close(),
  };
}

async function readCompressed(path: string, limits: ImageLimits): Promise<TarArchive> {
  const { createGunzip } = lazyRequire('node:zlib') as typeof import('node:zlib');
  const gunzip = createGunzip();
  const input = createReadStream(path);
  input.on('error', (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  const iterator = gunzip[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let position = 0;
  let inflated = 0;
  let ended = false;

  const fill = async (n: number) => {
    while (pendingBytes < n && !ended) {
      let next: IteratorResult<Buffer>;
      try {
        next = await iterator.next();
      } catch (error) {
        throw new ContentError(`broken gzip stream: ${(error as Error).message}`);
      }
      if (next.done) {
        ended = true;
        break;
      }
      inflated += next.value.length;
      if (inflated > limits.maxInflatedBytes) {
        throw new ContentError(`the archive inflates past the ${limits.maxInflatedBytes}-byte limit (a decompression bomb?); not read`);
      }
      pending.push(next.value);
      pendingBytes += next.value.length;
    }
  };
  const take = (n: number): Buffer => {
    const all = pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending);
    const out = all.subarray(0, n);
    const rest = all.subarray(n);
    pending = rest.length > 0 ? [rest] : [];
    pendingBytes = rest.length;
    position += out.length;
    return out;
  };
  const source: ByteSource = {
    async read(n) {
      await fill(n);
      return Buffer.from(take(Math.min(n, pendingBytes)));
    },
    async skip(n) {
      let left = n;
      while (left > 0) {
        await fill(Math.min(left, 1024 * 1024));
        if (pendingBytes === 0) throw new ContentError('truncated tar archive');
        left -= take(Math.min(left, pendingBytes)).length;
      }
    },
    get position() {
      return position;
    },
  };

  const captured = new Map<string, Buffer>();
  let capturedBytes = 0;
  try {
    const entries = await scan(source, limits, (entry) => {
      if (entry.size > limits.maxJsonBytes || !CANDIDATE.test(entry.name) || capturedBytes + entry.size > MAX_CAPTURED) return false;
      capturedBytes += entry.size;
      return true;
    }, (name, data) => captured.set(name, data));
    return {
      entries,
      async read(name, maxBytes) {
        const entry = entries.get(name);
        if (!entry) return null;
        if (entry.size > maxBytes) throw new ContentError(`archive entry ${name} is ${entry.size} bytes, over the ${maxBytes}-byte limit`);
        const data = captured.get(name);
        if (!data) throw new ContentError(`archive entry ${name} was not kept while inflating the archive`);
        return data;
      },
      close: async () => undefined,
    };
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}

/**
 * Walks the headers. `wanted` decides per regular file whether its data is read now
 * (`keep` receives it); otherwise it is skipped. Returns the regular files by name.
 */
async function scan(
  source: ByteSource,
  limits: ImageLimits,
  wanted: (entry: TarEntry, offset: number) => boolean,
  keep?: (name: string, data: Buffer) => void,
): Promise<Map<string, TarEntry>> {
  const entries = new Map<string, TarEntry>();
  let longName: string | null = null;
  let paxPath: string | null = null;
  let paxSize: number | null = null;
  let count = 0;
  for (;;) {
    const header = await source.read(BLOCK);
    if (header.length === 0 && count > 0) break; // no end-of-archive blocks: tolerated, like GNU tar
    if (header.length < BLOCK) throw new ContentError(count === 0 ? 'not a tar archive (empty or too short)' : 'truncated tar archive');
    if (header.every((byte) => byte === 0)) break;
    if (!checksumOk(header)) throw new ContentError(count === 0 ? 'not a tar archive' : 'broken tar archive (bad header checksum)');
    if (++count > limits.maxTarEntries) throw new ContentError(`the archive has more than ${limits.maxTarEntries} entries; not read`);

    const type = String.fromCharCode(header[156] ?? 0);
    const size = paxSize ?? parseSize(header.subarray(124, 136));
    const name = paxPath ?? longName ?? headerName(header);
    paxPath = null;
    paxSize = null;
    longName = null;
    const padded = Math.ceil(size / BLOCK) * BLOCK;

    if (type === 'x' || type === 'L') {
      // Extended names: bounded, they are small by nature.
      if (size > 1024 * 1024) throw new ContentError('oversized tar extended header');
      const data = (await source.read(padded)).subarray(0, size);
      if (data.length < size) throw new ContentError('truncated tar archive');
      if (type === 'L') longName = data.toString('utf8').replace(/\0.*$/s, '');
      else ({ path: paxPath, size: paxSize } = parsePax(data));
      continue;
    }
    if (type === '0' || type === '\0' || type === '7') {
      const safe = safeEntryName(name);
      const offset = source.position;
      if (safe !== null) {
        const entry = { name: safe, size };
        entries.set(safe, entry);
        if (wanted(entry, offset) && keep) {
          const data = await source.read(padded);
          if (data.length < padded) throw new ContentError('truncated tar archive');
          keep(safe, Buffer.from(data.subarray(0, size)));
          continue;
        }
      }
      await source.skip(padded);
      continue;
    }
    // Directories, links (never followed), devices, global headers: skipped.
    await source.skip(padded);
  }
  return entries;
}

function checksumOk(header: Buffer): boolean {
  const stored = parseOctal(header.subarray(148, 156));
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (header[i] ?? 0);
  return stored === sum;
}

function headerName(header: Buffer): string {
  const name = cString(header.subarray(0, 100));
  const ustar = header.subarray(257, 262).toString('latin1') === 'ustar';
  const prefix = ustar ? cString(header.subarray(345, 500)) : '';
  return prefix ? `${prefix}/${name}` : name;
}

function cString(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end === -1 ? bytes.length : end).toString('utf8');
}

function parseOctal(bytes: Buffer): number {
  const text = bytes.toString('latin1').replace(/\0.*$/s, '').trim();
  return text === '' ? 0 : parseInt(text, 8);
}

function parseSize(bytes: Buffer): number {
  // GNU base-256 for sizes over 8 GiB.
  if (((bytes[0] ?? 0) & 0x80) !== 0) {
    let value = 0;
    for (let i = 1; i < bytes.length; i++) value = value * 256 + (bytes[i] ?? 0);
    if (!Number.isSafeInteger(value)) throw new ContentError('tar entry size out of range');
    return value;
  }
  const value = parseOctal(bytes);
  if (!Number.isSafeInteger(value) || value < 0) throw new ContentError('broken tar header (size)');
  return value;
}

function parsePax(data: Buffer): { path: string | null; size: number | null } {
  let path: string | null = null;
  let size: number | null = null;
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    if (space === -1) break;
    const length = Number(data.subarray(offset, space).toString('latin1'));
    if (!Number.isInteger(length) || length <= 0 || offset + length > data.length) break;
    const record = data.subarray(space + 1, offset + length - 1).toString('utf8');
    const eq = record.indexOf('=');
    const key = record.slice(0, eq);
    const value = record.slice(eq + 1);
    if (key === 'path') path = value;
    else if (key === 'size' && /^\d+$/.test(value)) size = Number(value);
    offset += length;
  }
  return { path, size };
}
