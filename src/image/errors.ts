// The two ways reading an image source goes wrong (SPEC §3.1, image sources):
// the source cannot be read at all (missing file, registry down, auth refused) — exit 2
// with the reason, the gate does not pass what it could not read; or it was read and
// its content is broken (malformed JSON, a broken archive, a decompression bomb) — a
// `parse-error` finding on that source.

/** The source cannot be read: the CLI reports `pushgate: SOURCE: reason` and exits 2. */
export class SourceError extends Error {
  constructor(readonly source: string, readonly reason: string) {
    super(`${source}: ${reason}`);
  }
}

/** The source was read but its content is broken: a `parse-error` finding. */
export class ContentError extends Error {}

/** Caps on everything read from an image source (SPEC §6: hostile input). */
export interface ImageLimits {
  /** Largest manifest, index or config accepted (bytes). */
  maxJsonBytes: number;
  /** Largest total a gzip-compressed archive may inflate to while it is scanned (bytes). */
  maxInflatedBytes: number;
  /** Most entries read from one tar archive. */
  maxTarEntries: number;
  /** Timeout of each HTTP request, and of each credential helper run (ms). */
  timeoutMs: number;
  /** Redirects followed per request. */
  maxRedirects: number;
  /** Timeout of `ENGINE image inspect` (ms). */
  engineTimeoutMs: number;
}

export const DEFAULT_LIMITS: ImageLimits = {
  maxJsonBytes: 4 * 1024 * 1024,
  maxInflatedBytes: 4 * 1024 * 1024 * 1024,
  maxTarEntries: 100_000,
  timeoutMs: 15_000,
  maxRedirects: 5,
  engineTimeoutMs: 30_000,
};
