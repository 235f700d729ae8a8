// Images on disk: OCI image layout directories, `oci-archive` tars and `docker save`
// archives (the legacy layout with manifest.json + `<id>.json`, and Docker 25+'s OCI
// layout inside the tar, which still carries manifest.json). Everything is read with
// size caps; names from inside an archive or layout are checked before use.

import { constants } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { parseImageReference } from '../analysis/image-ref.js';
import { platformMatches } from '../analysis/platform.js';
import { ContentError, SourceError, type ImageLimits } from './errors.js';
import { platformString, type ImageFacts } from './facts.js';
import {
  MEDIA_TYPES,
  jsonSyntaxError,
  parseDigest,
  parseJsonDocument,
  resolveManifest,
  sha256Digest,
  toDescriptor,
  verifyDigest,
  type BlobReader,
  type Descriptor,
} from './oci.js';
import { openTar, safeEntryName, type TarArchive } from './tar.js';

const REF_NAME = 'org.opencontainers.image.ref.name';
const CONTAINERD_NAME = 'io.containerd.image.name';

/** One image of a source; `label` tells the images of one source apart (a platform, a tag). */
export interface LoadedImage {
  facts: ImageFacts;
  label: string | null;
}

export interface LocalOptions {
  /** The source as given, for messages. */
  source: string;
  limits: ImageLimits;
  platform?: string;
}

// ---- OCI layout (directory or archive) --------------------------------------------------

interface BlobStore {
  /** A top-level file (`index.json`), or null when missing. */
  file(name: string, maxBytes: number): Promise<Buffer | null>;
  /** A blob by digest, or null when missing. */
  blob(digest: string, maxBytes: number): Promise<Buffer | null>;
}

/**
 * Files of a layout directory. Symbolic links are followed only while they stay inside
 * the layout (a blob linked to a file elsewhere is never read), and only regular files
 * are read: a FIFO or device where a blob should be is opened without blocking and
 * taken as missing, a link loop is broken content.
 */
function directoryStore(dir: string): BlobStore {
  let base: Promise<string> | null = null;
  const readCapped = async (name: string, maxBytes: number): Promise<Buffer | null> => {
    let real: string;
    try {
      real = await realpath(join(dir, name));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      if (code === 'ELOOP') throw new ContentError(`${name} is a loop of symbolic links`);
      throw error;
    }
    const root = await (base ??= realpath(dir));
    if (real !== root && !real.startsWith(root + sep)) throw new ContentError(`${name} links to a file outside the layout; not read`);
    const handle = await open(real, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
    try {
      const { size, isFile } = await handle.stat().then((s) => ({ size: s.size, isFile: s.isFile() }));
      if (!isFile) return null;
      if (size > maxBytes) throw new ContentError(`${name} is ${size} bytes, over the ${maxBytes}-byte limit`);
      const buffer = Buffer.alloc(size);
      if (size > 0) await handle.read(buffer, 0, size, 0);
      return buffer;
    } finally {
      await handle.close();
    }
  };
  return {
    file: (name, maxBytes) => readCapped(name, maxBytes),
    blob: (digest, maxBytes) => {
      const parsed = parseDigest(digest);
      if (!parsed) throw new ContentError(`invalid digest "${digest}"`);
      return readCapped(`blobs/${parsed.algorithm}/${parsed.hex}`, maxBytes);
    },
  };
}

function archiveStore(tar: TarArchive): BlobStore {
  return {
    file: (name, maxBytes) => tar.read(name, maxBytes),
    blob: (digest, maxBytes) => {
      const parsed = parseDigest(digest);
      if (!parsed) throw new ContentError(`invalid digest "${digest}"`);
      return tar.read(`blobs/${parsed.algorithm}/${parsed.hex}`, maxBytes);
    },
  };
}

/** References a layout entry names: containerd's full name, or a ref.name that is a full reference. */
function entryReferences(descriptor: Descriptor): string[] {
  const out: string[] = [];
  for (const candidate of [descriptor.annotations[CONTAINERD_NAME], descriptor.annotations[REF_NAME]]) {
    if (candidate === undefined || out.includes(candidate)) continue;
    const parsed = parseImageReference(candidate);
    // A bare tag (`1.0.0`) names no repository: it is not judged as a reference.
    if (parsed.ok && (parsed.ref.tag !== null || parsed.ref.digest !== null) && candidate.includes('/')) out.push(candidate);
  }
  return out;
}

async function readLayout(store: BlobStore, ref: string | null, options: LocalOptions, source: 'oci-layout' | 'oci-archive'): Promise<LoadedImage[]> {
  const { limits } = options;
  const indexBody = await store.file('index.json', limits.maxJsonBytes);
  if (!indexBody) throw new ContentError('no index.json: not an OCI image layout');
  const index = parseJsonDocument(indexBody, 'index.json');
  const all = (Array.isArray(index.manifests) ? index.manifests : []).map((entry, i) => toDescriptor(entry, `index.json entry ${i}`));
  const refName = (d: Descriptor) => d.annotations[REF_NAME] ?? null;
  let selected = all;
  if (ref !== null) {
    selected = all.filter((d) => refName(d) === ref || d.annotations[CONTAINERD_NAME] === ref);
    if (selected.length === 0) {
      const names = [...new Set(all.map(refName).filter((n): n is string => n !== null))];
      throw new SourceError(options.source, `no image named "${ref}" in the layout (it has ${names.length > 0 ? names.map((n) => `"${n}"`).join(', ') : 'no named images'})`);
    }
  } else {
    const names = new Set(all.map(refName));
    if (names.size > 1) {
      const listed = [...names].filter((n): n is string => n !== null).map((n) => `"${n}"`).join(', ');
      throw new SourceError(options.source, `the layout holds several images (${listed}); pick one with ${options.source}:NAME`);
    }
  }
  if (selected.length === 0) throw new ContentError('index.json lists no manifests');

  const read: BlobReader = async (descriptor, what) => {
    const body = await store.blob(descriptor.digest, limits.maxJsonBytes);
    if (!body) throw new ContentError(`${what} ${descriptor.digest} is missing from the layout`);
    return { body, mediaType: descriptor.mediaType };
  };
  // One entry is a manifest or an index; several are the platforms of one image.
  let body: Buffer;
  let mediaType: string | null;
  let digest: string;
  if (selected.length === 1) {
    const only = selected[0] as Descriptor;
    ({ body, mediaType } = await read(only, 'manifest'));
    verifyDigest(body, only.digest, 'manifest');
    digest = only.digest;
  } else {
    body = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: selected.map(plainDescriptor) }));
    mediaType = MEDIA_TYPES.ociIndex;
    digest = sha256Digest(body);
  }
  const resolution = await resolveManifest(body, mediaType, digest, read, {
    source: options.source,
    ...(options.platform !== undefined ? { platform: options.platform } : {}),
  });
  const references = [...new Set(selected.flatMap(entryReferences))];
  return resolution.images.map((image, i) => ({
    label: resolution.platforms !== null && resolution.images.length > 1 ? image.platform ?? String(i + 1) : null,
    facts: {
      source,
      document: image.config,
      references,
      digest: image.manifestDigest,
      size: image.size,
      platform: image.platform,
      platforms: resolution.platforms === null ? (image.platform ? [image.platform] : []) : i === 0 ? resolution.platforms : null,
    },
  }));
}

function plainDescriptor(d: Descriptor): Record<string, unknown> {
  const [os, architecture, variant] = (d.platform ?? '').split('/');
  return {
    mediaType: d.mediaType ?? MEDIA_TYPES.ociManifest,
    digest: d.digest,
    ...(d.size !== null ? { size: d.size } : {}),
    ...(d.platform ? { platform: { os, architecture, ...(variant ? { variant } : {}) } } : {}),
    annotations: d.annotations,
  };
}

export async function readLayoutDirectory(dir: string, ref: string | null, options: LocalOptions): Promise<LoadedImage[]> {
  return readLayout(directoryStore(dir), ref, options, 'oci-layout');
}

// ---- archives ----------------------------------------------------------------------------

export async function readArchive(path: string, ref: string | null, options: LocalOptions): Promise<LoadedImage[]> {
  const tar = await openTar(path, options.limits);
  try {
    if (tar.entries.has('manifest.json')) return await readDockerArchive(tar, ref, options);
    if (tar.entries.has('index.json')) return await readLayout(archiveStore(tar), ref, options, 'oci-archive');
    throw new ContentError('neither a docker-archive (no manifest.json) nor an OCI archive (no index.json)');
  } finally {
    await tar.close();
  }
}

async function readDockerArchive(tar: TarArchive, ref: string | null, options: LocalOptions): Promise<LoadedImage[]> {
  const { limits } = options;
  const manifestBody = await tar.read('manifest.json', limits.maxJsonBytes);
  let manifest: unknown;
  try {
    manifest = JSON.parse((manifestBody ?? Buffer.alloc(0)).toString('utf8'));
  } catch (error) {
    throw new ContentError(`manifest.json is not valid JSON (${jsonSyntaxError(error)})`);
  }
  if (!Array.isArray(manifest) || manifest.length === 0) throw new ContentError('manifest.json lists no images');
  let items = manifest.map((item, i) => {
    const record = (item ?? {}) as Record<string, unknown>;
    const repoTags = Array.isArray(record.RepoTags) ? record.RepoTags.filter((t): t is string => typeof t === 'string') : [];
    return { record, repoTags, index: i };
  });
  if (ref !== null) {
    items = items.filter((item) => item.repoTags.some((tag) => sameTag(tag, ref)));
    if (items.length === 0) throw new SourceError(options.source, `no image tagged "${ref}" in the archive`);
  }
  const images: LoadedImage[] = [];
  for (const { record, repoTags, index } of items) {
    const configName = typeof record.Config === 'string' ? safeEntryName(record.Config) : null;
    if (configName === null) throw new ContentError(`manifest.json entry ${index}: Config ${JSON.stringify(record.Config)} is not a file inside the archive`);
    const body = await tar.read(configName, limits.maxJsonBytes);
    // Quoted as written: normalised (`a//b` → `a/b`), a secret there would no longer be recognised to be masked.
    if (!body) throw new ContentError(`manifest.json entry ${index}: config ${JSON.stringify(record.Config)} is missing from the archive`);
    const config = parseJsonDocument(body, configName);
    let size = 0;
    for (const layer of Array.isArray(record.Layers) ? record.Layers : []) {
      const name = typeof layer === 'string' ? safeEntryName(layer) : null;
      if (name === null) throw new ContentError(`manifest.json entry ${index}: layer ${JSON.stringify(layer)} is not a file inside the archive`);
      size += tar.entries.get(name)?.size ?? 0;
    }
    const platform = platformString(config.os, config.architecture, config.variant);
    images.push({
      label: items.length > 1 ? repoTags[0] ?? String(index + 1) : null,
      facts: {
        source: 'docker-archive',
        document: config,
        references: repoTags,
        // The image id: the config's digest.
        digest: sha256Digest(body),
        size,
        platform,
        platforms: platform ? [platform] : [],
      },
    });
  }
  // `--platform`: each image of a docker-archive is one platform, read from its config.
  const wanted = options.platform;
  if (wanted === undefined) return images;
  const matching = images.filter((image) => image.facts.platform != null && platformMatches(wanted, image.facts.platform));
  if (matching.length === 0) {
    const offered = [...new Set(images.map((image) => image.facts.platform).filter((p): p is string => p != null))];
    throw new SourceError(options.source, `no image for platform ${wanted}; the archive holds ${offered.join(', ') || 'no known platform'}`);
  }
  return matching;
}

/** `app:1` names the same image as `docker.io/library/app:1`. */
function sameTag(a: string, b: string): boolean {
  if (a === b) return true;
  const pa = parseImageReference(a);
  const pb = parseImageReference(b);
  return pa.ok && pb.ok && pa.ref.name === pb.ref.name && pa.ref.tag === pb.ref.tag;
}

/** Whether a path is a directory (an OCI layout), a file, or missing. */
export async function pathKind(path: string): Promise<'directory' | 'file' | 'missing' | 'other'> {
  try {
    const info = await stat(path);
    return info.isDirectory() ? 'directory' : info.isFile() ? 'file' : 'other';
  } catch {
    return 'missing';
  }
}
