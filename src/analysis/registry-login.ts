// Recognises registry login commands and the ways they take a password on the
// command line. Shared by no-password-flag-login (and later CI lowering).

import type { CommandNode, Word } from '../models/nodes.js';

/** Engines whose `login` subcommand takes `-p/--password`. */
const ENGINES = new Set(['docker', 'podman', 'buildah', 'skopeo', 'nerdctl']);
/** Global options of those engines that take a value (`docker --config DIR login`). */
const GLOBAL_OPTIONS_WITH_VALUE = new Set([
  '--config', '-c', '--context', '-H', '--host', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey',
  '--connection', '--url', '--identity', '--root', '--runroot', '--storage-driver', '--namespace', '-n', '--address', '-a',
]);

export const LOGIN_PROGRAMS: readonly string[] = ['docker', 'podman', 'buildah', 'skopeo', 'nerdctl', 'helm', 'oras', 'crane', 'regctl'];

export interface LoginCommand {
  /** `docker login`, `helm registry login`, … as written. */
  name: string;
  /** Index in argv of the first argument after the subcommand. */
  argsStart: number;
  /** Password flags this tool accepts. */
  passwordFlags: { short: string | null; long: readonly string[] };
  /** The flag that reads the password from standard input instead. */
  stdinFlag: string;
}

export interface PasswordArgument {
  /** The word holding the flag. */
  flag: Word;
  /** The flag as written (`-p`, `--password`). */
  flagName: string;
  /** The word holding the value (the flag word itself for `-pX` / `--password=X`), or null when missing. */
  value: Word | null;
  /** Whether the value is inside the flag word. */
  attached: boolean;
}

/** The first non-option word after argv[0], skipping global options and their values. */
function subcommandIndex(argv: readonly Word[], from: number): number {
  let i = from;
  while (i < argv.length) {
    const word = argv[i]?.value ?? '';
    if (!word.startsWith('-')) return i;
    i += GLOBAL_OPTIONS_WITH_VALUE.has(word) ? 2 : 1;
  }
  return -1;
}

const at = (argv: readonly Word[], i: number): string => argv[i]?.value ?? '';

export function loginCommand(command: CommandNode): LoginCommand | null {
  const argv = command.argv;
  const program = basename(at(argv, 0));
  if (ENGINES.has(program)) {
    const sub = subcommandIndex(argv, 1);
    if (sub !== -1 && at(argv, sub) === 'login') {
      return { name: `${program} login`, argsStart: sub + 1, passwordFlags: { short: '-p', long: ['--password'] }, stdinFlag: '--password-stdin' };
    }
    return null;
  }
  const second = subcommandIndex(argv, 1);
  const third = second === -1 ? -1 : subcommandIndex(argv, second + 1);
  const pair = `${at(argv, second)} ${at(argv, third)}`;
  if (program === 'helm' && pair === 'registry login') {
    return { name: 'helm registry login', argsStart: third + 1, passwordFlags: { short: '-p', long: ['--password'] }, stdinFlag: '--password-stdin' };
  }
  if (program === 'oras' && at(argv, second) === 'login') {
    return { name: 'oras login', argsStart: second + 1, passwordFlags: { short: '-p', long: ['--password'] }, stdinFlag: '--password-stdin' };
  }
  if (program === 'crane' && pair === 'auth login') {
    return { name: 'crane auth login', argsStart: third + 1, passwordFlags: { short: '-p', long: ['--password'] }, stdinFlag: '--password-stdin' };
  }
  if (program === 'regctl' && pair === 'registry login') {
    return { name: 'regctl registry login', argsStart: third + 1, passwordFlags: { short: null, long: ['--pass'] }, stdinFlag: '--pass-stdin' };
  }
  return null;
}

/** Every password given on the command line of a login command. */
export function passwordArguments(command: CommandNode, login: LoginCommand): PasswordArgument[] {
  const found: PasswordArgument[] = [];
  const { short, long } = login.passwordFlags;
  const argv = command.argv;
  for (let i = login.argsStart; i < argv.length; i++) {
    const word = argv[i] as Word;
    const text = word.value;
    if (text === '--') break;
    const longFlag = long.find((flag) => text === flag || text.startsWith(`${flag}=`));
    if (longFlag) {
      const attached = text !== longFlag;
      found.push({ flag: word, flagName: longFlag, value: attached ? word : argv[i + 1] ?? null, attached });
      if (!attached) i++;
      continue;
    }
    if (short && text.startsWith(short) && !text.startsWith('--')) {
      const attached = text !== short;
      found.push({ flag: word, flagName: short, value: attached ? word : argv[i + 1] ?? null, attached });
      if (!attached) i++;
    }
  }
  return found;
}

/** Flags that take `user:password` for a registry (`skopeo copy --src-creds u:p`). */
const CREDS_FLAGS = ['--creds', '--src-creds', '--dest-creds', '--from-creds'] as const;

export interface CredsArgument {
  flag: Word;
  flagName: string;
  value: Word;
}

/** `--creds user:password` on any registry tool: a password in the arguments. */
export function credsArguments(command: CommandNode): CredsArgument[] {
  const program = basename(at(command.argv, 0));
  if (!LOGIN_PROGRAMS.includes(program)) return [];
  const found: CredsArgument[] = [];
  const argv = command.argv;
  for (let i = 1; i < argv.length; i++) {
    const word = argv[i] as Word;
    const flagName = CREDS_FLAGS.find((flag) => word.value === flag || word.value.startsWith(`${flag}=`));
    if (!flagName) continue;
    const attached = word.value !== flagName;
    const value = attached ? word : argv[i + 1];
    if (!value) continue;
    const credentials = attached ? word.value.slice(flagName.length + 1) : value.value;
    // `user:password` with a non-empty password; a lone `$CREDS` may hold only a token file path.
    const colon = credentials.indexOf(':');
    if (colon > 0 && colon < credentials.length - 1) found.push({ flag: word, flagName, value });
    if (!attached) i++;
  }
  return found;
}

function basename(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? path : path.slice(slash + 1);
}
