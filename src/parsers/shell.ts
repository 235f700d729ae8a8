// Script → simple commands, through mvdan-sh (a real POSIX/bash parser).
// mvdan-sh is large (GopherJS), so it is loaded only when a rule asks for commands,
// and text in the plain subset that src/parsers/shell-subset.ts reads (most CI
// statements) never reaches it. Scripts it cannot parse (cmd.exe, PowerShell, broken
// quoting) fall back to a plain word splitter so that commands are still seen, never
// silently dropped.

import type { CommandNode, Range, ScriptNode, Word } from '../models/nodes.js';
import { reduceScript } from './shell-segments.js';
import { readSubsetCommands, type CommandSpans, type Span } from './shell-subset.js';
import { requireWithCodeCache } from '../io/code-cache.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type ShNode = any;
interface Syntax {
  NewParser(...options: unknown[]): { Parse(src: string, name: string): ShNode };
  Walk(node: ShNode, visit: (node: ShNode) => boolean): void;
  NodeType(node: ShNode): string;
  KeepComments(keep: boolean): unknown;
  Variant(lang: unknown): unknown;
  LangBash: unknown;
  LangPOSIX: unknown;
}

let syntax: Syntax | null = null;
function loadSyntax(): Syntax {
  if (!syntax) {
    syntax = (requireWithCodeCache('mvdan-sh') as { syntax: Syntax }).syntax;
  }
  return syntax;
}

/** Commands that run their arguments as another command. */
const WRAPPERS: Record<string, { flagsWithValue: Set<string> }> = {
  sudo: { flagsWithValue: new Set(['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U', '--user', '--group']) },
  env: { flagsWithValue: new Set(['-u', '--unset', '-C', '--chdir', '-S']) },
  command: { flagsWithValue: new Set() },
  exec: { flagsWithValue: new Set(['-a']) },
  nohup: { flagsWithValue: new Set() },
  time: { flagsWithValue: new Set(['-f', '-o']) },
  nice: { flagsWithValue: new Set(['-n']) },
  doas: { flagsWithValue: new Set(['-u', '-C']) },
};

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=/;

/** Maps positions inside a script's text back to the file. */
class PositionMap {
  private readonly scriptLineStarts: number[] = [0];

  constructor(private readonly script: ScriptNode) {
    const text = script.text;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.scriptLineStarts.push(i + 1);
  }

  range(start: number, end: number): Range {
    const a = this.position(start);
    const b = this.position(end);
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }

  private position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.scriptLineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.scriptLineStarts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    const column = offset - (this.scriptLineStarts[low] ?? 0);
    const origin = this.script.lineStarts[low];
    if (!origin) return { line: this.script.range.line, column: this.script.range.column };
    return { line: origin.line, column: origin.column + column };
  }
}

/** mvdan-sh reports UTF-8 byte offsets: → character offsets of `text` (only non-ASCII text needs a table). */
function byteToCharOffsets(text: string): (byteOffset: number) => number {
  if (!/[^\x00-\x7f]/.test(text)) return (byteOffset) => byteOffset;
  const table = buildByteToChar(text);
  return (byteOffset) => table[byteOffset] ?? text.length;
}

function buildByteToChar(text: string): number[] {
  const table: number[] = [];
  let charIndex = 0;
  for (const char of text) {
    const bytes = Buffer.byteLength(char);
    for (let b = 0; b < bytes; b++) table.push(charIndex);
    charIndex += char.length;
  }
  table.push(charIndex);
  return table;
}

/** Commands per script, all of them and per program set: rules and pipeline lowering ask more than once. */
const cache = new WeakMap<ScriptNode, { all?: CommandNode[]; some?: Map<ReadonlySet<string>, CommandNode[]> }>();

/**
 * The script's simple commands, in order. With `programs`, only the top-level
 * statements that run one of those programs (by name, also behind sudo/env…) are
 * guaranteed to be read; the others may be skipped unparsed (src/parsers/shell-segments.ts),
 * which is most of the cost of a long CI script. Pass the same Set object each time:
 * results are cached per set.
 */
export function parseCommands(script: ScriptNode, programs?: ReadonlySet<string>): CommandNode[] {
  let entry = cache.get(script);
  if (!entry) cache.set(script, (entry = {}));
  if (entry.all) return entry.all;
  const cached = programs ? entry.some?.get(programs) : undefined;
  if (cached) return cached;
  const commands = restoreExpressions(script, parseUncached(script, programs));
  if (programs) (entry.some ??= new Map()).set(programs, commands);
  else entry.all = commands;
  return commands;
}

function parseUncached(script: ScriptNode, programs: ReadonlySet<string> | undefined): CommandNode[] {
  if (script.exec) return script.exec.length > 0 ? [commandNode(script, script.exec, [], null)] : [];
  if (script.text.trim() === '') return [];
  const reduced = programs ? reduceScript(script.text, programs) : null;
  if (reduced === '') return [];
  const map = new PositionMap(script);
  if (reduced !== null && reduced !== script.text) {
    const spans = commandSpans(reduced, script.dialect);
    if (spans) return commandsFromSpans(script, spans, map);
    // The cut did not fall between statements after all: read the whole script.
  }
  const spans = commandSpans(script.text, script.dialect);
  return spans ? commandsFromSpans(script, spans, map) : splitFallback(script, map);
}

/**
 * The simple commands of a text, by the subset reader when the text is in its subset
 * (it then reads what mvdan-sh would), else by mvdan-sh; null when mvdan-sh rejects it.
 */
function commandSpans(text: string, dialect: ScriptNode['dialect']): CommandSpans[] | null {
  const subset = readSubsetCommands(text, dialect);
  if (subset) return subset;
  try {
    return shellParserSpans(text, dialect);
  } catch {
    return null;
  }
}

function commandsFromSpans(script: ScriptNode, spans: readonly CommandSpans[], map: PositionMap): CommandNode[] {
  const commands: CommandNode[] = [];
  for (const call of spans) {
    if (call.words.length === 0) continue;
    const argv = call.words.map((span) => wordAt(script.text, span, map));
    const envPrefix = call.assigns.map((assign) => ({ name: assign.name, value: assign.value ? wordAt(script.text, assign.value, map) : null }));
    commands.push(commandNode(script, argv, envPrefix, map.range(call.start, call.end)));
  }
  return commands;
}

/** CI expressions were replaced by same-length placeholders for the shell parser; put them back in word values. */
function restoreExpressions(script: ScriptNode, commands: CommandNode[]): CommandNode[] {
  const expressions = script.expressions;
  if (!expressions || expressions.length === 0) return commands;
  const restore = (word: Word): Word => {
    if (!word.value.includes('$_e')) return word;
    let value = word.value;
    for (const { placeholder, text } of expressions) if (value.includes(placeholder)) value = value.split(placeholder).join(text);
    return { ...word, value, dynamic: true };
  };
  for (const command of commands) {
    command.argv = command.argv.map(restore);
    command.envPrefix = command.envPrefix.map((p) => ({ name: p.name, value: p.value ? restore(p.value) : null }));
  }
  return commands;
}

/** One parser per dialect: creating one costs more than parsing a typical script. */
const parsers = new Map<string, { Parse(src: string, name: string): ShNode }>();

/**
 * The simple commands mvdan-sh finds in `source`, as character offsets, in the order of
 * the walk below. Throws when mvdan-sh rejects the text. Exported for the tests that
 * hold the subset reader to it.
 */
export function shellParserSpans(source: string, dialect: ScriptNode['dialect']): CommandSpans[] {
  const sh = loadSyntax();
  let parser = parsers.get(dialect);
  if (!parser) {
    parser = sh.NewParser(sh.KeepComments(false), sh.Variant(dialect === 'bash' ? sh.LangBash : sh.LangPOSIX));
    parsers.set(dialect, parser);
  }
  const file = parser.Parse(source, 'script');
  const toChar = byteToCharOffsets(source);
  currentText = source;
  currentOffset = toChar;
  const calls: ShNode[] = [];
  try {
    collectCalls(sh, file.Stmts, calls);
  } finally {
    currentOffset = null;
  }
  const span = (node: ShNode): Span => [toChar(node.Pos().Offset()), toChar(node.End().Offset())];
  return calls.map((node) => ({
    start: toChar(node.Pos().Offset()),
    end: toChar(node.End().Offset()),
    words: (node.Args as ShNode[]).map(span),
    assigns: (node.Assigns as ShNode[]).map((assign) => ({ name: String(assign.Name?.Value ?? ''), value: assign.Value ? span(assign.Value) : null })),
  }));
}

/**
 * Simple commands in document order, by walking the statement tree directly:
 * mvdan-sh's generic Walk costs ~15x the parse itself under GopherJS. Command
 * substitutions inside words (`$(docker login …)`) are visited too; node types
 * not listed fall back to Walk, so nothing is missed.
 */
function collectCalls(sh: Syntax, stmts: ShNode[] | null | undefined, out: ShNode[]): void {
  for (const stmt of stmts ?? []) {
    if (!stmt) continue;
    collectFromCommand(sh, stmt.Cmd, out);
    for (const redirect of stmt.Redirs ?? []) collectFromWord(sh, redirect.Word, out);
  }
}

function collectFromCommand(sh: Syntax, cmd: ShNode, out: ShNode[]): void {
  if (!cmd) return;
  switch (sh.NodeType(cmd)) {
    case 'CallExpr':
      out.push(cmd);
      for (const assign of cmd.Assigns ?? []) collectFromWord(sh, assign.Value, out);
      for (const word of cmd.Args ?? []) collectFromWord(sh, word, out);
      return;
    case 'BinaryCmd':
      collectCalls(sh, [cmd.X, cmd.Y], out);
      return;
    case 'Subshell':
    case 'Block':
      collectCalls(sh, cmd.Stmts, out);
      return;
    case 'IfClause':
      collectCalls(sh, cmd.Cond, out);
      collectCalls(sh, cmd.Then, out);
      collectFromCommand(sh, cmd.Else, out);
      return;
    case 'WhileClause':
      collectCalls(sh, cmd.Cond, out);
      collectCalls(sh, cmd.Do, out);
      return;
    case 'ForClause':
      collectCalls(sh, cmd.Do, out);
      return;
    case 'CaseClause':
      for (const item of cmd.Items ?? []) collectCalls(sh, item.Stmts, out);
      return;
    case 'FuncDecl':
      collectCalls(sh, [cmd.Body], out);
      return;
    case 'DeclClause':
      for (const assign of cmd.Args ?? []) collectFromWord(sh, assign.Value, out);
      return;
    case 'TimeClause':
    case 'CoprocClause':
      collectCalls(sh, [cmd.Stmt], out);
      return;
    default:
      sh.Walk(cmd, (node) => {
        if (node && sh.NodeType(node) === 'CallExpr') out.push(node);
        return true;
      });
  }
}

function collectFromWord(sh: Syntax, word: ShNode, out: ShNode[]): void {
  if (!word) return;
  // Only words with a command substitution can hold commands; reading Parts is costly.
  const toChar = currentOffset;
  const source = toChar ? currentText.slice(toChar(word.Pos().Offset()), toChar(word.End().Offset())) : '$(';
  if (!/\$\(|`|[<>]\(/.test(source)) return;
  for (const part of word.Parts ?? []) collectFromPart(sh, part, out);
}

/** The text being walked and its offset translation (set for the duration of one synchronous parse). */
let currentText = '';
let currentOffset: ((byteOffset: number) => number) | null = null;

function collectFromPart(sh: Syntax, part: ShNode, out: ShNode[]): void {
  switch (sh.NodeType(part)) {
    case 'CmdSubst':
    case 'ProcSubst':
      collectCalls(sh, part.Stmts, out);
      return;
    case 'DblQuoted':
      for (const inner of part.Parts ?? []) collectFromPart(sh, inner, out);
      return;
    default:
  }
}

/**
 * A word from its source text: only its two positions cross the GopherJS boundary
 * (reading `Parts` copies whole Go structures into JS, which dominated CI parsing).
 */
function wordAt(text: string, [start, end]: Span, map: PositionMap): Word {
  const { value, dynamic } = wordValue(text.slice(start, end));
  return { value, dynamic, range: map.range(start, end) };
}

/**
 * Literal value of one shell word with quotes removed; expansions (`$X`, `${…}`,
 * `$(…)`, backticks) keep their source text and make the word dynamic.
 */
export function wordValue(source: string): { value: string; dynamic: boolean } {
  let value = '';
  let dynamic = false;
  let quote: '"' | null = null;
  for (let i = 0; i < source.length; i++) {
    const char = source[i] as string;
    if (char === '\\') {
      const next = source[i + 1];
      if (next === undefined) {
        value += char;
      } else if (next === '\n') {
        i++;
      } else if (quote === null || '$`"\\'.includes(next)) {
        value += next;
        i++;
      } else {
        value += char;
      }
    } else if (quote === null && char === "'") {
      const close = source.indexOf("'", i + 1);
      const endQuote = close === -1 ? source.length : close;
      value += source.slice(i + 1, endQuote);
      i = endQuote;
    } else if (char === '"') {
      quote = quote === null ? '"' : null;
    } else if (char === '$' || char === '`') {
      const end = expansionEnd(source, i);
      if (end === i + 1 && char === '$') {
        value += char;
        continue;
      }
      dynamic = true;
      value += source.slice(i, end);
      i = end - 1;
    } else {
      value += char;
    }
  }
  return { value, dynamic };
}

/** One past the end of the expansion starting at `start` (`$X`, `${…}`, `$(…)`, `$((…))`, `` `…` ``). */
function expansionEnd(source: string, start: number): number {
  const char = source[start];
  if (char === '`') {
    const close = source.indexOf('`', start + 1);
    return close === -1 ? source.length : close + 1;
  }
  const next = source[start + 1];
  if (next === '(' || next === '{') {
    const open = next;
    const closer = open === '(' ? ')' : '}';
    let depth = 0;
    for (let i = start + 1; i < source.length; i++) {
      const c = source[i];
      if (c === '\\') i++;
      else if (c === "'" && open === '(') {
        const close = source.indexOf("'", i + 1);
        i = close === -1 ? source.length : close;
      } else if (c === open) depth++;
      else if (c === closer && --depth === 0) return i + 1;
    }
    return source.length;
  }
  let i = start + 1;
  if (next !== undefined && /[0-9@*#?$!-]/.test(next)) return start + 2;
  while (i < source.length && /[A-Za-z0-9_]/.test(source[i] as string)) i++;
  return i;
}

/** Drops wrappers (`sudo -E`, `env A=1`, `command`) so argv[0] is the real program. */
function commandNode(script: ScriptNode, words: Word[], envPrefix: CommandNode['envPrefix'], full: Range | null): CommandNode {
  let argv = words;
  const prefix = [...envPrefix];
  for (let guard = 0; guard < 8 && argv.length > 0; guard++) {
    const program = basename(argv[0]?.value ?? '');
    const wrapper = WRAPPERS[program];
    if (!wrapper) break;
    let i = 1;
    while (i < argv.length) {
      const word = argv[i]?.value ?? '';
      const assignment = program === 'env' ? ASSIGNMENT.exec(word) : null;
      if (assignment) {
        const name = assignment[1] ?? '';
        const w = argv[i] as Word;
        prefix.push({ name, value: { ...w, value: word.slice(name.length + 1) } });
        i++;
      } else if (word === '--') {
        i++;
        break;
      } else if (word.startsWith('-')) {
        i += wrapper.flagsWithValue.has(word) ? 2 : 1;
      } else break;
    }
    argv = argv.slice(i);
  }
  const first = argv[0] ?? words[0];
  const last = argv[argv.length - 1] ?? words[words.length - 1];
  const range: Range = first && last
    ? { line: first.range.line, column: first.range.column, endLine: last.range.endLine, endColumn: last.range.endColumn }
    : script.range;
  const head = words[0];
  const tail = words[words.length - 1];
  const fullRange = full ?? (head && tail
    ? { line: head.range.line, column: head.range.column, endLine: tail.range.endLine, endColumn: tail.range.endColumn }
    : range);
  return { type: 'command', argv, envPrefix: prefix, fullRange, script, range, context: script.context };
}

function basename(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? path : path.slice(slash + 1);
}

/**
 * Fallback for text the shell parser rejects: split on control operators and
 * whitespace, honouring quotes. Linear time, never throws.
 */
function splitFallback(script: ScriptNode, map: PositionMap): CommandNode[] {
  const text = script.text;
  const commands: CommandNode[] = [];
  let words: Word[] = [];
  let i = 0;
  const flush = () => {
    if (words.length > 0) commands.push(commandNode(script, words, [], null));
    words = [];
  };
  while (i < text.length) {
    const char = text[i] as string;
    if (char === '\\' && text[i + 1] === '\n') { i += 2; continue; }
    if (char === ' ' || char === '\t') { i++; continue; }
    if (char === '\n' || char === ';' || char === '|' || char === '&' || char === '(' || char === ')' || char === '`') { flush(); i++; continue; }
    if (char === '#' && words.length === 0) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    const start = i;
    let value = '';
    let dynamic = false;
    while (i < text.length) {
      const c = text[i] as string;
      if (c === ' ' || c === '\t' || c === '\n' || c === ';' || c === '|' || c === '&' || c === ')' || c === '`') break;
      if (c === '\\' && i + 1 < text.length) {
        if (text[i + 1] !== '\n') value += text[i + 1];
        i += 2;
        continue;
      }
      if (c === "'" || c === '"') {
        const close = text.indexOf(c, i + 1);
        const end = close === -1 ? text.length : close;
        const inner = text.slice(i + 1, end);
        if (c === '"' && inner.includes('$')) dynamic = true;
        value += inner;
        i = end + 1;
        continue;
      }
      if (c === '$') dynamic = true;
      value += c;
      i++;
    }
    words.push({ value, dynamic, range: map.range(start, Math.min(i, text.length)) });
  }
  flush();
  return commands;
}
