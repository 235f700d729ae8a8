// The fast YAML reader: js-yaml parses (≈8× faster than `yaml`'s parseDocument on the
// shared corpus), and its open/close events give every node's source offsets, from
// which the positioned tree is built (through yaml-tree.ts, like the complete reader).
//
// It reads only what it can read exactly as the complete reader (yaml-full.ts) would:
// any js-yaml error (syntax, duplicate key, unknown tag, nesting) or anything this
// module does not model — explicit `?` keys, complex keys, keys without a value,
// verbatim or non-specific tags, %TAG directives — declines the whole file, which the
// complete reader then reads with its error recovery and positions. So the fast path
// never reports a problem of its own besides the alias-expansion cap, and a tree it
// builds is the tree the complete reader builds (test/yaml-readers.test.ts compares them).
//
// js-yaml runs with the failsafe schema (every scalar a string): plain scalars are typed
// here by YAML 1.2's core schema, the tests `yaml` applies, and merge keys are applied by
// the shared builder, as for the complete reader.

import { createRequire } from 'node:module';
import type { ParseProblem } from '../models/file.js';
import type { ScalarStyle, YNode, YScalar } from './yaml.js';
import { TreeBuilder, type RawPair } from './yaml-tree.js';

/** The part of js-yaml's API used here (it ships no types). */
interface JsYamlState {
  position: number;
  kind: 'scalar' | 'mapping' | 'sequence' | null;
  result: unknown;
}
interface JsYaml {
  loadAll(input: string, iterator: ((document: unknown) => void) | null, options: object): unknown;
  FAILSAFE_SCHEMA: { extend(types: unknown[]): unknown };
  Type: new (tag: string, options: { kind: 'scalar' | 'sequence' | 'mapping' }) => unknown;
}

let lib: { jsYaml: JsYaml; schema: unknown } | null = null;

function loadJsYaml(): { jsYaml: JsYaml; schema: unknown } {
  if (!lib) {
    const jsYaml = (typeof require === 'function' ? require('js-yaml') : createRequire(import.meta.url)('js-yaml')) as JsYaml;
    // The tags the complete reader knows (GitLab `!reference`, compose `!reset`/`!override`).
    const custom = [];
    for (const kind of ['scalar', 'sequence', 'mapping'] as const) {
      for (const tag of ['!reset', '!override']) custom.push(new jsYaml.Type(tag, { kind }));
    }
    custom.push(new jsYaml.Type('!reference', { kind: 'sequence' }));
    lib = { jsYaml, schema: jsYaml.FAILSAFE_SCHEMA.extend(custom) };
  }
  return lib;
}

/** js-yaml nesting (its count includes a level per implicit key) past which the complete reader takes over. */
const MAX_FAST_DEPTH = 120;

/** Thrown to hand the file to the complete reader. */
class Decline extends Error {}

/**
 * The documents of a well-formed file, or null when the complete reader must read it.
 * Problems are only the alias-expansion cap's.
 */
export function readYamlFast(text: string, starts: readonly number[], origin: string | undefined): { documents: Array<YNode | null>; problems: ParseProblem[] } | null {
  // Directives (%YAML, %TAG) and explicit keys are rare; the complete reader handles them.
  if (text.startsWith('%') || text.includes('\n%') || /(?:^|[\s[{,])\?(?:[ \t\n]|$)/.test(text)) return null;
  const { jsYaml, schema } = loadJsYaml();
  const problems: ParseProblem[] = [];
  const reader = new EventReader(new TreeBuilder(text, starts, problems, origin));
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    jsYaml.loadAll(text, null, { schema, listener: reader.listener, maxDepth: MAX_FAST_DEPTH });
  } catch {
    return null;
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  return { documents: reader.documents, problems };
}

/** A node as built, with the offsets its parent needs. */
interface Built {
  node: YNode;
  /** First character of the content (after any anchor or tag). */
  start: number;
  /** End of the value. */
  end: number;
  alias: boolean;
  /** Nothing was written here: an empty value. */
  empty?: boolean;
}

interface Frame {
  open: number;
  children: Built[];
}

class EventReader {
  readonly documents: Array<YNode | null> = [];
  private readonly stack: Frame[] = [];
  private readonly text: string;

  constructor(private readonly build: TreeBuilder) {
    this.text = build.text;
  }

  readonly listener = (event: 'open' | 'close', state: JsYamlState): void => {
    if (event === 'open') {
      if (this.stack.length === 0) this.build.startDocument();
      this.stack.push({ open: state.position, children: [] });
      return;
    }
    const frame = this.stack.pop() as Frame;
    const built = this.close(frame, state);
    const parent = this.stack[this.stack.length - 1];
    if (parent) parent.children.push(built);
    else if (!built.empty) this.documents.push(built.node);
    // An empty document: `yaml` reads none from a stream of comments, but a null
    // scalar after an explicit `---`; only the first case is worth modelling.
    else if (/(?:^|\n)---(?:[ \t\n]|$)/.test(this.text)) throw new Decline();
  };

  private close(frame: Frame, state: JsYamlState): Built {
    const text = this.text;
    const props = this.properties(frame.open);
    const s = props.contentStart;
    const kind = state.kind;
    if (kind === 'mapping' || kind === 'sequence') {
      // js-yaml looks for one more key where a block mapping ends (before `---`, say).
      const last = frame.children[frame.children.length - 1];
      const children = kind === 'mapping' && frame.children.length % 2 === 1 && last?.empty ? frame.children.slice(0, -1) : frame.children;
      const flow = text[s] === (kind === 'mapping' ? '{' : '[');
      const end = flow ? trimEnd(text, state.position) : (children[children.length - 1]?.end ?? s);
      // js-yaml reports no node for an empty sequence entry (`-` alone).
      if (kind === 'sequence' && (state.result as unknown[]).length !== children.length) throw new Decline();
      const node = kind === 'mapping'
        ? this.build.map(this.pairs(children), s, end, props.tag)
        : this.build.seq(children.map((child) => child.node), s, end, props.tag);
      if (props.anchor) this.build.anchor(props.anchor, node);
      return { node, start: s, end, alias: false };
    }
    if (frame.children.length > 1) throw new Decline();
    const child = frame.children[0];
    // An implicit key that turned out to be the node itself (js-yaml tries a mapping
    // first); but when that attempt found nothing, this node may still be a block scalar.
    if (child && !(child.empty && kind === 'scalar')) {
      if (props.tag && child.node.tag !== props.tag) throw new Decline();
      if (props.anchor) this.build.anchor(props.anchor, child.node);
      return child;
    }
    if (text[s] === '*') {
      if (props.anchor || props.tag) throw new Decline();
      const name = /^[^\s,[\]{}]+/.exec(text.slice(s + 1, s + 1025))?.[0] ?? '';
      const end = s + 1 + name.length;
      return { node: this.build.alias(name, s, end), start: s, end, alias: true };
    }
    if (kind !== 'scalar') {
      // Nothing here. Like `yaml`: an empty value sits after the spaces that follow its indicator.
      if (props.anchor || props.tag) throw new Decline();
      let start = frame.open;
      while (text[start] === ' ' || text[start] === '\t') start++;
      return { node: this.build.nullAt(start), start, end: start, alias: false, empty: true };
    }
    if (typeof state.result !== 'string') throw new Decline();
    const style = styleAt(text[s]);
    const end = style === 'literal' || style === 'folded' ? blockScalarEnd(text, s, state.position)
      : style === 'plain' ? trimEnd(text, state.position) : state.position;
    const node = this.scalar(state.result, style, s, end, props.tag);
    if (props.anchor) this.build.anchor(props.anchor, node);
    return { node, start: s, end, alias: false };
  }

  private scalar(raw: string, style: ScalarStyle, start: number, end: number, tag: string | undefined): YScalar {
    const value = style === 'plain' && !tag ? corePlainValue(raw) : raw;
    const text = typeof value === 'string' ? value : value === null ? '' : this.text.slice(start, end).trim();
    return this.build.scalar(value, text, style, start, end, tag);
  }

  /** Keys and values of a mapping: every key is a scalar followed by `:` and a value. */
  private pairs(children: readonly Built[]): RawPair[] {
    if (children.length % 2 !== 0) throw new Decline();
    const pairs: RawPair[] = [];
    for (let i = 0; i < children.length; i += 2) {
      const key = children[i] as Built;
      const value = children[i + 1] as Built;
      if (key.alias || key.node.kind !== 'scalar' || !this.colonAfter(key.end)) throw new Decline();
      const merge = key.node.style === 'plain' && key.node.text === '<<';
      pairs.push({ key: merge ? null : key.node, merge, value: value.node });
    }
    return pairs;
  }

  private colonAfter(offset: number): boolean {
    let i = offset;
    while (this.text[i] === ' ' || this.text[i] === '\t') i++;
    return this.text[i] === ':';
  }

  /** Anchor and tag before a node's content, and where the content starts. */
  private properties(offset: number): { anchor?: string; tag?: string; contentStart: number } {
    const text = this.text;
    let i = skipSeparation(text, offset);
    let anchor: string | undefined;
    let tag: string | undefined;
    while (text[i] === '&' || text[i] === '!') {
      const token = /^[^\s,[\]{}]+/.exec(text.slice(i, i + 1025))?.[0] ?? '';
      if (token[0] === '&') anchor = token.slice(1);
      else tag = tagName(token);
      i = skipSeparation(text, i + token.length);
    }
    return { anchor, tag, contentStart: i };
  }
}

/** `!!str` → the YAML tag URI, `!reference` as written; non-specific and verbatim tags decline. */
function tagName(token: string): string {
  if (token.startsWith('!!')) return `tag:yaml.org,2002:${token.slice(2)}`;
  if (token === '!' || token.startsWith('!<')) throw new Decline();
  return token;
}

function styleAt(char: string | undefined): ScalarStyle {
  switch (char) {
    case '"': return 'double';
    case "'": return 'single';
    case '|': return 'literal';
    case '>': return 'folded';
    default: return 'plain';
  }
}

/** Spaces, tabs, line breaks and comments. */
function skipSeparation(text: string, offset: number): number {
  let i = offset;
  for (;;) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n') i++;
    else if (c === '#') {
      const newline = text.indexOf('\n', i);
      i = newline === -1 ? text.length : newline;
    } else return i;
  }
}

/** Back over trailing spaces, tabs and line breaks. */
function trimEnd(text: string, offset: number): number {
  let i = Math.min(offset, text.length);
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t' || text[i - 1] === '\n')) i--;
  return i;
}

/**
 * Where `yaml` ends a block scalar (js-yaml stops further on, in the next line's
 * indentation): after the line break of its last line that is not blank, a line of
 * spaces longer than the block's indentation counting as content; at the end of the
 * file when its last line has no line break.
 */
function blockScalarEnd(text: string, headerStart: number, offset: number): number {
  const headerEnd = text.indexOf('\n', headerStart);
  if (headerEnd === -1) return text.length;
  // Explicit indentation and keep chomping (`|2`, `|+`) are rare: the complete reader takes them.
  if (/[0-9+]/.test(text.slice(headerStart + 1, headerEnd).replace(/\s#.*$/, ''))) throw new Decline();
  let indent = 0;
  for (let i = headerEnd + 1; i < text.length;) {
    const next = text.indexOf('\n', i);
    const line = text.slice(i, next === -1 ? text.length : next);
    if (line.trim() !== '') {
      indent = line.length - line.trimStart().length;
      break;
    }
    if (next === -1) break;
    i = next + 1;
  }
  let end = Math.min(offset, text.length);
  if (end === text.length && !text.endsWith('\n') && text.slice(text.lastIndexOf('\n') + 1).trim() !== '') return end;
  end = text.lastIndexOf('\n', end - 1) + 1;
  while (end > headerEnd + 1) {
    const previous = text.lastIndexOf('\n', end - 2);
    const line = text.slice(previous + 1, end - 1);
    if (line.trim() !== '' || line.length > indent) break;
    end = previous + 1;
  }
  return end;
}

/** YAML 1.2 core schema, as `yaml` resolves an untagged plain scalar. */
function corePlainValue(raw: string): string | number | boolean | null {
  if (/^(?:~|[Nn]ull|NULL)?$/.test(raw)) return null;
  if (/^(?:[Tt]rue|TRUE)$/.test(raw)) return true;
  if (/^(?:[Ff]alse|FALSE)$/.test(raw)) return false;
  if (/^0o[0-7]+$/.test(raw)) return parseInt(raw.slice(2), 8);
  if (/^[-+]?[0-9]+$/.test(raw)) return parseInt(raw, 10);
  if (/^0x[0-9a-fA-F]+$/.test(raw)) return parseInt(raw.slice(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(raw)) {
    return raw.slice(-3).toLowerCase() === 'nan' ? NaN : raw[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/.test(raw)) return parseFloat(raw);
  return raw;
}
