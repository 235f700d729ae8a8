// Files that hold credentials and must not be copied into an image. Judged by path
// alone (the rule decides which COPY/ADD sources and stages matter).

interface FileRule {
  test: (base: string, path: string) => boolean;
  kind: string;
}

const SSH_KEY_NAMES: ReadonlySet<string> = new Set([
  'id_rsa', 'id_dsa', 'id_ecdsa', 'id_ed25519', 'id_ecdsa_sk', 'id_ed25519_sk', 'identity',
]);

/** `.env` variants that document the variables rather than hold them. */
const ENV_TEMPLATES = /^\.env\.(?:example|sample|template|tmpl|tpl|dist|defaults?|schema|local\.example)$/i;

/** Names of `.pem`/`.key` files that hold public material: certificates, CA bundles, public or repository signing keys, Diffie-Hellman parameters. */
const PUBLIC_KEY_MATERIAL = /(?:^|[^a-z])(?:cert|certs|certificate|ca|cacert|chain|fullchain|bundle|pub|public|root|trust|gpg|pgp|apt|repo|release|signing|archive|keyring|dh|dhparams?|ffdhe\d*)(?:$|[^a-z])/i;

const RULES: readonly FileRule[] = [
  { test: (b) => b === '.npmrc', kind: 'npm credentials file (.npmrc)' },
  { test: (b) => b === '.pypirc', kind: 'PyPI credentials file (.pypirc)' },
  { test: (b) => SSH_KEY_NAMES.has(b), kind: 'SSH private key' },
  { test: (b) => b === '.ssh', kind: 'SSH directory (.ssh)' },
  { test: (b) => b === '.env' || (b.startsWith('.env.') && !ENV_TEMPLATES.test(b)), kind: 'environment file (.env)' },
  { test: (_b, p) => p === '.docker/config.json' || p.endsWith('/.docker/config.json'), kind: 'Docker credentials file (.docker/config.json)' },
  { test: (b) => b === '.docker', kind: 'Docker configuration directory (.docker)' },
  { test: (b) => b === '.netrc' || b === '_netrc', kind: 'netrc credentials file' },
  { test: (b) => b === '.git-credentials', kind: 'Git credentials file (.git-credentials)' },
  { test: (b) => b === '.pgpass', kind: 'PostgreSQL password file (.pgpass)' },
  { test: (b) => b === '.vault-token', kind: 'Vault token file (.vault-token)' },
  { test: (_b, p) => p === '.aws/credentials' || p.endsWith('/.aws/credentials'), kind: 'AWS credentials file' },
  { test: (b) => b === '.aws', kind: 'AWS configuration directory (.aws)' },
  {
    test: (b) => b === 'credentials.json' || /^(?:service[-_]?account|client[-_]secret)[\w.-]*\.json$/i.test(b),
    kind: 'cloud credentials file',
  },
  { test: (b, p) => b === 'kubeconfig' || b.endsWith('.kubeconfig') || p === '.kube/config' || p.endsWith('/.kube/config'), kind: 'kubeconfig' },
  { test: (b) => b === '.kube', kind: 'Kubernetes configuration directory (.kube)' },
  { test: (b) => /\.(?:p12|pfx)$/i.test(b), kind: 'PKCS#12 key store' },
  { test: (b) => /\.(?:pem|key)$/i.test(b) && !PUBLIC_KEY_MATERIAL.test(b.replace(/\.(?:pem|key)$/i, '')), kind: 'private key file' },
];

/**
 * What credential file `path` is, or null. `.npmrc`, `.pypirc`, SSH private keys
 * (`id_rsa`, `id_ed25519`, … — never `.pub`), `*.pem`/`*.key` (unless the name says
 * certificate, CA, chain, bundle, public or repository signing key), `*.p12`/`*.pfx`,
 * `.env`/`.env.*` (not `.env.example`/`.sample`/`.template`/`.dist`), `.docker/config.json`,
 * `.netrc`, `.git-credentials`, `.pgpass`, `.vault-token`, `credentials.json`,
 * `service-account*.json`, `client_secret*.json`, `.aws/credentials`, kubeconfig, and
 * the directories `.ssh`, `.aws`, `.docker`, `.kube`. Globs are judged like names
 * (`COPY *.pem` is a private key file).
 */
export function credentialFileKind(path: string): string | null {
  const p = path.replace(/\\/g, '/').replace(/\/+$/, '').replace(/^(?:\.\/)+/, '').replace(/^~\//, '');
  const base = p.slice(p.lastIndexOf('/') + 1);
  if (base === '' || base.endsWith('.pub')) return null;
  for (const rule of RULES) if (rule.test(base, p)) return rule.kind;
  return null;
}
