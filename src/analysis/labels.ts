// Label keys: the OCI image annotation keys and a did-you-mean lookup over them.
// Shared by `valid-label-keys` (unknown keys in the namespace) and `require-labels`.

import { didYouMean, editDistance } from '../config/did-you-mean.js';

export const OCI_IMAGE_PREFIX = 'org.opencontainers.image.';

/** Pre-defined annotation keys of the OCI image spec (annotations.md), in the spec's order. */
export const OCI_IMAGE_KEYS: readonly string[] = [
  'created',
  'authors',
  'url',
  'documentation',
  'source',
  'version',
  'revision',
  'vendor',
  'licenses',
  'ref.name',
  'title',
  'description',
  'base.digest',
  'base.name',
].map((suffix) => OCI_IMAGE_PREFIX + suffix);

const SUFFIXES: readonly string[] = OCI_IMAGE_KEYS.map((key) => key.slice(OCI_IMAGE_PREFIX.length));
const NAMESPACE = OCI_IMAGE_PREFIX.slice(0, -1);
/** A namespace this close to `org.opencontainers.image` is taken for a misspelling of it. */
const NAMESPACE_TYPO_DISTANCE = 2;

export function isOciImageKey(key: string): boolean {
  return OCI_IMAGE_KEYS.includes(key);
}

/**
 * The OCI key `key` most likely means, or null. Case is ignored; an exact key returns
 * itself. The namespace is the first three dot-separated fields and may itself be
 * misspelt by up to two edits (`org.opencontainer.image.source`); the rest is compared
 * with the spec's key suffixes, so `…image.sorce` → `…image.source`, while an unrelated
 * suffix (`…image.foo`) or another OCI namespace (`org.opencontainers.artifact.created`)
 * gives null.
 */
export function closestOciKey(key: string): string | null {
  const fields = key.toLowerCase().split('.');
  if (fields.length < 4) return null;
  const namespace = fields.slice(0, 3).join('.');
  if (namespace !== NAMESPACE && editDistance(namespace, NAMESPACE) > NAMESPACE_TYPO_DISTANCE) return null;
  const suffix = fields.slice(3).join('.');
  if (SUFFIXES.includes(suffix)) return OCI_IMAGE_PREFIX + suffix;
  const guess = didYouMean(suffix, SUFFIXES);
  return guess === undefined ? null : OCI_IMAGE_PREFIX + guess;
}
