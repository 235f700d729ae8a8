// Public API of the pushgate package.

export { lintPaths, type LintPathsOptions } from './lint.js';
export type { Concurrency } from './workers/threads.js';
export { lintTargets, InternalError, type LintTarget, type LintOptions } from './engine/lint.js';
export { buildReport } from './engine/verdict.js';
export { rules, getRule } from './engine/registry.js';
export { defineRule } from './engine/rule.js';
export type { Rule, RuleMeta, RuleContext, Handlers, AnyRule } from './engine/rule.js';
export { loadPolicy } from './config/load.js';
export { ConfigError } from './config/errors.js';
export { parseImageReference, type ImageReference } from './analysis/image-ref.js';
export { getFormatter, getChunkedFormatter, FORMATS, type FormatName, type ChunkedFormatter } from './formatters/index.js';
export { run, type CliIo } from './cli/run.js';
export type * from './models/nodes.js';
export type * from './models/file.js';
export type * from './models/finding.js';
export type * from './models/policy.js';
export { VERSION } from './version.js';
