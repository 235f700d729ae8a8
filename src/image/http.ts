// HTTP for registry and token requests, with the limits hostile servers call for:
// a deadline on every request, a cap on every body, a bounded number of redirects,
// no plain HTTP except to loopback hosts (or with --insecure), and the Authorization
// header dropped when a redirect leaves the origin. Errors never carry header values.

// node:http and node:https are required on first use: a run that reads no registry
// loads neither, and one that speaks plain HTTP (a loopback registry) never loads TLS.

import type { IncomingHttpHeaders } from 'node:http';
import { lazyRequire } from '../io/import.js';

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The URL that answered (after redirects). */
  url: URL;
}

export interface HttpOptions {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  /** Allow plain HTTP to any host and skip TLS verification (--insecure). */
  insecure: boolean;
}

export type HttpProblem = 'timeout' | 'too-large' | 'redirects' | 'network' | 'scheme';

export class HttpError extends Error {
  /** For network problems: the system error code (ECONNREFUSED, ECONNRESET…), when there is one. */
  readonly code: string | undefined;

  constructor(readonly problem: HttpProblem, message: string, code?: string) {
    super(message);
    this.code = code;
  }
}

/** 127.0.0.0/8, ::1 and localhost: the only hosts spoken to over plain HTTP by default. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export async function httpRequest(
  url: URL,
  init: { method: 'GET' | 'HEAD' | 'POST'; headers: Record<string, string>; body?: string },
  options: HttpOptions,
): Promise<HttpResponse> {
  let current = url;
  let headers = { ...init.headers };
  let method = init.method;
  let body = init.body;
  for (let hop = 0; ; hop++) {
    checkScheme(current, options);
    const response = await once(current, method, headers, body, options);
    const location = response.headers.location;
    if (!REDIRECTS.has(response.status) || typeof location !== 'string') return response;
    if (hop >= options.maxRedirects) throw new HttpError('redirects', `more than ${options.maxRedirects} redirects from ${url.host}`);
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      throw new HttpError('network', `invalid redirect location from ${current.host}`);
    }
    if (next.origin !== current.origin) {
      // Credentials are for the origin that asked for them, never for where it sends us.
      headers = Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'));
    }
    if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
    }
    current = next;
  }
}

function checkScheme(url: URL, options: HttpOptions): void {
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && (options.insecure || isLoopbackHost(url.hostname))) return;
  throw new HttpError('scheme', url.protocol === 'http:'
    ? `refusing plain HTTP to ${url.host} (only loopback hosts, or with --insecure)`
    : `unsupported URL scheme ${url.protocol}`);
}

function once(url: URL, method: string, headers: Record<string, string>, body: string | undefined, options: HttpOptions): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:'
      ? (lazyRequire('node:https') as typeof import('node:https')).request
      : (lazyRequire('node:http') as typeof import('node:http')).request;
    let settled = false;
    const finish = (error: Error | null, response?: HttpResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      if (error) {
        request.destroy();
        reject(error);
      } else resolve(response as HttpResponse);
    };
    const request = send(url, {
      method,
      headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) },
      ...(url.protocol === 'https:' && options.insecure ? { rejectUnauthorized: false } : {}),
    });
    const deadline = setTimeout(() => {
      finish(new HttpError('timeout', `no complete answer from ${url.host} within ${Math.round(options.timeoutMs / 100) / 10} s`));
    }, options.timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => {
      finish(new HttpError('network', `cannot reach ${url.host} (${error.code ?? error.message})`, error.code));
    });
    request.on('response', (response) => {
      const declared = Number(response.headers['content-length']);
      const tooLarge = () => new HttpError('too-large', `response from ${url.host} is over the ${options.maxBytes}-byte limit`);
      if (Number.isFinite(declared) && declared > options.maxBytes && method !== 'HEAD') {
        finish(tooLarge());
        response.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      let received = 0;
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > options.maxBytes) {
          finish(tooLarge());
          response.destroy();
          return;
        }
        chunks.push(chunk);
      });
      response.on('error', (error: NodeJS.ErrnoException) => {
        finish(new HttpError('network', `connection to ${url.host} broke (${error.code ?? error.message})`));
      });
      response.on('aborted', () => finish(new HttpError('network', `connection to ${url.host} broke`)));
      response.on('end', () => {
        finish(null, { status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks), url });
      });
    });
    if (body !== undefined) request.write(body);
    request.end();
  });
}
