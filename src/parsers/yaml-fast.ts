// The fast YAML reader: js-yaml parses (≈8× faster than `yaml`'s parseDocument on the
// shared corpus), and its open/close events give every node's source offsets, from
// which the positioned tree is built (through yaml-tree.ts, like the complete reader).
//
// It reads only what it can read exactly as the complete reader (yaml-full.ts) would:
// any js-yaml error (syntax, unknown tag, nesting) or anything this
// module does not model — explicit `?` keys, complex keys, keys without a value,
// verbatim or non-specific tags, directives, multi-line keys, empty sequence entries,
// and what js-yaml is laxer about than `yaml` (indentation, tabs, comments) — declines
// the whole file, which the complete reader then reads with its error recovery and
// positions. So the fast path reports no problems but duplicate keys (as the complete
// reader words and places them) and the alias-expansion cap, and a tree it builds is the
// tree the complete reader builds (test/yaml-readers.test.ts compares them).
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

/** Duplicate keys reported here; the complete reader stops at 100 library errors. */
const MAX_FAST_DUPLICATES = 50;

/** Thrown to hand the file to the complete reader. */
class Decline extends Error {}

/**
 * The documents of a well-formed file, or null when the complete reader must read it.
 * Problems are only duplicate keys and the alias-expansion cap's.
 */
export function readYamlFast(text: string, starts: readonly number[], origin: string | undefined): { documents: Array<YNode | null>; problems: ParseProblem[] } | null {
  // Rare, and where js-yaml differs: directives (%YAML, %TAG), document end markers
  // (`...`: `yaml` may start an empty document at one), content on a `---` line (js-yaml
  // takes `---x` for a document start, and allows a block collection there), tabs in
  // the indentation or after a `-` (js-yaml accepts them, `yaml` does not), byte order
  // marks inside the text (`yaml` takes one at a line start for a mark, js-yaml for content).
  if (hasUnreadLine(text) || text.includes('\ufeff')) return null;
  const { jsYaml, schema } = loadJsYaml();
  const problems: ParseProblem[] = [];
  const reader = new EventReader(new TreeBuilder(text, starts, problems, origin));
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    // json: duplicate keys do not stop js-yaml; they are found and reported here.
    jsYaml.loadAll(text, null, { schema, listener: reader.listener, maxDepth: MAX_FAST_DEPTH, json: true });
  } catch {
    return null;
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  // Duplicate keys in the order `yaml` reports them (maps close innermost first here); the
  // rare files that also hit the alias cap, or have very many, are left to the complete reader.
  if (reader.duplicates.length > 0 && (problems.length > 0 || reader.duplicates.length > MAX_FAST_DUPLICATES)) return null;
  problems.push(...reader.duplicates.sort((a, b) => a.offset - b.offset).map((duplicate) => duplicate.problem));
  return { documents: reader.documents, problems };
}

/** A line the fast reader leaves to the complete one (see readYamlFast); one pass over the line starts. */
function hasUnreadLine(text: string): boolean {
  const tabs = text.includes('\t');
  for (let start = 0; start < text.length;) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const first = text[start];
    if (first === '%') return true;
    if (first === '.' && text.startsWith('...', start)) return true;
    if (first === '-' && text.startsWith('---', start) && /^---(?:[^\s]|[ \t]+[^\s#])/.test(text.slice(start, end))) return true;
    if (tabs && (first === ' ' || first === '-' || first === '\t')) {
      let i = start;
      while (text[i] === ' ' || text[i] === '-') i++;
      if (text[i] === '\t') return true;
    }
    start = end + 1;
  }
  return false;
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
  /** An anchor or tag was written before it. */
  props?: boolean;
  /** A scalar's string as js-yaml read it (its key in js-yaml's object). */
  raw?: string;
}

interface Frame {
  open: number;
  children: Built[];
}

class EventReader {
  readonly documents: Array<YNode | null> = [];
  readonly duplicates: Array<{ offset: number; problem: ParseProblem }> = [];
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
    const only = frame.children.length === 1 ? frame.children[0] as Built : null;
    // An implicit key that turned out to be the node itself: js-yaml tries a mapping
    // first (a flow collection or scalar is read as a key, then no `:` follows).
    if (only && only.start === s && !only.empty && (kind === 'scalar' || kind === null || only.node.kind === (kind === 'mapping' ? 'map' : 'seq'))) {
      if ((props.tag && only.node.tag !== props.tag) || (only.alias && (props.anchor || props.tag))) throw new Decline();
      if (props.anchor) this.build.anchor(props.anchor, only.node);
      return only;
    }
    if (kind === 'mapping' || kind === 'sequence') {
      // js-yaml looks for one more key where a block mapping ends (before `---`, say).
      const last = frame.children[frame.children.length - 1];
      const children = kind === 'mapping' && frame.children.length % 2 === 1 && last?.empty ? frame.children.slice(0, -1) : frame.children;
      const flow = text[s] === (kind === 'mapping' ? '{' : '[');
      // A block mapping without a pair read here holds explicit keys (`? `) only.
      if (!flow && children.length === 0) throw new Decline();
      const end = flow ? trimEnd(text, state.position) : (children[children.length - 1]?.end ?? s);
      if (flow && text.lastIndexOf('\n', end - 1) >= s) this.indentCheck(s, end, true);
      // `yaml` wants white space before a comment (`[#`, `]#`), js-yaml does not; and
      // the two place values after a comment inside a flow collection differently.
      if (flow && (text[end] === '#' || text.slice(s, end).includes('#'))) throw new Decline();
      if (flow) endOfNodeCheck(text, end);
      // js-yaml reports no node for an empty sequence entry (`-` alone), nor a mapping
      // for a single pair in a flow sequence (`[a: b]`, `[? a]`).
      if (kind === 'sequence' && (!sameShape(state.result as unknown[], children) || children.some((child) => this.explicitKey(child.start)))) throw new Decline();
      const node = kind === 'mapping'
        ? this.build.map(this.pairs(children, Object.keys(state.result as object).length), s, end, props.tag)
        : this.build.seq(children.map((child) => child.node), s, end, props.tag);
      // Properties on a block mapping's first line: `yaml` and js-yaml may give them to
      // different nodes (the mapping or its first key).
      if (!flow && (props.anchor || props.tag) && text.lastIndexOf('\n', s) < props.start) throw new Decline();
      if (props.anchor) this.build.anchor(props.anchor, node);
      return { node, start: s, end, alias: false, props: Boolean(props.anchor || props.tag) };
    }
    // An attempt at a key that found nothing is not a node (a block scalar or an empty
    // value follows it); anything else nested in a scalar is not understood here.
    if (frame.children.length > 1 || (only && !only.empty)) throw new Decline();
    if (text[s] === '*') {
      if (props.anchor || props.tag) throw new Decline();
      const name = /^[^\s,[\]{}]+/.exec(text.slice(s + 1, s + 1025))?.[0] ?? '';
      const end = s + 1 + name.length;
      return { node: this.build.alias(name, s, end), start: s, end, alias: true };
    }
    if (kind !== 'scalar') {
      // Nothing here. Like `yaml`: an empty value sits after the spaces that follow its indicator.
      if (props.anchor || props.tag) throw new Decline();
      // (js-yaml may open a value on a later line: start from its `:`.)
      let indicator = frame.open - 1;
      while (indicator >= 0 && /[ \t\n]/.test(text[indicator] as string)) indicator--;
      let start = text[indicator] === ':' ? indicator + 1 : frame.open;
      while (text[start] === ' ' || text[start] === '\t') start++;
      return { node: this.build.nullAt(start), start, end: start, alias: false, empty: true };
    }
    if (typeof state.result !== 'string') throw new Decline();
    const style = styleAt(text[s]);
    const block = style === 'literal' || style === 'folded';
    const end = block ? blockScalarEnd(text, s, state.position) : style === 'plain' ? trimEnd(text, state.position) : state.position;
    // js-yaml is laxer than `yaml` about how a multi-line flow scalar is indented.
    if (!block && text.lastIndexOf('\n', end - 1) >= s) {
      this.indentCheck(s, end, false);
      // Further lines of a plain scalar that look like YAML syntax are read differently.
      if (style === 'plain' && /\n[ \t]*(?:[-?:](?:[ \t]|$)|[#,[\]{}])|: |[ \t]#/.test(text.slice(s, end))) throw new Decline();
    }
    // `'x'#c`: `yaml` wants white space before a comment, js-yaml does not.
    if (style !== 'plain' && text[end] === '#') throw new Decline();
    if (style === 'single' || style === 'double') endOfNodeCheck(text, end);
    const node = this.scalar(state.result, style, s, end, props.tag);
    if (props.anchor) this.build.anchor(props.anchor, node);
    return { node, start: s, end, alias: false, props: Boolean(props.anchor || props.tag), raw: state.result };
  }

  private scalar(raw: string, style: ScalarStyle, start: number, end: number, tag: string | undefined): YScalar {
    const value = style === 'plain' && !tag ? corePlainValue(raw) : raw;
    const text = typeof value === 'string' ? value : value === null ? '' : this.text.slice(start, end).trim();
    return this.build.scalar(value, text, style, start, end, tag);
  }

  /** Keys and values of a mapping: every key is a scalar followed by `:` and a value. */
  private pairs(children: readonly Built[], keyCount: number): RawPair[] {
    if (children.length % 2 !== 0) throw new Decline();
    const pairs: RawPair[] = [];
    // Key values as `yaml` compares them (===, so NaN is never a duplicate), and js-yaml's key strings.
    const values = new Set<unknown>();
    const raws = new Set<string | undefined>();
    let merged = false;
    for (let i = 0; i < children.length; i += 2) {
      const key = children[i] as Built;
      const value = children[i + 1] as Built;
      if (key.alias || key.empty || key.props || key.node.kind !== 'scalar' || this.text.lastIndexOf('\n', key.end - 1) >= key.start || this.explicitKey(key.start) || !this.colonAfter(key)) throw new Decline();
      // `a: b: c` and `a: &x b: c`: `yaml` allows no block mapping on its key's line.
      if (value.node.kind === 'map' && !value.alias && this.text[value.start] !== '{' && this.text.lastIndexOf('\n', value.start) < key.end) throw new Decline();
      const merge = key.node.style === 'plain' && key.node.text === '<<';
      raws.add(key.raw);
      if (merge) {
        if (merged) throw new Decline();
        merged = true;
      } else {
        const keyValue = key.node.value;
        if (values.has(keyValue) && !Number.isNaN(keyValue)) this.duplicate(key);
        values.add(keyValue);
      }
      pairs.push({ key: merge ? null : key.node, merge, value: value.node });
    }
    // Every pair js-yaml stored was read here (not so for an empty explicit key, `? `).
    if (raws.size !== keyCount) throw new Decline();
    return pairs;
  }

  /** A duplicate key, reported as the complete reader does (by the key as written). */
  private duplicate(key: Built): void {
    const source = this.text.slice(key.start, key.end);
    let colon = key.end;
    while (this.text[colon] === ' ' || this.text[colon] === '\t') colon++;
    // Quoted keys, keys the complete reader would cut at a `:` or `#` or trim (U+00A0…),
    // and `key:}` are left to it.
    if (key.node.kind !== 'scalar' || key.node.style !== 'plain' || /[:#]/.test(source) || source !== source.trim() || !/^:(?:[ \t\n]|$)/.test(this.text.slice(colon, colon + 2))) throw new Decline();
    this.duplicates.push({ offset: key.start, problem: { message: `duplicate key "${source}"`, range: this.build.range(key.start, key.end) } });
  }

  /**
   * `yaml` wants every further line of a multi-line scalar or flow collection indented
   * deeper than the block collection it belongs to, but for a closing bracket (inside a
   * flow collection, the outermost one is checked); js-yaml does not check.
   */
  private indentCheck(start: number, end: number, flow: boolean): void {
    const text = this.text;
    let required = -1;
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const content = this.properties((this.stack[i] as Frame).open).contentStart;
      if (content >= start) continue;
      if (text[content] === '[' || text[content] === '{') return;
      required = content - (text.lastIndexOf('\n', content - 1) + 1);
      break;
    }
    for (let i = text.indexOf('\n', start); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
      let indent = 0;
      while (text[i + 1 + indent] === ' ') indent++;
      const next = text[i + 1 + indent];
      if (next === '\n' || next === undefined || indent > required) continue;
      // The collection's own closing bracket may sit at the block collection's indentation.
      if (!(flow && indent === required && i + 1 + indent === end - 1)) throw new Decline();
    }
  }

  /** `? key`: explicit keys are read by the complete reader. */
  private explicitKey(start: number): boolean {
    let i = start - 1;
    while (i >= 0 && (this.text[i] === ' ' || this.text[i] === '\t' || this.text[i] === '\n')) i--;
    return this.text[i] === '?' && (i === 0 || /[\s[{,]/.test(this.text[i - 1] as string));
  }

  /** The key's `:` follows it (and, as `yaml` wants, at most 1024 characters from its start). */
  private colonAfter(key: Built): boolean {
    let i = key.end;
    while (this.text[i] === ' ' || this.text[i] === '\t') i++;
    return this.text[i] === ':' && i - key.start <= 1024;
  }

  /** Anchor and tag before a node's content, and where the content starts. */
  private properties(offset: number): { anchor?: string; tag?: string; start: number; contentStart: number } {
    const text = this.text;
    let i = skipSeparation(text, offset);
    // Most nodes have none: no object to build.
    if (text[i] !== '&' && text[i] !== '!') return { start: i, contentStart: i };
    const start = i;
    let anchor: string | undefined;
    let tag: string | undefined;
    while (text[i] === '&' || text[i] === '!') {
      // Properties over several lines are read differently by the two parsers.
      if (i > start && text.lastIndexOf('\n', i) > start) throw new Decline();
      const token = /^[^\s,[\]{}]+/.exec(text.slice(i, i + 1025))?.[0] ?? '';
      if (token[0] === '&') anchor = token.slice(1);
      else tag = tagName(token);
      // `&a[x]`: `yaml` wants white space after a property.
      const after = text[i + token.length];
      if (after !== undefined && after !== ' ' && after !== '\t' && after !== '\n') throw new Decline();
      i = skipSeparation(text, i + token.length);
    }
    // So are properties that begin a line and have their node on a later one.
    if (i > start && text.lastIndexOf('\n', i) > start && /^[ \t-]*$/.test(text.slice(text.lastIndexOf('\n', start - 1) + 1, start))) throw new Decline();
    return { anchor, tag, start, contentStart: i };
  }
}

/** After a quoted scalar or flow collection, only a comment, the line's end or an indicator may follow (`] x` is an error for `yaml`). */
function endOfNodeCheck(text: string, end: number): void {
  let i = end;
  while (text[i] === ' ' || text[i] === '\t') i++;
  const next = text[i];
  if (next !== undefined && !'\n#:,]}'.includes(next)) throw new Decline();
}

/** Each entry js-yaml read has its node, of the same kind. */
function sameShape(items: readonly unknown[], children: readonly Built[]): boolean {
  if (items.length !== children.length) return false;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const kind = Array.isArray(item) ? 'seq' : typeof item === 'object' && item !== null ? 'map' : 'scalar';
    if (kind !== (children[i] as Built).node.kind) return false;
  }
  return true;
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
  if (headerEnd === -1) throw new Decline();
  // Explicit indentation and keep chomping (`|2`, `|+`) are rare: the complete reader takes them.
  if (/[0-9+]/.test(text.slice(headerStart + 1, headerEnd).replace(/\s#.*$/, ''))) throw new Decline();
  const stop = Math.min(offset, text.length);
  const unterminatedLast = stop === text.length && !text.endsWith('\n');
  // The start of the line js-yaml stopped in.
  let end = text.lastIndexOf('\n', stop - 1) + 1;
  let indent = -1;
  for (let i = headerEnd + 1; i < (unterminatedLast ? text.length : end);) {
    const next = text.indexOf('\n', i);
    const line = text.slice(i, next === -1 ? text.length : next);
    if (line.trim() !== '') {
      indent = line.length - line.trimStart().length;
      break;
    }
    if (next === -1) break;
    i = next + 1;
  }
  // Where a block has no content line at all, `yaml` is hard to follow: let it read it.
  if (indent < 0) throw new Decline();
  if (unterminatedLast) {
    const last = text.slice(end);
    if (last.trim() !== '' || last.length > indent) return text.length;
  }
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
  // Most scalars are words: nothing to resolve unless the first character can start a non-string.
  if (raw !== '' && !'0123456789+-.~nNtTfF'.includes(raw[0] as string)) return raw;
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
