// Known credential formats, found anywhere in free text. Each detector has keywords
// that must appear before its regex runs (cheap `includes` prefilter), a regex that
// is linear-time (bounded or boundary-anchored quantifiers, no nested repetition),
// and a validation of the random part so documentation examples and placeholders
// (`AKIA…EXAMPLE`, `ghp_xxxx…`) are not findings.

import type { SecretMatch } from './types.js';
import { isCleanValue, isDocumentationExample, isPlausibleTokenBody } from './values.js';

interface PatternDetector {
  id: string;
  kind: string | ((value: string, match: string) => string);
  /** At least one must occur in the text (case-sensitive) for the regex to run; none: always run. */
  keywords?: readonly string[];
  /** Global, with `d` when the secret is capture group 1. */
  pattern: RegExp;
  /** The random part to check for plausibility (default: the whole value). */
  body?: (value: string) => string;
  /** Extra acceptance test on the value (after the plausibility check). */
  validate?: (value: string) => boolean;
  /** Skip the plausibility check (the format is self-validating). */
  exact?: boolean;
}

const GITHUB_KINDS: Record<string, [string, string]> = {
  p: ['github-pat', 'GitHub personal access token'],
  o: ['github-oauth-token', 'GitHub OAuth access token'],
  u: ['github-app-token', 'GitHub user-to-server token'],
  s: ['github-app-token', 'GitHub server-to-server token'],
  r: ['github-refresh-token', 'GitHub refresh token'],
};

const GITLAB_KINDS: Record<string, string> = {
  pat: 'GitLab personal access token',
  dt: 'GitLab deploy token',
  rt: 'GitLab runner authentication token',
  rtr: 'GitLab runner registration token',
  cbt: 'GitLab CI job token',
  ptt: 'GitLab pipeline trigger token',
  ft: 'GitLab feed token',
  imt: 'GitLab incoming mail token',
  oas: 'GitLab OAuth application secret',
  soat: 'GitLab service account token',
  agent: 'GitLab agent token',
  wt: 'GitLab workspace token',
  ffct: 'GitLab feature flags client token',
};

const SLACK_KINDS: Record<string, string> = {
  b: 'Slack bot token',
  p: 'Slack user token',
  a: 'Slack app token',
  r: 'Slack refresh token',
  s: 'Slack session token',
  o: 'Slack token',
  e: 'Slack token',
};

const AWS_ID_KINDS: Record<string, string> = {
  AKIA: 'AWS access key ID',
  ABIA: 'AWS access key ID',
  ACCA: 'AWS access key ID',
  ASIA: 'AWS temporary access key ID',
};

/** Stripe's published documentation keys (built from parts so scanners do not flag this file). */
const STRIPE_DOC_KEYS: ReadonlySet<string> = new Set([
  ['sk', 'test', '4eC39HqLyjWDarjtT1zdp7dc'].join('_'),
  ['sk', 'test', 'BQokikJOvBiI2HlWgH4olfQ2'].join('_'),
]);

const afterFirst = (sep: string) => (value: string): string => value.slice(value.indexOf(sep) + sep.length);

/**
 * The shortest text any detector here can match: a JWT (`eyJ` + 4 + `.` + 4 + `.`). The
 * others need more (`_auth=` + 8 characters, an AWS key id's 20, a Docker Hub token's 33,
 * `"auth":"` + 6 + `"`, PEM and service-account blocks far more); shorter texts — most
 * values of a pipeline — are not scanned. A new detector must keep to this or lower it.
 */
const MIN_TOKEN_TEXT = 13;

const DETECTORS: readonly PatternDetector[] = [
  {
    id: 'docker-hub-pat',
    kind: (v) => (v.startsWith('dckr_oat_') ? 'Docker Hub organization access token' : 'Docker Hub personal access token'),
    keywords: ['dckr_'],
    pattern: /(?<![A-Za-z0-9_-])dckr_(?:pat|oat)_[A-Za-z0-9_-]{24,}(?![A-Za-z0-9_-])/g,
    body: (v) => v.slice(9),
  },
  {
    id: 'github-fine-grained-pat',
    kind: 'GitHub fine-grained personal access token',
    keywords: ['github_pat_'],
    pattern: /(?<![A-Za-z0-9_])github_pat_[0-9A-Za-z]{22}_[0-9A-Za-z]{59}(?![A-Za-z0-9_])/g,
    body: (v) => v.slice(11),
  },
  {
    // Current format: 36 base62 characters (30 random + 6 checksum); GitHub reserves
    // the right to lengthen them, and some server-to-server tokens are longer.
    id: 'github-token',
    kind: (v) => GITHUB_KINDS[v[2]!]![1],
    keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    pattern: /(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,251}(?![A-Za-z0-9_])/g,
    body: (v) => v.slice(4),
  },
  {
    id: 'gitlab-token',
    kind: (v) => GITLAB_KINDS[v.slice(2, v.indexOf('-'))] ?? 'GitLab token',
    keywords: ['gl'],
    // Legacy: prefix + 20 characters; routable: prefix + payload + `.` + version/CRC;
    // CI job tokens may carry a JWT (dotted).
    pattern:
      /(?<![A-Za-z0-9_-])gl(?:pat|dt|rtr|rt|cbt|ptt|ft|imt|oas|soat|agent|wt|ffct)-[0-9A-Za-z_-]{20,}(?:\.[0-9A-Za-z_-]+){0,2}(?![0-9A-Za-z_-])/g,
    body: afterFirst('-'),
  },
  {
    id: 'gitlab-token',
    kind: 'GitLab runner registration token',
    keywords: ['GR1348941'],
    pattern: /(?<![A-Za-z0-9_-])GR1348941[0-9A-Za-z_-]{20}(?![0-9A-Za-z_-])/g,
    body: (v) => v.slice(9),
  },
  {
    id: 'npm-token',
    kind: 'npm access token',
    keywords: ['npm_'],
    pattern: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g,
    body: (v) => v.slice(4),
  },
  {
    // Legacy .npmrc credentials: `//registry/:_authToken=…`, `_auth=<base64>`, `_password=<base64>`.
    id: 'npm-auth-token',
    kind: (_v, match) => (match.startsWith('_password') ? 'npm registry password' : 'npm auth token'),
    keywords: ['_auth', '_password'],
    pattern: /(?<![A-Za-z0-9])_(?:authToken|auth|password)[ \t]{0,5}=[ \t]{0,5}["']?([^\s"'`\\;,]{8,})/dg,
    validate: (v) => !isCleanValue(v),
    exact: true,
  },
  {
    id: 'aws-access-key-id',
    kind: (v) => AWS_ID_KINDS[v.slice(0, 4)] ?? 'AWS IAM unique ID',
    keywords: ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'AGPA', 'AIDA', 'AIPA', 'ANPA', 'ANVA', 'APKA', 'AROA', 'ASCA'],
    pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA|ASCA)[A-Z2-7]{16}(?![A-Za-z0-9])/g,
    body: (v) => v.slice(4),
  },
  {
    // By context: a 40-character base64 value right after an AWS secret key name
    // (`AWS_SECRET_ACCESS_KEY=…`, `"SecretAccessKey": "…"`, `aws configure set aws_secret_access_key …`).
    id: 'aws-secret-key',
    kind: 'AWS secret access key',
    keywords: ['ecret', 'ECRET'],
    pattern:
      /(?<![A-Za-z0-9])(?:aws_?secret_?(?:access_?)?key|secret_?access_?key)\\?["']?(?:[ \t]{0,20}(?::|=>?)[ \t]{0,20}|[ \t]{1,20})\\?["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/dgi,
    validate: (v) => /[A-Z]/.test(v) && /[a-z]/.test(v) && /[0-9]/.test(v),
  },
  {
    id: 'gcp-api-key',
    kind: 'Google API key',
    keywords: ['AIza'],
    pattern: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g,
    body: (v) => v.slice(4),
  },
  {
    id: 'gcp-oauth-client-secret',
    kind: 'Google OAuth client secret',
    keywords: ['GOCSPX-'],
    pattern: /(?<![A-Za-z0-9_-])GOCSPX-[A-Za-z0-9_-]{28}(?![A-Za-z0-9_-])/g,
    body: (v) => v.slice(7),
  },
  {
    // Microsoft Entra (Azure AD) client secrets since 2021: 3 chars, a version digit, `Q~`.
    id: 'azure-client-secret',
    kind: 'Azure client secret',
    keywords: ['Q~'],
    pattern: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/g,
    body: (v) => v.slice(6),
  },
  {
    id: 'azure-storage-key',
    kind: 'Azure storage account key',
    keywords: ['AccountKey'],
    pattern: /AccountKey[ \t]{0,5}=[ \t]{0,5}([A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])/dg,
    validate: (v) => !isDocumentationExample(v),
  },
  {
    id: 'azure-storage-key',
    kind: 'Azure storage account key',
    keywords: ['+ASt'],
    pattern: /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{76}\+ASt[A-Za-z0-9+/]{5}[AQgw]==(?![A-Za-z0-9+/=])/g,
  },
  {
    id: 'azure-shared-access-key',
    kind: 'Azure shared access key',
    keywords: ['SharedAccessKey'],
    pattern: /SharedAccessKey[ \t]{0,5}=[ \t]{0,5}([A-Za-z0-9+/]{43}=)(?![A-Za-z0-9+/=])/dg,
  },
  {
    id: 'azure-acr-password',
    kind: 'Azure Container Registry password',
    keywords: ['+ACR'],
    pattern: /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{42}\+ACR[A-D][A-Za-z0-9+/]{5}(?![A-Za-z0-9+/=])/g,
  },
  {
    id: 'slack-token',
    kind: (v) => SLACK_KINDS[v[3]!] ?? 'Slack token',
    keywords: ['xox'],
    pattern: /(?<![A-Za-z0-9_-])xox[abposre]-[0-9]{6,}-[0-9A-Za-z-]{8,}(?![0-9A-Za-z_-])/g,
    body: (v) => v.slice(v.lastIndexOf('-') + 1) || v,
  },
  {
    id: 'slack-webhook',
    kind: 'Slack webhook URL',
    keywords: ['hooks.slack.com'],
    pattern: /https?:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/T[A-Z0-9]{6,}(?:\/[A-Za-z0-9]+){2,3}/g,
    body: (v) => v.slice(v.lastIndexOf('/') + 1),
    validate: (v) => v.length - v.lastIndexOf('/') - 1 >= 20,
  },
  {
    // Test-mode keys are reported too: they open the account's test data and its
    // webhooks; only Stripe's published documentation keys are clean.
    id: 'stripe-key',
    kind: (v) => `Stripe ${v.includes('_test_') ? 'test ' : ''}${v.startsWith('rk') ? 'restricted' : 'secret'} key`,
    keywords: ['k_live_', 'k_test_'],
    pattern: /(?<![A-Za-z0-9_])[sr]k_(?:live|test)_[0-9A-Za-z]{20,247}(?![A-Za-z0-9_])/g,
    body: (v) => v.slice(8),
    validate: (v) => !STRIPE_DOC_KEYS.has(v),
  },
  {
    id: 'pypi-token',
    kind: 'PyPI API token',
    keywords: ['pypi-AgE'],
    pattern: /(?<![A-Za-z0-9_-])pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,}(?![A-Za-z0-9_-])/g,
    body: (v) => v.slice(24),
  },
  {
    id: 'huggingface-token',
    kind: 'Hugging Face access token',
    keywords: ['hf_'],
    pattern: /(?<![A-Za-z0-9_])hf_[A-Za-z0-9]{34,}(?![A-Za-z0-9_])/g,
    body: (v) => v.slice(3),
    validate: (v) => /[A-Z]/.test(v.slice(3)) && /[a-z]/.test(v.slice(3)),
  },
  {
    id: 'vault-token',
    kind: (v) => (v[2] === 'b' ? 'HashiCorp Vault batch token' : v[2] === 'r' ? 'HashiCorp Vault recovery token' : 'HashiCorp Vault token'),
    keywords: ['hvs.', 'hvb.', 'hvr.'],
    pattern: /(?<![A-Za-z0-9_.-])hv[sbr]\.[A-Za-z0-9_-]{24,}(?![A-Za-z0-9_-])/g,
    body: (v) => v.slice(4),
  },
  {
    id: 'artifactory-api-key',
    kind: 'JFrog Artifactory API key',
    keywords: ['AKCp'],
    pattern: /(?<![A-Za-z0-9])AKCp[A-Za-z0-9]{69,}(?![A-Za-z0-9])/g,
    body: (v) => v.slice(4),
  },
  {
    id: 'jwt',
    kind: 'JSON Web Token',
    keywords: ['eyJ'],
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*(?![A-Za-z0-9_-])/g,
    exact: true,
    validate: isJwt,
  },
];

function decodeJson(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** A JWS whose header decodes to JSON with `alg` and whose payload is a JSON object (jwt.io's sample is clean). */
function isJwt(value: string): boolean {
  const [header, payload] = value.split('.');
  const h = decodeJson(header ?? '');
  if (typeof h !== 'object' || h === null || typeof (h as { alg?: unknown }).alg !== 'string') return false;
  const p = decodeJson(payload ?? '');
  if (typeof p !== 'object' || p === null) return false;
  return (p as { name?: unknown }).name !== 'John Doe';
}

/** Every detector keyword: a text with none of them needs only the detectors without keywords. */
const ANY_KEYWORD = new RegExp(
  [...new Set(DETECTORS.flatMap((d) => d.keywords ?? []))].map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
);

function hasKeyword(text: string, keywords: readonly string[]): boolean {
  for (const keyword of keywords) if (text.includes(keyword)) return true;
  return false;
}

function runPatterns(text: string, out: SecretMatch[]): void {
  const anyKeyword = ANY_KEYWORD.test(text);
  for (const detector of DETECTORS) {
    if (detector.keywords && !(anyKeyword && hasKeyword(text, detector.keywords))) continue;
    const pattern = detector.pattern;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      const span = m.indices?.[1];
      const start = span ? span[0] : m.index;
      const value = span ? m[1]! : m[0];
      if (!detector.exact && !isPlausibleTokenBody(detector.body ? detector.body(value) : value)) continue;
      if (detector.validate && !detector.validate(value)) continue;
      const kind = typeof detector.kind === 'string' ? detector.kind : detector.kind(value, m[0]);
      out.push({ kind, detector: detectorId(detector, value), start, end: start + value.length, value });
    }
  }
}

function detectorId(detector: PatternDetector, value: string): string {
  if (detector.id === 'github-token') return GITHUB_KINDS[value[2]!]![0];
  if (detector.id === 'gitlab-token' && value.startsWith('glpat-')) return 'gitlab-pat';
  return detector.id;
}

// ---- PEM private keys ------------------------------------------------------------

const PEM_LABELS: Record<string, string> = {
  'PRIVATE KEY': 'private key (PKCS#8)',
  'RSA PRIVATE KEY': 'private key (RSA)',
  'EC PRIVATE KEY': 'private key (EC)',
  'DSA PRIVATE KEY': 'private key (DSA)',
  'OPENSSH PRIVATE KEY': 'private key (OpenSSH)',
  'ENCRYPTED PRIVATE KEY': 'private key (encrypted PKCS#8)',
  'PGP PRIVATE KEY BLOCK': 'private key (PGP)',
};

/** Characters a key body may contain as written in a file or a shell line (`\n` escapes included). */
const PEM_BODY_CHAR = /[A-Za-z0-9+/=\s\\]/;

/**
 * Every `-----BEGIN … PRIVATE KEY-----` block with a real body (64+ base64 characters),
 * up to its END line, or to the end of the body when the END line is missing. Public
 * keys and certificates have other labels and are never matched.
 */
function findPemKeys(text: string, out: SecretMatch[]): void {
  const missingEnd = new Map<string, number>();
  let from = 0;
  for (let begin = text.indexOf('-----BEGIN ', from); begin >= 0; begin = text.indexOf('-----BEGIN ', from)) {
    const labelStart = begin + 11;
    const close = text.slice(labelStart, labelStart + 40).indexOf('-----');
    const label = close < 0 ? '' : text.slice(labelStart, labelStart + close);
    const kind = PEM_LABELS[label];
    if (!kind) {
      from = labelStart;
      continue;
    }
    const bodyStart = labelStart + close + 5;
    const endMarker = `-----END ${label}-----`;
    let end = -1;
    if ((missingEnd.get(label) ?? Infinity) > bodyStart) {
      end = text.indexOf(endMarker, bodyStart);
      if (end < 0) missingEnd.set(label, bodyStart);
    }
    let stop: number;
    if (end >= 0) stop = end + endMarker.length;
    else {
      stop = bodyStart;
      while (stop < text.length && PEM_BODY_CHAR.test(text[stop]!)) stop++;
    }
    const body = text.slice(bodyStart, end >= 0 ? end : stop).replace(/\\[nr]/g, ' ');
    const base64 = body.replace(/^[A-Za-z-]+:.*$/gm, '').replace(/[^A-Za-z0-9+/]/g, '');
    if (base64.length >= 64 && isPlausibleTokenBody(base64.slice(0, 256))) {
      out.push({ kind, detector: 'pem-private-key', start: begin, end: stop, value: text.slice(begin, stop) });
    }
    from = Math.max(stop, labelStart);
  }
}

// ---- GCP service-account JSON ----------------------------------------------------

const SERVICE_ACCOUNT_TYPE = /\\?"type\\?"[ \t]*:[ \t]*\\?"service_account\\?"/;
const PRIVATE_KEY_FIELD = /(\\?)"private_key\1"[ \t]*:[ \t]*\1"/g;

/** The `private_key` of a service-account key file (`"type": "service_account"`), also inside an escaped shell string. */
function findServiceAccountKeys(text: string, out: SecretMatch[]): void {
  if (!text.includes('service_account') || !text.includes('private_key') || !SERVICE_ACCOUNT_TYPE.test(text)) return;
  PRIVATE_KEY_FIELD.lastIndex = 0;
  for (let m = PRIVATE_KEY_FIELD.exec(text); m !== null; m = PRIVATE_KEY_FIELD.exec(text)) {
    const start = m.index + m[0].length;
    const escaped = m[1] === '\\';
    let end = start;
    while (end < text.length) {
      const ch = text[end]!;
      if (escaped ? ch === '\\' && text[end + 1] === '"' : ch === '"' && text[end - 1] !== '\\') break;
      if (ch === '\n' && text[end - 1] !== '\\') break;
      end++;
    }
    const value = text.slice(start, end);
    if (value.includes('PRIVATE KEY')) {
      out.push({ kind: 'GCP service account key', detector: 'gcp-service-account', start, end, value });
    }
    PRIVATE_KEY_FIELD.lastIndex = Math.max(end, PRIVATE_KEY_FIELD.lastIndex);
  }
}

// ---- docker config.json `auths` ----------------------------------------------------

const DOCKER_AUTH = /(\\?)"auth\1"[ \t]*:[ \t]*\1"([A-Za-z0-9+/]{6,}={0,2})\1"/dg;

/** `"auth": "<base64>"` whose base64 decodes to `user:password` with a real password. */
function findDockerAuths(text: string, out: SecretMatch[]): void {
  if (!text.includes('auth')) return;
  DOCKER_AUTH.lastIndex = 0;
  for (let m = DOCKER_AUTH.exec(text); m !== null; m = DOCKER_AUTH.exec(text)) {
    const value = m[2]!;
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 1 || !/^[\x20-\x7e]+$/.test(decoded)) continue;
    if (isCleanValue(decoded.slice(colon + 1))) continue;
    const start = m.indices![2]![0];
    out.push({ kind: 'Docker registry credentials', detector: 'docker-config-auth', start, end: start + value.length, value });
  }
}

/**
 * Known token formats anywhere in free text (RUN lines, scripts, labels, history),
 * ordered by position, overlapping matches resolved in favour of the more specific
 * detector (a service-account key over the PEM block inside it).
 */
export function findTokens(text: string): SecretMatch[] {
  if (text.length < MIN_TOKEN_TEXT) return [];
  const found: SecretMatch[] = [];
  findServiceAccountKeys(text, found);
  findPemKeys(text, found);
  findDockerAuths(text, found);
  runPatterns(text, found);
  return resolveOverlaps(found);
}

/**
 * Resolves overlapping matches in favour of the one listed first (callers list the most
 * specific detectors first) and sorts by position. Matches are grouped into clusters of
 * transitively overlapping ranges, so the work stays linear when nothing overlaps.
 */
export function resolveOverlaps(matches: readonly SecretMatch[]): SecretMatch[] {
  const order = matches
    .map((m, priority) => ({ m, priority }))
    .filter((x) => x.m.end > x.m.start)
    .sort((a, b) => a.m.start - b.m.start || b.m.end - a.m.end);
  const result: SecretMatch[] = [];
  let cluster: Array<{ m: SecretMatch; priority: number }> = [];
  let clusterEnd = -1;
  const flush = (): void => {
    if (cluster.length === 1) result.push(cluster[0]!.m);
    else if (cluster.length > 1) result.push(...pickDisjoint(cluster));
    cluster = [];
  };
  for (const x of order) {
    if (x.m.start >= clusterEnd) flush();
    cluster.push(x);
    clusterEnd = Math.max(clusterEnd, x.m.end);
  }
  flush();
  return result;
}

function pickDisjoint(cluster: ReadonlyArray<{ m: SecretMatch; priority: number }>): SecretMatch[] {
  const accepted: SecretMatch[] = [];
  for (const { m } of [...cluster].sort((a, b) => a.priority - b.priority)) {
    let lo = 0;
    let hi = accepted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (accepted[mid]!.start < m.start) lo = mid + 1;
      else hi = mid;
    }
    const before = accepted[lo - 1];
    const after = accepted[lo];
    if ((before && before.end > m.start) || (after && after.start < m.end)) continue;
    accepted.splice(lo, 0, m);
  }
  return accepted;
}
