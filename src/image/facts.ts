// What an image source hands the engine. A JSON file (OCI config, `docker image
// inspect` output) is linted as the text it is, so findings carry its lines. Every
// other source (archives, layout directories, engines, registries) is read into
// `ImageFacts` and handed over as an envelope document: the image parser recognises
// it and gives its findings no line (1:1, SPEC §3.1). Pure data: no I/O here.

import type { ImageSourceKind, RegistryTagState } from '../models/nodes.js';

/** The envelope's marker key; its value is the envelope version. */
export const ENVELOPE_KEY = 'pushgate.image';
export const ENVELOPE_VERSION = 1;

export interface ImageFacts {
  source: ImageSourceKind;
  /** The config as read: an OCI/Docker image config, or one `docker image inspect` entry. */
  document: unknown;
  /** References judged as the image's tags (role `image-tag`): RepoTags, the reference given. */
  references: string[];
  /** The reference `pushgate push` publishes (role `push`). */
  push?: string;
  digest: string | null;
  /** Bytes, when the source tells (inspect `Size`, sum of the manifest's layer sizes). */
  size: number | null;
  platform: string | null;
  platforms: string[] | null;
  pushTarget?: RegistryTagState;
}

/** A lint target for the engine: the report path (the source as given) and the text to parse. */
export interface ImageTarget {
  path: string;
  text: string;
}

/**
 * The envelope text. Its first line never changes, so finding fingerprints (which hash
 * the text of the finding's line, here line 1) do not depend on the image's content.
 */
export function encodeFacts(facts: ImageFacts): string {
  const body = JSON.stringify(facts);
  return `{"${ENVELOPE_KEY}": ${ENVELOPE_VERSION},\n${body.slice(1)}\n`;
}

/** `os/arch[/variant]` from an OCI platform object or a config's fields. */
export function platformString(os: unknown, architecture: unknown, variant?: unknown): string | null {
  if (typeof os !== 'string' || typeof architecture !== 'string' || os === '' || architecture === '') return null;
  return typeof variant === 'string' && variant !== '' ? `${os}/${architecture}/${variant}` : `${os}/${architecture}`;
}

/** The envelope of a source whose content is broken: a `parse-error` finding at 1:1. */
export function encodeProblem(message: string): string {
  return `{"${ENVELOPE_KEY}": ${ENVELOPE_VERSION},\n"error": ${JSON.stringify(message)}}\n`;
}
