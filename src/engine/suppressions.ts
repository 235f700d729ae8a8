// Inline suppressions in `#` comments:
//   # pushgate-ignore-next-line RULE[,RULE] -- reason until=YYYY-MM-DD
//   # pushgate-ignore-file RULE[,RULE] -- reason
// Applied after rules ran (rules never see them). Problems with the directives
// themselves are reported under `unused-suppression`.

import type { Comment } from '../models/file.js';
import type { Finding, Severity } from '../models/finding.js';
import { didYouMean } from '../config/did-you-mean.js';

const DIRECTIVE = /^\s*pushgate-ignore-(next-line|file)\b(.*)$/;
const UNTIL = /\buntil=(\d{4}-\d{2}-\d{2})\s*$/;

interface Directive {
  scope: 'next-line' | 'file';
  rules: Array<{ id: string; column: number; used: boolean }>;
  reason: string | null;
  until: string | null;
  line: number;
  column: number;
  endColumn: number;
}

export interface SuppressionOptions {
  today: string;
  requireReason: boolean;
  knownRules: ReadonlySet<string>;
  /** Severity of `unused-suppression`, or null when it is off. */
  unusedSeverity: Severity | null;
  /** Rules that cannot be suppressed (a file that does not parse stays reported). */
  unsuppressible: ReadonlySet<string>;
  /** Renders an `unused-suppression` message from the rule's templates. */
  message(messageId: string, data: Record<string, string>): string;
}

export const UNUSED_SUPPRESSION = 'unused-suppression';

export function parseDirectives(comments: readonly Comment[]): Directive[] {
  const directives: Directive[] = [];
  for (const comment of comments) {
    const match = DIRECTIVE.exec(comment.text);
    if (!match) continue;
    let rest = match[2] ?? '';
    let until: string | null = null;
    const untilMatch = UNTIL.exec(rest);
    if (untilMatch) {
      until = untilMatch[1] ?? null;
      rest = rest.slice(0, untilMatch.index);
    }
    const dashes = rest.indexOf('--');
    const ruleText = dashes === -1 ? rest : rest.slice(0, dashes);
    const reason = dashes === -1 ? null : rest.slice(dashes + 2).trim() || null;
    const ruleStart = comment.column + 1 + comment.text.indexOf(match[1] ?? '') + (match[1] ?? '').length;
    const rules: Directive['rules'] = [];
    const idPattern = /[^\s,]+/g;
    for (let id = idPattern.exec(ruleText); id; id = idPattern.exec(ruleText)) {
      rules.push({ id: id[0], column: ruleStart + id.index, used: false });
    }
    directives.push({
      scope: match[1] === 'file' ? 'file' : 'next-line',
      rules,
      reason,
      until,
      line: comment.line,
      column: comment.column,
      endColumn: comment.column + 1 + comment.text.trimEnd().length,
    });
  }
  return directives;
}

/** Removes suppressed findings and adds findings about the directives themselves. */
export function applySuppressions(findings: Finding[], comments: readonly Comment[], options: SuppressionOptions): Finding[] {
  const directives = parseDirectives(comments);
  if (directives.length === 0) return findings;
  const problems: Finding[] = [];
  const report = (directive: Directive, column: number, messageId: string, data: Record<string, string> = {}) => {
    if (!options.unusedSeverity) return;
    problems.push({
      ruleId: UNUSED_SUPPRESSION,
      messageId,
      message: options.message(messageId, data),
      severity: options.unusedSeverity,
      line: directive.line,
      column,
      endLine: directive.line,
      endColumn: directive.endColumn,
    });
  };
  const honoured: Directive[] = [];
  for (const directive of directives) {
    if (directive.rules.length === 0) {
      report(directive, directive.column, 'noRules');
      continue;
    }
    if (options.requireReason && !directive.reason) {
      report(directive, directive.column, 'reasonRequired');
      continue;
    }
    if (directive.until && directive.until < options.today) {
      report(directive, directive.column, 'expired', { date: directive.until });
      continue;
    }
    for (const rule of directive.rules) {
      if (!options.knownRules.has(rule.id)) {
        const suggestion = didYouMean(rule.id, [...options.knownRules]);
        rule.used = true; // reported here; not again as unused
        report(directive, rule.column, 'unknownRule', { rule: rule.id, suggestion: suggestion ? `; did you mean "${suggestion}"?` : '' });
      } else if (options.unsuppressible.has(rule.id)) {
        rule.used = true;
        report(directive, rule.column, 'unsuppressible', { rule: rule.id });
      }
    }
    honoured.push(directive);
  }
  const kept: Finding[] = [];
  for (const finding of findings) {
    if (options.unsuppressible.has(finding.ruleId) || !suppress(finding, honoured)) kept.push(finding);
  }
  for (const directive of honoured) {
    for (const rule of directive.rules) {
      if (rule.used) continue;
      const where = directive.scope === 'file' ? 'in this file' : 'on the next line';
      report(directive, rule.column, 'unused', { rule: rule.id, where });
    }
  }
  return problems.length > 0 ? kept.concat(problems) : kept;
}

function suppress(finding: Finding, directives: readonly Directive[]): boolean {
  let suppressed = false;
  for (const directive of directives) {
    if (directive.scope === 'next-line' && finding.line !== directive.line + 1) continue;
    for (const rule of directive.rules) {
      if (rule.id === finding.ruleId) {
        rule.used = true;
        suppressed = true;
      }
    }
  }
  return suppressed;
}
