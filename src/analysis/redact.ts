// The one place secrets are masked. Every message, formatter and fix goes through
// here: a secret is shown as its kind and at most its first 4 characters.

import { findSecretsInText, type SecretMatch } from './secrets/index.js';

/** Secrets shorter than this show no characters at all. */
const MIN_LENGTH_TO_SHOW_PREFIX = 12;

/** A secret as at most its first 4 characters and an ellipsis: `ghp_…`; short secrets show none: `…`. */
export function maskSecret(secret: string): string {
  const visible = secret.length >= MIN_LENGTH_TO_SHOW_PREFIX ? Array.from(secret).slice(0, 4).join('') : '';
  return `${visible}…`;
}

/** `GitHub personal access token "ghp_…"`: the kind and the masked value, for messages. */
export function describeSecret(match: SecretMatch): string {
  return `${match.kind} "${maskSecret(match.value)}"`;
}

/**
 * At most `max` characters of `text` for a message, secrets masked first: a secret cut
 * short (`ghp_abc…`) would no longer be recognised by `redactText` afterwards.
 */
export function redactedExcerpt(text: string, max: number): string {
  const redacted = redactText(text);
  return redacted.length > max ? `${redacted.slice(0, max - 1)}…` : redacted;
}

/** Masks everything `findSecretsInText` finds; text without secrets is returned unchanged. */
export function redactText(text: string): string {
  const matches = findSecretsInText(text);
  if (matches.length === 0) return text;
  let out = '';
  let last = 0;
  for (const m of matches) {
    out += text.slice(last, m.start) + maskSecret(m.value);
    last = m.end;
  }
  return out + text.slice(last);
}
