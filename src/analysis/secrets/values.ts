// Value-level judgements shared by every detector: is this value a reference, a
// placeholder, a documentation example, a file path — anything but a real secret?
// SPEC §3.1 "no-hardcoded-credentials" lists the clean values; the extra cases here
// (booleans, file paths, names of secrets, already-masked text) are documented inline.
// Every pattern is anchored or bounded, so each check is linear in the value's length.

/** `$X`, `${X}`, `$(…)`, `${{ … }}`, `$1`, `\$X` (escaped, expanded later), anywhere in the value. */
const SHELL_REFERENCE = /\$[A-Za-z_{(0-9@*#?!]/;
/** openssl/apksigner indirections: `env:VAR`, `file:/path`, `fd:3`, `stdin`. */
const INDIRECTION_PREFIX = /^(?:env|file|fd):[^\s]|^stdin$/;
/** Windows `%NAME%`. */
const WINDOWS_REFERENCE = /%[A-Za-z_][A-Za-z0-9_]*%/;
/** Template engines: Jinja/Go/Helm `{{ … }}`, `{% … %}`, ERB `<%= … %>`, Ruby/Octopus `#{…}`, autoconf `@VAR@`, `__VAR__`, CircleCI `<< … >>`. */
const TEMPLATE_REFERENCE = /\{\{|\{%|<%|#\{|<<|^@[A-Za-z_][A-Za-z0-9_]*@$|^__[A-Za-z][A-Za-z0-9_]*__$/;

/** Whole values that are never secrets (compared lower-cased, after trimming surrounding punctuation). */
const PLACEHOLDER_WORDS: ReadonlySet<string> = new Set([
  // SPEC placeholders.
  'changeme', 'changeit', 'example', 'password', 'secret', 'dummy', 'redacted',
  // The generic words a placeholder is made of.
  'passwd', 'pass', 'pwd', 'secrets', 'token', 'key', 'apikey', 'api_key', 'api-key', 'secretkey', 'secret_key',
  'credential', 'credentials', 'creds', 'auth', 'value', 'string', 'text', 'placeholder', 'mask', 'masked', 'hidden',
  'sample', 'todo', 'tbd', 'fixme', 'foo', 'bar', 'baz', 'qux', 'foobar', 'none',
  // Booleans, nulls and keywords: switches, not secrets.
  'true', 'false', 'yes', 'no', 'on', 'off', 'null', 'nil', 'undefined', 'n/a', 'na', 'empty', 'unset', 'default',
  'enabled', 'disabled', 'required', 'optional', 'inherit', 'read', 'write', 'auto',
  // Published documentation examples of official images (postgres, mysql) and of the xkcd passphrase.
  'mysecretpassword', 'my-secret-pw', 'correct horse battery staple',
]);

/**
 * Published documentation credentials that appear verbatim in real files: the Azure
 * Storage emulator (Azurite) account key. Built from parts so scanners skip this file.
 */
const DOCUMENTATION_EXAMPLES: ReadonlySet<string> = new Set([
  ['Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq', 'K1SZFPTOtr', 'KBHBeksoGMGw=='].join('/'),
]);

/** Is the value a credential published as a documentation example (AWS `…EXAMPLE…` keys included)? */
export function isDocumentationExample(value: string): boolean {
  return DOCUMENTATION_EXAMPLES.has(value) || /EXAMPLE/.test(value);
}

/** Values that spell out the kind of secret they stand for: `loggingsecretaccesskey`, `my_api_key`, `<client-secret>`. */
const DESCRIPTIVE = /accesskey|secretkey|apikey|privatekey|clientsecret|authtoken|accesstoken|apitoken/;

/** Substrings that mark a documentation example or a placeholder wherever they appear (case-insensitive). */
const PLACEHOLDER_SUBSTRING = /example|placeholder|redacted|changeme|changeit|dummy|xxxx|\*\*\*|\.\.\.|…|^\.\.|\.\*/i;
/** Placeholder words that must stand as a word of the value: `FAKE_KEY`, `foo-token`, `sample.pw`. */
const PLACEHOLDER_SEGMENT = /(?:^|[^A-Za-z])(?:fake|sample|foo|foobar|dummy|todo|fixme|tbd)(?:$|[^A-Za-z])/i;
/** `your-token`, `YOUR_KEY`, `yourPassword`, `<your…>`, `token-goes-here`, `replace_me`, `insert-key-here`, `override_this`. */
const PLACEHOLDER_PHRASE =
  /^your|(?:^|[-_ .])here$|^(?:replace|change|override|update|set)[-_ ]?(?:me|this|with)\b|^(?:enter|insert|put|paste|fill)[-_ ]/i;

/** A value already masked by `maskSecret`: at most 4 characters and an ellipsis. */
const MASKED = /^[^…]{0,4}…$/;

/** An absolute, home-relative or dot-relative file path: `/run/secrets/db`, `~/.ssh/id`, `./secret.txt`. */
const PATH_VALUE = /^(?:~|\.{1,2})?\/[\w.@%:,~-]*(?:\/[\w.@%:,~-]*)*$/;
/** A bare file name with an extension that names key or config material: `domain.key`, `secret1.txt`. */
const FILE_NAME_VALUE =
  /^[\w.-]+\.(?:txt|json|ya?ml|pem|key|crt|cer|der|csr|p12|pfx|jks|keystore|truststore|env|conf|cfg|ini|xml|properties|asc|gpg|pub|toml|secret|token|passwd|htpasswd)$/i;
/** A URL without userinfo (`https://vault.internal/v1`): the location of a secret, not one. */
const URL_WITHOUT_USERINFO = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s@]*$/;
/** The name of an environment variable or secret (`QUAY_BUILDER_TOKEN`, `ENV_SECRET`): a reference by name. */
const UPPER_SNAKE_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
/** The name of a secret object (`db-password`, `ghcr-auth`, `broker_keystore_creds`): lower-case words, one of them a secret word, no digits. */
const SECRET_OBJECT_NAME = /^[a-z]+(?:[-_:./][a-z]+)+$/;
const SECRET_OBJECT_WORD = /(?:^|[-_:./])(?:password|passwd|secret|secrets|token|creds|credentials|auth|key|apikey)(?:$|[-_:./])/;

/** Strips whitespace and one pair of matching surrounding quotes. */
export function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2) {
    const first = v[0];
    if ((first === '"' || first === "'" || first === '`') && v[v.length - 1] === first) return v.slice(1, -1).trim();
  }
  return v;
}

/** A reference to a value kept elsewhere: variables, expressions, templates. */
export function isReference(value: string): boolean {
  return (
    value.startsWith('$') ||
    value.startsWith('\\$') ||
    SHELL_REFERENCE.test(value) ||
    WINDOWS_REFERENCE.test(value) ||
    TEMPLATE_REFERENCE.test(value) ||
    INDIRECTION_PREFIX.test(value) ||
    (value.length > 1 && value.startsWith('`') && value.endsWith('`'))
  );
}

/** Placeholders and documentation examples (SPEC §3.1), plus values too uniform to be secrets. */
export function isPlaceholder(value: string): boolean {
  if (value.length <= 1) return true;
  if (value.startsWith('<') && value.endsWith('>')) return true;
  if (MASKED.test(value)) return true;
  const lower = value.toLowerCase();
  if (PLACEHOLDER_WORDS.has(lower)) return true;
  const core = trimNonAlphanumeric(lower);
  if (core === '' || PLACEHOLDER_WORDS.has(core)) return true;
  if (lower.startsWith('xxx')) return true;
  if (PLACEHOLDER_SUBSTRING.test(value) || PLACEHOLDER_SEGMENT.test(value) || PLACEHOLDER_PHRASE.test(value)) return true;
  if (DOCUMENTATION_EXAMPLES.has(value) || DESCRIPTIVE.test(lower.replace(/[^a-z]/g, ''))) return true;
  return distinctAlphanumerics(lower) <= 1 || longestAscendingRun(value) >= 10;
}

/** A file, URL or named secret that holds the value elsewhere. */
export function isIndirection(value: string): boolean {
  if (PATH_VALUE.test(value) && value.includes('/') && !looksLikeBase64Blob(value)) return true;
  if (FILE_NAME_VALUE.test(value)) return true;
  if (URL_WITHOUT_USERINFO.test(value)) return true;
  if (UPPER_SNAKE_NAME.test(value)) return true;
  return SECRET_OBJECT_NAME.test(value) && SECRET_OBJECT_WORD.test(value);
}

/**
 * SPEC §3.1 clean values: empty, references (`$X`, `${X}`, `${{ … }}`, `$(…)`, `%X%`),
 * placeholders and documentation examples. Also clean, because they cannot be secrets:
 * booleans and keywords (`true`, `none`, `inherit`), values with no letter or digit,
 * one repeated character (`0000-0000`), file paths and file names (`/run/secrets/x`,
 * `domain.key`), URLs without userinfo, the names of other variables or secrets
 * (`QUAY_BUILDER_TOKEN`, `db-password`), and text already masked by `maskSecret`.
 */
export function isCleanValue(value: string): boolean {
  const v = unquote(value);
  if (v === '') return true;
  return isReference(v) || isPlaceholder(v) || isIndirection(v);
}

/** `**null**` → `null` (by hand: a regex anchored at the end would be quadratic on long runs). */
function trimNonAlphanumeric(lower: string): string {
  const isAlnum = (ch: string): boolean => (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
  let s = 0;
  let e = lower.length;
  while (s < e && !isAlnum(lower[s]!)) s++;
  while (e > s && !isAlnum(lower[e - 1]!)) e--;
  return lower.slice(s, e);
}

/** Longest run of consecutive ascending characters (`abcdefghij`, `0123456789`): generated test data. */
function longestAscendingRun(value: string): number {
  let best = 1;
  let run = 1;
  for (let i = 1; i < value.length; i++) {
    run = value.charCodeAt(i) === value.charCodeAt(i - 1) + 1 ? run + 1 : 1;
    if (run > best) best = run;
  }
  return best;
}

/** Number of distinct letters and digits (case-insensitive). */
function distinctAlphanumerics(lower: string): number {
  const seen = new Set<string>();
  for (const ch of lower) if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) seen.add(ch);
  return seen.size;
}

/** 40+ characters of mixed-case base64 with digits: a key, not a path. */
function looksLikeBase64Blob(value: string): boolean {
  return value.length >= 40 && /^[A-Za-z0-9+/=]+$/.test(value) && /[A-Z]/.test(value) && /[a-z]/.test(value) && /[0-9]/.test(value);
}

/** Case-sensitive markers of a placeholder inside a token body (`ghp_xxxx…`, `…EXAMPLE`). */
const TOKEN_PLACEHOLDER = /example|EXAMPLE|Example|xxxx|XXXX|your|YOUR|dummy|DUMMY|placeholder|PLACEHOLDER|redacted|REDACTED|\*\*\*/;

/**
 * Is the random part of a prefixed token plausible? Rejects placeholders
 * (`xxxx`, `EXAMPLE`, `your…`), bodies with too few distinct characters and
 * keyboard sequences (`abcdef`, `123456`) that only documentation contains.
 */
export function isPlausibleTokenBody(body: string): boolean {
  if (TOKEN_PLACEHOLDER.test(body)) return false;
  const distinct = new Set(body).size;
  if (distinct < Math.min(10, Math.ceil(body.length / 3))) return false;
  let run = 1;
  for (let i = 1; i < body.length; i++) {
    run = body.charCodeAt(i) === body.charCodeAt(i - 1) + 1 ? run + 1 : 1;
    if (run >= 6) return false;
  }
  return true;
}

/** `abcdef…` hex of one of the given lengths, optionally several separated by spaces or commas (GPG key lists). */
export function isHexList(value: string, lengths: readonly number[]): boolean {
  const parts = value.split(/[\s,;]+/).filter((p) => p !== '');
  if (parts.length === 0) return false;
  return parts.every((p) => lengths.includes(p.length) && /^(?:0x)?[0-9A-Fa-f]+$/.test(p));
}

/** `sha256:…`, `sha512-…` (SRI), `md5:…`: a digest, whatever the encoding after the algorithm. */
export function isDigest(value: string): boolean {
  return /^(?:sha1|sha224|sha256|sha384|sha512|md5|blake2b|blake3)[-:][A-Za-z0-9+/=_-]{16,}$/i.test(value);
}
