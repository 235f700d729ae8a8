// Runs the active rules over one file's model and returns raw findings.
// Severities come from the resolved rule settings; suppressions and thresholds
// are applied afterwards (see lint.ts), never inside rules.

import type { BuildFacts, FileModel } from '../models/file.js';
import type { Finding, Severity } from '../models/finding.js';
import type { CommandNode, ModelNode, Range } from '../models/nodes.js';
import { parseCommands } from '../parsers/shell.js';
import { PIPELINE_PROGRAMS } from '../parsers/pipeline-script.js';
import { redactMessage, redactText } from '../analysis/redact.js';
import type { AnyRule, Handlers, ReportDescriptor } from './rule.js';
import { interpolate } from './messages.js';

export interface ActiveRule {
  rule: AnyRule;
  severity: Severity;
  options: Record<string, unknown>;
}

export interface RunOptions {
  cwd: string;
  today: string;
  builds: readonly BuildFacts[];
  readFile(path: string): string | null;
  /** The file's text, for `context.sourceText`. */
  text: string;
}

/** Rule ids the engine itself reports. */
export const PARSE_ERROR = 'parse-error';

export function runRules(model: FileModel, active: readonly ActiveRule[], options: RunOptions): Finding[] {
  const findings: Finding[] = [];
  let lines: string[] | null = null;
  const fileLines = (): string[] => (lines ??= options.text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/));
  const parseError = active.find((a) => a.rule.meta.id === PARSE_ERROR);
  if (parseError) {
    for (const problem of model.parseErrors) {
      findings.push(makeFinding(parseError, { messageId: 'parseError', data: { message: problem.message }, range: problem.range }, fileLines));
    }
  }
  const sourceText = (range: Range): string => {
    const lines = fileLines();
    if (range.line === range.endLine) return (lines[range.line - 1] ?? '').slice(range.column - 1, range.endColumn - 1);
    const parts = [(lines[range.line - 1] ?? '').slice(range.column - 1)];
    for (let line = range.line + 1; line < range.endLine; line++) parts.push(lines[line - 1] ?? '');
    parts.push((lines[range.endLine - 1] ?? '').slice(0, range.endColumn - 1));
    return parts.join('\n');
  };
  const listeners = new Map<string, Array<(node: ModelNode) => void>>();
  const exits: Array<() => void> = [];
  // Patterns a script must match to be worth shell-parsing; null means every script.
  let commandFilters: RegExp[] | null = [];
  // Programs whose commands the rules read; null means every command.
  let commandPrograms: Set<string> | null = new Set();
  for (const entry of active) {
    if (entry.rule.meta.id === PARSE_ERROR || !entry.rule.meta.kinds.includes(model.kind)) continue;
    const context = {
      file: model,
      cwd: options.cwd,
      builds: options.builds,
      today: options.today,
      readFile: options.readFile,
      sourceText,
      report: (descriptor: ReportDescriptor) => findings.push(makeFinding(entry, descriptor, fileLines)),
    };
    const handlers: Handlers = entry.rule.create(context, { ...entry.rule.meta.defaults, ...entry.options });
    if (handlers.command) {
      const filter = entry.rule.meta.commandFilter;
      if (!filter) commandFilters = null;
      else if (commandFilters) commandFilters.push(filter);
      const programs = entry.rule.meta.commandPrograms;
      if (!programs) commandPrograms = null;
      else if (commandPrograms) for (const program of programs) commandPrograms.add(program);
    }
    // Object.keys (not entries): runs per rule per file, and a pair per handler adds up.
    for (const type of Object.keys(handlers)) {
      const handler = handlers[type as keyof Handlers];
      if (type === 'exit') {
        exits.push(handler as () => void);
        continue;
      }
      let list = listeners.get(type);
      if (!list) listeners.set(type, (list = []));
      list.push(handler as (node: ModelNode) => void);
    }
  }
  const commandListeners = listeners.get('command');
  // The pipeline lowering already parsed CI scripts for its programs: a subset reuses that.
  const programs = commandPrograms === null ? undefined : [...commandPrograms].every((p) => PIPELINE_PROGRAMS.has(p)) ? PIPELINE_PROGRAMS : commandPrograms;
  for (const node of model.nodes) {
    const list = listeners.get(node.type);
    if (list) for (const handler of list) handler(node);
    // Commands are derived from scripts only when some rule listens to them.
    if (commandListeners && node.type === 'script' && matchesAny(node.text, commandFilters)) {
      for (const command of parseCommands(node, programs)) dispatch(commandListeners, command);
    }
  }
  for (const exit of exits) exit();
  return findings;
}

function matchesAny(text: string, filters: readonly RegExp[] | null): boolean {
  return filters === null || filters.some((filter) => filter.test(text));
}

function dispatch(list: Array<(node: ModelNode) => void>, node: CommandNode): void {
  for (const handler of list) handler(node);
}

function makeFinding(entry: ActiveRule, descriptor: ReportDescriptor, fileLines: () => readonly string[]): Finding {
  const template = entry.rule.meta.messages[descriptor.messageId] ?? descriptor.messageId;
  const finding: Finding = {
    ruleId: entry.rule.meta.id,
    messageId: descriptor.messageId,
    message: redactMessage(interpolate(template, descriptor.data), descriptor.data),
    severity: entry.severity,
    ...clampRange(descriptor.range, fileLines),
  };
  // A fix is printed by every format: one that would carry a secret is dropped, not masked
  // (a masked fix would be wrong); the finding itself stays.
  if (descriptor.fix && redactText(descriptor.fix.text) === descriptor.fix.text) finding.fix = descriptor.fix;
  return finding;
}

/**
 * A finding's range, kept inside the file: every format prints it, and SARIF and Code
 * Quality consumers reject positions past a line's end. Ranges that a parser could only
 * approximate (a folded scalar with escapes, a continuation at the end of the file)
 * are cut at the line's and the file's end.
 */
function clampRange(range: Range, fileLines: () => readonly string[]): Range {
  let line = Math.max(1, range.line);
  let column = Math.max(1, range.column);
  let endLine = Math.max(line, range.endLine);
  let endColumn = endLine === line ? Math.max(column, range.endColumn) : Math.max(1, range.endColumn);
  const lines = fileLines();
  const last = Math.max(1, lines.length);
  const width = (n: number) => (lines[n - 1] ?? '').length + 1;
  if (line > last) line = last;
  if (column > width(line)) column = width(line);
  // A point one column wide may sit just past a line's last character ("unexpected end").
  const point = endLine === line && endColumn === column + 1;
  if (endLine > last) [endLine, endColumn] = [last, width(last)];
  if (endColumn > width(endLine) && !(point && endLine === line)) endColumn = width(endLine);
  if (endLine === line && endColumn < column) endColumn = column;
  return { line, column, endLine, endColumn };
}
