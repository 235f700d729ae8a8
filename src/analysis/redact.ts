// The one place secrets are masked. Every message, formatter and fix goes
// through here: a secret is shown as at most its first 4 characters.

/** Token formats that must never reach an output, whatever produced the text. */
const TOKEN_PATTERNS: readonly RegExp[] = [
  /\bdckr_pat_[A-Za-z0-9_-]{8,}/g,
  /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  /\bglpat-[A-Za-z0-9_.-]{20,}/g,
  /\b(?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{16}\b/g,
  /\bnpm_[A-Za-z0-9]{36}\b/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g,
  /\b[sr]k_live_[A-Za-z0-9]{16,}/g,
  /\bpypi-[A-Za-z0-9_-]{40,}/g,
  /\bhf_[A-Za-z0-9]{30,}/g,
  /\bhvs\.[A-Za-z0-9_-]{20,}/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
];

/** Shows a secret as its first characters and a mask: `ghp_…` (never more than 4 characters). */
export function maskSecret(secret: string): string {
  const visible = secret.length >= 12 ? secret.slice(0, 4) : '';
  return `${visible}…`;
}

/** Masks every known token format inside arbitrary text. */
export function redactText(text: string): string {
  let out = text;
  for (const pattern of TOKEN_PATTERNS) {
    pattern.lastIndex = 0;
    if (pattern.test(out)) {
      pattern.lastIndex = 0;
      out = out.replace(pattern, (match) => maskSecret(match));
    }
  }
  return out;
}
