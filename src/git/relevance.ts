// Whether a pushed path could be linted under the default include globs, told from its
// name alone and without compiling a glob: the literal start and end of each glob's
// last segment rule most names (sources, docs) out with a few string comparisons. A
// name that passes still has to match the glob itself (globs.ts). Used by the hook's
// fast path (quick.ts), which must not load the glob matcher, and by pre-push.ts. And
// the companion files a linted file brings along, which both read ahead.

import { posix } from 'node:path';
import { DEFAULT_INCLUDE } from '../discover/default-globs.js';
import { expandPlainBraces } from '../discover/braces.js';
import { literalAffixes } from '../discover/glob-affixes.js';

const { dirname } = posix;

let defaultAffixes: ReadonlyArray<readonly [head: string, tail: string]> | undefined;

/** False when the path certainly matches no default include glob. Case-insensitive (a superset). */
export function mayMatchDefaultGlobs(path: string): boolean {
  defaultAffixes ??= Object.values(DEFAULT_INCLUDE)
    .flat()
    // A glob whose braces need minimatch gives `*`, which every name passes: never a relevant file missed.
    .flatMap((glob) => expandPlainBraces(glob) ?? ['*'])
    .map((pattern) => literalAffixes(pattern.slice(pattern.lastIndexOf('/') + 1).toLowerCase()));
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  return defaultAffixes.some(([head, tail]) => base.startsWith(head) && base.endsWith(tail));
}

/** BuildKit's `<Dockerfile>.dockerignore`, and `.dockerignore` in the file's directory and every one above it (build contexts). */
export function companions(path: string): string[] {
  const out = [`${path}.dockerignore`];
  let dir = dirname(path);
  for (;;) {
    out.push(dir === '.' ? '.dockerignore' : `${dir}/.dockerignore`);
    if (dir === '.') return out;
    dir = dirname(dir);
  }
}
