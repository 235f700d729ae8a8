// `{a,b}` alternatives of a glob, expanded without minimatch's brace expansion (whose
// first use costs start-up time): only the plain form, comma-separated groups with no
// nesting, escapes, ranges or `${`. Anything else gives null, and the caller uses
// minimatch's `braceExpand`. A property test holds this to `braceExpand`.

export function expandPlainBraces(glob: string): string[] | null {
  if (!glob.includes('{')) return [glob];
  // As brace expansion does, empty results of an expansion are dropped.
  return expand(glob)?.filter((pattern) => pattern !== '') ?? null;
}

function expand(glob: string): string[] | null {
  const open = glob.indexOf('{');
  if (open === -1) return [glob];
  if (glob.includes('\\')) return null;
  const close = glob.indexOf('}', open);
  if (close === -1) return null;
  const group = glob.slice(open + 1, close);
  if (!group.includes(',') || group.includes('{') || group.includes('..') || glob.charAt(open - 1) === '$') return null;
  const head = glob.slice(0, open);
  if (head.includes('}')) return null;
  const expanded: string[] = [];
  for (const choice of group.split(',')) {
    const rest = expand(head + choice + glob.slice(close + 1));
    if (rest === null) return null;
    expanded.push(...rest);
  }
  return expanded;
}
