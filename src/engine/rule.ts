// The rule contract: `meta` describes, `create` returns handlers for model nodes.
// Rules only report; severities, suppressions and thresholds belong to the engine.

import type { BuildFacts, FileModel } from '../models/file.js';
import type { Kind, NodeOfType, NodeType, Range } from '../models/nodes.js';
import type { Fix, Severity } from '../models/finding.js';

/** A JSON Schema fragment (kept loose on purpose: it is data for ajv and for docs). */
export type JsonSchema = Record<string, unknown>;

export interface RuleMeta<Options> {
  id: string;
  kinds: readonly Kind[];
  /** Imperative one-liner: "Disallow …", "Require …". */
  description: string;
  /** Longer text for SARIF fullDescription and `pushgate rules ID`. */
  rationale: string;
  /** Security-relevant rules are tagged `security` in SARIF. */
  security: boolean;
  /** Preset defaults (SPEC §3). */
  recommended: Severity | 'off';
  strict: Severity | 'off';
  /** Options a preset sets on top of `defaults` (e.g. strict requires an SBOM). */
  presetOptions?: { recommended?: Partial<Options>; strict?: Partial<Options> };
  /** JSON Schema of the options object (type: object), with a description per property. */
  schema: JsonSchema;
  defaults: Options;
  /** Message templates with `{{name}}` placeholders. */
  messages: Record<string, string>;
  /** Whether the rule can offer a fix. */
  fixable?: boolean;
  /**
   * For rules with a `command` handler: a script that does not match this pattern holds
   * no command the rule cares about and is not shell-parsed for it (parsing is the
   * costly part). Omit to see every command.
   */
  commandFilter?: RegExp;
  /**
   * For rules with a `command` handler: the programs (by name) whose commands it
   * reads. Statements of a script that run none of them need not be shell-parsed.
   * Omit to see every command.
   */
  commandPrograms?: ReadonlySet<string>;
}

export interface ReportDescriptor {
  messageId: string;
  data?: Record<string, string | number>;
  range: Range;
  fix?: Fix;
}

export interface RuleContext {
  file: FileModel;
  /** Working directory; paths in models are relative to it. */
  cwd: string;
  /** Builds of this file by other artifacts in the same run (CI steps, compose services). */
  builds: readonly BuildFacts[];
  /** Reads a file relative to cwd, or returns null when it does not exist. */
  readFile(path: string): string | null;
  /** The file's text in a range (lines joined with `\n`), e.g. to build a fix from the source as written. */
  sourceText(range: Range): string;
  /** Today's date (YYYY-MM-DD), injectable for tests. */
  today: string;
  report(descriptor: ReportDescriptor): void;
}

export type Handlers = {
  [T in NodeType]?: (node: NodeOfType<T>) => void;
} & {
  /** Called after every node of the file has been visited. */
  exit?: () => void;
};

export interface Rule<Options = Record<string, unknown>> {
  meta: RuleMeta<Options>;
  create(context: RuleContext, options: Options): Handlers;
}

/** Typed creator: options arrive merged over `meta.defaults`. */
export function defineRule<Options extends object>(rule: Rule<Options>): Rule<Options> {
  return rule;
}

/** A rule as the registry holds it, options erased. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRule = Rule<any>;
