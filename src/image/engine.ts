// Local images through the engine's own CLI: `docker image inspect` / `podman image
// inspect` (run with execFile: no shell, a timeout, an output cap), and `ENGINE push`
// for `pushgate push`, its output streamed as it comes.

import { lazyRequire } from '../io/import.js';
import { parseImageReference } from '../analysis/image-ref.js';
import { SourceError } from './errors.js';
import { platformString, type ImageFacts } from './facts.js';

/** node:child_process, required on first use (image sources that are not engines never need it). */
function childProcess(): typeof import('node:child_process') {
  return lazyRequire('node:child_process') as typeof import('node:child_process');
}

export type Engine = 'docker' | 'podman';
export const ENGINES: readonly Engine[] = ['docker', 'podman'];

export interface EngineContext {
  env: Readonly<Record<string, string | undefined>>;
  timeoutMs: number;
}

const MAX_INSPECT_BYTES = 16 * 1024 * 1024;

/** One `ENGINE image inspect NAME` entry. */
export async function inspectImage(engine: Engine, name: string, source: string, context: EngineContext): Promise<Record<string, unknown>> {
  if (name === '' || name.startsWith('-')) throw new SourceError(source, 'no image name');
  const { execFile } = childProcess();
  const { stdout } = await new Promise<{ stdout: string }>((resolve, reject) => {
    execFile(engine, ['image', 'inspect', name], {
      env: context.env as NodeJS.ProcessEnv,
      timeout: context.timeoutMs,
      killSignal: 'SIGKILL',
      maxBuffer: MAX_INSPECT_BYTES,
      encoding: 'utf8',
      windowsHide: true,
    }, (error, out, err) => {
      if (!error) return resolve({ stdout: out });
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return reject(new SourceError(source, `${engine} is not installed (not found on PATH)`));
      if ((error as { killed?: boolean }).killed) return reject(new SourceError(source, `${engine} image inspect did not finish within ${context.timeoutMs / 1000} s`));
      if (code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return reject(new SourceError(source, `${engine} image inspect printed more than ${MAX_INSPECT_BYTES} bytes`));
      const reason = firstLine(err) || `exit ${String(code ?? 'unknown')}`;
      reject(new SourceError(source, `${engine} image inspect failed: ${reason}`));
    });
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw new SourceError(source, `${engine} image inspect printed something that is not JSON`);
  }
  const first = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!first || typeof first !== 'object') throw new SourceError(source, `${engine} image inspect found no image`);
  return first as Record<string, unknown>;
}

function firstLine(text: string): string {
  return text.split('\n').map((line) => line.trim()).find((line) => line !== '')?.slice(0, 300) ?? '';
}

const sameRef = (a: string, b: string): boolean => {
  const pa = parseImageReference(a);
  const pb = parseImageReference(b);
  return pa.ok && pb.ok ? pa.ref.name === pb.ref.name && pa.ref.tag === pb.ref.tag && pa.ref.digest === pb.ref.digest : a === b;
};

/** Facts from one inspect entry; `given` is the name asked for (judged as a tag unless it is an id). */
export function factsFromInspect(entry: Record<string, unknown>, engine: Engine, given: string | null): ImageFacts {
  const tags = (Array.isArray(entry.RepoTags) ? entry.RepoTags : []).filter((t): t is string => typeof t === 'string' && !t.includes('<none>'));
  const references = [...tags];
  // A name given by id (`sha256:…`, a hex prefix) is not a reference.
  if (given !== null && !/^(sha256:)?[0-9a-f]{6,64}$/.test(given) && !tags.some((tag) => sameRef(tag, given))) references.unshift(given);
  const platform = platformString(entry.Os, entry.Architecture, entry.Variant);
  const digest = typeof entry.Digest === 'string' ? entry.Digest : typeof entry.Id === 'string' ? normaliseId(entry.Id) : null;
  return {
    source: engine,
    document: entry,
    references,
    digest,
    size: typeof entry.Size === 'number' && entry.Size >= 0 ? entry.Size : null,
    platform,
    platforms: platform ? [platform] : [],
  };
}

/** Image ids as digests: podman prints bare hex, docker `sha256:…`. */
export function normaliseId(id: string): string {
  return /^[0-9a-f]{64}$/.test(id) ? `sha256:${id}` : id;
}

/** Digests that identify a local image: its id (config digest), its manifest digest, its repo digests. */
export function localDigests(entry: Record<string, unknown>): string[] {
  const out = new Set<string>();
  if (typeof entry.Id === 'string') out.add(normaliseId(entry.Id));
  if (typeof entry.Digest === 'string') out.add(entry.Digest);
  for (const repoDigest of Array.isArray(entry.RepoDigests) ? entry.RepoDigests : []) {
    if (typeof repoDigest === 'string' && repoDigest.includes('@')) out.add(repoDigest.slice(repoDigest.indexOf('@') + 1));
  }
  return [...out];
}

export interface Sink {
  write(text: string): unknown;
}

/** `ENGINE push IMAGE`, output streamed to ours; resolves to the exit code (null when killed). */
export function pushImage(engine: Engine, image: string, env: Readonly<Record<string, string | undefined>>, stdout: Sink, stderr: Sink): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = childProcess().spawn(engine, ['push', image], { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    child.stdout.on('data', (chunk: Buffer) => stdout.write(chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => stderr.write(chunk.toString('utf8')));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(new SourceError(image, error.code === 'ENOENT' ? `${engine} is not installed (not found on PATH)` : `${engine} push could not start (${error.code ?? error.message})`));
    });
    child.on('close', (code) => resolve(code));
  });
}
