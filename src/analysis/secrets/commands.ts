// Passwords written into URLs and command lines: `scheme://user:password@host`,
// connection strings, `curl -u user:pass`, `echo 'root:pw' | chpasswd`, `sshpass -p`,
// `mysql -pSECRET`. Scanning is by hand (indexOf and bounded forward/backward walks
// that never revisit a character) so it stays linear on hostile input.

import type { SecretMatch } from './types.js';
import { isCleanValue } from './values.js';

const SCHEME_CHAR = /[A-Za-z0-9+.-]/;
/** Characters that end a URL authority as written in shell, YAML, JSON or prose. */
const AUTHORITY_STOP = /[\s/?#"'`<>\\|;(),]/;
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~%${}-]+)(?::(?:[0-9]{1,5}|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?))?$/;
const DATABASE_SCHEMES: ReadonlySet<string> = new Set([
  'postgres', 'postgresql', 'mysql', 'mariadb', 'mongodb', 'mongodb+srv', 'redis', 'rediss', 'amqp', 'amqps',
  'mssql', 'sqlserver', 'oracle', 'cockroachdb', 'clickhouse', 'neo4j', 'bolt', 'couchdb', 'cassandra', 'memcached',
]);
/** Hosts reserved for documentation (RFC 2606): credentials there are examples. */
const DOCUMENTATION_HOST = /(?:^|\.)(?:example(?:\.com|\.org|\.net)?|invalid)$/i;

/**
 * Passwords in URL userinfo (`https://user:pass@host`, `postgres://u:p@db/app`). Not
 * matched: `git@github.com:org/repo` (no scheme), userinfo without a password
 * (`ssh://git@host`), references and placeholders (`https://${USER}:${PASS}@host`),
 * hosts reserved for documentation, and lookalikes whose "host" is not one
 * (`docker://img:1.0@sha256:…`, `reverse:https://host:443@8443`).
 */
export function findUrlPasswords(text: string): SecretMatch[] {
  const out: SecretMatch[] = [];
  let from = 0;
  for (let sep = text.indexOf('://', from); sep >= 0; sep = text.indexOf('://', from)) {
    from = sep + 3;
    let s = sep;
    while (s > 0 && SCHEME_CHAR.test(text[s - 1]!)) s--;
    if (s === sep || !/[A-Za-z]/.test(text[s]!)) continue;
    let e = sep + 3;
    while (e < text.length && !AUTHORITY_STOP.test(text[e]!)) e++;
    from = Math.max(from, e);
    const authority = text.slice(sep + 3, e);
    const at = authority.lastIndexOf('@');
    const colon = authority.indexOf(':');
    if (at < 0 || colon < 0 || colon > at) continue;
    const host = authority.slice(at + 1);
    const hostName = host.replace(/:[^:]*$/, '');
    if (!HOST.test(host) || !/[A-Za-z$]/.test(hostName) || DOCUMENTATION_HOST.test(hostName)) continue;
    const password = authority.slice(colon + 1, at);
    if (isCleanValue(password)) continue;
    const start = sep + 3 + colon + 1;
    const scheme = text.slice(s, sep).toLowerCase();
    const database = DATABASE_SCHEMES.has(scheme);
    out.push({
      kind: database ? `password in ${scheme} connection string` : 'password in URL',
      detector: database ? 'connection-string-password' : 'url-password',
      start,
      end: start + password.length,
      value: password,
    });
  }
  return out;
}

/** Where the simple command starting at `from` ends: `;`, `&`, `|`, or a newline that is not continued. */
function commandEnd(text: string, from: number): number {
  let i = from;
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === ';' || ch === '&' || ch === '|') break;
    if (ch === '\n' && text[i - 1] !== '\\') break;
  }
  return i;
}

interface CommandRule {
  /** Prefilter: the text must contain one of these. */
  keywords: readonly string[];
  /** The command word, matched as a whole word. */
  command: RegExp;
  /** Run on the command's own text; group `pw` is the password. */
  argument: RegExp;
  kind: string;
  detector: string;
}

const COMMAND_RULES: readonly CommandRule[] = [
  {
    keywords: ['curl'],
    command: /(?<![\w.-])curl(?![\w.-])/g,
    argument: /(?<![\w-])(?:-u[ \t]*|--user(?:[ \t]+|=))(["']?)[^\s"':]*:(?<pw>[^\s"']*)\1/dg,
    kind: 'password in curl --user',
    detector: 'curl-user-password',
  },
  {
    keywords: ['sshpass'],
    command: /(?<![\w.-])sshpass(?![\w.-])/g,
    argument: /(?<![\w-])-p[ \t]*(["']?)(?<pw>[^\s"'-][^\s"']*)\1/dg,
    kind: 'password in sshpass -p',
    detector: 'sshpass-password',
  },
  {
    // `-p` glued to its value is the password; `-p name` is a database name.
    keywords: ['mysql', 'mariadb'],
    command: /(?<![\w.-])(?:mysql|mysqladmin|mysqldump|mariadb|mariadb-dump)(?![\w.-])/g,
    argument: /(?<![\w-])-p(["']?)(?<pw>[^\s"'-][^\s"']*)\1/dg,
    kind: 'password in mysql -p',
    detector: 'mysql-password',
  },
];

/** Literal passwords in one-line patterns: `.netrc` entries, `openssl … -passout pass:…`, `htpasswd -b file user pw`. */
const LINE_PATTERNS: ReadonlyArray<{ keyword: string; pattern: RegExp; kind: string; detector: string; flags?: string }> = [
  {
    keyword: 'machine',
    pattern: /(?<![\w-])machine[ \t]{1,10}\S{1,255}[ \t]{1,10}login[ \t]{1,10}\S{1,255}[ \t]{1,10}password[ \t]{1,10}(["']?)(?<pw>[^\s"']{1,256})\1/dg,
    kind: 'password in a .netrc entry',
    detector: 'netrc-password',
  },
  {
    keyword: 'pass:',
    pattern: /(?<![\w-])-(?:pass|passin|passout|password|srcpass|destpass)[ \t]{1,10}(["']?)pass:(?<pw>[^\s"']{1,256})\1/dg,
    kind: 'password in openssl pass:',
    detector: 'openssl-password',
  },
  {
    keyword: 'htpasswd',
    // Batch mode (`-b`) takes the password as the last argument: `htpasswd -bc file user password`.
    pattern:
      /(?<![\w.-])htpasswd(?<flags>(?:[ \t]{1,10}-[a-zA-Z]{1,6}){1,4})[ \t]{1,10}[^\s-]\S{0,255}[ \t]{1,10}\S{1,255}[ \t]{1,10}(["']?)(?<pw>[^\s"'&|;]{1,256})\2/dg,
    kind: 'password in htpasswd -b',
    detector: 'htpasswd-password',
    flags: 'b',
  },
];

/** `echo 'user:password' | chpasswd`, `echo "pw" | passwd --stdin user`. */
const CHPASSWD =
  /(?<![\w-])(?:echo|printf)(?:[ \t]{1,10}-[a-z]{1,5}){0,3}[ \t]{1,10}(["']?)[\w.-]{1,64}:(?<pw>[^\s"':]{1,256})\1[ \t]{0,10}\|[ \t]{0,10}(?:sudo[ \t]{1,10})?chpasswd/dg;
const PASSWD_STDIN =
  /(?<![\w-])(?:echo|printf)(?:[ \t]{1,10}-[a-z]{1,5}){0,3}[ \t]{1,10}(["']?)(?<pw>[^\s"'|]{1,256})\1[ \t]{0,10}\|[ \t]{0,10}(?:sudo[ \t]{1,10})?passwd[ \t]{1,10}--stdin/dg;

function pushGroup(m: RegExpExecArray, offset: number, kind: string, detector: string, out: SecretMatch[]): void {
  const value = m.groups?.pw;
  const span = m.indices?.groups?.pw;
  if (value === undefined || !span || isCleanValue(value)) return;
  out.push({ kind, detector, start: offset + span[0], end: offset + span[1], value });
}

function containsAny(text: string, keywords: readonly string[]): boolean {
  for (const keyword of keywords) if (text.includes(keyword)) return true;
  return false;
}

/** Every keyword below (`passwd` for chpasswd and passwd): a text with none of them has no command password. */
const ANY_KEYWORD = new RegExp(
  [...COMMAND_RULES.flatMap((r) => r.keywords), ...LINE_PATTERNS.map((p) => p.keyword), 'passwd'].map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
);

/** Passwords given to commands on their command line. */
export function findCommandPasswords(text: string): SecretMatch[] {
  if (!ANY_KEYWORD.test(text)) return [];
  const out: SecretMatch[] = [];
  for (const rule of COMMAND_RULES) {
    if (!containsAny(text, rule.keywords)) continue;
    const word = rule.command;
    word.lastIndex = 0;
    for (let m = word.exec(text); m !== null; m = word.exec(text)) {
      const start = m.index + m[0].length;
      const end = commandEnd(text, start);
      const segment = text.slice(start, end);
      rule.argument.lastIndex = 0;
      for (let a = rule.argument.exec(segment); a !== null; a = rule.argument.exec(segment)) {
        pushGroup(a, start, rule.kind, rule.detector, out);
      }
      word.lastIndex = Math.max(word.lastIndex, end);
    }
  }
  for (const { keyword, pattern, kind, detector, flags } of LINE_PATTERNS) {
    if (!text.includes(keyword)) continue;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      if (flags && !m.groups?.flags?.includes(flags)) continue;
      pushGroup(m, 0, kind, detector, out);
    }
  }
  if (text.includes('passwd')) {
    for (const [pattern, kind, detector] of [
      [CHPASSWD, 'password set with chpasswd', 'chpasswd-password'],
      [PASSWD_STDIN, 'password set with passwd --stdin', 'chpasswd-password'],
    ] as const) {
      pattern.lastIndex = 0;
      for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) pushGroup(m, 0, kind, detector, out);
    }
  }
  return out;
}
