// Secret-named values: judged one at a time (`judgeNamedValue`, for ENV/ARG/env:/
// variables:/with:/compose environment/image Env) or found in free text
// (`findAssignmentSecrets`): `PASSWORD=x`, `--password=x`, `--token x`, `export
// API_TOKEN="x"`, `password = x` (ini), `"password": "x"` (JSON, also escaped inside a
// shell string), `'password' => 'x'`, and `password: x` at the start of a line (YAML in
// heredocs). Scanning walks forward once; a value is never rescanned.

import type { SecretMatch } from './types.js';
import { classifySecretName, isChecksumName, type SecretName } from './names.js';
import { isCleanValue, isDigest, isHexList } from './values.js';

/** Hex lengths of checksums, digests, fingerprints and long key ids. */
const CHECKSUM_LENGTHS = [16, 32, 40, 64, 128] as const;

/** For `AUTH` names: does the value look like credential material rather than a method name? */
function looksLikeCredential(value: string): boolean {
  if (/^(?:basic|bearer|token|digest)[ \t]+\S{8,}$/i.test(value)) return true;
  const colon = value.indexOf(':');
  if (colon > 0 && colon < value.length - 1 && !/\s/.test(value)) return true;
  return value.length >= 16 && /^[A-Za-z0-9+/=_.~-]+$/.test(value) && /[0-9]/.test(value) && /[A-Za-z]/.test(value);
}

function contextKind(name: string, info: SecretName, value: string): { kind: string; detector: string } {
  const has = (w: string): boolean => info.words.includes(w);
  if (has('aws') || (has('secret') && has('access'))) {
    if (has('secret') && has('key') && /^[A-Za-z0-9/+]{40}$/.test(value)) return { kind: 'AWS secret access key', detector: 'aws-secret-key' };
    if (has('session') && has('token')) return { kind: 'AWS session token', detector: 'aws-session-token' };
  }
  if (has('azure') && has('client') && has('secret')) return { kind: 'Azure client secret', detector: 'azure-client-secret' };
  if ((has('acr') || info.words.some((w) => w.includes('azurecr'))) && info.kind === 'password') {
    return { kind: 'Azure Container Registry password', detector: 'azure-acr-password' };
  }
  if ((has('azure') || has('storage')) && has('account') && has('key')) return { kind: 'Azure storage account key', detector: 'azure-storage-key' };
  if (name === '_authToken' || name === '_auth') return { kind: 'npm auth token', detector: 'npm-auth-token' };
  if (name === '_password') return { kind: 'npm registry password', detector: 'npm-auth-token' };
  return { kind: info.kind, detector: 'secret-assignment' };
}

/**
 * Judges `value` (already unquoted; `start` is its offset in the scanned text) under a
 * secret name. Clean per SPEC §3.1: references, placeholders, documentation examples,
 * hex checksums under SHA/SUM/HASH/DIGEST/FINGERPRINT/GPG/KEY_ID names, digests
 * (`sha256:…`); for names that are secret only through `AUTH`, anything that does not
 * look like credential material (`REGISTRY_AUTH=htpasswd`).
 */
export function judgeNamedValue(name: string, info: SecretName, value: string, start: number): SecretMatch | null {
  if (isCleanValue(value) || isDigest(value)) return null;
  if (isChecksumName(name) && isHexList(value, CHECKSUM_LENGTHS)) return null;
  if (info.weak && !looksLikeCredential(value)) return null;
  const { kind, detector } = contextKind(name, info, value);
  return { kind, detector, start, end: start + value.length, value };
}

// ---- free text ---------------------------------------------------------------------

const NAME_CHAR = /[A-Za-z0-9_.-]/;
/** Characters that end an unquoted value. */
const BARE_STOP = /[\s'"`;&|<>(),\\]/;
/** Any word that can make a name secret; texts without one are skipped. */
const HINT = /pass|pwd|secret|token|key|auth|cred|pat/i;

interface Value {
  text: string;
  start: number;
  end: number;
  quoted: boolean;
}

/** Reads a quoted or bare value at `at`; quoted values end on their line. */
function readValue(text: string, at: number): Value | null {
  const ch = text[at];
  if (ch === undefined) return null;
  if (ch === '\\' && text[at + 1] === '"') {
    const close = closingOnLine(text, at + 2, '\\"');
    if (close < 0) return null;
    return { text: text.slice(at + 2, close), start: at + 2, end: close + 2, quoted: true };
  }
  if (ch === '"' || ch === "'") {
    let i = at + 1;
    for (; i < text.length; i++) {
      const c = text[i]!;
      if (c === '\n') return null;
      if (c === '\\' && ch === '"') {
        i++;
        continue;
      }
      if (c === ch) break;
    }
    if (i >= text.length) return null;
    return { text: text.slice(at + 1, i), start: at + 1, end: i + 1, quoted: true };
  }
  // A bare word runs on through quoted parts glued to it, as in the shell: `abc"def"`. Not
  // when the quote closes a string the word sits in (`echo "TOKEN=abc" > f && echo "x"`,
  // a message's `"NAME=value" … "/"`): read as glued, the value would run on to the next
  // quote, take in spaces and be dismissed as prose.
  let i = at;
  for (;;) {
    while (i < text.length && !BARE_STOP.test(text[i]!)) i++;
    const q = text[i];
    if (i === at || (q !== '"' && q !== "'")) break;
    const close = closingOnLine(text, i + 1, q);
    if (close < 0 || /\s/.test(text.slice(i + 1, close)) || insideQuotes(text, at, q)) break;
    i = close + 1;
  }
  return { text: text.slice(at, i), start: at, end: i, quoted: false };
}

/** Whether `at` is inside a `quote`-quoted string that opened earlier on its line (an odd number of them before it). */
function insideQuotes(text: string, at: number, quote: string): boolean {
  let inside = false;
  for (let i = at - 1; i >= 0 && text[i] !== '\n'; i--) if (text[i] === quote && !(quote === '"' && text[i - 1] === '\\')) inside = !inside;
  return inside;
}

/** Index of `quote` at or after `from` on the same line, or -1; walks only up to the first of the two. */
function closingOnLine(text: string, from: number, quote: string): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\n') return -1;
    if (text.startsWith(quote, i)) return i;
  }
  return -1;
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl;
}

/** Code, not a literal: `config.password`, `process.env.TOKEN`, `getToken(…)`. */
const DOTTED_IDENTIFIER = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;

/** Free text only: prose (`"Enter the password here"`) and code expressions are not secret values. */
function judgeInText(name: string, value: Value, text: string): SecretMatch | null {
  if (/\s/.test(value.text)) return null;
  if (!value.quoted && (DOTTED_IDENTIFIER.test(value.text) || text[value.end] === '(')) return null;
  const info = classifySecretName(name);
  if (!info) return null;
  return judgeNamedValue(name, info, value.text, value.start);
}

/** `NAME=value`, `--name=value`, `name = value`, `NAME:=value` (make), `-Dname=value`. */
function scanEquals(text: string, out: SecretMatch[]): void {
  let from = 0;
  for (let eq = text.indexOf('=', from); eq >= 0; eq = text.indexOf('=', from)) {
    from = eq + 1;
    const next = text[eq + 1];
    if (next === '=' || next === '~' || next === '>') continue;
    let n = eq;
    if (text[n - 1] === ':' || text[n - 1] === '?' || text[n - 1] === '+') n--;
    if (text[n - 1] === '=' || text[n - 1] === '!' || text[n - 1] === '<' || text[n - 1] === '>') continue;
    let spaced = false;
    while (n > 0 && eq - n < 8 && (text[n - 1] === ' ' || text[n - 1] === '\t')) {
      n--;
      spaced = true;
    }
    let s = n;
    while (s > 0 && NAME_CHAR.test(text[s - 1]!)) s--;
    const before = text[s - 1];
    if (before === '$' || before === '{' || before === '%') continue;
    if (n - s > 128) continue;
    let name = text.slice(s, n).replace(/^-+/, '');
    // `\npassword=…` inside printf/echo strings: the escape is not part of the name.
    if (before === '\\') {
      if (!/^[ntr][A-Za-z_]/.test(name)) continue;
      name = name.slice(1);
    }
    if (!/^[A-Za-z_]/.test(name)) continue;
    let v = eq + 1;
    if (spaced) while (v < text.length && v - eq < 8 && (text[v] === ' ' || text[v] === '\t')) v++;
    const connectionPwd = /^pwd$/i.test(name) && text.slice(Math.max(0, s - 2), s).includes(';');
    if (!connectionPwd && !HINT.test(name)) continue;
    const value = readValue(text, v);
    if (!value) continue;
    const match = judgeInText(connectionPwd ? 'Password' : name, value, text);
    if (match) out.push(match);
    if (classifySecretName(connectionPwd ? 'Password' : name)) from = Math.max(from, value.end);
  }
}

/** `--password value`, `--api-token value`, `-storepass value` (Java/openssl style): flags whose value follows a space. */
const SPACED_FLAG = /(?<![\w-])--?([A-Za-z][\w.-]{1,60})[ \t]{1,10}(?=[^\s-])/g;

/** Only values shaped like credentials: a digit, a symbol, mixed case or 12+ characters (`--token instead` is prose). */
function credentialShaped(value: string): boolean {
  return /[0-9]/.test(value) || /[^A-Za-z]/.test(value) || (/[A-Z]/.test(value) && /[a-z]/.test(value)) || value.length >= 12;
}

function scanSpacedFlags(text: string, out: SecretMatch[]): void {
  if (!text.includes('-')) return;
  SPACED_FLAG.lastIndex = 0;
  for (let m = SPACED_FLAG.exec(text); m !== null; m = SPACED_FLAG.exec(text)) {
    const name = m[1]!;
    if (!HINT.test(name)) continue;
    const value = readValue(text, m.index + m[0].length);
    if (!value || value.text.includes('=') || !credentialShaped(value.text)) continue;
    const match = judgeInText(name, value, text);
    if (match) out.push(match);
  }
}

/** `"password": "x"`, `\"password\": \"x\"`, `'password' => 'x'`, `"password": 1234`. */
const QUOTED_KEY = /(\\?)(["'])([A-Za-z_][\w.-]{0,80})\1\2[ \t]{0,10}(?::|=>)[ \t]{0,10}/g;
/** `password: x` / `- password: x` at the start of a line (YAML written by a heredoc or echo). */
const LINE_KEY = /^[ \t]*(?:-[ \t]+)?([A-Za-z_][\w.-]{0,80}):[ \t]+/gm;

function scanKeys(pattern: RegExp, nameGroup: number, text: string, out: SecretMatch[]): void {
  const wholeLine = pattern === LINE_KEY;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    const name = m[nameGroup]!;
    if (!HINT.test(name)) continue;
    const at = m.index + m[0].length;
    let value = readValue(text, at);
    if (!value) continue;
    // An unquoted YAML value runs to the end of the line (less a comment).
    if (wholeLine && !value.quoted) {
      const end = lineEnd(text, at);
      value = trimComment({ text: text.slice(at, end).trimEnd(), start: at, end, quoted: false });
    }
    const match = judgeInText(name, value, text);
    if (match) out.push(match);
    pattern.lastIndex = Math.max(pattern.lastIndex, value.end);
  }
}

/** A bare YAML value ends before ` #`. */
function trimComment(value: Value): Value {
  const hash = value.text.indexOf(' #');
  return hash < 0 ? value : { ...value, text: value.text.slice(0, hash), end: value.start + hash };
}

/** Secret-named assignments anywhere in free text. */
export function findAssignmentSecrets(text: string): SecretMatch[] {
  if (!HINT.test(text)) return [];
  const out: SecretMatch[] = [];
  scanEquals(text, out);
  scanSpacedFlags(text, out);
  if (text.includes('"') || text.includes("'")) scanKeys(QUOTED_KEY, 3, text, out);
  if (text.includes(':')) scanKeys(LINE_KEY, 1, text, out);
  return out;
}
