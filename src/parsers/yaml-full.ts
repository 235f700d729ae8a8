// The complete YAML reader, on the `yaml` package: every file the fast reader
// (yaml-fast.ts) declines — syntax errors, duplicate keys, unusual tags, explicit or
// complex keys, deep nesting — is read here, with the library's error recovery and
// its positions for every problem. `yaml` is loaded on first use.

import { createRequire } from 'node:module';
import type * as YamlLib from 'yaml';
import type { ParseProblem } from '../models/file.js';
import type { ScalarStyle, YNode } from './yaml.js';
import { MAX_DEPTH, TreeBuilder, type RawPair } from './yaml-tree.js';
import { positionAt } from './text.js';

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

/** Syntax-tree nesting kept for the composer; deeper collections become empty scalars. */
const MAX_TOKEN_DEPTH = MAX_DEPTH + 50;
/** Library errors reported per file. */
const MAX_YAML_ERRORS = 100;

/** Reads every document of the text, problems included. Never throws. */
export function readYamlFull(text: string, starts: readonly number[], problems: ParseProblem[], origin: string | undefined): Array<YNode | null> {
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
    return [];
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  const converter = new Converter(yaml, new TreeBuilder(text, starts, problems, origin));
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
  return documents;
}

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

/** The library's document nodes → the tree, through the shared builder. */
class Converter {
  /** End offsets of quoted scalars that lack their closing quote (the library reports the quote missing there). */
  readonly unterminated = new Set<number>();

  constructor(
    private readonly yaml: Lib,
    private readonly build: TreeBuilder,
  ) {}

  get depthReported(): boolean {
    return this.build.depthReported;
  }

  convertRoot(node: YamlLib.ParsedNode): YNode {
    this.build.startDocument();
    return this.convert(node, 0);
  }

  private convert(node: YamlLib.ParsedNode | YamlLib.Alias | null | undefined, depth: number, fallbackOffset = 0): YNode {
    const y = this.yaml;
    if (!node) return this.build.nullAt(fallbackOffset);
    const offset = node.range?.[0] ?? fallbackOffset;
    if (this.build.tooDeep(depth, offset)) return this.build.nullAt(offset);
    if (y.isAlias(node)) {
      const [start = 0, end = start] = node.range ?? [];
      return this.build.alias(node.source, start, end);
    }
    let result: YNode;
    if (y.isScalar(node)) result = this.scalar(node);
    else if (y.isMap(node)) result = this.map(node as YamlLib.YAMLMap.Parsed, depth);
    else if (y.isSeq(node)) result = this.seq(node as YamlLib.YAMLSeq.Parsed, depth);
    else result = this.build.nullAt(offset);
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) this.build.anchor(anchor, result);
    return result;
  }

  private scalar(node: YamlLib.Scalar.Parsed): YNode {
    const [start, end] = node.range;
    const raw = node.value;
    let value = typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' || raw === null
      ? raw
      : typeof raw === 'bigint' ? raw.toString() : raw === undefined ? null : String(raw);
    const style = STYLES[node.type ?? 'PLAIN'] ?? 'plain';
    const unterminated = (style === 'single' || style === 'double') && this.unterminated.has(end);
    if (typeof value === 'string' && unterminated) {
      // The library takes the last character for the closing quote and drops it
      // (`"node:latest` → `node:lates`, half of a surrogate pair): put it back, so that
      // messages quote what the file says and ranges inside the value end where it does.
      const last = this.build.text[end - 1];
      const escaped = style === 'double' && this.build.text[end - 2] === '\\';
      if (last !== undefined && last !== '\n' && !escaped) value += last;
    }
    const text = typeof value === 'string' ? value : value === null ? '' : (node.source ?? this.build.text.slice(start, end)).trim();
    return this.build.scalar(value, text, style, start, end, node.tag, unterminated);
  }

  private map(node: YamlLib.YAMLMap.Parsed, depth: number): YNode {
    const y = this.yaml;
    const [start] = node.range;
    const end = valueEnd(node);
    const pairs: RawPair[] = [];
    for (const pair of node.items) {
      const key = pair.key as YamlLib.ParsedNode | null;
      const keyEnd = key?.range?.[2] ?? start;
      // Complex keys (maps, sequences, aliases as keys) name nothing a pipeline reads.
      if (!y.isScalar(key)) continue;
      const merge = isMergeKey(key);
      const keyNode = merge ? null : (this.scalar(key) as YNode & { kind: 'scalar' });
      const value = this.convert(pair.value as YamlLib.ParsedNode | null, depth + 1, keyEnd);
      pairs.push({ key: keyNode, merge, value });
    }
    return this.build.map(pairs, start, end, node.tag);
  }

  private seq(node: YamlLib.YAMLSeq.Parsed, depth: number): YNode {
    const [start] = node.range;
    const end = valueEnd(node);
    const items: YNode[] = [];
    for (const item of node.items) items.push(this.convert(item as YamlLib.ParsedNode | null, depth + 1, start));
    return this.build.seq(items, start, end, node.tag);
  }
}

/**
 * Where a value ends: a scalar, alias or flow collection where the library says; a block
 * collection where its last entry's value does, not where the library ends it (after
 * trailing comments and blank lines, by rules of its syntax tree that the fast reader
 * would have to imitate token by token). Iterative: the chain can be deep.
 */
function valueEnd(node: unknown): number {
  let current = node as YamlLib.ParsedNode | YamlLib.Alias;
  for (;;) {
    const items = (current as Partial<YamlLib.YAMLMap.Parsed>).items as unknown[] | undefined;
    if (!items || (current as YamlLib.YAMLMap.Parsed).flow || items.length === 0) return current.range?.[1] ?? 0;
    const last = items[items.length - 1] as { key?: unknown; value?: unknown };
    const next = 'key' in (last as object) ? ((last.value ?? last.key) as YamlLib.ParsedNode | null) : (last as YamlLib.ParsedNode | null);
    if (!next?.range) return current.range?.[1] ?? 0;
    current = next;
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
