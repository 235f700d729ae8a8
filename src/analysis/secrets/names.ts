// Is a variable, key or flag name one that holds a secret? Names are split into words
// (snake_case, kebab-case, dotted, camelCase: `_authToken` → auth, token) and judged
// word by word, so `DB_PASSWORD`, `apiKey`, `SecretAccessKey` and `PGPASSWORD` are
// secret names while `PWD`, `GPG_KEY`, `PASSWORD_FILE`, `TOKEN_URL` and `MAX_TOKENS`
// are not (SPEC §3.1 "names that are not secrets").

export interface SecretName {
  /** Human name of what such a name holds: 'password', 'API key', 'token', … */
  kind: string;
  /** Only `auth`/`authorization` made it secret (`REGISTRY_AUTH=htpasswd` names a method): judge the value by its shape. */
  weak: boolean;
  words: readonly string[];
}

/** Words that, after the secret word, make the name about the secret rather than the secret itself. */
const NOT_THE_SECRET: ReadonlySet<string> = new Set([
  // SPEC §3.1.
  'file', 'path', 'length', 'policy', 'url', 'user', 'username',
  // Where the secret lives or how it is referred to.
  'files', 'filename', 'paths', 'dir', 'directory', 'folder', 'location', 'uri', 'endpoint', 'host', 'hostname', 'port',
  'name', 'names', 'id', 'ids', 'arn', 'ref', 'refs', 'env', 'envs', 'var', 'vars', 'variable', 'variables', 'store', 'backend', 'manager', 'source',
  'provider', 'helper', 'helpers', 'config', 'mount', 'volume', 'namespace', 'stdin', 'prompt', 'command', 'cmd',
  'script', 'email', 'login', 'realm', 'role', 'scope', 'scopes', 'audience', 'issuer',
  // Its shape and lifecycle.
  'type', 'kind', 'mode', 'method', 'scheme', 'format', 'algorithm', 'alg', 'algo', 'encoding', 'header', 'field',
  'param', 'parameter', 'prefix', 'suffix', 'pattern', 'regex', 'len', 'bits', 'size', 'count', 'limit', 'retries',
  'strength', 'complexity', 'ttl', 'expiry', 'expires', 'expire', 'expiration', 'lifetime', 'timeout', 'age',
  'interval', 'duration', 'rotation', 'reset', 'version', 'level', 'status', 'state', 'result',
  // Switches and prose.
  'enabled', 'enable', 'disabled', 'disable', 'required', 'require', 'optional', 'allowed', 'allow', 'exists',
  'provided', 'label', 'title', 'description', 'desc', 'help', 'hint', 'message', 'msg', 'text', 'usage', 'summary',
  // Digests of the secret (`ROOT_PASSWORD_SHA2`, `TOKEN_HASH`).
  'sha', 'sha1', 'sha2', 'sha256', 'sha512', 'md5', 'hash', 'hashed', 'digest', 'checksum', 'sum', 'fingerprint',
]);

/** SPEC `*_MIN*`, `*_MAX*`, `*_LENGTH`: anywhere in the name. */
const BOUNDS: ReadonlySet<string> = new Set(['min', 'max', 'minimum', 'maximum', 'length']);

/** Words before `key` that make it a secret key (`API_KEY`, `SSH_KEY`); `GPG_KEY`, `CACHE_KEY`, `PUBLIC_KEY` are not. */
const KEY_QUALIFIERS: ReadonlySet<string> = new Set([
  'api', 'access', 'private', 'secret', 'ssh', 'signing', 'sign', 'encryption', 'encrypt', 'crypt', 'crypto', 'cipher',
  'aes', 'rsa', 'master', 'account', 'storage', 'client', 'app', 'application', 'session', 'shared', 'hmac', 'jwt',
  'auth', 'deploy', 'sas', 'subscription', 'service', 'admin', 'cosign', 'tls', 'ssl',
]);

/** Words that end in `pass` without meaning a password. */
const NOT_PASS: ReadonlySet<string> = new Set(['bypass', 'compass', 'encompass', 'surpass', 'overpass', 'underpass', 'trespass']);
/** Words that contain a secret word without meaning one. */
const NOT_SECRET_WORDS: ReadonlySet<string> = new Set(['nopasswd', 'nopassword', 'secretary', 'oldpwd']);

const CONTAINED = ['password', 'passwd', 'passphrase', 'secret', 'credential'] as const;

/** Splits a name into lower-case words: `SecretAccessKey` → secret, access, key; `DB_PASSWORD2` → db, password. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .map((w) => (/^[a-z]+[0-9]+$/.test(w) && !/^(?:sha|md)[0-9]+$/.test(w) ? w.replace(/[0-9]+$/, '') : w))
    .filter((w) => w !== '');
}

interface WordRole {
  kind: string;
  weak?: boolean;
  /** The word itself ends in a qualifier (`secretfile`, `passwordlength`). */
  qualified?: boolean;
}

function roleOf(word: string, previous: string | undefined, soleWord: boolean): WordRole | null {
  if (NOT_SECRET_WORDS.has(word)) return null;
  for (const stem of CONTAINED) {
    const at = word.indexOf(stem);
    if (at < 0) continue;
    const rest = word.slice(at + stem.length);
    const qualified = rest !== '' && (NOT_THE_SECRET.has(rest) || BOUNDS.has(rest));
    if (rest !== '' && !qualified && rest !== 's' && !(stem === 'secret' && rest === 'key')) continue;
    return { kind: stemKind(stem, word), qualified };
  }
  if (word === 'token' || (word.endsWith('token') && word.length > 5)) return { kind: 'token' };
  if (word === 'pat' && !soleWord) return { kind: 'token' };
  if (word === 'creds' || word === 'cred') return { kind: 'credentials' };
  if (word === 'pass' || (word.endsWith('pass') && !NOT_PASS.has(word))) return { kind: 'password' };
  if ((word === 'pwd' && !soleWord) || (word.endsWith('pwd') && word.length > 3)) return { kind: 'password' };
  if (word === 'apikey') return { kind: 'API key' };
  if (word === 'privatekey' || word.endsWith('privkey')) return { kind: 'private key' };
  if (word === 'accesskey' || word === 'masterkey' || word === 'authkey' || word === 'signingkey' || word === 'encryptionkey') {
    return { kind: word.replace(/key$/, ' key') };
  }
  if (word === 'key' && previous !== undefined && KEY_QUALIFIERS.has(previous)) {
    return { kind: previous === 'api' ? 'API key' : `${previous} key` };
  }
  if (word === 'auth') return { kind: 'auth credentials', weak: true };
  if (word === 'authorization') return { kind: 'authorization header', weak: true };
  return null;
}

function stemKind(stem: (typeof CONTAINED)[number], word: string): string {
  if (stem === 'password' || stem === 'passwd') return 'password';
  if (stem === 'passphrase') return 'passphrase';
  if (stem === 'credential') return 'credentials';
  return word.startsWith('secretkey') ? 'secret key' : 'secret';
}

/** Names judged so far: the same few hundred names (`GITHUB_TOKEN`, `node-version`) recur in every file of a run. */
const judgedNames = new Map<string, SecretName | null>();
const MAX_JUDGED_NAMES = 4096;

/** What a secret name holds, or null when the name is not a secret name. The result is shared: read it, never change it. */
export function classifySecretName(name: string): SecretName | null {
  let judged = judgedNames.get(name);
  if (judged === undefined) {
    if (judgedNames.size >= MAX_JUDGED_NAMES) judgedNames.clear();
    judged = judgeName(name);
    judgedNames.set(name, judged);
  }
  return judged;
}

function judgeName(name: string): SecretName | null {
  if (name.length > 256) return null;
  const words = nameWords(name);
  if (words.some((w) => BOUNDS.has(w))) return null;
  let last = -1;
  let role: WordRole | null = null;
  let strong: WordRole | null = null;
  for (let i = 0; i < words.length; i++) {
    const r = roleOf(words[i]!, words[i - 1], words.length === 1);
    if (!r) continue;
    last = i;
    role = r;
    if (!r.weak) strong ??= r;
  }
  if (!role || role.qualified) return null;
  if (words.slice(last + 1).some((w) => NOT_THE_SECRET.has(w))) return null;
  // `pull` + `secret` names a Kubernetes object (`imagePullSecrets`, `--image-pull-secret`).
  if (words.includes('pull') && words.some((w) => w.startsWith('secret'))) return null;
  const chosen = pickKind(words, role.weak ? (strong ?? role) : role);
  return Object.freeze({ kind: chosen, weak: strong === null, words: Object.freeze(words) });
}

/** The most telling kind: a password beats a secret, `client secret` and `secret access key` read better than `secret`. */
function pickKind(words: readonly string[], role: WordRole): string {
  const has = (w: string): boolean => words.includes(w);
  if (words.some((w) => roleOf(w, undefined, false)?.kind === 'password')) return 'password';
  if (has('client') && has('secret')) return 'client secret';
  if (has('secret') && has('access') && has('key')) return 'secret access key';
  if ((has('private') && has('key')) || has('privatekey')) return 'private key';
  if ((has('api') && has('key')) || has('apikey')) return 'API key';
  return role.kind;
}

/**
 * Does the name hold a secret? PASSWORD, PASSWD, PASSPHRASE, SECRET, TOKEN, API_KEY,
 * APIKEY, ACCESS_KEY, PRIVATE_KEY, CREDENTIALS, CREDS, AUTH (as a word), `*_PASS`,
 * `*_PWD` (but not `PWD`/`OLDPWD`, the working directory) in any case and in snake,
 * kebab, dotted or camel form — unless a later word says it is about the secret
 * (`*_FILE`, `*_PATH`, `*_URL`, `*_USER`, `*_NAME`, `*_ID`, `*_TYPE`, `*_SHA256`, …) or
 * the name holds `MIN`, `MAX` or `LENGTH`.
 */
export function isSecretName(name: string): boolean {
  return classifySecretName(name) !== null;
}

/**
 * SPEC §3.1: names under which hex of checksum length is a checksum, digest, fingerprint
 * or key id — SHA, SUM, HASH, DIGEST, FINGERPRINT, GPG, KEY_ID, KEYID; also PGP and
 * SIGNING (`TINI_SIGNING_KEY` holds the signer's fingerprint).
 */
export function isChecksumName(name: string): boolean {
  const upper = name.toUpperCase();
  return /SHA|SUM|HASH|DIGEST|FINGERPRINT|GPG|PGP|SIGNING|KEY_?ID/.test(upper);
}
