// Config errors say where, what and what was expected (STYLE §7). They are never
// findings and never carry a stack to the user: the CLI prints `message` and exits 2.

export interface ConfigProblem {
  /** The config file as shown to the user (relative to the working directory when inside it). */
  file: string;
  /** Dotted JSON path inside the file (`overrides[0].rules.x`), or '' for the whole file. */
  path: string;
  /** What is wrong and what was expected: `unknown rule "x"; did you mean "y"?`. */
  detail: string;
  /** 1-based position, when known (parse errors). */
  line?: number;
  column?: number;
}

/** `file:line:col: path: detail`, leaving out the parts that are unknown. */
export function formatProblem(problem: ConfigProblem): string {
  let where = problem.file;
  if (problem.line !== undefined) {
    where += `:${problem.line}`;
    if (problem.column !== undefined) where += `:${problem.column}`;
  }
  return [where, problem.path, problem.detail].filter((part) => part !== '').join(': ');
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** Every problem found; `message` has one line per problem. */
  readonly problems: readonly ConfigProblem[];
  /** File of the first problem. */
  readonly file: string;
  /** JSON path of the first problem ('' for the whole file). */
  readonly path: string;

  constructor(problems: ConfigProblem | readonly ConfigProblem[]) {
    const list = Array.isArray(problems) ? (problems as readonly ConfigProblem[]) : [problems as ConfigProblem];
    if (list.length === 0) throw new TypeError('ConfigError needs at least one problem');
    super(list.map(formatProblem).join('\n'));
    this.problems = list;
    this.file = list[0]!.file;
    this.path = list[0]!.path;
  }
}

export function isConfigError(error: unknown): error is ConfigError {
  return error instanceof ConfigError;
}
