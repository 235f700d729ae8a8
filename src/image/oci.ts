// Manifests, indexes and configs: OCI image-spec and Docker v2 (schema 2, manifest
// list). One resolution for every source that stores blobs by digest — OCI layout
// directories, archives and registries — so the same image gives the same facts from
// each. Only manifests and configs are read; layers are counted, never fetched.

import { platformMatches } from '../analysis/platform.js';
import { ContentError, SourceError } from './errors.js';
import { sha256Hex } from './sha256.js';
import { platformString } from './facts.js';

export const MEDIA_TYPES = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
} as const;

/** What a registry is asked for: every manifest and index type pushgate reads. */
export const MANIFEST_ACCEPT = [MEDIA_TYPES.ociIndex, MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerList, MEDIA_TYPES.dockerManifest].join(', ');

const INDEX_TYPES = new Set<string>([MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerList]);
const MAX_INDEX_DEPTH = 4;

export interface Descriptor {
  mediaType: string | null;
  digest: string;
  size: number | null;
  platform: string | null;
  annotations: Record<string, string>;
}

export interface ResolvedImage {
  manifestDigest: string;
  configDigest: string;
  /** The config document, parsed. */
  config: Record<string, unknown>;
  /** Sum of the manifest's layer sizes. */
  size: number;
  platform: string | null;
}

export interface Resolution {
  images: ResolvedImage[];
  /** Platforms the index offers (null for a single manifest). */
  platforms: string[] | null;
}

/** Reads a blob (manifest or config) by descriptor; the body is checked against the digest here. */
export type BlobReader = (descriptor: Descriptor, what: 'manifest' | 'config') => Promise<{ body: Buffer; mediaType: string | null }>;

export function sha256Digest(body: Buffer): string {
  return `sha256:${sha256Hex(body)}`;
}

const DIGEST = /^([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/;

/** A digest safe to use in a path or URL (`algorithm:hex`), or null. */
export function parseDigest(value: unknown): { algorithm: string; hex: string } | null {
  if (typeof value !== 'string') return null;
  const match = DIGEST.exec(value);
  if (!match) return null;
  return { algorithm: match[1] as string, hex: match[2] as string };
}

/** Checks a body against its digest (sha256; other algorithms are not verified). */
export function verifyDigest(body: Buffer, digest: string, what: string): void {
  if (!digest.startsWith('sha256:')) return;
  if (sha256Digest(body) !== digest) throw new ContentError(`${what} ${digest} does not match its digest`);
}

/**
 * JSON.parse's complaint without the excerpt of the input V8 quotes in it
 * (`Unexpected token 'g', ..."password": ghp_A1b2C3"... is not valid JSON`): a secret
 * may sit there, and cut short it is no longer recognised to be masked.
 */
export function jsonSyntaxError(error: unknown): string {
  return (error as Error).message.replace(/,\s*(?:\.\.\.)?".*$/s, '');
}

export function parseJsonDocument(body: Buffer, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new ContentError(`${what} is not valid JSON (${jsonSyntaxError(error)})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ContentError(`${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

export function toDescriptor(value: unknown, what: string): Descriptor {
  const record = (value ?? {}) as Record<string, unknown>;
  if (!parseDigest(record.digest)) throw new ContentError(`${what} has no valid digest`);
  const platform = (record.platform ?? null) as Record<string, unknown> | null;
  const annotations: Record<string, string> = {};
  if (record.annotations && typeof record.annotations === 'object') {
    for (const [key, v] of Object.entries(record.annotations as Record<string, unknown>)) if (typeof v === 'string') annotations[key] = v;
  }
  return {
    mediaType: typeof record.mediaType === 'string' ? record.mediaType : null,
    digest: record.digest as string,
    size: typeof record.size === 'number' && record.size >= 0 ? record.size : null,
    platform: platform ? platformString(platform.os, platform.architecture, platform.variant) : null,
    annotations,
  };
}

function isIndex(document: Record<string, unknown>, mediaType: string | null): boolean {
  const type = mediaType ?? (typeof document.mediaType === 'string' ? document.mediaType : null);
  if (type && INDEX_TYPES.has(type)) return true;
  if (type && !INDEX_TYPES.has(type) && document.config !== undefined) return false;
  return Array.isArray(document.manifests);
}

/** Attestation and signature manifests buildx puts into indexes: not platforms. */
function isAttestation(descriptor: Descriptor): boolean {
  return descriptor.platform === 'unknown/unknown' || descriptor.annotations['vnd.docker.reference.type'] !== undefined;
}

/**
 * Resolves a manifest or index into the images it stands for: every platform of an
 * index, or the one `platform` picks (`source` names the source in errors).
 */
export async function resolveManifest(
  body: Buffer,
  mediaType: string | null,
  digest: string,
  read: BlobReader,
  options: { source: string; platform?: string },
): Promise<Resolution> {
  const document = parseJsonDocument(body, `manifest ${digest}`);
  if (document.schemaVersion === 1) throw new ContentError('Docker schema 1 manifests are not supported (deprecated since 2017); re-push the image');
  if (!isIndex(document, mediaType)) {
    return { images: [await resolveImage(document, digest, null, read)], platforms: null };
  }
  const children = await flattenIndex(document, read, 0);
  if (children.length === 0) throw new ContentError(`index ${digest} lists no image manifests`);
  const platforms = [...new Set(children.map((c) => c.platform).filter((p): p is string => p !== null))];
  let selected = children;
  if (options.platform !== undefined) {
    const wanted = options.platform;
    const match = children.find((c) => c.platform !== null && platformMatches(wanted, c.platform));
    if (!match) {
      throw new SourceError(options.source, `no image for platform ${wanted}; the index offers ${platforms.join(', ') || 'no known platform'}`);
    }
    selected = [match];
  }
  const images: ResolvedImage[] = [];
  for (const child of selected) {
    const { body: childBody, mediaType: childType } = await read(child, 'manifest');
    verifyDigest(childBody, child.digest, 'manifest');
    const childDocument = parseJsonDocument(childBody, `manifest ${child.digest}`);
    if (isIndex(childDocument, childType ?? child.mediaType)) throw new ContentError(`manifest ${child.digest} is an index where an image manifest was expected`);
    images.push(await resolveImage(childDocument, child.digest, child.platform, read));
  }
  return { images, platforms };
}

async function flattenIndex(document: Record<string, unknown>, read: BlobReader, depth: number): Promise<Descriptor[]> {
  if (depth >= MAX_INDEX_DEPTH) throw new ContentError(`indexes nested deeper than ${MAX_INDEX_DEPTH} levels`);
  const manifests = Array.isArray(document.manifests) ? document.manifests : [];
  const out: Descriptor[] = [];
  for (const [i, entry] of manifests.entries()) {
    const descriptor = toDescriptor(entry, `index entry ${i}`);
    if (isAttestation(descriptor)) continue;
    if (descriptor.mediaType !== null && INDEX_TYPES.has(descriptor.mediaType)) {
      const { body } = await read(descriptor, 'manifest');
      verifyDigest(body, descriptor.digest, 'index');
      out.push(...(await flattenIndex(parseJsonDocument(body, `index ${descriptor.digest}`), read, depth + 1)));
    } else {
      out.push(descriptor);
    }
  }
  return out;
}

async function resolveImage(manifest: Record<string, unknown>, digest: string, platform: string | null, read: BlobReader): Promise<ResolvedImage> {
  const configDescriptor = toDescriptor(manifest.config, `manifest ${digest}: config`);
  const { body } = await read(configDescriptor, 'config');
  verifyDigest(body, configDescriptor.digest, 'config');
  const config = parseJsonDocument(body, `config ${configDescriptor.digest}`);
  const layers = Array.isArray(manifest.layers) ? manifest.layers : [];
  let size = 0;
  for (const layer of layers) {
    const layerSize = (layer as Record<string, unknown> | null)?.size;
    if (typeof layerSize === 'number' && layerSize >= 0) size += layerSize;
  }
  return {
    manifestDigest: digest,
    configDigest: configDescriptor.digest,
    config,
    size,
    platform: platform ?? platformString(config.os, config.architecture, config.variant),
  };
}
