// The one place secrets are masked. Every message, formatter and fix goes through
// here: a secret is shown as its kind and at most its first 4 characters.

import { findSecretsInText, findTokens, type SecretMatch } from './secrets/index.js';

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
  const redacted = maskGluedTokens(redactText(text), max);
  return redacted.length > max ? `${redacted.slice(0, max - 1)}…` : redacted;
}

/** Longest token format looked for inside a word (PEM blocks and JSON keys are never glued to a word). */
const MAX_GLUED_TOKEN = 300;

/**
 * Token formats start at a word boundary, so a token glued to the word before it is not
 * found: a Dockerfile line `Z\` followed by a line `dckr_pat_…` is the one instruction
 * `Zdckr_pat_…`, quoted whole by "unknown instruction". An excerpt is short: every start
 * inside a word of its first `max` characters is tried, and a token found there masked.
 */
function maskGluedTokens(text: string, max: number): string {
  let out = text;
  for (let i = 1; i < Math.min(out.length, max); i++) {
    if (!/[A-Za-z0-9]/.test(out[i - 1] as string) || !/[A-Za-z]/.test(out[i] as string)) continue;
    const [first] = findTokens(out.slice(i, i + MAX_GLUED_TOKEN));
    if (!first || first.start !== 0) continue;
    const mask = maskSecret(first.value);
    out = out.slice(0, i) + mask + out.slice(i + first.end);
    i += mask.length - 1;
  }
  return out;
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

/**
 * A rule's message: secrets masked, and also copies of a secret the rule transformed
 * (valid-label-keys suggests a lowercased key: `eyjhbgci…` is no JWT to the scanner, but
 * it is the token). Each secret found in a data value is masked wherever the message
 * holds it in any letter case.
 */
export function redactMessage(message: string, data: Readonly<Record<string, string | number>> | undefined): string {
  let out = redactText(message);
  if (!data) return out;
  for (const value of Object.values(data)) {
    for (const match of findSecretsInText(String(value))) {
      const secret = match.value.toLowerCase();
      // Case-folding keeps an ASCII token's length, so offsets in the folded text hold.
      if (secret.length < 8 || /[^\x00-\x7f]/.test(secret)) continue;
      for (let at = out.toLowerCase().indexOf(secret); at !== -1; at = out.toLowerCase().indexOf(secret, at + 1)) {
        out = out.slice(0, at) + maskSecret(match.value) + out.slice(at + secret.length);
      }
    }
  }
  return out;
}
