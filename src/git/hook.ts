// `pushgate hook install|uninstall`: the pre-push hook script and where it goes.
//
// Where: git's hooks directory as git itself resolves it (`git rev-parse --git-path
// hooks`, which honours core.hooksPath, relative to the work tree top, and `~`).
// Husky v9 sets core.hooksPath to `.husky/_`, a generated, git-ignored directory of
// stubs that run the user's `.husky/<hook>` with `sh -e` (stdin and arguments passed
// on, node_modules/.bin on PATH); the hook then goes to `.husky/pre-push`, the file
// husky runs and the team commits, never into `_/`, which husky regenerates.
//
// Never clobber a foreign hook: an existing hook is chained — renamed to
// `pre-push.pushgate-chained` beside ours, and run first with the same arguments and
// the same stdin (read once, fed to both). Both always run; either failing blocks the
// push. When chaining is impossible (the hook is not a regular file or a link to one,
// or the chained name is taken) install refuses; `--force` then moves the hook aside
// to `pre-push.pushgate-backup` (kept, not run). `uninstall` removes only a hook
// carrying our marker and puts the chained one back.

import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { git, GitError, type Env } from './exec.js';

export const HOOK_MARKER = '# pushgate-hook';
export const CHAINED_SUFFIX = '.pushgate-chained';
export const BACKUP_SUFFIX = '.pushgate-backup';

export interface HookContext {
  cwd: string;
  env: Env;
}

export interface InstallOptions extends HookContext {
  force: boolean;
  /** The Node that runs this installation (recorded as a fallback). */
  node: string;
  /** This installation's bin/pushgate.cjs (recorded as a fallback), when known. */
  bin: string | null;
}

export interface HookResult {
  /** 0 done, 2 refused or impossible. */
  code: number;
  /** What happened, for the user (ends with a newline). */
  message: string;
}

export interface HookLocation {
  /** The work tree top. */
  top: string;
  /** The hook file to write. */
  file: string;
  /** How a chained hook runs: `exec` as git runs hooks (only when executable), `sh` as husky runs its files. */
  chain: 'exec' | 'sh';
  husky: boolean;
}

/** Where the hook goes; a HookResult (exit 2) outside a work tree. */
export async function locateHook(context: HookContext): Promise<HookLocation | HookResult> {
  let output: Buffer;
  try {
    output = await git(['rev-parse', '--show-toplevel', '--git-path', 'hooks'], context);
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    return { code: 2, message: `pushgate: the pre-push hook needs a git work tree: ${error.stderr.trim().split('\n').pop() ?? error.message}\n` };
  }
  const out = output.toString('utf8').split('\n');
  const top = resolve(context.cwd, out[0] ?? '.');
  const hooks = resolve(context.cwd, out[1] ?? '.git/hooks');
  const isHusky =
    basename(hooks) === '_' &&
    (existsSync(join(hooks, 'h')) || existsSync(join(hooks, 'husky.sh')) || basename(dirname(hooks)) === '.husky');
  if (isHusky) return { top, file: join(dirname(hooks), 'pre-push'), chain: 'sh', husky: true };
  return { top, file: join(hooks, 'pre-push'), chain: 'exec', husky: false };
}

export async function installHook(options: InstallOptions): Promise<HookResult> {
  const where = await locateHook(options);
  if ('code' in where) return where;
  const shown = (file: string): string => relative(options.cwd, file) || file;
  const script = hookScript({ node: options.node, bin: options.bin, chain: where.chain });
  const chained = where.file + CHAINED_SUFFIX;
  const existing = lstatOrNull(where.file);
  const notes: string[] = [];
  if (where.husky) notes.push(`husky: ${shown(where.file)} is the file husky runs; commit it so everyone gets the gate.`);

  if (existing && isOurs(where.file, existing)) {
    writeHook(where.file, script);
    return done(`pushgate: updated the pre-push hook ${shown(where.file)}.`, notes);
  }
  if (!existing) {
    writeHook(where.file, script);
    if (lstatOrNull(chained)) notes.push(`It runs the hook kept beside it first: ${shown(chained)}.`);
    return done(`pushgate: installed the pre-push hook ${shown(where.file)}.`, notes);
  }

  const manager = managerOf(where.file, existing);
  if (manager) notes.push(`The existing hook comes from ${manager}, which may rewrite it; see the README for adding pushgate to ${manager} instead.`);
  const problem = !chainable(where.file, existing)
    ? `${shown(where.file)} is ${describe(existing)}, which cannot be chained`
    : lstatOrNull(chained)
      ? `${shown(chained)} already exists, so the existing hook cannot be chained`
      : null;
  if (problem === null) {
    renameSync(where.file, chained);
    writeHook(where.file, script);
    notes.push(`The existing hook was kept as ${shown(chained)} and runs first, with the same arguments and input; either one failing blocks the push.`);
    return done(`pushgate: installed the pre-push hook ${shown(where.file)}.`, notes);
  }
  if (!options.force) {
    return {
      code: 2,
      message: `pushgate: not installing: ${problem}. Rerun with --force to move it aside (to ${shown(freeName(where.file + BACKUP_SUFFIX))}, not run), or add "pushgate pre-push \\"$@\\"" to it yourself.\n`,
    };
  }
  const backup = freeName(where.file + BACKUP_SUFFIX);
  renameSync(where.file, backup);
  writeHook(where.file, script);
  notes.push(`--force: the previous hook was moved to ${shown(backup)} and is no longer run.`);
  return done(`pushgate: installed the pre-push hook ${shown(where.file)}.`, notes);
}

export async function uninstallHook(context: HookContext): Promise<HookResult> {
  const where = await locateHook(context);
  if ('code' in where) return where;
  const shown = (file: string): string => relative(context.cwd, file) || file;
  const chained = where.file + CHAINED_SUFFIX;
  const existing = lstatOrNull(where.file);
  if (existing && !isOurs(where.file, existing)) {
    return { code: 2, message: `pushgate: ${shown(where.file)} was not installed by pushgate (no "${HOOK_MARKER}" marker); leaving it alone.\n` };
  }
  if (existing) rmSync(where.file);
  if (lstatOrNull(chained)) {
    renameSync(chained, where.file);
    return done(`pushgate: removed the pre-push hook; the previous hook is back in place as ${shown(where.file)}.`, []);
  }
  return done(existing ? `pushgate: removed the pre-push hook ${shown(where.file)}.` : 'pushgate: no pushgate pre-push hook is installed.', []);
}

function done(first: string, notes: readonly string[]): HookResult {
  return { code: 0, message: [first, ...notes].map((line) => `${line}\n`).join('') };
}

function lstatOrNull(file: string): Stats | null {
  try {
    return lstatSync(file);
  } catch {
    return null;
  }
}

/** A regular file (not a link) with our marker. */
function isOurs(file: string, stats: Stats): boolean {
  if (!stats.isFile()) return false;
  try {
    return readFileSync(file, 'utf8').includes(HOOK_MARKER);
  } catch {
    return false;
  }
}

/** A regular file, or a symbolic link to one (the link is renamed; relative targets stay valid in the same directory). */
function chainable(file: string, stats: Stats): boolean {
  if (stats.isFile()) return true;
  if (!stats.isSymbolicLink()) return false;
  try {
    return statSync(file).isFile();
  } catch {
    return false; // a dangling link
  }
}

function describe(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isSymbolicLink()) return 'a symbolic link that does not lead to a file';
  return 'not a regular file';
}

/** Hook managers whose own install rewrites the hook file. */
function managerOf(file: string, stats: Stats): string | null {
  if (!chainable(file, stats)) return null;
  let text: string;
  try {
    text = readFileSync(file, 'utf8').slice(0, 4096);
  } catch {
    return null;
  }
  if (/lefthook/i.test(text)) return 'lefthook';
  if (/simple-git-hooks/i.test(text)) return 'simple-git-hooks';
  if (/pre-commit\.com|pre_commit/i.test(text)) return 'pre-commit';
  return null;
}

function freeName(base: string): string {
  if (!lstatOrNull(base)) return base;
  for (let n = 1; ; n++) if (!lstatOrNull(`${base}.${n}`)) return `${base}.${n}`;
}

function writeHook(file: string, script: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = join(dirname(file), `.${basename(file)}.pushgate-tmp`);
  writeFileSync(temporary, script, { mode: 0o755 });
  chmodSync(temporary, 0o755); // the umask may have taken bits away
  renameSync(temporary, file);
}

/** Single-quoted for sh; Windows paths with '/' (Git for Windows' sh reads both). */
function shellQuote(text: string): string {
  return `'${text.split('\\').join('/').replace(/'/g, `'\\''`)}'`;
}

/**
 * The hook: POSIX sh, safe under `sh -e` (husky runs it that way). It runs the
 * chained hook (if any) and then pushgate, both with the hook's arguments and the
 * same stdin, and exits non-zero when either fails. pushgate is looked for in the
 * repository's node_modules/.bin, then on PATH, then at the installation recorded
 * here; none found means exit 1 with what to do (the gate fails closed).
 */
export function hookScript(options: { node: string; bin: string | null; chain: 'exec' | 'sh' }): string {
  return `#!/bin/sh
${HOOK_MARKER}: the pre-push gate, installed by "pushgate hook install".
# "pushgate hook uninstall" removes it (and puts back a hook it chained).
# It lints what each push publishes and blocks the push when the policy fails.
# Bypass once with: git push --no-verify
pushgate_node=${shellQuote(options.node)}
pushgate_bin=${shellQuote(options.bin ?? '')}

# Without node on PATH (some GUI clients), use the Node pushgate was installed with.
if ! command -v node >/dev/null 2>&1 && [ -x "$pushgate_node" ]; then
  PATH="$(dirname "$pushgate_node"):$PATH"
  export PATH
fi

chained="$0${CHAINED_SUFFIX}"
chained_status=0
if [ -f "$chained" ]; then
  # One read of git's ref lines, fed to both hooks byte for byte.
  input=$(cat; echo .)
  input=\${input%.}
${options.chain === 'sh'
    ? `  printf '%s' "$input" | sh -e "$chained" "$@" || chained_status=$?`
    : `  if [ -x "$chained" ]; then
    printf '%s' "$input" | "$chained" "$@" || chained_status=$?
  fi`}
  if [ "$chained_status" -ne 0 ]; then
    echo "pushgate: the chained pre-push hook $chained failed (exit $chained_status)." >&2
  fi
fi

if [ -x ./node_modules/.bin/pushgate ]; then
  set -- ./node_modules/.bin/pushgate pre-push "$@"
elif command -v pushgate >/dev/null 2>&1; then
  set -- pushgate pre-push "$@"
elif [ -n "$pushgate_bin" ] && [ -f "$pushgate_bin" ] && [ -x "$pushgate_node" ]; then
  set -- "$pushgate_node" "$pushgate_bin" pre-push "$@"
elif [ -n "$pushgate_bin" ] && [ -f "$pushgate_bin" ] && command -v node >/dev/null 2>&1; then
  set -- node "$pushgate_bin" pre-push "$@"
else
  echo "pushgate: the pre-push hook cannot find pushgate (not in ./node_modules/.bin, not on PATH, not at $pushgate_bin)." >&2
  echo "pushgate: install it (npm install --save-dev pushgate), or remove the hook: npx pushgate hook uninstall (or delete $0)." >&2
  echo "pushgate: the push is blocked. Bypass once with: git push --no-verify" >&2
  exit 1
fi

status=0
if [ -f "$chained" ]; then
  printf '%s' "$input" | "$@" || status=$?
else
  "$@" || status=$?
fi
if [ "$chained_status" -ne 0 ]; then exit "$chained_status"; fi
exit "$status"
`;
}
