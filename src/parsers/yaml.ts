// YAML → a small positioned tree. The only module that imports `yaml`; the CI and
// compose parsers lower this tree and never see the library's own nodes.
//
// - Every node carries a 1-based Range (endColumn exclusive), like every model node.
// - Aliases are shared, not copied: `*x` is the very node `&x` names, so the tree is a
//   DAG of the file's size. Expansion is still counted (what a naive walk would visit)
//   and capped, so an alias bomb becomes one parse problem instead of a hang.
// - Merge keys (`<<: *x`, `<<: [*a, *b]`) are applied: the merged entries appear in the
//   map, keys written in the map win, earlier merges win over later ones.
// - Nesting deeper than MAX_DEPTH is cut off with a parse problem (no stack overflow).
// - `!reference [job, key]` (GitLab) is kept as a sequence with `tag: '!reference'`;
//   the GitLab lowering resolves it.
// - String scalars expose their text line by line with file positions (`scalarText`),
//   so a `run: |` block's line N is reported at its real line and column.
//
// `yaml` is loaded on first use: a Dockerfile-only run never pays for it.

import { createRequire } from 'node:module';
import type * as YamlLib from 'yaml';
import type { Comment, ParseProblem } from '../models/file.js';
import type { EnvNode, EnvSource, NodeContext, Range, Scalar } from '../models/nodes.js';
import { directiveComments, lineStartOffsets, positionAt } from './text.js';

/** Deeper nesting is cut off (and reported): no walk over the tree can exhaust the stack. */
export const MAX_DEPTH = 200;
/** Nodes a full expansion of the aliases would add; past this, aliases are dropped and reported. */
export const MAX_ALIAS_EXPANSION = 100_000;

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded';

interface YBase {
  range: Range;
  /** Explicit tag, e.g. `!reference`. */
  tag?: string;
  /** Set on every node of a document parsed for another file (GitLab `include: local`): its path. */
  origin?: string;
}

export interface YScalar extends YBase {
  kind: 'scalar';
  value: string | number | boolean | null;
  /** The value as a string: strings as they are, other scalars as written (`1.10`, `true`), null as ''. */
  text: string;
  style: ScalarStyle;
  /** For string scalars spanning several source lines: their text with per-line positions. */
  lines?: TextLines;
}

export interface YPair {
  key: YScalar;
  value: YNode;
}

export interface YMap extends YBase {
  kind: 'map';
  /** In document order; entries brought in by a merge key sit where the `<<` was. */
  entries: YPair[];
}

export interface YSeq extends YBase {
  kind: 'seq';
  items: YNode[];
}

export type YNode = YScalar | YMap | YSeq;

/**
 * A scalar's text as a script or list would read it, with the file position of the
 * first character of each of its lines. For literal blocks the text is the value;
 * for folded and multi-line flow scalars the source lines are kept and a fold is
 * written as ` \` at the end of the line (a shell continuation: same words, same
 * columns), so commands keep the positions they have in the file.
 */
export interface TextLines {
  text: string;
  lineStarts: Array<{ line: number; column: number }>;
}

export interface YamlFile {
  /** One root per document (null for an empty document). */
  documents: Array<YNode | null>;
  problems: ParseProblem[];
  comments: Comment[];
}

export interface YamlParseOptions {
  /** Marks every node as coming from this (included) file. */
  origin?: string;
}

type Lib = typeof YamlLib;
let lib: Lib | null = null;

/**
 * `require` where the bundler can see it (the CLI bundle inlines `yaml` as a lazily
 * initialised module, shared with the config loader's `import('yaml')`), else
 * Node's own require (ESM under tsx, tests).
 */
function loadYaml(): Lib {
  if (!lib) {
    lib = (typeof require === 'function' ? require('yaml') : createRequire(import.meta.url)('yaml')) as Lib;
  }
  return lib;
}

const CUSTOM_TAGS = [
  // GitLab: `!reference [.job, script]`, resolved by the GitLab lowering.
  { tag: '!reference', collection: 'seq' as const, resolve: (value: unknown) => value },
  // Compose: `!reset` / `!override` (merge control); kept as written.
  { tag: '!reset', resolve: (value: string) => value },
  { tag: '!override', resolve: (value: string) => value },
  { tag: '!reset', collection: 'seq' as const, resolve: (value: unknown) => value },
  { tag: '!reset', collection: 'map' as const, resolve: (value: unknown) => value },
  { tag: '!override', collection: 'seq' as const, resolve: (value: unknown) => value },
  { tag: '!override', collection: 'map' as const, resolve: (value: unknown) => value },
];

/** Parses YAML text (already normalised: no BOM, LF line ends). Never throws. */
export function parseYaml(text: string, options: YamlParseOptions = {}): YamlFile {
  const starts = lineStartOffsets(text);
  const problems: ParseProblem[] = [];
  const comments = directiveComments(text.split('\n'));
  const problemAt = (message: string, offset: number, end?: number) => {
    const from = Math.min(offset, text.length);
    const to = end === undefined ? from : Math.min(end, text.length);
    // At least one column: an error at the very end of the file (`a: "abc` with no line
    // break) has its end clamped onto its start, a range of no width.
    const a = positionAt(starts, from);
    const b = to > from ? positionAt(starts, to) : { line: a.line, column: a.column + 1 };
    problems.push({ message, range: { line: a.line, column: a.column, endLine: b.line, endColumn: b.column } });
  };
  const yaml = loadYaml();
  let docs: YamlLib.Document.Parsed[];
  let cutAt: number | null = null;
  // The library builds an Error per problem and their stacks are never read: a garbled
  // 1 MB line yields hundreds of thousands, and capturing stacks was most of the time.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    // parseAllDocuments, with the syntax tree's nesting cut before it is composed: the
    // composer recurses per level, and a stack overflow deep inside V8 (10,000 `[`) can
    // abort the process instead of throwing. The parser itself is iterative.
    const composer = new yaml.Composer({
      uniqueKeys: true,
      merge: true,
      prettyErrors: false,
      keepSourceTokens: false,
      customTags: CUSTOM_TAGS as unknown as YamlLib.Tags,
    });
    const tokens = new yaml.Parser().parse(text);
    docs = Array.from(composer.compose(cutDeepTokens(tokens, (offset) => (cutAt ??= offset)))) as YamlLib.Document.Parsed[];
  } catch (error) {
    problemAt(`cannot parse the YAML: ${error instanceof Error ? error.message : String(error)}`, 0);
    return { documents: [], problems, comments };
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  const converter = new Converter(yaml, text, starts, problems, options.origin);
  const documents: Array<YNode | null> = [];
  let errorCount = 0;
  for (const doc of docs) {
    for (const error of doc.errors) {
      if (error.code === 'MISSING_CHAR' && /closing .?quote/.test(error.message)) converter.unterminated.add(error.pos[0]);
    }
    for (const error of doc.errors) {
      // A garbled file yields an error every few characters: the first ones say enough.
      if (errorCount++ === MAX_YAML_ERRORS) {
        problemAt(`more YAML errors after these ${MAX_YAML_ERRORS} are not reported`, error.pos[0]);
      }
      if (errorCount > MAX_YAML_ERRORS) continue;
      const [start, end] = error.pos;
      if (error.code === 'DUPLICATE_KEY') {
        const key = keyAt(text, start);
        problemAt(`duplicate key "${key.text}"`, key.start, key.start + key.text.length + (key.quoted ? 2 : 0));
        continue;
      }
      const message = error.code === 'RESOURCE_EXHAUSTION'
        ? `the YAML is nested too deeply to parse (${firstLine(error.message)})`
        : withoutSource(firstLine(error.message).replace(/ at line \d+, column \d+:?$/, ''));
      problemAt(message, start, end);
    }
    documents.push(doc.contents ? converter.convertRoot(doc.contents as YamlLib.ParsedNode) : null);
  }
  // Cut where the model never looks (a complex key): still reported, the file was not read whole.
  if (cutAt !== null && !converter.depthReported) problemAt(`the YAML is nested more than ${MAX_DEPTH} levels deep; the rest is not read`, cutAt);
  return { documents, problems, comments };
}

/** Syntax-tree nesting kept for the composer; deeper collections become empty scalars. */
const MAX_TOKEN_DEPTH = MAX_DEPTH + 50;
/** Library errors reported per file. */
const MAX_YAML_ERRORS = 100;

type CstToken = YamlLib.CST.Token;

/** Passes the parser's top-level tokens on, each with collections past MAX_TOKEN_DEPTH cut (iteratively). */
function* cutDeepTokens(tokens: Iterable<CstToken>, onCut: (offset: number) => void): Generator<CstToken> {
  for (const token of tokens) {
    const pending: Array<{ token: CstToken; depth: number }> = [{ token, depth: 0 }];
    for (let next = pending.pop(); next; next = pending.pop()) {
      const { token: parent, depth } = next;
      const slots: Array<{ key?: CstToken | null; value?: CstToken }> =
        parent.type === 'document' ? [parent] : parent.type === 'block-map' || parent.type === 'block-seq' || parent.type === 'flow-collection' ? parent.items : [];
      for (const slot of slots) {
        for (const name of ['key', 'value'] as const) {
          const child = slot[name];
          if (!child || (child.type !== 'block-map' && child.type !== 'block-seq' && child.type !== 'flow-collection')) continue;
          if (depth + 1 > MAX_TOKEN_DEPTH) {
            onCut(child.offset);
            slot[name] = { type: 'scalar', offset: child.offset, indent: child.indent, source: '' };
          } else {
            pending.push({ token: child, depth: depth + 1 });
          }
        }
      }
    }
    yield token;
  }
}

/**
 * The key a duplicate-key error is about. The library may report the offset where the
 * previous value ended (an empty value), so blank lines and comments are skipped first.
 */
function keyAt(text: string, offset: number): { text: string; start: number; quoted: boolean } {
  let i = offset;
  for (;;) {
    while (i < text.length && /[ \t\n]/.test(text[i] as string)) i++;
    if (text[i] !== '#') break;
    while (i < text.length && text[i] !== '\n') i++;
  }
  const rest = text.slice(i, text.indexOf('\n', i) === -1 ? text.length : text.indexOf('\n', i));
  const quoted = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')/.exec(rest);
  if (quoted) return { text: (quoted[1] ?? '').slice(1, -1), start: i, quoted: true };
  const plain = /^(?:[?-][ \t]+)?([^:#]*?)[ \t]*:(?:[ \t]|$)/.exec(rest) ?? /^([^,}\]]*)/.exec(rest);
  const key = (plain?.[1] ?? '').trim();
  return { text: key, start: i + Math.max(0, rest.indexOf(key)), quoted: false };
}

/**
 * Library messages that quote the offending source (`Unexpected scalar token in YAML
 * stream: "…"`) lose the quote: the position points at it, and the text can be a secret
 * whose name is not in the quote, so redaction could not tell.
 */
function withoutSource(message: string): string {
  return message.replace(/: ".*"$/s, '').replace(/^(Block scalar header includes extra characters): .*$/s, '$1');
}

function firstLine(message: string): string {
  const newline = message.indexOf('\n');
  return newline === -1 ? message : message.slice(0, newline);
}

class Converter {
  /** Anchor name → converted node; an alias names the latest anchor before it. */
  private readonly anchors = new Map<string, YNode>();
  /** Expanded size of converted nodes (aliases counted by their target's size), capped. */
  private readonly sizes = new WeakMap<object, number>();
  private expanded = 0;
  private aliasBombReported = false;
  depthReported = false;
  /** End offsets of quoted scalars that lack their closing quote (the library reports the quote missing there). */
  readonly unterminated = new Set<number>();

  constructor(
    private readonly yaml: Lib,
    private readonly text: string,
    private readonly starts: readonly number[],
    private readonly problems: ParseProblem[],
    private readonly origin: string | undefined,
  ) {}

  private isUnterminated(style: ScalarStyle, end: number): boolean {
    return (style === 'single' || style === 'double') && this.unterminated.has(end);
  }

  convertRoot(node: YamlLib.ParsedNode): YNode {
    this.anchors.clear();
    return this.convert(node, 0);
  }

  private range(start: number, end: number): Range {
    const a = positionAt(this.starts, start);
    const b = positionAt(this.starts, Math.max(start, end));
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }

  private base<T extends YNode>(node: T, source: YamlLib.ParsedNode | YamlLib.Alias): T {
    if (this.origin !== undefined) node.origin = this.origin;
    const tag = (source as { tag?: string }).tag;
    if (tag) node.tag = tag;
    return node;
  }

  private nullAt(offset: number): YScalar {
    const scalar: YScalar = { kind: 'scalar', value: null, text: '', style: 'plain', range: this.range(offset, offset) };
    if (this.origin !== undefined) scalar.origin = this.origin;
    return scalar;
  }

  private sizeOf(node: YNode): number {
    return this.sizes.get(node) ?? 1;
  }

  private convert(node: YamlLib.ParsedNode | YamlLib.Alias | null | undefined, depth: number, fallbackOffset = 0): YNode {
    const y = this.yaml;
    if (!node) return this.nullAt(fallbackOffset);
    const offset = node.range?.[0] ?? fallbackOffset;
    if (depth > MAX_DEPTH) {
      if (!this.depthReported) {
        this.depthReported = true;
        const start = positionAt(this.starts, offset);
        this.problems.push({ message: `the YAML is nested more than ${MAX_DEPTH} levels deep; the rest is not read`, range: { ...start, endLine: start.line, endColumn: start.column + 1 } });
      }
      return this.nullAt(offset);
    }
    if (y.isAlias(node)) {
      const target = this.anchors.get(node.source);
      if (!target) return this.nullAt(offset);
      this.expanded += this.sizeOf(target);
      if (this.expanded > MAX_ALIAS_EXPANSION) {
        if (!this.aliasBombReported) {
          this.aliasBombReported = true;
          const [start = 0, end = start] = node.range ?? [];
          const a = positionAt(this.starts, start);
          const b = positionAt(this.starts, end);
          this.problems.push({
            message: `too many alias expansions (more than ${MAX_ALIAS_EXPANSION} nodes); aliases past this point are not read`,
            range: { line: a.line, column: a.column, endLine: b.line, endColumn: b.column },
          });
        }
        return this.nullAt(offset);
      }
      return target;
    }
    let result: YNode;
    if (y.isScalar(node)) result = this.scalar(node);
    else if (y.isMap(node)) result = this.map(node as YamlLib.YAMLMap.Parsed, depth);
    else if (y.isSeq(node)) result = this.seq(node as YamlLib.YAMLSeq.Parsed, depth);
    else result = this.nullAt(offset);
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) this.anchors.set(anchor, result);
    return result;
  }

  private scalar(node: YamlLib.Scalar.Parsed): YScalar {
    const [start, end] = node.range;
    const raw = node.value;
    let value = typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' || raw === null
      ? raw
      : typeof raw === 'bigint' ? raw.toString() : raw === undefined ? null : String(raw);
    const style = STYLES[node.type ?? 'PLAIN'] ?? 'plain';
    if (typeof value === 'string' && this.isUnterminated(style, end)) {
      // The library takes the last character for the closing quote and drops it
      // (`"node:latest` → `node:lates`, half of a surrogate pair): put it back, so that
      // messages quote what the file says and ranges inside the value end where it does.
      const last = this.text[end - 1];
      const escaped = style === 'double' && this.text[end - 2] === '\\';
      if (last !== undefined && last !== '\n' && !escaped) value += last;
    }
    const text = typeof value === 'string' ? value : value === null ? '' : (node.source ?? this.text.slice(start, end)).trim();
    const scalar: YScalar = this.base({ kind: 'scalar', value, text, style, range: this.range(start, end) }, node);
    if (typeof value === 'string' && (style === 'literal' || style === 'folded' || this.text.lastIndexOf('\n', end - 1) >= start)) {
      const lines = this.lines(scalar, start, end);
      if (lines) scalar.lines = lines;
    }
    return scalar;
  }

  private map(node: YamlLib.YAMLMap.Parsed, depth: number): YMap {
    const y = this.yaml;
    const [start, end] = node.range;
    const map: YMap = this.base({ kind: 'map', entries: [], range: this.range(start, end) }, node);
    let size = 1;
    const explicit = new Set<string>();
    for (const pair of node.items) {
      const key = pair.key as YamlLib.ParsedNode | null;
      if (y.isScalar(key) && !isMergeKey(key)) explicit.add(scalarText(key));
    }
    const merged = new Set<string>();
    for (const pair of node.items) {
      const key = pair.key as YamlLib.ParsedNode | null;
      const keyEnd = key?.range?.[2] ?? start;
      if (y.isScalar(key) && isMergeKey(key)) {
        const sources = this.convert(pair.value as YamlLib.ParsedNode | null, depth + 1, keyEnd);
        size += this.sizeOf(sources);
        for (const source of sources.kind === 'seq' ? sources.items : [sources]) {
          if (source.kind !== 'map') continue;
          for (const entry of source.entries) {
            if (explicit.has(entry.key.text) || merged.has(entry.key.text)) continue;
            merged.add(entry.key.text);
            map.entries.push(entry);
          }
        }
        continue;
      }
      // Complex keys (maps, sequences, aliases as keys) name nothing a pipeline reads.
      if (!y.isScalar(key)) continue;
      const keyNode = this.scalar(key);
      const value = this.convert(pair.value as YamlLib.ParsedNode | null, depth + 1, keyEnd);
      size += 1 + this.sizeOf(value);
      map.entries.push({ key: keyNode, value });
    }
    this.sizes.set(map, Math.min(size, MAX_ALIAS_EXPANSION + 1));
    return map;
  }

  private seq(node: YamlLib.YAMLSeq.Parsed, depth: number): YSeq {
    const [start, end] = node.range;
    const seq: YSeq = this.base({ kind: 'seq', items: [], range: this.range(start, end) }, node);
    let size = 1;
    for (const item of node.items) {
      const value = this.convert(item as YamlLib.ParsedNode | null, depth + 1, start);
      size += this.sizeOf(value);
      seq.items.push(value);
    }
    this.sizes.set(seq, Math.min(size, MAX_ALIAS_EXPANSION + 1));
    return seq;
  }

  /** Per-line text of a multi-line string scalar (see TextLines). */
  private lines(scalar: YScalar, start: number, end: number): TextLines | null {
    const text = this.text;
    if (scalar.style === 'literal' || scalar.style === 'folded') {
      const headerEnd = text.indexOf('\n', start);
      if (headerEnd === -1 || headerEnd >= end) return { text: scalar.text, lineStarts: [] };
      const headerLine = positionAt(this.starts, start).line;
      const body = text.slice(headerEnd + 1, end).replace(/\n$/, '').split('\n');
      const indent = blockIndent(body);
      if (scalar.style === 'literal') {
        // Only lines the block has in the file: not the one after the value's final line
        // break (it may be past the end of the file), and a blank line starts at its own end.
        const count = Math.min(scalar.text.split('\n').length, body.length);
        const lineStarts = [];
        for (let i = 0; i < count; i++) lineStarts.push({ line: headerLine + 1 + i, column: Math.min(indent, body[i]?.length ?? 0) + 1 });
        return { text: scalar.text, lineStarts };
      }
      return fold(body.map((line, i) => ({
        text: line.length > indent ? line.slice(indent) : '',
        line: headerLine + 1 + i,
        column: indent + 1,
      })), true);
    }
    // Multi-line flow scalar: plain or quoted, folded by YAML into one line per blank-line group.
    let from = start;
    let to = end;
    if (scalar.style !== 'plain') {
      from += 1;
      if (!this.isUnterminated(scalar.style, end)) to -= 1;
      if (scalar.style === 'double' && text.slice(from, to).includes('\\')) return null;
    }
    const first = positionAt(this.starts, from);
    const raw = text.slice(from, to).split('\n');
    const pieces = raw.map((line, i) => {
      const lead = i === 0 ? 0 : line.length - line.trimStart().length;
      let body = (i === 0 ? line : line.slice(lead)).trimEnd();
      if (scalar.style === 'single') body = body.split("''").join("'");
      return { text: body, line: first.line + i, column: i === 0 ? first.column : lead + 1 };
    });
    return fold(pieces, false);
  }
}

const STYLES: Record<string, ScalarStyle> = {
  PLAIN: 'plain',
  QUOTE_SINGLE: 'single',
  QUOTE_DOUBLE: 'double',
  BLOCK_LITERAL: 'literal',
  BLOCK_FOLDED: 'folded',
};

function isMergeKey(key: YamlLib.Scalar): boolean {
  return typeof key.value === 'symbol' || (key.value === '<<' && (key.type === 'PLAIN' || key.type === undefined));
}

function scalarText(key: YamlLib.Scalar): string {
  const value = key.value;
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  return (key.source ?? String(value)).trim();
}

/** Indentation of a block scalar's body: that of its first non-blank line. */
function blockIndent(body: readonly string[]): number {
  for (const line of body) {
    if (line.trim() === '') continue;
    // Spaces only: YAML never indents with tabs, a tab after the indentation is content.
    return line.length - line.replace(/^ +/, '').length;
  }
  return 0;
}

/**
 * Joins source lines as YAML folds them, keeping one text line per source line:
 * two adjacent non-empty lines fold into one (written as a trailing ` \`), a blank
 * line stays a line break. In a folded block, more-indented lines are not folded.
 */
function fold(pieces: ReadonlyArray<{ text: string; line: number; column: number }>, block: boolean): TextLines {
  const out: string[] = [];
  const lineStarts: Array<{ line: number; column: number }> = [];
  const foldable = (s: string) => s !== '' && !(block && /^[ \t]/.test(s));
  pieces.forEach((piece, i) => {
    const next = pieces[i + 1];
    const joins = next !== undefined && foldable(piece.text) && foldable(next.text);
    out.push(joins ? `${piece.text} \\` : piece.text);
    lineStarts.push({ line: piece.line, column: piece.column });
  });
  // Trailing blank lines carry nothing (YAML clips them).
  while (out.length > 1 && out[out.length - 1] === '') {
    out.pop();
    lineStarts.pop();
  }
  return { text: out.join('\n'), lineStarts };
}

// ---- Reading the tree --------------------------------------------------------------------

/** Text and per-line positions of any scalar (single-line ones included). */
export function scalarLines(scalar: YScalar): TextLines {
  if (scalar.lines) return scalar.lines;
  const quoted = scalar.style === 'single' || scalar.style === 'double';
  return { text: scalar.text, lineStarts: [{ line: scalar.range.line, column: scalar.range.column + (quoted ? 1 : 0) }] };
}

/** Position of an offset inside `TextLines.text`. */
export function positionInLines(lines: TextLines, offset: number, fallback: Range): { line: number; column: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = lines.text.indexOf('\n'); i !== -1 && i < offset; i = lines.text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  const origin = lines.lineStarts[line];
  if (!origin) return { line: fallback.line, column: fallback.column };
  return { line: origin.line, column: origin.column + offset - lineStart };
}

/** The range of `text.slice(start, end)` of a scalar's TextLines. */
export function rangeInLines(lines: TextLines, start: number, end: number, fallback: Range): Range {
  const a = positionInLines(lines, start, fallback);
  const b = positionInLines(lines, end, fallback);
  return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
}

/**
 * Splits a scalar into trimmed items at the separator (newlines, commas…), each with
 * its range in the file. Fold markers (` \` line ends) are not part of any item.
 */
export function splitScalar(scalar: YScalar, separator: RegExp): Array<{ value: string; range: Range }> {
  const lines = scalarLines(scalar);
  const text = lines.text.replace(/ \\\n/g, '  \n');
  // Separators inside `${{ … }}` (`format('{0},{1}', a, b)`) do not split.
  const masked = text.replace(/\$\{\{[\s\S]*?\}\}/g, (expression) => 'x'.repeat(expression.length));
  const items: Array<{ value: string; range: Range }> = [];
  const pattern = new RegExp(separator.source, separator.flags.includes('g') ? separator.flags : `${separator.flags}g`);
  let from = 0;
  const push = (to: number) => {
    const piece = text.slice(from, to);
    const lead = piece.length - piece.trimStart().length;
    const value = piece.trim();
    if (value !== '') items.push({ value, range: rangeInLines(lines, from + lead, from + lead + value.length, scalar.range) });
  };
  for (let match = pattern.exec(masked); match; match = pattern.exec(masked)) {
    push(match.index);
    from = match.index + match[0].length;
    if (match[0].length === 0) pattern.lastIndex++;
  }
  push(text.length);
  return items;
}

export function isMap(node: YNode | null | undefined): node is YMap {
  return node?.kind === 'map';
}

export function isSeq(node: YNode | null | undefined): node is YSeq {
  return node?.kind === 'seq';
}

export function isScalar(node: YNode | null | undefined): node is YScalar {
  return node?.kind === 'scalar';
}

/** The value under `key` (the last one when a key is duplicated, as most YAML readers do). */
export function get(map: YNode | null | undefined, key: string): YNode | undefined {
  if (!map || map.kind !== 'map') return undefined;
  for (let i = map.entries.length - 1; i >= 0; i--) {
    const entry = map.entries[i] as YPair;
    if (entry.key.text === key) return entry.value;
  }
  return undefined;
}

/** The pair under `key`, with its key's position. */
export function getPair(map: YNode | null | undefined, key: string): YPair | undefined {
  if (!map || map.kind !== 'map') return undefined;
  for (let i = map.entries.length - 1; i >= 0; i--) {
    const entry = map.entries[i] as YPair;
    if (entry.key.text === key) return entry;
  }
  return undefined;
}

/** A scalar value under `key`, or undefined when absent or not a scalar. */
export function getScalar(map: YNode | null | undefined, key: string): YScalar | undefined {
  const value = get(map, key);
  return value?.kind === 'scalar' ? value : undefined;
}

/** A non-empty string view of a scalar under `key`. */
export function getText(map: YNode | null | undefined, key: string): string | undefined {
  const scalar = getScalar(map, key);
  return scalar && scalar.value !== null ? scalar.text : undefined;
}

/** Items of a sequence; a lone scalar counts as a one-item list (`needs: build`). */
export function listOf(node: YNode | null | undefined): YNode[] {
  if (!node) return [];
  if (node.kind === 'seq') return node.items;
  if (node.kind === 'scalar' && node.value === null) return [];
  return [node];
}

// ---- Tree → model helpers shared by the YAML kinds ---------------------------------------

/** A model Scalar (text and range) from a tree scalar. */
export function toScalar(scalar: YScalar): Scalar {
  return { value: scalar.text, range: scalar.range };
}

/**
 * `env` nodes from a mapping of names to values (`env:`, `variables:`, `environment:`,
 * `with:`). Values that are mappings or sequences are skipped, except GitLab's
 * `{ value: …, description: … }` form, read through `valueOf`.
 */
export function envNodes(
  map: YNode | undefined,
  source: EnvSource,
  context: NodeContext,
  valueOf: (value: YNode) => YScalar | undefined = (value) => (value.kind === 'scalar' ? value : undefined),
): EnvNode[] {
  const nodes: EnvNode[] = [];
  if (!map || map.kind !== 'map') return nodes;
  for (const { key, value } of map.entries) {
    const scalar = valueOf(value);
    if (!scalar || key.text === '') continue;
    nodes.push({
      type: 'env',
      source,
      name: key.text,
      nameRange: key.range,
      value: scalar.value === null ? null : scalar.text,
      valueRange: scalar.value === null ? null : scalar.range,
      range: { line: key.range.line, column: key.range.column, endLine: scalar.range.endLine, endColumn: scalar.range.endColumn },
      context,
    });
  }
  return nodes;
}

/** Names → values of an env-like mapping (scalars only, as strings). */
export function envRecord(map: YNode | undefined, valueOf: (value: YNode) => YScalar | undefined = (value) => (value.kind === 'scalar' ? value : undefined)): Record<string, string> {
  const record: Record<string, string> = {};
  if (!map || map.kind !== 'map') return record;
  for (const { key, value } of map.entries) {
    const scalar = valueOf(value);
    if (scalar && key.text !== '') record[key.text] = scalar.text;
  }
  return record;
}
