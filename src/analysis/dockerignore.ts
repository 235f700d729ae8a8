// .dockerignore matching with Docker's own semantics (moby's fileutils, as ported by
// @balena/dockerignore): patterns are cleaned paths relative to the context root,
// a pattern also excludes everything under a matching directory, the last matching
// pattern wins and `!` re-includes. Matching is case-sensitive, as on Linux.

import { posix } from 'node:path';
import dockerignore from '@balena/dockerignore';

/** True when the ignore file `content` keeps `path` (relative to the context root) out of the context. */
export function excludes(content: string, path: string): boolean {
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  const matcher = dockerignore.default({ ignorecase: false });
  matcher.add(text.split(/\r\n?|\n/));
  return matcher.ignores(contextPath(path));
}

/** `./a//b/` → `a/b`; the context root itself is `.`. */
function contextPath(path: string): string {
  const normalised = posix.normalize(path.replace(/\\/g, '/')).replace(/^\/+/, '').replace(/\/+$/, '');
  return normalised === '' ? '.' : normalised;
}
