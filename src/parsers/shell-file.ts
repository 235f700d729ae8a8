// Shell scripts (`*.sh`, `*.bash`) and Makefile recipes → `script` nodes.
// Commands inside are derived lazily by src/parsers/shell.ts, like Dockerfile RUN.

import type { FileModel } from '../models/file.js';
import type { ModelNode, ScriptNode } from '../models/nodes.js';
import { analyseCommand } from '../analysis/push.js';
import { mentionsImageTools, pipelineCommands } from './pipeline-script.js';
import { directiveComments, normaliseText } from './text.js';

const POSIX_SHEBANG = /^#!\s*(?:\/usr)?\/bin\/(?:env\s+)?(?:sh|dash|ash)\b/;

export function parseShellFile(path: string, source: string): FileModel {
  const text = normaliseText(source);
  const lines = text.split('\n');
  const base = { path, kind: 'shell' as const, comments: directiveComments(lines), parseErrors: [] };
  if (/(^|\/)(GNUmakefile|[Mm]akefile)$/.test(path) || path.endsWith('.mk')) {
    return { ...base, nodes: withImageNodes(makefileRecipes(lines)) };
  }
  const script: ScriptNode = {
    type: 'script',
    text,
    lineStarts: lines.map((_, i) => ({ line: i + 1, column: 1 })),
    dialect: POSIX_SHEBANG.test(lines[0] ?? '') ? 'posix' : 'bash',
    range: { line: 1, column: 1, endLine: lines.length, endColumn: (lines[lines.length - 1]?.length ?? 0) + 1 },
    context: {},
  };
  return { ...base, nodes: withImageNodes([script]) };
}

/**
 * Scripts that build, tag, run or push images also yield `imageRef` and `push` nodes
 * (no-latest-tag, qualified-push-target, …). Only scripts that mention an image tool
 * are shell-parsed here; the rest stay lazy.
 */
function withImageNodes(scripts: ScriptNode[]): ModelNode[] {
  const nodes: ModelNode[] = [];
  for (const script of scripts) {
    nodes.push(script);
    if (!mentionsImageTools(script)) continue;
    for (const command of pipelineCommands(script)) {
      const facts = analyseCommand(command, () => undefined);
      nodes.push(...facts.refs, ...facts.labels);
      if (facts.push) nodes.push(facts.push);
    }
  }
  return nodes;
}

/**
 * Each block of tab-indented recipe lines is one script. Make's own syntax is
 * blanked to the same width so columns stay the file's: the `@`/`-`/`+` line
 * prefixes become spaces, and `$$` (a literal `$` for the shell) becomes ` $`.
 */
function makefileRecipes(lines: readonly string[]): ScriptNode[] {
  const scripts: ScriptNode[] = [];
  let block: number[] = [];
  const flush = () => {
    if (block.length === 0) return;
    const body = block.map((i) => shellOfRecipeLine(lines[i] ?? ''));
    const first = block[0] as number;
    const last = block[block.length - 1] as number;
    scripts.push({
      type: 'script',
      text: body.join('\n'),
      lineStarts: block.map((i) => ({ line: i + 1, column: 1 })),
      dialect: 'posix',
      range: { line: first + 1, column: 1, endLine: last + 1, endColumn: (lines[last]?.length ?? 0) + 1 },
      context: {},
    });
    block = [];
  };
  let continued = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith('\t') || (continued && block.length > 0)) {
      block.push(i);
      continued = line.endsWith('\\');
    } else {
      flush();
      continued = false;
    }
  }
  flush();
  return scripts;
}

function shellOfRecipeLine(line: string): string {
  return line
    .replace(/^(\t\s*)([@+-]+)/, (_, indent: string, prefix: string) => indent + ' '.repeat(prefix.length))
    .replace(/\$\$/g, ' $');
}
