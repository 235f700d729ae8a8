// Registry credentials the way the docker CLI finds them: `config.json` in
// DOCKER_CONFIG or ~/.docker (the CLI passes the path; nothing here reads the process
// environment), `credHelpers` per registry, then `credsStore`, then `auths` (base64
// `user:password`, or an identity token). Helpers run as `docker-credential-NAME get`
// with the server on stdin, with a timeout. Secrets never reach an error message.

import { readFile } from 'node:fs';
import { join } from 'node:path';
import { lazyRequire } from '../io/import.js';
import { SourceError } from './errors.js';

export type RegistryCredential =
  | { kind: 'basic'; username: string; password: string }
  /** An OAuth2 refresh token (`identitytoken`, or a helper's `<token>` user). */
  | { kind: 'identity-token'; username: string | null; token: string };

export interface CredentialContext {
  /** Path of config.json, or null for none. */
  configPath: string | null;
  /** Environment for credential helpers (PATH finds them). */
  env: Readonly<Record<string, string | undefined>>;
  timeoutMs: number;
}

const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';
const DOCKER_HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
const HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const MAX_CONFIG_BYTES = 1024 * 1024;

/** config.json of the docker CLI: `$DOCKER_CONFIG/config.json`, else `$HOME/.docker/config.json`. */
export function dockerConfigPath(env: Readonly<Record<string, string | undefined>>): string | null {
  if (env.DOCKER_CONFIG) return join(env.DOCKER_CONFIG, 'config.json');
  const home = env.HOME ?? env.USERPROFILE;
  return home ? join(home, '.docker', 'config.json') : null;
}

/** The key docker stores a registry's credentials under, and hands to helpers. */
export function serverKey(host: string): string {
  return DOCKER_HUB_HOSTS.has(host) ? DOCKER_HUB_KEY : host;
}

/** `https://host/v2/` and `host` name the same registry in `auths`. */
function normaliseKey(key: string): string {
  return key.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/.*$/, '').toLowerCase();
}

interface DockerConfig {
  auths?: Record<string, { auth?: unknown; username?: unknown; password?: unknown; identitytoken?: unknown }>;
  credsStore?: unknown;
  credHelpers?: Record<string, unknown>;
}

async function readConfig(path: string): Promise<DockerConfig | null> {
  let text: Buffer;
  try {
    text = await new Promise<Buffer>((resolve, reject) => readFile(path, (error, data) => (error ? reject(error) : resolve(data))));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new SourceError(path, `cannot read the docker config (${code ?? 'error'})`);
  }
  if (text.length > MAX_CONFIG_BYTES) throw new SourceError(path, 'the docker config is over 1 MiB');
  try {
    const value = JSON.parse(text.toString('utf8')) as unknown;
    return value && typeof value === 'object' ? (value as DockerConfig) : null;
  } catch {
    throw new SourceError(path, 'the docker config is not valid JSON');
  }
}

export async function lookupCredential(host: string, context: CredentialContext): Promise<RegistryCredential | null> {
  if (!context.configPath) return null;
  const config = await readConfig(context.configPath);
  if (!config) return null;
  const wanted = normaliseKey(serverKey(host));
  const matches = (key: string) => normaliseKey(key) === wanted || (DOCKER_HUB_HOSTS.has(host) && DOCKER_HUB_HOSTS.has(normaliseKey(key)));

  const helpers = config.credHelpers && typeof config.credHelpers === 'object' ? config.credHelpers : {};
  const helperKey = Object.keys(helpers).find(matches);
  const helper = helperKey !== undefined ? helpers[helperKey] : config.credsStore;
  if (typeof helper === 'string' && helper !== '') {
    const fromHelper = await runHelper(helper, serverKey(host), context);
    if (fromHelper) return fromHelper;
  }

  const auths = config.auths && typeof config.auths === 'object' ? config.auths : {};
  const authKey = Object.keys(auths).find(matches);
  const entry = authKey !== undefined ? auths[authKey] : undefined;
  if (!entry || typeof entry !== 'object') return null;
  if (typeof entry.identitytoken === 'string' && entry.identitytoken !== '') {
    return { kind: 'identity-token', username: typeof entry.username === 'string' ? entry.username : null, token: entry.identitytoken };
  }
  if (typeof entry.auth === 'string' && entry.auth !== '') {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) throw new SourceError(context.configPath, `the auth entry for ${host} is not base64 "user:password"`);
    return { kind: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (typeof entry.username === 'string' && typeof entry.password === 'string') {
    return { kind: 'basic', username: entry.username, password: entry.password };
  }
  return null;
}

/** `docker-credential-NAME get` with the server URL on stdin; null when it has nothing for it. */
async function runHelper(name: string, server: string, context: CredentialContext): Promise<RegistryCredential | null> {
  const program = `docker-credential-${name}`;
  if (!HELPER_NAME.test(name)) throw new SourceError(program, 'invalid credential helper name');
  const result = await new Promise<{ code: number | null; stdout: string; stderr: string; error?: NodeJS.ErrnoException }>((resolve) => {
    // node:child_process is required here, when a helper is needed: most runs never start one.
    const { spawn } = lazyRequire('node:child_process') as typeof import('node:child_process');
    const child = spawn(program, ['get'], { env: context.env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let done = false;
    const settle = (value: { code: number | null; stdout: string; stderr: string; error?: NodeJS.ErrnoException }) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(value);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      settle({ code: null, stdout: '', stderr: `timed out after ${context.timeoutMs} ms` });
    }, context.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      if (stdout.length < MAX_CONFIG_BYTES) stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4096) stderr += chunk.toString('utf8');
    });
    child.on('error', (error: NodeJS.ErrnoException) => settle({ code: null, stdout: '', stderr: '', error }));
    child.on('close', (code) => settle({ code, stdout, stderr }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(server);
  });
  if (result.error) {
    throw new SourceError(program, result.error.code === 'ENOENT' ? 'credential helper not found on PATH' : `credential helper failed to start (${result.error.code ?? 'error'})`);
  }
  // The helper protocol's "not found" answer: no credentials for this server.
  if (result.code !== 0) {
    if (/credentials not found/i.test(result.stdout + result.stderr)) return null;
    throw new SourceError(program, `credential helper failed${result.code === null ? ` (${result.stderr})` : ` with exit ${result.code}`}`);
  }
  let parsed: { Username?: unknown; Secret?: unknown };
  try {
    parsed = JSON.parse(result.stdout) as { Username?: unknown; Secret?: unknown };
  } catch {
    throw new SourceError(program, 'credential helper printed something that is not JSON');
  }
  if (typeof parsed.Secret !== 'string' || parsed.Secret === '') return null;
  const username = typeof parsed.Username === 'string' ? parsed.Username : '';
  if (username === '<token>') return { kind: 'identity-token', username: null, token: parsed.Secret };
  return { kind: 'basic', username, password: parsed.Secret };
}
