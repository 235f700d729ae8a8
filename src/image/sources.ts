// `pushgate image SOURCE...`: what each SOURCE names, read into lint targets.
//
//   registry://HOST/REPO[:TAG|@DIGEST]      Registry API v2 / OCI Distribution
//   docker://NAME   podman://NAME           the engine's `image inspect`
//   oci:DIR[:REF]  oci-archive:FILE[:REF]  docker-archive:FILE[:REF]   explicit transports
//   DIR[:REF]                               an OCI image layout directory
//   FILE[:REF]                              a tar (docker save, oci-archive; gzip too), or JSON:
//                                           an OCI config or `docker image inspect` output
//
// A source that cannot be read throws SourceError (exit 2); broken content becomes a
// target whose parse is a `parse-error` finding. Each target's path is the source as
// given, with `#PLATFORM` (or `#TAG`) appended when one source holds several images.
// The readers of files on disk (local.ts, tar.ts) load only for sources on disk.

import { readFile } from 'node:fs';
import { resolve } from 'node:path';
import { parseImageReference } from '../analysis/image-ref.js';
import { lookupCredential, dockerConfigPath } from './credentials.js';
import { inspectImage, factsFromInspect, type Engine } from './engine.js';
import { ContentError, DEFAULT_LIMITS, SourceError, type ImageLimits } from './errors.js';
import { encodeFacts, encodeProblem, type ImageTarget } from './facts.js';
import type { LoadedImage } from './local.js';
import { resolveManifest } from './oci.js';
import { RegistryClient } from './registry.js';
import { readHead, stat } from '../io/fs-async.js';

export interface SourceContext {
  cwd: string;
  /** The CLI's environment: DOCKER_CONFIG / HOME (credentials), PATH (engines, helpers). */
  env: Readonly<Record<string, string | undefined>>;
  /** `os/arch[/variant]`: judge only this platform of an index. */
  platform?: string;
  /** Plain HTTP (and unverified TLS) to any registry, not only loopback ones. */
  insecure?: boolean;
  limits?: Partial<ImageLimits>;
}

/** Image JSON files over this size are reported, not parsed (as the engine does for other files). */
const MAX_JSON_FILE_BYTES = 5 * 1024 * 1024;

export async function loadImageTargets(sources: readonly string[], context: SourceContext): Promise<ImageTarget[]> {
  const targets: ImageTarget[] = [];
  for (const source of sources) targets.push(...(await loadImageSource(source, context)));
  return targets;
}

export async function loadImageSource(source: string, context: SourceContext): Promise<ImageTarget[]> {
  const limits = { ...DEFAULT_LIMITS, ...context.limits };
  try {
    const loaded = await read(source, context, limits);
    if (typeof loaded === 'string') return [{ path: source, text: loaded }];
    return loaded.map((image) => ({ path: image.label ? `${source}#${image.label}` : source, text: encodeFacts(image.facts) }));
  } catch (error) {
    if (error instanceof ContentError) return [{ path: source, text: encodeProblem(error.message) }];
    if (error instanceof SourceError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string') throw new SourceError(source, `cannot read it (${code})`);
    throw error;
  }
}

/** The images of a source, or (for a JSON file) its text. */
async function read(source: string, context: SourceContext, limits: ImageLimits): Promise<LoadedImage[] | string> {
  const local = { source, limits, ...(context.platform !== undefined ? { platform: context.platform } : {}) };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/s.exec(source);
  if (scheme) {
    const [, name, rest] = scheme as unknown as [string, string, string];
    if (name === 'registry') return readRegistry(source, rest, context, limits);
    if (name === 'docker' || name === 'podman') {
      const entry = await inspectImage(name as Engine, rest, source, { env: context.env, timeoutMs: limits.engineTimeoutMs });
      return [{ facts: factsFromInspect(entry, name as Engine, rest), label: null }];
    }
    throw new SourceError(source, `unknown source scheme "${name}://"; expected registry://, docker:// or podman://`);
  }
  const { pathKind, readArchive, readLayoutDirectory } = await import('./local.js');
  const transport = /^(oci|oci-archive|docker-archive):(.+)$/s.exec(source);
  if (transport) {
    const [, name, rest] = transport as unknown as [string, string, string];
    const want = name === 'oci' ? 'directory' : 'file';
    const split = await splitRef(context.cwd, rest, (kind) => kind === want, pathKind);
    if (!split) throw new SourceError(source, want === 'directory' ? 'no such directory' : 'no such file');
    return name === 'oci' ? readLayoutDirectory(split.path, split.ref, local) : readArchive(split.path, split.ref, local);
  }

  const path = resolve(context.cwd, source);
  const kind = await pathKind(path);
  if (kind === 'directory') return readLayoutDirectory(path, null, local);
  if (kind === 'file') {
    if (await isArchive(path)) return readArchive(path, null, local);
    return readJsonFile(path);
  }
  if (kind === 'other') throw new SourceError(source, 'not a file or directory');
  // `DIR:REF` / `FILE:REF`
  const split = await splitRef(context.cwd, source, (found) => found === 'directory' || found === 'file', pathKind);
  if (split?.ref != null) {
    if ((await pathKind(split.path)) === 'directory') return readLayoutDirectory(split.path, split.ref, local);
    return readArchive(split.path, split.ref, local);
  }
  throw new SourceError(source, 'no such file or directory');
}

/**
 * `PATH[:REF]`, where REF may hold colons and slashes of its own (`app.tar:acme/app:1.0`):
 * the longest prefix before a colon that exists as wanted is the path. Null when none does.
 */
async function splitRef(
  cwd: string,
  raw: string,
  accept: (kind: 'directory' | 'file' | 'missing' | 'other') => boolean,
  pathKind: (path: string) => Promise<'directory' | 'file' | 'missing' | 'other'>,
): Promise<{ path: string; ref: string | null } | null> {
  if (accept(await pathKind(resolve(cwd, raw)))) return { path: resolve(cwd, raw), ref: null };
  for (let colon = raw.lastIndexOf(':'); colon > 0; colon = raw.lastIndexOf(':', colon - 1)) {
    const path = resolve(cwd, raw.slice(0, colon));
    if (accept(await pathKind(path))) return { path, ref: raw.slice(colon + 1) };
  }
  return null;
}

/** A tar (ustar or GNU header at block 0) or a gzip stream. */
async function isArchive(path: string): Promise<boolean> {
  const head = await readHead(path, 512);
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return true;
  return head.length === 512 && head.subarray(257, 262).toString('latin1') === 'ustar';
}

async function readJsonFile(path: string): Promise<string> {
  const { size } = await stat(path);
  if (size > MAX_JSON_FILE_BYTES) return encodeProblem(`file is ${size} bytes, over the ${MAX_JSON_FILE_BYTES}-byte limit; not linted`);
  const buffer = await new Promise<Buffer>((resolve, reject) => readFile(path, (error, data) => (error ? reject(error) : resolve(data))));
  if (buffer.subarray(0, 8192).includes(0)) return encodeProblem('binary file (contains NUL bytes), neither JSON nor a tar archive');
  return buffer.toString('utf8');
}

async function readRegistry(source: string, rest: string, context: SourceContext, limits: ImageLimits): Promise<LoadedImage[]> {
  const parsed = parseImageReference(rest);
  if (!parsed.ok) throw new SourceError(source, `not a valid image reference: ${parsed.detail}`);
  const ref = parsed.ref;
  const configPath = dockerConfigPath(context.env);
  const client = new RegistryClient(ref.registry, ref.path, {
    limits,
    insecure: context.insecure ?? false,
    credentials: (host) => lookupCredential(host, { configPath, env: context.env, timeoutMs: limits.timeoutMs }),
  });
  const wanted = ref.digest ?? ref.tag ?? 'latest';
  const manifest = await client.manifest(wanted);
  if (!manifest) throw new SourceError(source, `the registry has no manifest for ${ref.name}${ref.digest ? `@${ref.digest}` : `:${wanted}`}`);
  const resolution = await resolveManifest(manifest.body, manifest.mediaType, manifest.digest, client.reader(), {
    source,
    ...(context.platform !== undefined ? { platform: context.platform } : {}),
  });
  return resolution.images.map((image, i) => ({
    label: resolution.platforms !== null && resolution.images.length > 1 ? image.platform ?? String(i + 1) : null,
    facts: {
      source: 'registry',
      document: image.config,
      references: [rest],
      digest: image.manifestDigest,
      size: image.size,
      platform: image.platform,
      platforms: resolution.platforms === null ? (image.platform ? [image.platform] : []) : i === 0 ? resolution.platforms : null,
    },
  }));
}
