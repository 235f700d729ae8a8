// Scripts of CI pipelines: GitHub `run:`, GitLab `script:` sections.
//
// CI expressions (`${{ github.sha }}`, GitLab `$[[ inputs.tag ]]`) are substituted by
// the runner before the shell sees the script, and they are not shell syntax: a shell
// parser would reject the whole script. In the text handed to the shell parser each
// one is replaced by a shell variable of the same length (`$_e0___…`), so words and
// positions stay exactly where they are in the file; `pipelineCommands` puts the
// expressions back into the word values. `ScriptNode.expressions` records the mapping
// for any other consumer of the text.

import type { CommandNode, NodeContext, PipelineStep, Range, ScriptNode } from '../models/nodes.js';
import { IMAGE_PROGRAMS } from '../analysis/push.js';
import { SCANNER_PROGRAMS, SIGNER_PROGRAMS } from '../analysis/pipeline.js';
import { LOGIN_PROGRAMS } from '../analysis/registry-login.js';
import { parseCommands } from './shell.js';
import type { TextLines } from './yaml.js';

const EXPRESSION = /\$\{\{[\s\S]*?\}\}|\$\[\[[\s\S]*?\]\]/g;

export interface ScriptOptions {
  dialect: 'posix' | 'bash';
  /** Not a POSIX shell (`pwsh`, `python`, `cmd`…): the script is kept but never shell-parsed. */
  interpreter?: string;
  range: Range;
  context: NodeContext;
}

/** One script from one or more pieces of text (GitLab list items), joined by line breaks. */
export function pipelineScript(pieces: readonly TextLines[], options: ScriptOptions): ScriptNode {
  const texts: string[] = [];
  const lineStarts: Array<{ line: number; column: number }> = [];
  for (const piece of pieces) {
    texts.push(piece.text);
    let count = 1;
    for (let at = piece.text.indexOf('\n'); at !== -1; at = piece.text.indexOf('\n', at + 1)) count++;
    for (let i = 0; i < count; i++) {
      lineStarts.push(piece.lineStarts[i] ?? piece.lineStarts[piece.lineStarts.length - 1] ?? { line: options.range.line, column: options.range.column });
    }
  }
  const expressions: Array<{ placeholder: string; text: string }> = [];
  const text = texts.join('\n').replace(EXPRESSION, (expression) => {
    const placeholder = placeholderFor(expressions.length, expression.length);
    if (placeholder === null) return expression;
    expressions.push({ placeholder, text: expression });
    return placeholder;
  });
  const script: ScriptNode = { type: 'script', text, lineStarts, dialect: options.dialect, range: options.range, context: options.context };
  if (expressions.length > 0) script.expressions = expressions;
  if (options.interpreter) {
    script.interpreter = options.interpreter;
    // An empty exec form: the shell parser is never run on it (see ScriptNode.interpreter).
    script.exec = [];
  }
  return script;
}

/** `$_e<index>` padded with `_` to the expression's length (at least `${{}}`, 5 characters). */
function placeholderFor(index: number, length: number): string | null {
  const head = `$_e${index.toString(36)}`;
  if (head.length > length || /\n/.test(head)) return null;
  return head + '_'.repeat(length - head.length);
}

/**
 * Every program whose commands a pipeline reader looks at: builds, tags and pushes,
 * logins, scanners, signers, and `cd` (where a build starts). Statements running none
 * of them are not shell-parsed (see parseCommands).
 */
export const PIPELINE_PROGRAMS: ReadonlySet<string> = new Set([...IMAGE_PROGRAMS, ...LOGIN_PROGRAMS, ...SCANNER_PROGRAMS, ...SIGNER_PROGRAMS, 'cd']);

/**
 * The commands of the statements that run one of PIPELINE_PROGRAMS (others may be
 * left out), CI expressions restored in word values (see parseCommands).
 */
export function pipelineCommands(script: ScriptNode): CommandNode[] {
  return script.interpreter ? [] : parseCommands(script, PIPELINE_PROGRAMS);
}

/**
 * Scripts that may push, build, tag or run an image: the ones parsed while lowering.
 * `docker`/`podman`/`nerdctl` count only with one of the subcommands push.ts reads on
 * the same logical line (`docker ps`, `~/.docker/config.json` do not); the other tools
 * count by name.
 */
const IMAGE_WORDS = new RegExp(
  '\\b(?:docker|podman|nerdctl)\\b(?:[^\\n;|&]|\\\\\\n)*?\\b(?:push|build|buildx|tag|run|pull|create|manifest)\\b' +
    `|(?:^|[^A-Za-z0-9_.-])(?:${[...IMAGE_PROGRAMS].filter((p) => !['docker', 'podman', 'nerdctl'].includes(p)).join('|')})(?![A-Za-z0-9_.-])`,
);

/** True when a script names a program that builds, pushes or runs images (a cheap textual check). */
export function mentionsImageTools(script: ScriptNode): boolean {
  return !script.interpreter && IMAGE_WORDS.test(script.text);
}

/**
 * Shell parsing is by far the costliest part of reading a pipeline, and most scripts
 * (tests, installs) say nothing about images. Their `commands` are parsed on first
 * access instead: the property reads like plain data and is computed once.
 */
export function setLazyCommands(step: PipelineStep, compute: () => CommandNode[]): void {
  Object.defineProperty(step, 'commands', {
    configurable: true,
    enumerable: true,
    get(): CommandNode[] {
      const commands = compute();
      Object.defineProperty(step, 'commands', { value: commands, writable: true, configurable: true, enumerable: true });
      return commands;
    },
    set(value: CommandNode[]) {
      Object.defineProperty(step, 'commands', { value, writable: true, configurable: true, enumerable: true });
    },
  });
}
