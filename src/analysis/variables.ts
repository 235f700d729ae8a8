// Shell/Dockerfile-style variable substitution, enough to resolve ARG defaults and
// build args inside image references. Anything whose value cannot be known statically
// (unset names, `${X#p}`-style operators, `$(…)`, GitHub `${{ … }}`) is kept as written
// and flagged `unresolved`, so rules skip it instead of judging a half-expanded string.

export interface Substitution {
  /** The result; unresolved expressions appear as written. */
  text: string;
  /** Some variable had no value (and no default applied). */
  unresolved: boolean;
  /** Text after the last variable expression in the input, as written (used for `$IMG:latest`). */
  literalSuffix: string;
  hasVariables: boolean;
}

/** A variable's value; `undefined` when unset, `null` when set to a value unknown until build time (TARGETARCH). */
type Lookup = (name: string) => string | null | undefined;
type Escape = '\\' | '`';

/** Nesting deeper than this is kept as written (unresolved) so hostile input cannot exhaust the stack. */
const MAX_DEPTH = 32;
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;

interface State {
  readonly text: string;
  readonly lookup: Lookup;
  readonly escape: Escape;
  unresolved: boolean;
  hasVariables: boolean;
}

interface Expanded {
  out: string;
  /** Index of the closing '}' when one was required and found, else the text length. */
  end: number;
  closed: boolean;
}

export function substitute(text: string, lookup: Lookup, escape: Escape = '\\'): Substitution {
  const state: State = { text, lookup, escape, unresolved: false, hasVariables: false };
  let lastEnd = 0;
  const { out } = expand(state, 0, false, 0, (end) => {
    lastEnd = end;
  });
  return { text: out, unresolved: state.unresolved, literalSuffix: text.slice(lastEnd), hasVariables: state.hasVariables };
}

/** Variable names referenced by the text (including those inside `${X:-…}` words), first use first. */
export function referencedVariables(text: string, escape: Escape = '\\'): string[] {
  const names = new Set<string>();
  substitute(
    text,
    (name) => {
      names.add(name);
      return undefined;
    },
    escape,
  );
  return [...names];
}

const REFERENCE = /(?:^|[^\\])\$(?:[A-Za-z0-9_]|\{|\(|\[\[)|%[A-Za-z_][A-Za-z0-9_]*%/;

/** True when the text contains a `$X`, `${X}`, `${{ … }}` (GitHub expression), `$(…)`, or `%X%` reference. */
export function containsReference(text: string): boolean {
  return REFERENCE.test(text);
}

/**
 * Expands from `start`; inside a `${X:-word}` word (`inWord`) it stops at the '}' that
 * closes the expression. `onTopLevel` receives the end of each top-level expression.
 */
function expand(state: State, start: number, inWord: boolean, depth: number, onTopLevel?: (end: number) => void): Expanded {
  const { text, escape } = state;
  let out = '';
  let i = start;
  while (i < text.length) {
    const ch = text[i];
    if (inWord && ch === '}') return { out, end: i, closed: true };
    if (ch === escape && (text[i + 1] === '$' || text[i + 1] === escape)) {
      // `\$` is a literal dollar; `\\` a literal escape that cannot escape what follows.
      out += text[i + 1];
      i += 2;
    } else if (ch === '$') {
      const expr = dollar(state, i, depth);
      out += expr.out;
      i = expr.end;
      if (expr.isVariable) onTopLevel?.(i);
    } else {
      out += ch;
      i += 1;
    }
  }
  return { out, end: text.length, closed: false };
}

/** Expands the `$…` at `start`; `end` is one past the expression. */
function dollar(state: State, start: number, depth: number): { out: string; end: number; isVariable: boolean } {
  const { text } = state;
  const next = text[start + 1] ?? '';
  const kept = (end: number) => {
    state.hasVariables = true;
    state.unresolved = true;
    return { out: text.slice(start, end), end, isVariable: true };
  };

  if (next === '{' && text[start + 2] === '{') {
    const close = text.indexOf('}}', start + 3);
    return kept(close === -1 ? text.length : close + 2);
  }
  // GitLab CI inputs: `$[[ inputs.tag ]]` — known only when the pipeline is created.
  if (next === '[' && text[start + 2] === '[') {
    const close = text.indexOf(']]', start + 3);
    return kept(close === -1 ? text.length : close + 2);
  }
  if (next === '(') return kept(closingParen(text, start + 1));
  if (next === '{') return braced(state, start, depth);
  if (NAME_START.test(next) || DIGIT.test(next)) {
    // `$1` is one positional digit, as in sh; names run as far as name characters go.
    let end = start + 2;
    if (!DIGIT.test(next)) while (end < text.length && NAME_CHAR.test(text[end] ?? '')) end += 1;
    const value = state.lookup(text.slice(start + 1, end));
    if (value === undefined || value === null) return kept(end);
    state.hasVariables = true;
    return { out: value, end, isVariable: true };
  }
  return { out: '$', end: start + 1, isVariable: false };
}

function braced(state: State, start: number, depth: number): { out: string; end: number; isVariable: boolean } {
  const { text } = state;
  state.hasVariables = true;
  const kept = (end: number) => {
    state.unresolved = true;
    return { out: text.slice(start, end), end, isVariable: true };
  };
  const skip = () => {
    const close = closingBrace(text, start + 2, state.escape);
    return kept(close === -1 ? text.length : close + 1);
  };

  const nameStart = start + 2;
  let pos = nameStart;
  const pattern = DIGIT.test(text[pos] ?? '') ? DIGIT : NAME_START.test(text[pos] ?? '') ? NAME_CHAR : null;
  if (pattern === null || depth >= MAX_DEPTH) return skip();
  while (pos < text.length && pattern.test(text[pos] ?? '')) pos += 1;
  const name = text.slice(nameStart, pos);
  const value = state.lookup(name);

  if (text[pos] === '}') return value === undefined || value === null ? kept(pos + 1) : { out: value, end: pos + 1, isVariable: true };

  const colon = text[pos] === ':';
  const operator = text[colon ? pos + 1 : pos];
  if (operator !== '-' && operator !== '+' && operator !== '?') return skip();

  // The word is expanded on its own so names in an unused word do not count as unresolved.
  const wordState: State = { ...state, unresolved: false };
  const word = expand(wordState, pos + (colon ? 2 : 1), true, depth + 1);
  if (!word.closed) return kept(text.length);
  const end = word.end + 1;
  // Set but unknown: whether the default or the alternative applies is unknown too.
  if (value === null) return kept(end);
  const set = value !== undefined && (!colon || value !== '');
  const useWord = () => {
    if (wordState.unresolved) state.unresolved = true;
    return { out: word.out, end, isVariable: true };
  };

  if (operator === '-') return set ? { out: value ?? '', end, isVariable: true } : useWord();
  if (operator === '+') return set ? useWord() : { out: '', end, isVariable: true };
  return set ? { out: value ?? '', end, isVariable: true } : kept(end);
}

/** Index of the '}' closing a `${` whose body starts at `from`, counting nested `${`; -1 when unterminated. */
function closingBrace(text: string, from: number, escape: Escape): number {
  let open = 1;
  for (let i = from; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === escape) i += 1;
    else if (ch === '$' && text[i + 1] === '{') {
      open += 1;
      i += 1;
    } else if (ch === '}' && --open === 0) return i;
  }
  return -1;
}

/** One past the ')' closing the '(' at `open`, or the text length when unterminated. */
function closingParen(text: string, open: number): number {
  let level = 0;
  for (let i = open; i < text.length; i += 1) {
    if (text[i] === '(') level += 1;
    else if (text[i] === ')' && --level === 0) return i + 1;
  }
  return text.length;
}
