// YAML → a small positioned tree. The CI and compose parsers lower this tree and never
// see a YAML library's own nodes. Two readers build it (through yaml-tree.ts): a fast
// one on js-yaml for well-formed files, and the complete one on `yaml` for the rest.
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
// Both libraries load on first use: a Dockerfile-only run never pays for them.

import type { Comment, ParseProblem } from '../models/file.js';
import type { EnvNode, EnvSource, NodeContext, Range, Scalar } from '../models/nodes.js';
import { directiveComments, lineStartOffsets } from './text.js';
import { readYamlFast } from './yaml-fast.js';
import { readYamlFull } from './yaml-full.js';

export { MAX_ALIAS_EXPANSION, MAX_DEPTH } from './yaml-tree.js';

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

/**
 * Parses YAML text (already normalised: no BOM, LF line ends). Never throws.
 * The fast reader (js-yaml, yaml-fast.ts) takes well-formed files; whatever it declines
 * (any error, duplicate keys, unusual tags or keys) is read by the complete one (the
 * `yaml` package, yaml-full.ts), which reports every problem where it is.
 */
export function parseYaml(text: string, options: YamlParseOptions = {}): YamlFile {
  const starts = lineStartOffsets(text);
  const comments = directiveComments(text.split('\n'));
  const fast = readYamlFast(text, starts, options.origin);
  if (fast) return { ...fast, comments };
  const problems: ParseProblem[] = [];
  const documents = readYamlFull(text, starts, problems, options.origin);
  return { documents, problems, comments };
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
