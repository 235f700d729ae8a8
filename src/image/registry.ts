// A read-only client for the Registry HTTP API v2 / OCI Distribution: manifests
// (with Accept headers for OCI and Docker v2 manifests and indexes) and config blobs,
// never layers. Auth follows the `WWW-Authenticate` challenge: anonymous first, then
// Basic, or a Bearer token from the challenge's realm (service, scope) fetched with
// the user's credentials or an identity token. HTTPS, except loopback hosts and
// --insecure (see `send` for the order in which the two schemes are tried).

import { ContentError, SourceError, type ImageLimits } from './errors.js';
import { httpRequest, HttpError, isLoopbackHost, type HttpResponse } from './http.js';
import type { RegistryCredential } from './credentials.js';
import { MANIFEST_ACCEPT, parseDigest, sha256Digest, verifyDigest, type BlobReader } from './oci.js';

export interface RegistryClientOptions {
  limits: ImageLimits;
  insecure: boolean;
  /** Looked up only when the registry asks for credentials. */
  credentials: (host: string) => Promise<RegistryCredential | null>;
  userAgent?: string;
}

export interface Manifest {
  body: Buffer;
  mediaType: string | null;
  /** The digest of the body as received. */
  digest: string;
}

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** Parses the first challenge of a `WWW-Authenticate` header (RFC 7235 auth-params, quoted strings). */
export function parseChallenge(header: string | undefined): Challenge | null {
  if (!header) return null;
  const match = /^\s*([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)\s*/.exec(header);
  if (!match) return null;
  const params: Record<string, string> = {};
  const rest = header.slice(match[0].length);
  const param = /\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]*))\s*(?:,|$)/y;
  let offset = 0;
  while (offset < rest.length) {
    param.lastIndex = offset;
    const m = param.exec(rest);
    if (!m || m[0] === '') break;
    params[(m[1] as string).toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '');
    offset = param.lastIndex;
  }
  return { scheme: (match[1] as string).toLowerCase(), params };
}

/** The host the API of a registry answers on (Docker Hub's API is not at docker.io). */
export function apiHost(registry: string): string {
  return registry === 'docker.io' || registry === 'index.docker.io' ? 'registry-1.docker.io' : registry;
}

/** How a TLS handshake with a plain-HTTP port fails. */
const NOT_TLS: ReadonlySet<string> = new Set(['EPROTO', 'ECONNRESET', 'ERR_SSL_WRONG_VERSION_NUMBER']);

export class RegistryClient {
  private scheme: 'https:' | 'http:' | null = null;
  private authorization: string | null = null;
  private readonly host: string;

  /** `registry` as in the reference (`docker.io`, `127.0.0.1:5000`), `repository` its path. */
  constructor(readonly registry: string, readonly repository: string, private readonly options: RegistryClientOptions) {
    this.host = apiHost(registry);
  }

  /** The manifest or index a tag or digest names; null when the registry has none (404). */
  async manifest(reference: string): Promise<Manifest | null> {
    const response = await this.get(`/v2/${this.repository}/manifests/${encodeURIComponent(reference)}`, MANIFEST_ACCEPT, this.options.limits.maxJsonBytes, 'manifest');
    if (response.status === 404) return null;
    this.expectOk(response, `manifest ${reference}`);
    const digest = sha256Digest(response.body);
    if (parseDigest(reference)) verifyDigest(response.body, reference, 'manifest');
    const contentType = response.headers['content-type'];
    return { body: response.body, mediaType: typeof contentType === 'string' ? contentType.split(';')[0]?.trim() ?? null : null, digest };
  }

  /** A blob reader for manifests and configs of this repository. */
  reader(): BlobReader {
    return async (descriptor, what) => {
      if (!parseDigest(descriptor.digest)) throw new ContentError(`invalid digest "${descriptor.digest}"`);
      if (what === 'manifest') {
        const manifest = await this.manifest(descriptor.digest);
        if (!manifest) throw new ContentError(`manifest ${descriptor.digest} is listed but missing from the registry`);
        return { body: manifest.body, mediaType: manifest.mediaType ?? descriptor.mediaType };
      }
      if (descriptor.size !== null && descriptor.size > this.options.limits.maxJsonBytes) {
        throw new ContentError(`config ${descriptor.digest} is ${descriptor.size} bytes, over the ${this.options.limits.maxJsonBytes}-byte limit`);
      }
      const response = await this.get(`/v2/${this.repository}/blobs/${descriptor.digest}`, '*/*', this.options.limits.maxJsonBytes, 'config');
      if (response.status === 404) throw new ContentError(`config ${descriptor.digest} is missing from the registry`);
      this.expectOk(response, `config ${descriptor.digest}`);
      return { body: response.body, mediaType: descriptor.mediaType };
    };
  }

  private expectOk(response: HttpResponse, what: string): void {
    if (response.status >= 200 && response.status < 300) return;
    if (response.status === 401 || response.status === 403) throw this.error('access denied (check the credentials in the docker config)');
    throw this.error(`${what}: HTTP ${response.status}`);
  }

  private error(reason: string): SourceError {
    return new SourceError(`registry ${this.registry}`, reason);
  }

  private async get(path: string, accept: string, maxBytes: number, what: string): Promise<HttpResponse> {
    let response = await this.send(path, accept, maxBytes, what);
    if (response.status !== 401) return response;
    const challenge = parseChallenge(headerValue(response.headers['www-authenticate']));
    if (!challenge || (challenge.scheme !== 'basic' && challenge.scheme !== 'bearer')) {
      throw this.error('authentication required, with a challenge pushgate does not support');
    }
    const credential = await this.options.credentials(this.registry);
    if (challenge.scheme === 'basic') {
      if (!credential || credential.kind !== 'basic') throw this.error('authentication required and the docker config has no credentials for it');
      this.authorization = `Basic ${Buffer.from(`${credential.username}:${credential.password}`).toString('base64')}`;
    } else {
      this.authorization = `Bearer ${await this.token(challenge, credential)}`;
    }
    response = await this.send(path, accept, maxBytes, what);
    if (response.status === 401 || response.status === 403) {
      throw this.error(credential ? 'authentication refused (check the credentials in the docker config)' : 'authentication required and the docker config has no credentials for it');
    }
    return response;
  }

  /** A Bearer token from the challenge's realm, for the challenge's scope (or pull on this repository). */
  private async token(challenge: Challenge, credential: RegistryCredential | null): Promise<string> {
    const realm = challenge.params.realm;
    if (!realm) throw this.error('the registry asked for a token without naming where to get it (no realm)');
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw this.error('the token realm is not a URL');
    }
    const service = challenge.params.service;
    const scope = challenge.params.scope ?? `repository:${this.repository}:pull`;
    const limits = this.options.limits;
    const http = { timeoutMs: limits.timeoutMs, maxBytes: 1024 * 1024, maxRedirects: limits.maxRedirects, insecure: this.options.insecure };
    let response: HttpResponse;
    try {
      if (credential?.kind === 'identity-token') {
        const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: credential.token, client_id: 'pushgate', scope });
        if (service) form.set('service', service);
        response = await httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...this.agent() }, body: form.toString() }, http);
      } else {
        if (service) url.searchParams.set('service', service);
        url.searchParams.set('scope', scope);
        const headers: Record<string, string> = { ...this.agent() };
        if (credential?.kind === 'basic') {
          // Basic credentials travel only over HTTPS or to a loopback token service.
          if (url.protocol !== 'https:' && !isLoopbackHost(url.hostname) && !this.options.insecure) {
            throw this.error(`refusing to send credentials to a token service over plain HTTP (${url.host})`);
          }
          headers.authorization = `Basic ${Buffer.from(`${credential.username}:${credential.password}`).toString('base64')}`;
        }
        response = await httpRequest(url, { method: 'GET', headers }, http);
      }
    } catch (error) {
      throw this.transportError(error, 'token service');
    }
    if (response.status === 401 || response.status === 403) throw this.error('the token service refused the credentials');
    if (response.status < 200 || response.status >= 300) throw this.error(`the token service answered HTTP ${response.status}`);
    let parsed: { token?: unknown; access_token?: unknown };
    try {
      parsed = JSON.parse(response.body.toString('utf8')) as { token?: unknown; access_token?: unknown };
    } catch {
      throw this.error('the token service answered something that is not JSON');
    }
    const token = typeof parsed.token === 'string' && parsed.token !== '' ? parsed.token : parsed.access_token;
    if (typeof token !== 'string' || token === '' || /[\r\n]/.test(token)) throw this.error('the token service answered without a token');
    return token;
  }

  private agent(): Record<string, string> {
    return { 'user-agent': this.options.userAgent ?? 'pushgate' };
  }

  private async send(path: string, accept: string, maxBytes: number, what: string): Promise<HttpResponse> {
    const limits = this.options.limits;
    const http = { timeoutMs: limits.timeoutMs, maxBytes, maxRedirects: limits.maxRedirects, insecure: this.options.insecure };
    const headers: Record<string, string> = { accept, ...this.agent() };
    if (this.authorization) headers.authorization = this.authorization;
    const tryScheme = async (scheme: 'https:' | 'http:') => httpRequest(new URL(`${scheme}//${this.host}${path}`), { method: 'GET', headers }, http);
    const settle = (scheme: 'https:' | 'http:', response: HttpResponse): HttpResponse => {
      this.scheme = scheme;
      return response;
    };
    try {
      if (this.scheme) return await tryScheme(this.scheme);
      // The scheme is settled by the first request, which never carries credentials.
      if (isLoopbackHost(new URL(`http://${this.host}`).hostname)) {
        // Loopback traffic never leaves the machine: plain HTTP first, which spares the
        // TLS start-up (a local registry is nearly always plain). A port that speaks only
        // TLS answers it with 400 (Go, nginx) or drops the connection: then HTTPS.
        let plain: HttpResponse;
        try {
          plain = await tryScheme('http:');
        } catch (error) {
          if (!(error instanceof HttpError) || error.problem !== 'network' || error.code === 'ECONNREFUSED') throw error;
          return settle('https:', await tryScheme('https:'));
        }
        if (plain.status !== 400) return settle('http:', plain);
        try {
          return settle('https:', await tryScheme('https:'));
        } catch (error) {
          // No TLS on that port after all: the plain answer stands. (A certificate problem is reported.)
          if (error instanceof HttpError && error.problem === 'network' && NOT_TLS.has(error.code ?? '')) return settle('http:', plain);
          throw error;
        }
      }
      try {
        return settle('https:', await tryScheme('https:'));
      } catch (error) {
        // --insecure: a plain-HTTP registry answers a TLS handshake with garbage; fall back, as docker does.
        if (!this.options.insecure || !(error instanceof HttpError) || error.problem !== 'network') throw error;
        return settle('http:', await tryScheme('http:'));
      }
    } catch (error) {
      if (error instanceof HttpError && error.problem === 'too-large') throw new ContentError(`${what} from ${this.registry}: ${error.message}`);
      throw this.transportError(error, 'registry');
    }
  }

  private transportError(error: unknown, what: string): Error {
    if (error instanceof SourceError || error instanceof ContentError) return error;
    if (error instanceof HttpError) {
      if (error.problem === 'too-large') return new ContentError(`${what}: ${error.message}`);
      return this.error(error.message);
    }
    return this.error(error instanceof Error ? error.message : String(error));
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
