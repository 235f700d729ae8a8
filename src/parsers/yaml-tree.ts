// Building the positioned YAML tree (src/parsers/yaml.ts), whichever parser read the
// text: anchors and aliases (shared, expansion counted and capped), merge keys, the
// depth cap, and the per-line text of multi-line string scalars. The fast reader
// (yaml-fast.ts) and the complete one (yaml-full.ts) both build through this class, so
// the two cannot disagree on anything but what their parsers report.

import type { ParseProblem } from '../models/file.js';
import type { Range } from '../models/nodes.js';
import type { ScalarStyle, TextLines, YMap, YNode, YPair, YScalar, YSeq } from './yaml.js';
import { positionAt } from './text.js';

/** Deeper nesting is cut off (and reported): no walk over the tree can exhaust the stack. */
export const MAX_DEPTH = 200;
/** Nodes a full expansion of the aliases would add; past this, aliases are dropped and reported. */
export const MAX_ALIAS_EXPANSION = 100_000;

/** A mapping entry as read, before merge keys are applied. */
export interface RawPair {
  /** null for a complex key (a map, sequence or alias as key): it names nothing a pipeline reads. */
  key: YScalar | null;
  /** `<<` written plain: its value's maps are merged in. */
  merge: boolean;
  value: YNode;
}

export class TreeBuilder {
  /** Anchor name → built node; an alias names the latest anchor before it. */
  private readonly anchors = new Map<string, YNode>();
  /** Expanded size of built collections (aliases counted by their target's size), capped. */
  private readonly sizes = new WeakMap<object, number>();
  private expanded = 0;
  private aliasBombReported = false;
  depthReported = false;

  constructor(
    readonly text: string,
    private readonly starts: readonly number[],
    private readonly problems: ParseProblem[],
    private readonly origin: string | undefined,
  ) {}

  /** Anchors are per document. */
  startDocument(): void {
    this.anchors.clear();
  }

  range(start: number, end: number): Range {
    const a = positionAt(this.starts, start);
    const b = positionAt(this.starts, Math.max(start, end));
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }

  nullAt(offset: number): YScalar {
    const scalar: YScalar = { kind: 'scalar', value: null, text: '', style: 'plain', range: this.range(offset, offset) };
    if (this.origin !== undefined) scalar.origin = this.origin;
    return scalar;
  }

  /** True (and reported once) when a node at this depth is past the cap. */
  tooDeep(depth: number, offset: number): boolean {
    if (depth <= MAX_DEPTH) return false;
    if (!this.depthReported) {
      this.depthReported = true;
      const start = positionAt(this.starts, offset);
      this.problems.push({ message: `the YAML is nested more than ${MAX_DEPTH} levels deep; the rest is not read`, range: { ...start, endLine: start.line, endColumn: start.column + 1 } });
    }
    return true;
  }

  anchor(name: string, node: YNode): void {
    this.anchors.set(name, node);
  }

  /** The node an alias names (the very node, not a copy), or null past the expansion cap. */
  alias(name: string, start: number, end: number): YNode {
    const target = this.anchors.get(name);
    if (!target) return this.nullAt(start);
    this.expanded += this.sizes.get(target) ?? 1;
    if (this.expanded > MAX_ALIAS_EXPANSION) {
      if (!this.aliasBombReported) {
        this.aliasBombReported = true;
        const a = positionAt(this.starts, start);
        const b = positionAt(this.starts, end);
        this.problems.push({
          message: `too many alias expansions (more than ${MAX_ALIAS_EXPANSION} nodes); aliases past this point are not read`,
          range: { line: a.line, column: a.column, endLine: b.line, endColumn: b.column },
        });
      }
      return this.nullAt(start);
    }
    return target;
  }

  scalar(value: YScalar['value'], text: string, style: ScalarStyle, start: number, end: number, tag: string | undefined, unterminated = false): YScalar {
    const scalar: YScalar = this.base({ kind: 'scalar', value, text, style, range: this.range(start, end) }, tag);
    if (typeof value === 'string' && (style === 'literal' || style === 'folded' || scalar.range.endLine > scalar.range.line)) {
      const lines = this.lines(scalar, start, end, unterminated);
      if (lines) scalar.lines = lines;
    }
    return scalar;
  }

  /** A map from its entries in document order; merged entries sit where the `<<` was, keys written in the map win, earlier merges win. */
  map(pairs: readonly RawPair[], start: number, end: number, tag: string | undefined): YMap {
    const map: YMap = this.base({ kind: 'map', entries: [], range: this.range(start, end) }, tag);
    let size = 1;
    const explicit = new Set<string>();
    for (const pair of pairs) if (pair.key && !pair.merge) explicit.add(pair.key.text);
    const merged = new Set<string>();
    for (const pair of pairs) {
      if (pair.merge) {
        size += this.sizes.get(pair.value) ?? 1;
        for (const source of pair.value.kind === 'seq' ? pair.value.items : [pair.value]) {
          if (source.kind !== 'map') continue;
          for (const entry of source.entries) {
            if (explicit.has(entry.key.text) || merged.has(entry.key.text)) continue;
            merged.add(entry.key.text);
            map.entries.push(entry);
          }
        }
        continue;
      }
      if (!pair.key) continue;
      size += 1 + (this.sizes.get(pair.value) ?? 1);
      map.entries.push({ key: pair.key, value: pair.value } satisfies YPair);
    }
    this.sizes.set(map, Math.min(size, MAX_ALIAS_EXPANSION + 1));
    return map;
  }

  seq(items: YNode[], start: number, end: number, tag: string | undefined): YSeq {
    const seq: YSeq = this.base({ kind: 'seq', items, range: this.range(start, end) }, tag);
    let size = 1;
    for (const item of items) size += this.sizes.get(item) ?? 1;
    this.sizes.set(seq, Math.min(size, MAX_ALIAS_EXPANSION + 1));
    return seq;
  }

  private base<T extends YNode>(node: T, tag: string | undefined): T {
    if (this.origin !== undefined) node.origin = this.origin;
    if (tag) node.tag = tag;
    return node;
  }

  /** Per-line text of a multi-line string scalar (see TextLines). */
  private lines(scalar: YScalar, start: number, end: number, unterminated: boolean): TextLines | null {
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
      if (!unterminated) to -= 1;
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
