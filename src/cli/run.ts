// The CLI as a function: argv in, exit code out. Only the bin touches `process`.
// The lint machinery (engine, rules, parsers, formatters) is imported by the commands
// that use it, not here: `pushgate pre-push` on a push with nothing relevant, the
// common case of a git hook, never loads it (SPEC §6).

import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HELP, parseCliArgs, UsageError, type CliOptions } from './args.js';
import { readRuleReadme } from '../formatters/rule-docs.js';
import { ConfigError } from '../config/errors.js';
import { BaselineError } from '../engine/baseline.js';
import { didYouMean } from '../config/did-you-mean.js';
import { VERSION } from '../version.js';
import type { OutputStream } from './output.js';

export interface CliIo {
  argv: readonly string[];
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: OutputStream;
  stderr: { write(text: string): unknown };
  readStdin(): Promise<string>;
}

export async function run(io: CliIo): Promise<number> {
  let options: CliOptions | undefined;
  try {
    options = parseCliArgs(io.argv);
    if (options.help) return print(io, HELP);
    if (options.version) return print(io, `${VERSION}\n`);
    switch (options.command) {
      case 'lint':
        return await lintCommand(options, io);
      case 'rules':
        return await rulesCommand(options, io);
      case 'init':
        return initCommand(io);
      case 'pre-push':
        return await prePushCommand(options, io);
      case 'hook':
        return await hookCommand(options, io);
      case 'baseline':
        return await baselineCommand(options, io);
      case 'image': {
        const { imageCommand } = await import('./image-commands.js');
        return await imageCommand(options, io);
      }
      case 'push': {
        const { pushCommand } = await import('./image-commands.js');
        return await pushCommand(options, io);
      }
    }
  } catch (error) {
    return await failure(error, io, options?.debug ?? false);
  }
}

function print(io: CliIo, text: string): number {
  io.stdout.write(text);
  return 0;
}

async function failure(error: unknown, io: CliIo, debug: boolean): Promise<number> {
  if (error instanceof UsageError) {
    io.stderr.write(`pushgate: ${error.message}\n`);
    return 2;
  }
  if (error instanceof ConfigError || error instanceof BaselineError) {
    io.stderr.write(`pushgate: ${error.message}\n`);
    return 2;
  }
  const { InternalError } = await import('../engine/lint.js');
  if (error instanceof InternalError) {
    io.stderr.write(`pushgate: ${error.message} (the gate fails closed; rerun with --debug for details)\n`);
    if (debug && error.cause instanceof Error && error.cause.stack) io.stderr.write(`${error.cause.stack}\n`);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`pushgate: internal error: ${message} (the gate fails closed; rerun with --debug for details)\n`);
    if (debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  }
  return 2;
}

async function lintCommand(options: CliOptions, io: CliIo): Promise<number> {
  const stdinText = options.stdin ? await io.readStdin() : undefined;
  if (options.stdin && options.positionals.length > 0) {
    throw new UsageError('--stdin cannot be combined with paths.');
  }
  const { lintPaths } = await import('../lint.js');
  const { getChunkedFormatter } = await import('../formatters/index.js');
  const { writeReportToFile, writeReportToStream } = await import('./output.js');
  const report = await lintPaths({
    cwd: io.cwd,
    paths: options.positionals,
    ...(options.config !== undefined ? { configFile: options.config } : {}),
    noConfig: options.noConfig,
    ...(options.failOn !== undefined ? { failOn: options.failOn } : {}),
    ...(options.maxWarnings !== undefined ? { maxWarnings: options.maxWarnings } : {}),
    ruleSeverities: options.rules,
    ...(options.kind !== undefined ? { kind: options.kind } : {}),
    ...(stdinText !== undefined ? { stdin: { text: stdinText, filename: options.stdinFilename ?? '<stdin>' } } : {}),
    fix: options.fix,
    ...(options.baseline !== undefined ? { baselineFile: options.baseline } : {}),
    concurrency: options.concurrency,
  });
  if (options.quiet) {
    for (const file of report.files) file.findings = file.findings.filter((f) => f.severity === 'error');
    report.warnings = 0; // the summary counts what is shown; the verdict above already counted the warnings
  }
  const color = options.color ?? (options.output === undefined && Boolean(io.stdout.isTTY) && !io.env.NO_COLOR);
  const chunks = getChunkedFormatter(options.format)(report, {
    color,
    version: VERSION,
    cwd: io.cwd,
    env: io.env,
    appendFile: (path, summary) => appendFileSync(path, summary),
  });
  if (options.output !== undefined) writeReportToFile(resolve(io.cwd, options.output), chunks);
  else await writeReportToStream(io.stdout, chunks);
  return report.verdict === 'fail' ? 1 : 0;
}

/** `pushgate baseline`: record today's findings so later runs report only new ones. */
async function baselineCommand(options: CliOptions, io: CliIo): Promise<number> {
  const { writeBaselineFor } = await import('../lint.js');
  const written = await writeBaselineFor({
    cwd: io.cwd,
    paths: options.positionals,
    ...(options.config !== undefined ? { configFile: options.config } : {}),
    noConfig: options.noConfig,
    ruleSeverities: options.rules,
    ...(options.baseline !== undefined ? { baselineFile: options.baseline } : {}),
    concurrency: options.concurrency,
  });
  const where = relative(io.cwd, written.path) || written.path;
  return print(io, `pushgate: wrote ${where} with ${written.count} finding${written.count === 1 ? '' : 's'}; later runs report only new ones.\n`);
}

async function rulesCommand(options: CliOptions, io: CliIo): Promise<number> {
  const { rules } = await import('../engine/registry.js');
  const id = options.positionals[0];
  if (id === undefined) {
    const width = Math.max(...rules.map((r) => r.meta.id.length));
    const lines = rules.map((r) => {
      const presets = `${short(r.meta.recommended)} ${short(r.meta.strict)}`;
      return `${r.meta.id.padEnd(width)}  ${presets}  ${r.meta.description}`;
    });
    return print(io, `${'rule'.padEnd(width)}  R S  (R = recommended, S = strict: E error, W warning, - off)\n${lines.join('\n')}\n`);
  }
  const rule = rules.find((r) => r.meta.id === id);
  if (!rule) {
    const suggestion = didYouMean(id, rules.map((r) => r.meta.id));
    throw new UsageError(`unknown rule "${id}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`);
  }
  const readme = readRuleReadme(id);
  return print(io, readme ?? `${rule.meta.id}\n\n${rule.meta.description}\n\n${rule.meta.rationale}\n`);
}

function short(severity: string): string {
  return severity === 'error' ? 'E' : severity === 'warning' ? 'W' : '-';
}

const STARTER_POLICY = `# pushgate policy — see https://unpkg.com/pushgate/README.md
$schema: https://unpkg.com/pushgate/schemas/policy.schema.json
extends: recommended        # or: strict
failOn: error               # error | warning | never
ignore: []                  # e.g. ["vendor/**", "test/fixtures/**"]
rules: {}
  # no-latest-tag: error
  # require-multi-stage: [warn, { minStages: 2 }]
  # trusted-base-registries: [error, { allow: ["docker.io/library/*", "ghcr.io/acme/**"] }]
`;

function initCommand(io: CliIo): number {
  const path = join(io.cwd, '.pushgaterc.yaml');
  if (existsSync(path)) throw new UsageError('.pushgaterc.yaml already exists; not overwriting it.');
  writeFileSync(path, STARTER_POLICY, { flag: 'wx' });
  return print(io, 'pushgate: wrote .pushgaterc.yaml\n');
}

// ---- git: pre-push gate and hook (src/git/, loaded only for these commands) ----------

async function prePushCommand(options: CliOptions, io: CliIo): Promise<number> {
  if (options.positionals.length > 2) throw new UsageError('pre-push takes at most REMOTE and URL (the arguments git passes to the hook).');
  if (options.fix || options.stdin || options.output !== undefined || options.kind !== undefined) {
    throw new UsageError('pre-push lints what git pushes; --fix, --stdin, --output and --kind do not apply.');
  }
  const env = io.env;
  // The pre-commit framework consumes git's stdin itself and passes the refs in variables.
  const preCommit = env.PRE_COMMIT === '1' || (env.PRE_COMMIT_FROM_REF && env.PRE_COMMIT_TO_REF)
    ? {
        active: env.PRE_COMMIT === '1',
        ...(env.PRE_COMMIT_FROM_REF ? { fromRef: env.PRE_COMMIT_FROM_REF } : {}),
        ...(env.PRE_COMMIT_TO_REF ? { toRef: env.PRE_COMMIT_TO_REF } : {}),
        ...(env.PRE_COMMIT_LOCAL_BRANCH ? { localBranch: env.PRE_COMMIT_LOCAL_BRANCH } : {}),
        ...(env.PRE_COMMIT_REMOTE_BRANCH ? { remoteBranch: env.PRE_COMMIT_REMOTE_BRANCH } : {}),
      }
    : undefined;
  const { prePush } = await import('../git/pre-push.js');
  return prePush({
    cwd: io.cwd,
    env,
    remote: options.positionals[0] ?? env.PRE_COMMIT_REMOTE_NAME ?? null,
    readInput: () => io.readStdin(),
    ...(preCommit ? { preCommit } : {}),
    ...(options.config !== undefined ? { configFile: options.config } : {}),
    noConfig: options.noConfig,
    ...(options.failOn !== undefined ? { failOn: options.failOn } : {}),
    ...(options.maxWarnings !== undefined ? { maxWarnings: options.maxWarnings } : {}),
    ruleSeverities: options.rules,
    quiet: options.quiet,
    format: options.format,
    color: options.color ?? (Boolean(io.stdout.isTTY) && !env.NO_COLOR),
    stdout: io.stdout,
    stderr: io.stderr,
  });
}

async function hookCommand(options: CliOptions, io: CliIo): Promise<number> {
  const [action, ...rest] = options.positionals;
  if ((action !== 'install' && action !== 'uninstall') || rest.length > 0) {
    throw new UsageError('expected "pushgate hook install" or "pushgate hook uninstall".');
  }
  const { installHook, uninstallHook } = await import('../git/hook.js');
  const context = { cwd: io.cwd, env: io.env };
  const result = action === 'install'
    // The hook falls back to this very installation: its launcher, run by this Node.
    ? await installHook({ ...context, force: options.force, node: process.execPath, bin: launcherPath() })
    : await uninstallHook(context);
  (result.code === 0 ? io.stdout : io.stderr).write(result.message);
  return result.code;
}

/** bin/pushgate.cjs of this installation (the bundle is dist/cli.cjs, the sources src/cli/run.ts). */
function launcherPath(): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, '..', 'bin', 'pushgate.cjs'), join(here, '..', '..', 'bin', 'pushgate.cjs')]) {
    if (existsSync(candidate)) return candidate;
  }
  return null;
}
