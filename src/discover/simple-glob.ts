// Globs of the simple shape every default include glob has (`**/Dockerfile.*`,
// `.github/workflows/*.yml`, `**/compose[-._]*.yaml`), matched by one regular
// expression each. minimatch parses a glob into a program of its own on first use;
// for the pre-push hook, which matches one or two names, that and its first-run cost
// were a measurable part of a push (with src/vendor/lsp-positions.ts, 0.6 ms of a
// one-Dockerfile push). Any other glob (and any unusual path) goes to minimatch.

import { Minimatch } from 'minimatch';

export interface PathMatcher {
  match(path: string): boolean;
}

const GLOB_OPTIONS = { dot: true } as const;

/** Characters a simple glob may hold as literals. */
const LITERAL = /^[A-Za-z0-9._~-]$/;

/**
 * Paths the regular expressions are exact for: segments neither empty, `.` nor `..`
 * (minimatch collapses `a//b` and `a/`, and never matches `.` or `..` by a wildcard).
 */
const UNUSUAL_PATH = /(?:^|\/)\.{0,2}(?:\/|$)/;

/**
 * A regular expression matching what `new Minimatch(pattern, { dot: true })` matches
 * on paths that are not UNUSUAL_PATH; null unless the pattern is simple: segments
 * separated by `/`, each a leading `**`, or made of literal characters, `*` and
 * classes of literal characters (`[-._]`; no ranges, no negation).
 */
export function simpleGlobRegExp(pattern: string): RegExp | null {
  const segments = pattern.split('/');
  let source = '';
  let anyDepth = true;
  for (const [index, segment] of segments.entries()) {
    if (segment === '**') {
      // Only before the first other segment, and never last: `a/**` and `**` alone
      // have rules of their own in minimatch.
      if (!anyDepth || index === segments.length - 1) return null;
      source += '(?:[^/]+/)*';
      continue;
    }
    anyDepth = false;
    const body = segmentSource(segment);
    if (body === null) return null;
    source += index === segments.length - 1 ? body : `${body}/`;
  }
  return new RegExp(`^${source}$`);
}

function segmentSource(segment: string): string | null {
  if (segment === '') return null;
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const char = segment.charAt(i);
    if (char === '*') {
      // `**` inside a segment is a plain star to minimatch; keep to the clear cases.
      if (segment.charAt(i + 1) === '*') return null;
      source += '[^/]*';
    } else if (char === '[') {
      const close = segment.indexOf(']', i + 1);
      if (close === -1) return null;
      const members = segment.slice(i + 1, close);
      // A dash only first or last (else a range), and nothing but literals.
      if (members === '' || /.-./.test(members) || ![...members].every((member) => LITERAL.test(member))) return null;
      source += `[${[...members].map((member) => (member === '-' ? '\\-' : member)).join('')}]`;
      i = close;
    } else if (LITERAL.test(char)) {
      source += char === '.' ? '\\.' : char;
    } else {
      return null;
    }
  }
  return source;
}

/** A matcher for one glob (minimatch options `{ dot: true }`): a regular expression when the glob is simple. */
export function globMatcher(pattern: string): PathMatcher {
  const regExp = simpleGlobRegExp(pattern);
  if (regExp === null) return new Minimatch(pattern, GLOB_OPTIONS);
  let fallback: Minimatch | undefined;
  return {
    match: (path) => (UNUSUAL_PATH.test(path) ? (fallback ??= new Minimatch(pattern, GLOB_OPTIONS)).match(path) : regExp.test(path)),
  };
}
