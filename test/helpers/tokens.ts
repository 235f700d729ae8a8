// Format-valid credentials generated at test time. No token-shaped literal is ever
// committed: every prefix is split ('gh' + 'p_') and every body is random, so secret
// scanners stay off the repository and each run exercises fresh values.

import { randomInt } from 'node:crypto';

export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const DIGITS = '0123456789';
export const BASE62 = UPPER + LOWER + DIGITS;
export const BASE64 = BASE62 + '+/';
export const BASE64URL = BASE62 + '-_';
export const BASE32 = UPPER + '234567';
export const HEX = '0123456789abcdef';

/** Bodies a detector would rightly take for a placeholder; random output that happens to contain one is drawn again. */
const PLACEHOLDER_LOOKING = /^xxx|here$|foo|todo|fixme|tbd|example|xxxx|your|dummy|fake|sample|placeholder|redacted|changeme|changeit|\*\*\*|\.\.\.|accesskey|secretkey|apikey|privatekey|clientsecret|authtoken|accesstoken|apitoken/i;

function ascendingRun(s: string): number {
  let best = 1;
  let run = 1;
  for (let i = 1; i < s.length; i++) {
    run = s.charCodeAt(i) === s.charCodeAt(i - 1) + 1 ? run + 1 : 1;
    best = Math.max(best, run);
  }
  return best;
}

/** `length` random characters of `alphabet` that look random: no placeholder words, no keyboard runs, enough variety. */
export function random(length: number, alphabet: string = BASE62): string {
  for (;;) {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
    if (PLACEHOLDER_LOOKING.test(out) || ascendingRun(out) >= 5) continue;
    if (new Set(out).size < Math.min(10, Math.ceil(length / 3), alphabet.length)) continue;
    return out;
  }
}

/** Random characters with at least one upper-case letter, one lower-case letter and one digit. */
export function mixed(length: number, alphabet: string = BASE62): string {
  for (;;) {
    const out = random(length, alphabet);
    if (/[A-Z]/.test(out) && /[a-z]/.test(out) && (!/[0-9]/.test(alphabet) || /[0-9]/.test(out))) return out;
  }
}

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export const tokens = {
  dockerHubPat: (): string => 'dckr' + '_pat_' + random(27, BASE64URL.replace(/[-_]/g, '')),
  github: (letter: 'p' | 'o' | 'u' | 's' | 'r'): string => 'gh' + letter + '_' + random(36),
  githubFineGrained: (): string => 'github' + '_pat_' + random(22) + '_' + random(59),
  gitlab: (prefix: 'pat' | 'dt' | 'rt' | 'cbt'): string => 'gl' + prefix + '-' + random(20),
  gitlabRoutable: (): string => 'gl' + 'pat-' + random(40) + '.' + random(9, LOWER + DIGITS),
  npm: (): string => 'np' + 'm_' + random(36),
  uuid: (): string => [8, 4, 4, 4, 12].map((n) => random(n, HEX)).join('-'),
  awsKeyId: (prefix: 'AKIA' | 'ASIA' = 'AKIA'): string => prefix.slice(0, 2) + prefix.slice(2) + random(16, BASE32),
  awsSecret: (): string => mixed(40, BASE64),
  gcpApiKey: (): string => 'AI' + 'za' + random(35, BASE64URL),
  azureClientSecret: (): string => random(3, BASE62) + String(randomInt(10)) + 'Q' + '~' + random(34, BASE62 + '_~.-'),
  azureStorageKey: (): string => mixed(86, BASE64) + '==',
  azureAcrPassword: (): string => mixed(42, BASE64) + '+' + 'ACR' + 'ABCD'[randomInt(4)] + random(5, BASE62),
  slack: (letter: 'b' | 'p'): string => 'xo' + 'x' + letter + '-' + random(11, DIGITS) + '-' + random(12, DIGITS) + '-' + random(24),
  slackWebhook: (): string => 'https://hooks.slack.com/services/' + 'T' + random(8, UPPER + DIGITS) + '/B' + random(8, UPPER + DIGITS) + '/' + random(24),
  stripe: (prefix: 'sk_live' | 'rk_live' | 'sk_test'): string => prefix.slice(0, 3) + prefix.slice(3) + '_' + random(24),
  pypi: (): string => 'py' + 'pi-' + 'AgEIcHlwaS5vcmc' + random(60, BASE64URL),
  huggingFace: (): string => 'h' + 'f_' + mixed(34, UPPER + LOWER),
  vault: (): string => 'hv' + 's.' + random(90, BASE64URL),
  artifactory: (): string => 'AK' + 'Cp' + random(69),
  jwt: (): string =>
    b64url({ alg: 'HS256', typ: 'JWT' }) + '.' + b64url({ sub: random(12), iat: randomInt(1_000_000_000, 2_000_000_000) }) + '.' + random(43, BASE64URL),
  /** A PEM block with a random body; `\n` line breaks unless `newline` says otherwise (`'\\n'` for JSON). */
  pem: (label: string, newline = '\n'): string => {
    const lines = Array.from({ length: 8 }, () => random(64, BASE64));
    return [`-----BEGIN ${label}-----`, ...lines, `-----END ${label}-----`].join(newline);
  },
  /** The base64 `auth` of a docker config.json entry. */
  dockerAuth: (user: string, password: string): string => Buffer.from(`${user}:${password}`).toString('base64'),
  password: (): string => mixed(14, BASE62 + '!@#%^*'),
};
