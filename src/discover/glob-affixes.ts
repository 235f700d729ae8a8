// The literal text a glob's last segment starts and ends with: a name must start and
// end with those of some glob to match it, so most names are ruled out by two string
// comparisons. Shared by the glob matcher (globs.ts) and the pre-push hook's name check
// (src/git/relevance.ts), which must not load minimatch: no imports here.

/** Characters that may start or end glob syntax; a literal affix stops at one. */
const GLOB_SYNTAX = '*?[]\\(){}!+@|';

/** The literal text before the first and after the last glob character of a segment. */
export function literalAffixes(segment: string): [head: string, tail: string] {
  let head = 0;
  while (head < segment.length && !GLOB_SYNTAX.includes(segment.charAt(head))) head++;
  if (head === segment.length) return [segment, segment];
  let tail = segment.length;
  while (tail > head && !GLOB_SYNTAX.includes(segment.charAt(tail - 1))) tail--;
  return [segment.slice(0, head), segment.slice(tail)];
}
