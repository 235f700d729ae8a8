// Dockerfile → normalised model. The only module that imports dockerfile-ast.
// dockerfile-ast is 0-based; everything leaving this file is 1-based.

import { DockerfileParser } from 'dockerfile-ast';
import type { Flag, Instruction, Property } from 'dockerfile-ast';
import type { Comment, FileModel, ParseProblem } from '../models/file.js';
import type {
  CopyNode,
  DockerfileNode,
  EnvNode,
  LabelNode,
  ModelNode,
  NodeContext,
  Range,
  ScriptNode,
  StageNode,
  UserNode,
  Word,
} from '../models/nodes.js';
import { imageRefNode, type Lookup } from '../analysis/image-ref-node.js';
import { substitute } from '../analysis/variables.js';
import { redactedExcerpt } from '../analysis/redact.js';
import { directiveComments, normaliseText, pointRange } from './text.js';

interface AstRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

const KEYWORDS = new Set([
  'FROM', 'RUN', 'CMD', 'LABEL', 'MAINTAINER', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT',
  'VOLUME', 'USER', 'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL',
]);

/** ARGs Docker defines itself; never resolvable statically, never "undeclared". */
const PLATFORM_ARGS = new Set([
  'TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT',
  'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT',
]);

const HEREDOC_MARKER = /<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;
const SHELL_WRAPPER = /^(?:\/(?:usr\/)?bin\/)?(?:ba|da|z|a)?sh(?:\s+-[a-z]+)*$/;

function toRange(r: AstRange): Range {
  return {
    line: r.start.line + 1,
    column: r.start.character + 1,
    endLine: r.end.line + 1,
    endColumn: r.end.character + 1,
  };
}

export interface DockerfileParseOptions {
  /** Build args a CI step or compose service passes (`--build-arg`, `build.args`). */
  buildArgs?: Readonly<Record<string, string>>;
}

export function parseDockerfile(path: string, source: string, options: DockerfileParseOptions = {}): FileModel {
  const text = normaliseText(source);
  const lines = text.split('\n');
  const ast = DockerfileParser.parse(fdHeredocsForAst(terminateCommentLine(text)));
  const escape: '\\' | '`' = ast.getEscapeCharacter() === '`' ? '`' : '\\';
  const buildArgs = options.buildArgs ?? {};
  const nodes: ModelNode[] = [];
  const parseErrors: ParseProblem[] = [];
  const stages: StageNode[] = [];
  const comments: Comment[] = directiveComments(lines);

  // Variables in scope: global ARGs (for FROM), then per stage ARG + ENV.
  const globalArgs = new Map<string, string | null | undefined>();
  let stageVars = new Map<string, string | null | undefined>();
  const stageEnvs: Array<Map<string, string | null | undefined>> = [];
  const stageScope = (): Lookup => (name) => stageVars.get(name);
  // Platform ARGs are always defined in the global scope, with values known only at build time.
  const globalScope: Lookup = (name) => (PLATFORM_ARGS.has(name) && !globalArgs.has(name) ? null : globalArgs.get(name));

  let stage: StageNode | null = null;
  let unknownCount = 0;
  const instructions = ast.getInstructions();
  if (instructions.length === 0) {
    parseErrors.push({ message: 'the Dockerfile has no instructions', range: pointRange(1, 1) });
  }

  for (const instruction of instructions) {
    const keyword = instruction.getKeyword().toUpperCase();
    const range = toRange(instruction.getRange());
    if (!KEYWORDS.has(keyword)) {
      // One finding per file: a template or an HTML page would otherwise report every line.
      if (unknownCount++ === 0) {
        parseErrors.push({
          message: `unknown instruction "${truncate(instruction.getInstruction())}"`,
          range: toRange(instruction.getInstructionRange()),
        });
      }
      continue;
    }
    if (keyword === 'FROM') {
      stage = lowerFrom(instruction, stages, globalScope, escape, range);
      stages.push(stage);
      // A stage inherits ENV from the stage it builds on; ARGs never cross stages.
      const inherited = stage.baseStage !== null ? stageEnvs[stage.baseStage] : undefined;
      stageEnvs.push(new Map(inherited ?? []));
      stageVars = new Map(inherited ?? []);
      nodes.push(stage);
      if (stage.base) nodes.push(stage.base);
      continue;
    }
    if (!stage) {
      if (keyword === 'ARG') {
        for (const node of lowerArg(instruction, {}, lines, escape, buildArgs, globalArgs, globalArgs)) nodes.push(node);
      } else {
        parseErrors.push({ message: `${keyword} before the first FROM`, range: toRange(instruction.getInstructionRange()) });
      }
      continue;
    }
    const context: NodeContext = { stage: stage.index };
    stage.instructions.push({ keyword, range });
    switch (keyword) {
      case 'ARG':
        for (const node of lowerArg(instruction, context, lines, escape, buildArgs, stageVars, globalArgs)) nodes.push(node);
        break;
      case 'ENV':
        for (const property of properties(instruction)) {
          const node = envNode('ENV', property, context);
          nodes.push(node);
          const value = propertyValue(property, lines, stageScope(), escape);
          stageVars.set(node.name, value);
          stageEnvs[stage.index]?.set(node.name, value);
        }
        break;
      case 'LABEL':
        for (const property of properties(instruction)) {
          const label = labelNode(property, context, lines, stageScope(), escape);
          if (!label) continue;
          stage.labels.push(label);
          nodes.push(label);
        }
        break;
      case 'USER': {
        const user = lowerUser(instruction, context, lines, stageScope(), escape);
        if (user) {
          stage.users.push(user);
          nodes.push(user);
        }
        break;
      }
      case 'COPY':
      case 'ADD': {
        const copy = lowerCopy(instruction, keyword, context, stages, stage.index, stageScope(), escape);
        stage.copies.push(copy);
        nodes.push(copy);
        if (copy.from !== null && copy.fromStage === null) {
          const flag = flagNamed(instruction, 'from');
          const valueRange = flag?.getValueRange();
          if (flag && valueRange) {
            nodes.push(imageRefNode(copy.from, 'copy-from', toRange(valueRange), context, stageScope(), escape));
          }
        }
        break;
      }
      case 'RUN':
        for (const node of lowerRun(instruction, context, lines, escape, stages, stage.index, stageScope(), parseErrors)) {
          nodes.push(node);
        }
        break;
      default:
        break;
    }
  }

  const dockerfile: DockerfileNode = {
    type: 'dockerfile',
    stages,
    escape,
    range: stages[stages.length - 1]?.fromRange ?? pointRange(1, 1),
    context: {},
  };
  nodes.push(dockerfile);
  const firstUnknown = parseErrors.find((p) => p.message.startsWith('unknown instruction'));
  if (firstUnknown && unknownCount > 1) firstUnknown.message += ` (and ${unknownCount - 1} more unknown instruction${unknownCount > 2 ? 's' : ''})`;
  if (instructions.length > 0 && stages.length === 0 && parseErrors.length === 0) {
    parseErrors.push({ message: 'the Dockerfile has no FROM instruction', range: pointRange(1, 1) });
  }
  return { path, kind: 'dockerfile', nodes, comments, parseErrors };
}

function truncate(text: string): string {
  return redactedExcerpt(text, 41);
}

function resolveValue(value: string, lookup: Lookup, escape: '\\' | '`'): string | undefined {
  if (!value.includes('$')) return value;
  const result = substitute(value, lookup, escape);
  return result.unresolved ? undefined : result.text;
}

const LITERAL_DOLLAR = '\u0000';

/**
 * Docker's word processing for ENV/ARG/LABEL/USER values, from the source text:
 * quotes are removed, `'…'` and escaped `$` stay literal, other `$` expand.
 */
function expandWord(raw: string, lookup: Lookup, escape: '\\' | '`'): { text: string; unresolved: boolean } {
  let prepared = '';
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < raw.length; i++) {
    const char = raw[i] as string;
    if (char === escape && quote !== "'" && i + 1 < raw.length) {
      const next = raw[i + 1] as string;
      i++;
      if (next === '\n') continue;
      prepared += next === '$' ? LITERAL_DOLLAR : next;
    } else if (quote === null && (char === '"' || char === "'")) {
      quote = char;
    } else if (char === quote) {
      quote = null;
    } else {
      prepared += char === '$' && quote === "'" ? LITERAL_DOLLAR : char;
    }
  }
  const substitution = prepared.includes('$') ? substitute(prepared, lookup, escape) : null;
  const text = (substitution ? substitution.text : prepared).split(LITERAL_DOLLAR).join('$');
  return { text, unresolved: substitution?.unresolved ?? false };
}

/**
 * dockerfile-ast's parser-directive scan restarts at every `#` of a last line that has
 * no line break after it and no `=` in it, reading to the end each time: one 1 MB line
 * of `#` is quadratic. A line break after a final comment line changes nothing else.
 */
/**
 * BuildKit opens a heredoc on a file descriptor too (`RUN cat 5<<EOF`, its own
 * `^(\d*)<<` rule); dockerfile-ast only sees arguments that start with `<<`, and would
 * read the body lines as instructions. The descriptor digits are blanked for it (same
 * width, so every position stays); scripts are still cut from the original text.
 */
function fdHeredocsForAst(text: string): string {
  return text.replace(/(^|[ \t])(\d+)(?=<<-?["']?[A-Za-z_])/gm, (_, before: string, digits: string) => before + ' '.repeat(digits.length));
}

function terminateCommentLine(text: string): string {
  const firstChar = /[^ \t]/g;
  firstChar.lastIndex = text.lastIndexOf('\n') + 1;
  return firstChar.exec(text)?.[0] === '#' ? `${text}\n` : text;
}

/** The source text a dockerfile-ast range covers. */
function sourceText(lines: readonly string[], range: AstRange): string {
  if (range.start.line === range.end.line) return (lines[range.start.line] ?? '').slice(range.start.character, range.end.character);
  const parts = [(lines[range.start.line] ?? '').slice(range.start.character)];
  for (let i = range.start.line + 1; i < range.end.line; i++) parts.push(lines[i] ?? '');
  parts.push((lines[range.end.line] ?? '').slice(0, range.end.character));
  return parts.join('\n');
}

/** Flag values may be quoted (`--from="nginx:1.27"`); Docker strips the quotes. */
function unquote(value: string | null): string | null {
  if (value && value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0])) return value.slice(1, -1);
  return value;
}

function properties(instruction: Instruction): Property[] {
  const withProperties = instruction as unknown as { getProperties?: () => Property[] };
  return withProperties.getProperties ? withProperties.getProperties() : [];
}

function flagNamed(instruction: Instruction, name: string): Flag | undefined {
  const withFlags = instruction as unknown as { getFlags?: () => Flag[] };
  return withFlags.getFlags?.().find((flag) => flag.getName().toLowerCase() === name);
}

function flags(instruction: Instruction): Flag[] {
  const withFlags = instruction as unknown as { getFlags?: () => Flag[] };
  return withFlags.getFlags ? withFlags.getFlags() : [];
}

/** Finds an earlier stage by name (case-insensitive) or index. */
function findStage(stages: readonly StageNode[], reference: string, before: number, byIndex = true): number | null {
  const lower = reference.toLowerCase();
  for (const stage of stages) {
    if (stage.index >= before) break;
    if (stage.name === lower) return stage.index;
  }
  if (byIndex && /^\d+$/.test(reference)) {
    const index = Number(reference);
    if (index < before) return index;
  }
  return null;
}

function lowerFrom(
  instruction: Instruction,
  stages: readonly StageNode[],
  globalScope: Lookup,
  escape: '\\' | '`',
  range: Range,
): StageNode {
  const index = stages.length;
  const context: NodeContext = { stage: index };
  // One getArguments() call: dockerfile-ast's From getters recompute the arguments each time.
  const args = instruction.getArguments();
  const imageArgument = args[0];
  const image = imageArgument ? imageArgument.getValue() : null;
  const imageRange = imageArgument ? (imageArgument.getRange() as AstRange) : null;
  // Stage names may come from ARGs too (`AS ${STAGE}`).
  const rawName = args.length >= 3 && args[1]?.getValue().toUpperCase() === 'AS' ? (args[2]?.getValue() ?? null) : null;
  const name = rawName === null ? null : (resolveValue(rawName, globalScope, escape) ?? rawName).toLowerCase();
  const stage: StageNode = {
    type: 'stage',
    index,
    name,
    platform: flagNamed(instruction, 'platform')?.getValue() ?? null,
    base: null,
    baseStage: null,
    scratch: false,
    fromRange: range,
    instructions: [{ keyword: 'FROM', range }],
    users: [],
    labels: [],
    copies: [],
    range,
    context,
  };
  if (image === null || imageRange === null) return stage;
  const resolved = image.includes('$') ? substitute(image, globalScope, escape) : null;
  const effective = resolved && !resolved.unresolved ? resolved.text : image;
  // `FROM 0` names stage 0 (buildah supports it; no Docker Hub image can be named "0").
  const baseStage = findStage(stages, effective, index);
  if (baseStage !== null) {
    stage.baseStage = baseStage;
    return stage;
  }
  if (effective.toLowerCase() === 'scratch') {
    stage.scratch = true;
    return stage;
  }
  stage.base = imageRefNode(image, 'base', toRange(imageRange), context, globalScope, escape);
  return stage;
}

/** ARG lines: record the value in scope and emit `env` nodes for the credential rules. */
function lowerArg(
  instruction: Instruction,
  context: NodeContext,
  lines: readonly string[],
  escape: '\\' | '`',
  buildArgs: Readonly<Record<string, string>>,
  scope: Map<string, string | null | undefined>,
  globalArgs: Map<string, string | null | undefined>,
): EnvNode[] {
  const nodes: EnvNode[] = [];
  for (const property of properties(instruction)) {
    const node = envNode('ARG', property, context);
    nodes.push(node);
    const name = node.name;
    if (PLATFORM_ARGS.has(name)) {
      scope.set(name, null);
      continue;
    }
    let value: string | null | undefined;
    if (Object.prototype.hasOwnProperty.call(buildArgs, name)) value = buildArgs[name];
    else if (node.value !== null) value = propertyValue(property, lines, (n) => scope.get(n), escape);
    // `ARG X` inside a stage re-imports the global default.
    else if (scope !== globalArgs) value = globalArgs.get(name);
    scope.set(name, value);
  }
  return nodes;
}

function envNode(source: 'ENV' | 'ARG', property: Property, context: NodeContext): EnvNode {
  const valueRange = property.getValueRange();
  return {
    type: 'env',
    source,
    name: property.getName(),
    nameRange: toRange(property.getNameRange()),
    value: property.getValue(),
    valueRange: valueRange ? toRange(valueRange) : null,
    range: toRange(property.getRange()),
    context,
  };
}

/** A property's value as Docker expands it, or undefined when a variable is unresolved. */
function propertyValue(property: Property, lines: readonly string[], lookup: Lookup, escape: '\\' | '`'): string | undefined {
  const range = property.getValueRange() as AstRange | null;
  if (!range) return property.getValue() ?? undefined;
  const word = expandWord(sourceText(lines, range), lookup, escape);
  return word.unresolved ? undefined : word.text;
}

function labelNode(property: Property, context: NodeContext, lines: readonly string[], lookup: Lookup, escape: '\\' | '`'): LabelNode | null {
  const key = property.getName();
  if (!key) return null;
  const valueRange = property.getValueRange();
  const substitution = valueRange ? expandWord(sourceText(lines, valueRange as AstRange), lookup, escape) : null;
  const keyRange = toRange(property.getNameRange());
  return {
    type: 'label',
    key,
    keyRange,
    value: substitution ? substitution.text : property.getValue() ?? '',
    unresolved: substitution?.unresolved ?? false,
    valueRange: valueRange ? toRange(valueRange) : keyRange,
    range: toRange(property.getRange()),
    context,
  };
}

function lowerUser(
  instruction: Instruction,
  context: NodeContext,
  lines: readonly string[],
  lookup: Lookup,
  escape: '\\' | '`',
): UserNode | null {
  const argumentsRange = instruction.getArgumentsRange() as AstRange | null;
  if (!argumentsRange) return null;
  const raw = sourceText(lines, argumentsRange).trim();
  if (raw === '') return null;
  const word = expandWord(raw, lookup, escape);
  return {
    type: 'user',
    raw,
    resolved: word.text,
    unresolved: word.unresolved,
    range: toRange(argumentsRange),
    context,
  };
}

function lowerCopy(
  instruction: Instruction,
  keyword: 'COPY' | 'ADD',
  context: NodeContext,
  stages: readonly StageNode[],
  current: number,
  lookup: Lookup,
  escape: '\\' | '`',
): CopyNode {
  const fromFlag = flagNamed(instruction, 'from');
  const from = unquote(fromFlag?.getValue() ?? null);
  const heredoc = (instruction.getRawArgumentsContent() ?? '').trimStart().startsWith('<<');
  const jsonStrings = (instruction as unknown as { getJSONStrings?: () => Array<{ getValue(): string; getRange(): AstRange }> })
    .getJSONStrings?.() ?? [];
  const args = jsonStrings.length > 0
    ? jsonStrings.map((s) => ({ value: s.getValue().replace(/^"|"$/g, ''), range: toRange(s.getRange()) }))
    : heredoc
      ? []
      : instruction.getArguments().map((a) => ({ value: a.getValue(), range: toRange(a.getRange()) }));
  const destination = args.length > 1 ? args[args.length - 1] ?? null : null;
  return {
    type: 'copy',
    instruction: keyword,
    from,
    fromStage: from === null ? null : findStage(stages, resolveValue(from, lookup, escape) ?? from, current),
    sources: args.length > 1 ? args.slice(0, -1) : [],
    destination,
    heredoc,
    range: toRange(instruction.getRange()),
    context,
  };
}

function lowerRun(
  instruction: Instruction,
  context: NodeContext,
  lines: readonly string[],
  escape: '\\' | '`',
  stages: readonly StageNode[],
  current: number,
  lookup: Lookup,
  parseErrors: ParseProblem[],
): ModelNode[] {
  const nodes: ModelNode[] = [];
  for (const flag of flags(instruction)) {
    if (flag.getName().toLowerCase() !== 'mount') continue;
    const option = flag.getOptions().find((o) => o.getName().toLowerCase() === 'from');
    const value = unquote(option?.getValue() ?? null);
    const valueRange = option?.getValueRange();
    if (!value || !valueRange || findStage(stages, resolveValue(value, lookup, escape) ?? value, current) !== null) continue;
    nodes.push(imageRefNode(value, 'mount-from', toRange(valueRange), context, lookup, escape));
  }
  const script = runScripts(instruction, context, lines, escape, parseErrors);
  nodes.push(...script);
  return nodes;
}

/** RUN in exec, heredoc or shell form → script nodes whose positions map back to the file. */
function runScripts(
  instruction: Instruction,
  context: NodeContext,
  lines: readonly string[],
  escape: '\\' | '`',
  parseErrors: ParseProblem[],
): ScriptNode[] {
  const argumentsRange = instruction.getArgumentsRange() as AstRange | null;
  if (!argumentsRange) return [];
  const range = toRange(instruction.getRange());
  const jsonStrings = (instruction as unknown as { getJSONStrings?: () => Array<{ getValue(): string; getRange(): AstRange }> })
    .getJSONStrings?.() ?? [];
  if (jsonStrings.length > 0) {
    const exec: Word[] = jsonStrings.map((s) => {
      const value = s.getValue().replace(/^"|"$/g, '');
      return { value, dynamic: false, range: toRange(s.getRange()) };
    });
    return [{ type: 'script', text: exec.map((w) => w.value).join(' '), lineStarts: [], dialect: 'posix', exec, range, context }];
  }
  const first = argumentsRange.start;
  const firstLine = lines[first.line] ?? '';
  const head = firstLine.slice(first.character);
  const markers = [...head.matchAll(HEREDOC_MARKER)];
  if (markers.length === 0) {
    return [shellScript(lines, first.line, first.character, argumentsRange.end.line, escape, range, context)];
  }
  // Heredoc form: the bodies are scripts when the command line is empty or a bare shell.
  const command = head.replace(HEREDOC_MARKER, '').trim();
  const scripts: ScriptNode[] = [];
  let line = first.line + 1;
  for (const marker of markers) {
    const delimiter = marker[3] ?? '';
    const strip = marker[1] === '-';
    const bodyStart = line;
    while (line < lines.length && (strip ? (lines[line] ?? '').replace(/^\t+/, '') : lines[line]) !== delimiter) line++;
    if (line >= lines.length) {
      parseErrors.push({
        message: `unterminated heredoc "${delimiter}"`,
        range: { line: first.line + 1, column: first.character + (marker.index ?? 0) + 1, endLine: first.line + 1, endColumn: first.character + (marker.index ?? 0) + marker[0].length + 1 },
      });
      return scripts;
    }
    if (command === '' || SHELL_WRAPPER.test(command)) {
      scripts.push(bodyScript(lines, bodyStart, line, range, context));
    }
    line++;
  }
  if (command !== '' && !SHELL_WRAPPER.test(command)) {
    // `RUN cmd <<EOF`: the command line itself is the script; bodies are its input.
    // The markers are blanked (same width) so the shell parser sees no open heredoc.
    const script = shellScript(lines, first.line, first.character, first.line, escape, range, context);
    script.text = script.text.replace(HEREDOC_MARKER, (marker) => ' '.repeat(marker.length));
    scripts.push(script);
  }
  return scripts;
}

function bodyScript(lines: readonly string[], start: number, end: number, range: Range, context: NodeContext): ScriptNode {
  const body = lines.slice(start, end);
  return {
    type: 'script',
    text: body.join('\n'),
    lineStarts: body.map((_, i) => ({ line: start + i + 1, column: 1 })),
    dialect: 'bash',
    range,
    context,
  };
}

/**
 * Shell form: the text from the first argument to the end of the instruction.
 * Docker drops comment and blank lines inside a continuation; we blank them to a
 * lone continuation so that line numbers inside the script stay the file's.
 */
function shellScript(
  lines: readonly string[],
  startLine: number,
  startColumn: number,
  endLine: number,
  escape: '\\' | '`',
  range: Range,
  context: NodeContext,
): ScriptNode {
  const parts: string[] = [];
  const lineStarts: Array<{ line: number; column: number }> = [];
  for (let i = startLine; i <= endLine; i++) {
    let line = lines[i] ?? '';
    if (i === startLine) line = line.slice(startColumn);
    else if (/^\s*(#|$)/.test(line)) line = ' '.repeat(Math.max(0, line.length - 1)) + '\\';
    if (escape === '`' && line.endsWith('`')) line = `${line.slice(0, -1)}\\`;
    parts.push(line);
    lineStarts.push({ line: i + 1, column: i === startLine ? startColumn + 1 : 1 });
  }
  return { type: 'script', text: parts.join('\n'), lineStarts, dialect: 'bash', range, context };
}
