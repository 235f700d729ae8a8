// The one parser for container image references, following the docker/distribution
// reference grammar (regexp.go) and Docker's normalisation (normalize.go).
//
// The text is split by hand (digest at the first '@', tag at the first ':' after the
// last '/', registry at the first '/') and each piece is checked with a small anchored
// regex whose quantifiers never overlap, so matching stays linear on hostile input and
// each failure maps to one precise problem.

export interface ImageReference {
  /** Registry host[:port] as normalised: 'docker.io' when none was written. */
  registry: string;
  /** True when the text named a registry explicitly. */
  explicitRegistry: boolean;
  /** Repository path as normalised: Docker Hub single names get 'library/' ('node' -> 'library/node'). */
  path: string;
  /** Repository path exactly as written (without registry). */
  writtenPath: string;
  tag: string | null;
  digest: string | null;
  /** Fully normalised name without tag/digest: 'docker.io/library/node'. */
  name: string;
}

export type RefProblem =
  | 'uppercase'
  | 'name-too-long'
  | 'component-too-short'
  | 'invalid-tag'
  | 'invalid-digest'
  | 'invalid-name';

export type ParseResult = { ok: true; ref: ImageReference } | { ok: false; problem: RefProblem; detail: string };

const DOCKER_HUB = 'docker.io';
const LEGACY_DOCKER_HUB = 'index.docker.io';
const OFFICIAL_PREFIX = 'library/';
const MAX_NAME_LENGTH = 255;

/** path-component := [a-z0-9]+ ( ( [._] | __ | -+ ) [a-z0-9]+ )* */
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
/** One DNS label of a registry host (uppercase allowed, as in the grammar). */
const DOMAIN_LABEL = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
/** host[:port] where host is a name or a bracketed IPv6 address (no zone ids). */
const HOST_PORT = /^(?:\[([a-fA-F0-9:]+)\]|([^:[\]]+))(?::[0-9]+)?$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*):([0-9a-fA-F]{32,})$/;
/** A bare 64-hex string is an image id, never a name (ParseNormalizedNamed rejects it). */
const IDENTIFIER = /^[a-f0-9]{64}$/;
/** Encoded lengths of the algorithms go-digest registers; their hex must be lowercase. */
const DIGEST_HEX_LENGTH = new Map([['sha256', 64], ['sha384', 96], ['sha512', 128]]);

type Failure = { ok: false; problem: RefProblem; detail: string };
const fail = (problem: RefProblem, detail: string): Failure => ({ ok: false, problem, detail });

export function parseImageReference(text: string): ParseResult {
  if (text === '') return fail('invalid-name', 'reference is empty');
  if (IDENTIFIER.test(text)) return fail('invalid-name', 'a 64-character hex string is an image id, not a name');

  const at = text.indexOf('@');
  const digest = at === -1 ? null : text.slice(at + 1);
  const beforeDigest = at === -1 ? text : text.slice(0, at);
  const colon = beforeDigest.indexOf(':', beforeDigest.lastIndexOf('/') + 1);
  const tag = colon === -1 ? null : beforeDigest.slice(colon + 1);
  const written = colon === -1 ? beforeDigest : beforeDigest.slice(0, colon);

  const split = splitRegistry(written);
  if (split.registry !== null && !validHost(split.registry)) {
    // Taken as a host only for its capitals ('My_Team/app'): it was meant as a namespace.
    if (!/[.:]/.test(split.registry) && PATH_COMPONENT.test(split.registry.toLowerCase())) {
      return fail('uppercase', `repository "${written}" must be lowercase`);
    }
    return fail('invalid-name', `registry "${split.registry}" is not a valid host[:port]`);
  }
  const nameProblem = checkPath(split.writtenPath);
  if (nameProblem) return nameProblem;
  // Syntax first (name, tag, digest), then the length limits Docker and Docker Hub add.
  if (tag !== null && !TAG.test(tag)) return fail('invalid-tag', `tag "${tag}" does not match [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`);
  if (digest !== null) {
    const problem = digestProblem(digest);
    if (problem) return fail('invalid-digest', problem);
  }

  const registry = split.registry === null || split.registry === LEGACY_DOCKER_HUB ? DOCKER_HUB : split.registry;
  const path = registry === DOCKER_HUB && !split.writtenPath.includes('/') ? OFFICIAL_PREFIX + split.writtenPath : split.writtenPath;
  // Docker measures the normalised path, so 'library/' counts on Docker Hub.
  if (path.length > MAX_NAME_LENGTH) {
    return fail('name-too-long', `repository name is ${path.length} characters, more than ${MAX_NAME_LENGTH}`);
  }
  const last = path.slice(path.lastIndexOf('/') + 1);
  if (registry === DOCKER_HUB && last.length < 2) {
    return fail('component-too-short', `Docker Hub repository "${last}" is shorter than 2 characters`);
  }

  return {
    ok: true,
    ref: {
      registry,
      explicitRegistry: split.registry !== null,
      path,
      writtenPath: split.writtenPath,
      tag,
      digest,
      name: `${registry}/${path}`,
    },
  };
}

/** 'docker.io/library/node:18@sha256:…' style full string. */
export function formatReference(ref: ImageReference): string {
  return ref.name + (ref.tag === null ? '' : `:${ref.tag}`) + (ref.digest === null ? '' : `@${ref.digest}`);
}

/**
 * True when the reference is untagged and undigested, or tagged 'latest' (exact,
 * case-sensitive). A digest next to `:latest` does not change the answer: callers
 * that exempt digest-pinned references check `digest` themselves.
 */
export function isLatest(ref: ImageReference): boolean {
  return (ref.tag === null && ref.digest === null) || ref.tag === 'latest';
}

/**
 * splitDockerDomain: the first of several components is a registry when it is
 * 'localhost', contains '.' or ':', or has uppercase letters (repositories never
 * do, so Docker takes it as a host). A single component is always a Hub name.
 */
function splitRegistry(written: string): { registry: string | null; writtenPath: string } {
  const slash = written.indexOf('/');
  if (slash === -1) return { registry: null, writtenPath: written };
  const first = written.slice(0, slash);
  const isRegistry = first === 'localhost' || /[.:]/.test(first) || first.toLowerCase() !== first;
  return isRegistry ? { registry: first, writtenPath: written.slice(slash + 1) } : { registry: null, writtenPath: written };
}

function validHost(hostPort: string): boolean {
  const match = HOST_PORT.exec(hostPort);
  if (!match) return false;
  if (match[1] !== undefined) return true;
  return (match[2] ?? '').split('.').every((label) => DOMAIN_LABEL.test(label));
}

/** Grammar first, then case: 'Node' is reported as uppercase only when 'node' would be valid. */
function checkPath(writtenPath: string): Failure | null {
  const lower = writtenPath.toLowerCase();
  if (!lower.split('/').every((component) => PATH_COMPONENT.test(component))) {
    const shown = writtenPath === '' ? 'repository name is empty' : `repository "${writtenPath}" breaks the name grammar`;
    return fail('invalid-name', shown);
  }
  if (lower !== writtenPath) return fail('uppercase', `repository "${writtenPath}" must be lowercase`);
  return null;
}

/** Returns why a digest is malformed, or null. Unregistered algorithms are judged by the grammar only. */
function digestProblem(digest: string): string | null {
  const match = DIGEST.exec(digest);
  if (!match) return `digest "${digest}" is not algorithm:hex (at least 32 hex digits)`;
  const algorithm = match[1] ?? '';
  const hex = match[2] ?? '';
  const expected = DIGEST_HEX_LENGTH.get(algorithm);
  if (expected !== undefined && (hex.length !== expected || !/^[a-f0-9]+$/.test(hex))) {
    return `${algorithm} digest must be ${expected} lowercase hex characters`;
  }
  return null;
}
