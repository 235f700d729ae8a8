// Script → simple commands, through mvdan-sh (a real POSIX/bash parser).
// mvdan-sh is large (GopherJS), so it is loaded only when a rule asks for commands.
// Scripts it cannot parse (cmd.exe, PowerShell, broken quoting) fall back to a
// plain word splitter so that commands are still seen, never silently dropped.

import { createRequire } from 'node:module';
import type { CommandNode, Range, ScriptNode, Word } from '../models/nodes.js';

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
    const require = createRequire(import.meta.url);
    syntax = (require('mvdan-sh') as { syntax: Syntax }).syntax;
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
  private readonly byteToChar: number[] | null;

  constructor(private readonly script: ScriptNode) {
    const text = script.text;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.scriptLineStarts.push(i + 1);
    // mvdan-sh reports UTF-8 byte offsets; only non-ASCII text needs a translation table.
    this.byteToChar = /[^\x00-\x7f]/.test(text) ? buildByteToChar(text) : null;
  }

  charOffset(byteOffset: number): number {
    return this.byteToChar ? (this.byteToChar[byteOffset] ?? this.script.text.length) : byteOffset;
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

export function parseCommands(script: ScriptNode): CommandNode[] {
  if (script.exec) return script.exec.length > 0 ? [commandNode(script, script.exec, [], null)] : [];
  if (script.text.trim() === '') return [];
  const map = new PositionMap(script);
  let commands: CommandNode[];
  try {
    commands = parseWithMvdan(script, map);
  } catch {
    commands = splitFallback(script, map);
  }
  return commands;
}

function parseWithMvdan(script: ScriptNode, map: PositionMap): CommandNode[] {
  const sh = loadSyntax();
  const parser = sh.NewParser(sh.KeepComments(false), sh.Variant(script.dialect === 'bash' ? sh.LangBash : sh.LangPOSIX));
  const file = parser.Parse(script.text, 'script');
  const commands: CommandNode[] = [];
  sh.Walk(file, (node) => {
    if (node && sh.NodeType(node) === 'CallExpr') {
      const argv: Word[] = [];
      for (const word of node.Args) argv.push(toWord(sh, word, script.text, map));
      const envPrefix = [];
      for (const assign of node.Assigns) {
        envPrefix.push({ name: String(assign.Name?.Value ?? ''), value: assign.Value ? toWord(sh, assign.Value, script.text, map) : null });
      }
      const full = map.range(map.charOffset(node.Pos().Offset()), map.charOffset(node.End().Offset()));
      if (argv.length > 0) commands.push(commandNode(script, argv, envPrefix, full));
    }
    return true;
  });
  return commands;
}

function toWord(sh: Syntax, word: ShNode, text: string, map: PositionMap): Word {
  const start = map.charOffset(word.Pos().Offset());
  const end = map.charOffset(word.End().Offset());
  const state = { dynamic: false };
  const value = wordValue(sh, word.Parts, text, map, state);
  return { value, dynamic: state.dynamic, range: map.range(start, end) };
}

/** Literal text of a word with quotes removed; expansions keep their source text. */
function wordValue(sh: Syntax, parts: ShNode[], text: string, map: PositionMap, state: { dynamic: boolean }): string {
  let value = '';
  for (const part of parts) {
    switch (sh.NodeType(part)) {
      case 'Lit':
        value += unescapeLiteral(String(part.Value));
        break;
      case 'SglQuoted':
        value += String(part.Value);
        break;
      case 'DblQuoted':
        value += wordValue(sh, part.Parts, text, map, state);
        break;
      default:
        state.dynamic = true;
        value += text.slice(map.charOffset(part.Pos().Offset()), map.charOffset(part.End().Offset()));
    }
  }
  return value;
}

function unescapeLiteral(literal: string): string {
  if (!literal.includes('\\')) return literal;
  return literal.replace(/\\\n/g, '').replace(/\\(.)/g, '$1');
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
