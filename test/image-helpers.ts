// Real components for the image tests: buildah/podman/skopeo with storage in a temp
// directory (vfs; nothing touches the system store), Debian's docker-registry (CNCF
// Distribution 2.8) on 127.0.0.1 with a random port, htpasswd and token-auth variants,
// an in-process token server (ES256 JWTs signed with a test-only key whose self-signed
// certificate is the registry's rootcertbundle), and the CLI's image commands run
// in-process. Every helper that starts something has a stop; tests call them in finally.

import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { imageCommand, pushCommand, type ImageCommandSeams } from '../src/cli/image-commands.js';
import { parseCliArgs } from '../src/cli/args.js';

export const ROOT = realpathSync(new URL('..', import.meta.url).pathname);
export const FIXTURES = join(ROOT, 'fixtures', 'image');

const TOOLS = ['docker-registry', 'buildah', 'podman', 'skopeo', 'htpasswd'] as const;
const INSTALL = 'apt-get install -y docker-registry buildah podman skopeo apache2-utils';

function has(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).status === 0;
}

/**
 * The tools the real-component tests need. On CI (CI set) a missing tool fails the suite
 * with the install command; on a developer machine the suite is skipped with a visible note.
 */
export function toolsAvailable(suite: string): boolean {
  const missing = TOOLS.filter((tool) => !has(tool));
  if (missing.length === 0) return true;
  const note = `${suite}: missing ${missing.join(', ')}; install them with: ${INSTALL}`;
  if (process.env.CI) throw new Error(note);
  process.stderr.write(`\n  SKIPPED ${note}\n`);
  return false;
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A child process, asynchronously (an in-process server must keep answering meanwhile). */
export function exec(command: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, [...args], { env, cwd, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8', timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export async function mustExec(command: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<string> {
  const run = await exec(command, args, env, cwd);
  if (run.code !== 0) throw new Error(`${command} ${args.join(' ')} failed (${run.code}): ${run.stderr}${run.stdout}`);
  return run.stdout;
}

/** A temp directory tree for one suite; `cleanUp` removes it. */
export class Workspace {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  private readonly registriesConf: string;
  private readonly insecureHosts: string[] = [];

  constructor() {
    this.dir = realpathSync(mkdtempSync(join(tmpdir(), 'pushgate-image-')));
    const at = (...parts: string[]) => join(this.dir, ...parts);
    for (const sub of ['graph', 'run', 'tmp', 'net', 'docker', 'home', 'bin']) mkdirSync(at(sub), { recursive: true });
    writeFileSync(at('storage.conf'), `[storage]\ndriver = "vfs"\ngraphroot = "${at('graph')}"\nrunroot = "${at('run')}"\n`);
    writeFileSync(at('containers.conf'), `[engine]\nevents_logger = "none"\ntmp_dir = "${at('tmp')}"\ncgroup_manager = "cgroupfs"\n[network]\nnetwork_config_dir = "${at('net')}"\n`);
    this.registriesConf = at('registries.conf');
    writeFileSync(this.registriesConf, 'unqualified-search-registries = []\n');
    writeFileSync(at('docker', 'config.json'), '{}\n');
    writeFileSync(at('auth.json'), '{}\n');
    const path = [at('bin'), dirname(process.execPath), ...(process.env.PATH ?? '').split(delimiter)].join(delimiter);
    this.env = {
      PATH: path,
      HOME: at('home'),
      TMPDIR: at('tmp'),
      CONTAINERS_STORAGE_CONF: at('storage.conf'),
      CONTAINERS_CONF: at('containers.conf'),
      CONTAINERS_REGISTRIES_CONF: this.registriesConf,
      REGISTRY_AUTH_FILE: at('auth.json'),
      DOCKER_CONFIG: at('docker'),
      NO_COLOR: '1',
    };
  }

  path(...parts: string[]): string {
    return join(this.dir, ...parts);
  }

  write(relative: string, content: string): string {
    const full = this.path(relative);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
    return full;
  }

  /** Lets podman/skopeo talk plain HTTP to a loopback registry (as docker does by default). */
  allowInsecure(host: string): void {
    this.insecureHosts.push(host);
    writeFileSync(this.registriesConf, ['unqualified-search-registries = []', ...this.insecureHosts.map((h) => `[[registry]]\nlocation = "${h}"\ninsecure = true`)].join('\n') + '\n');
  }

  /** `buildah bud --isolation chroot` of a fixture directory under fixtures/image/. */
  async build(fixture: string, tag: string, extra: string[] = []): Promise<void> {
    await mustExec('buildah', ['bud', '--isolation', 'chroot', '--quiet', ...extra, '-t', tag, join(FIXTURES, fixture)], this.env);
  }

  async skopeo(...args: string[]): Promise<void> {
    await mustExec('skopeo', ['--insecure-policy', ...args], this.env);
  }

  cleanUp(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

// ---- the registry ---------------------------------------------------------------------

export interface RegistryAuth {
  htpasswd?: { user: string; password: string };
  token?: TokenServer;
}

export class Registry {
  private constructor(readonly host: string, private readonly child: ChildProcess, private readonly exited: Promise<void>) {}

  /** Starts `docker-registry serve` on 127.0.0.1:0 (storage under `dir`) and reads the port from its log. */
  static async start(workspace: Workspace, name: string, auth: RegistryAuth = {}, storage?: string): Promise<Registry> {
    const root = storage ?? workspace.path(`${name}-storage`);
    mkdirSync(root, { recursive: true });
    const lines = ['version: 0.1', 'log:', '  level: info', 'storage:', '  filesystem:', `    rootdirectory: ${root}`, '  delete:', '    enabled: true', 'http:', '  addr: 127.0.0.1:0', '  secret: pushgate-test'];
    if (auth.htpasswd) {
      const file = workspace.path(`${name}.htpasswd`);
      const entry = await mustExec('htpasswd', ['-Bbn', auth.htpasswd.user, auth.htpasswd.password], workspace.env);
      writeFileSync(file, entry);
      lines.push('auth:', '  htpasswd:', '    realm: pushgate-test', `    path: ${file}`);
    } else if (auth.token) {
      lines.push('auth:', '  token:', `    realm: ${auth.token.realm}`, `    service: ${TokenServer.SERVICE}`, `    issuer: ${TokenServer.ISSUER}`, `    rootcertbundle: ${auth.token.certPath}`);
    }
    const config = workspace.write(`${name}.yml`, `${lines.join('\n')}\n`);
    // The registry reads REGISTRY_* variables as configuration overrides: none of ours may reach it.
    const env = Object.fromEntries(Object.entries(workspace.env).filter(([key]) => !key.startsWith('REGISTRY_')));
    const child = spawn('docker-registry', ['serve', config], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const host = await new Promise<string>((resolve, reject) => {
      let log = '';
      const timer = setTimeout(() => reject(new Error(`docker-registry did not start: ${log}`)), 15_000);
      child.stderr?.on('data', (chunk: Buffer) => {
        log += chunk.toString('utf8');
        const match = /listening on (127\.0\.0\.1:\d+)/.exec(log);
        if (match) {
          clearTimeout(timer);
          resolve(match[1] as string);
        }
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`docker-registry exited (${code}): ${log}`));
      });
    });
    child.stderr?.resume();
    workspace.allowInsecure(host);
    return new Registry(host, child, exited);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.pid !== undefined) this.child.kill('SIGTERM');
    await Promise.race([this.exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

// ---- a token server for Distribution's `auth: token` ------------------------------------

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n >>= 8) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const der = (tag: number, ...content: Buffer[]) => {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);
};
const ECDSA_SHA256 = der(0x30, der(0x06, Buffer.from([0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02])));
const utcTime = (date: Date) => der(0x17, Buffer.from(`${date.toISOString().slice(2, 19).replace(/[-:T]/g, '')}Z`));
const commonName = (name: string) => der(0x30, der(0x31, der(0x30, der(0x06, Buffer.from([0x55, 0x04, 0x03])), der(0x0c, Buffer.from(name)))));

/** A self-signed X.509 certificate (DER → PEM) for an EC P-256 key, built with node:crypto alone. */
export function selfSignedCertificate(privateKey: KeyObject, publicKey: KeyObject): string {
  const now = Date.now();
  const tbs = der(0x30,
    der(0xa0, der(0x02, Buffer.from([0x02]))),
    der(0x02, Buffer.from([0x01])),
    ECDSA_SHA256,
    commonName('pushgate-test-token'),
    der(0x30, utcTime(new Date(now - 86_400_000)), utcTime(new Date(now + 86_400_000))),
    commonName('pushgate-test-token'),
    publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = sign('sha256', tbs, privateKey);
  const certificate = der(0x30, tbs, ECDSA_SHA256, der(0x03, Buffer.from([0x00]), signature));
  const base64 = certificate.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN CERTIFICATE-----\n${base64.trim()}\n-----END CERTIFICATE-----\n`;
}

/** libtrust's key id: base32 of the first 240 bits of SHA-256 over the DER public key, in groups of 4. */
function libtrustKeyId(publicKey: KeyObject): string {
  const digest = createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest().subarray(0, 30);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const byte of digest) bits += byte.toString(2).padStart(8, '0');
  let out = '';
  for (let i = 0; i < bits.length; i += 5) out += alphabet[parseInt(bits.slice(i, i + 5), 2)];
  return (out.match(/.{4}/g) ?? []).join(':');
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export class TokenServer {
  static readonly SERVICE = 'pushgate-test-registry';
  static readonly ISSUER = 'pushgate-test-issuer';
  readonly certPath: string;
  /** Requests seen (path and whether credentials were sent), for assertions. */
  readonly requests: Array<{ scope: string | null; user: string | null }> = [];
  private readonly privateKey: KeyObject;
  private readonly keyId: string;

  private constructor(private readonly server: Server, readonly realm: string, workspace: Workspace, private readonly users: Record<string, string>) {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = pair.privateKey;
    this.keyId = libtrustKeyId(pair.publicKey);
    this.certPath = workspace.write('token-cert.pem', selfSignedCertificate(pair.privateKey, pair.publicKey));
  }

  /** Grants what a scope asks for to known users (checked with Basic auth); anonymous users get nothing. */
  static async start(workspace: Workspace, users: Record<string, string>): Promise<TokenServer> {
    let self: TokenServer | null = null;
    const server = createServer((req, res) => self?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    self = new TokenServer(server, `http://127.0.0.1:${port}/token`, workspace, users);
    return self;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const scope = url.searchParams.get('scope');
    let user: string | null = null;
    const header = req.headers.authorization;
    if (header?.startsWith('Basic ')) {
      const [name, ...rest] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
      if (name === undefined || this.users[name] !== rest.join(':')) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"details":"bad credentials"}');
        this.requests.push({ scope, user: `${name}(refused)` });
        return;
      }
      user = name;
    }
    this.requests.push({ scope, user });
    const access = user && scope
      ? scope.split(' ').map((s) => {
          const [type, name, actions] = s.split(':');
          return { type, name, actions: (actions ?? '').split(',') };
        })
      : [];
    const now = Math.floor(Date.now() / 1000);
    const header64 = base64url(JSON.stringify({ typ: 'JWT', alg: 'ES256', kid: this.keyId }));
    const claims = base64url(JSON.stringify({ iss: TokenServer.ISSUER, sub: user ?? '', aud: TokenServer.SERVICE, exp: now + 300, nbf: now - 10, iat: now, jti: String(Math.random()), access }));
    const signature = sign('sha256', Buffer.from(`${header64}.${claims}`), { key: this.privateKey, dsaEncoding: 'ieee-p1363' });
    const token = `${header64}.${claims}.${base64url(signature)}`;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token, expires_in: 300 }));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

// ---- the CLI's image commands, in-process ------------------------------------------------

/** Runs `pushgate image|push ARGS` in-process (the lead wires the same functions into run.ts). */
export async function pushgateImage(command: 'image' | 'push', args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; seams?: ImageCommandSeams }): Promise<Run> {
  const extra: Record<string, unknown> = {};
  const common: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--engine' || arg === '--platform') extra[arg.slice(2)] = args[++i];
    else if (arg === '--insecure') extra.insecure = true;
    else common.push(arg);
  }
  let stdout = '';
  let stderr = '';
  const io = {
    argv: [command, ...args],
    cwd: options.cwd,
    env: options.env,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    readStdin: async () => '',
  };
  const parsed = { ...parseCliArgs([command, ...common]), ...extra };
  const code = await (command === 'image' ? imageCommand : pushCommand)(parsed, io, options.seams ?? {});
  return { code, stdout, stderr };
}
