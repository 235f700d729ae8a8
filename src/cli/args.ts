// argv → options, with node:util parseArgs in strict mode. Usage errors are
// thrown as UsageError and become exit 2 with one line on stderr.

import { parseArgs } from 'node:util';
import type { SeveritySetting } from '../models/finding.js';
import type { Kind } from '../models/nodes.js';
import type { FailOn } from '../models/policy.js';
import { ALL_KINDS } from '../models/kinds.js';
import { FORMATS, type FormatName } from '../formatters/names.js';
import type { Concurrency } from '../workers/threads.js';

export class UsageError extends Error {}

export const COMMANDS = ['lint', 'image', 'push', 'pre-push', 'hook', 'baseline', 'init', 'rules'] as const;
export type Command = (typeof COMMANDS)[number];

export interface CliOptions {
  command: Command;
  positionals: string[];
  config?: string;
  noConfig: boolean;
  format: FormatName;
  output?: string;
  failOn?: FailOn;
  maxWarnings?: number;
  rules: Record<string, SeveritySetting>;
  kind?: Kind;
  stdin: boolean;
  stdinFilename?: string;
  fix: boolean;
  /** `hook install`: replace a hook that cannot be chained (it is kept as a backup). */
  force: boolean;
  quiet: boolean;
  color?: boolean;
  debug: boolean;
  help: boolean;
  version: boolean;
  /** `--baseline FILE`: the baseline to apply (lint) or write (baseline). */
  baseline?: string;
  /** `push`: the engine that inspects and pushes (docker or podman). */
  engine?: string;
  /** `image`: one platform of a multi-platform index. */
  platform?: string;
  /** `image`/`push`: plain HTTP and unverified TLS to any registry. */
  insecure: boolean;
  /** `--concurrency`: worker threads for lint and baseline (default auto). */
  concurrency: Concurrency;
}

const SEVERITY_WORDS: Record<string, SeveritySetting> = {
  off: 'off', '0': 'off', warn: 'warning', warning: 'warning', '1': 'warning', error: 'error', '2': 'error',
};

/** Every option, for node:util parseArgs (strict). */
const OPTIONS = {
  config: { type: 'string', short: 'c' },
  'no-config': { type: 'boolean' },
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  'fail-on': { type: 'string' },
  'max-warnings': { type: 'string' },
  rule: { type: 'string', multiple: true },
  kind: { type: 'string' },
  stdin: { type: 'boolean' },
  'stdin-filename': { type: 'string' },
  fix: { type: 'boolean' },
  force: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  engine: { type: 'string' },
  baseline: { type: 'string' },
  platform: { type: 'string' },
  insecure: { type: 'boolean' },
  concurrency: { type: 'string' },
  version: { type: 'boolean', short: 'v' },
} as const;

type ParsedArgs = ReturnType<typeof parseArgs<{ args: string[]; strict: true; allowPositionals: true; options: typeof OPTIONS }>>;

export function parseCliArgs(argv: readonly string[]): CliOptions {
  let parsed: ParsedArgs;
  try {
    // Without anything that looks like an option every argument is a positional, which
    // is all parseArgs would say; git runs the hook so (`pre-push REMOTE URL`), and
    // node:util's parser costs ~0.5 ms to load and run.
    parsed = argv.some((arg) => arg.startsWith('-'))
      ? parseArgs({ args: [...argv], strict: true, allowPositionals: true, options: OPTIONS })
      : { values: {}, positionals: [...argv] };
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]}; see "pushgate --help".`);
  }
  const { values, positionals } = parsed;
  let command: Command = 'lint';
  if (positionals[0] && (COMMANDS as readonly string[]).includes(positionals[0])) {
    command = positionals.shift() as Command;
  }
  const format = values.format ?? 'stylish';
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format: unknown format "${format}"; expected one of ${FORMATS.join(', ')}.`);
  }
  const failOn = values['fail-on'];
  if (failOn !== undefined && !['error', 'warning', 'never'].includes(failOn)) {
    throw new UsageError(`--fail-on: unknown value "${failOn}"; expected error, warning or never.`);
  }
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) {
      throw new UsageError(`--max-warnings: expected a non-negative integer, got "${values['max-warnings']}".`);
    }
  }
  const kind = values.kind;
  if (kind !== undefined && !(ALL_KINDS as readonly string[]).includes(kind)) {
    throw new UsageError(`--kind: unknown kind "${kind}"; expected one of ${ALL_KINDS.join(', ')}.`);
  }
  const rules: Record<string, SeveritySetting> = {};
  for (const entry of values.rule ?? []) {
    const match = /^([a-z0-9-]+)=(\w+)$/.exec(entry);
    const severity = match ? SEVERITY_WORDS[match[2] ?? ''] : undefined;
    if (!match || !severity) {
      throw new UsageError(`--rule: expected RULE=off|warn|error, got "${entry}".`);
    }
    rules[match[1] as string] = severity;
  }
  if (values['stdin-filename'] !== undefined && !values.stdin) {
    throw new UsageError('--stdin-filename needs --stdin.');
  }
  const concurrency = parseConcurrency(values.concurrency);
  if (values.config !== undefined && values['no-config']) {
    throw new UsageError('--config and --no-config cannot be used together.');
  }
  const options: CliOptions = {
    command,
    positionals,
    noConfig: values['no-config'] ?? false,
    format: format as FormatName,
    rules,
    stdin: values.stdin ?? false,
    fix: values.fix ?? false,
    force: values.force ?? false,
    quiet: values.quiet ?? false,
    debug: values.debug ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
    insecure: values.insecure ?? false,
    concurrency,
  };
  if (values.config !== undefined) options.config = values.config;
  if (values.output !== undefined) options.output = values.output;
  if (failOn !== undefined) options.failOn = failOn as FailOn;
  if (maxWarnings !== undefined) options.maxWarnings = maxWarnings;
  if (kind !== undefined) options.kind = kind as Kind;
  if (values['stdin-filename'] !== undefined) options.stdinFilename = values['stdin-filename'];
  if (values.engine !== undefined) options.engine = values.engine;
  if (values.baseline !== undefined) options.baseline = values.baseline;
  if (values.platform !== undefined) options.platform = values.platform;
  if (values['no-color']) options.color = false;
  else if (values.color) options.color = true;
  return options;
}

/** Worker threads at most, so a typo (`--concurrency 1000`) cannot start a thousand. */
const MAX_CONCURRENCY = 64;

function parseConcurrency(value: string | undefined): Concurrency {
  if (value === undefined || value === 'auto') return 'auto';
  if (value === 'off') return 'off';
  const threads = Number(value);
  if (!/^\d+$/.test(value) || threads < 1 || threads > MAX_CONCURRENCY) {
    throw new UsageError(`--concurrency: expected auto, off or a number of threads from 1 to ${MAX_CONCURRENCY}, got "${value}".`);
  }
  return threads;
}

export const HELP = `pushgate — policy linter and pre-push gate for container images

Usage:
  pushgate [lint] [PATH...]          lint files and directories (default: .)
  pushgate rules [RULE]              list the rules, or show one rule's documentation
  pushgate init                      write a starter .pushgaterc.yaml
  pushgate image SOURCE...           lint image configs: a config or inspect JSON, a docker save or
                                     oci-archive tar, an OCI layout dir[:REF], docker://NAME,
                                     podman://NAME, registry://HOST/REPO[:TAG|@DIGEST]
  pushgate push IMAGE                lint a local image, then push it only when the policy passes
  pushgate pre-push [REMOTE [URL]]   git pre-push hook entry: lints what is pushed (ref lines on stdin)
  pushgate hook install|uninstall    add or remove the git pre-push hook (keeps an existing hook, chained)
  pushgate baseline [PATH...]        record current findings in .pushgate-baseline.json; later runs report only new ones

Options:
  -c, --config FILE         use this policy file instead of searching for one
      --no-config           ignore policy files; use the built-in recommended policy
  -f, --format NAME         stylish (default), json, sarif, junit, github or gitlab
  -o, --output FILE         write the report to FILE (atomically) instead of stdout
      --fail-on LEVEL       error (default), warning or never
      --max-warnings N      also fail when there are more than N warnings
      --rule ID=SEVERITY    set a rule's severity (off, warn, error); repeatable
      --kind KIND           force the kind of explicit files (dockerfile, github-workflow,
                            gitlab-ci, compose, shell)
      --stdin               lint text from standard input
      --stdin-filename NAME the name (and so the kind) of the standard input text
      --fix                 apply the fixes rules offer, in place
      --baseline FILE       the baseline to apply (or, with "baseline", to write);
                            default .pushgate-baseline.json beside the policy
      --concurrency N       worker threads for lint and baseline: auto (default: from 5,000
                            files on, half the cores, at least one), off (this thread only)
                            or a number of threads
      --force               hook install: replace a hook that cannot be chained (kept as a backup)
  -q, --quiet               report errors only
      --color               colours even when NO_COLOR is set or output is not a terminal
      --no-color            no colours (also when NO_COLOR is set)
      --debug               show stack traces of internal errors
      --engine NAME         push: docker (default) or podman
      --platform OS/ARCH    image: judge one platform of a multi-platform index or archive
      --insecure            image, push: allow plain HTTP and unverified TLS to any registry
  -h, --help                show this help
  -v, --version             show the version

Exit codes: 0 pass · 1 policy failed · 2 usage, config or internal error.
Escape hatch for the pre-push hook: git push --no-verify.
`;
