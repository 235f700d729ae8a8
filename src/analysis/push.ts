// What a shell command does to images: which it publishes (push nodes), which it
// builds or tags (build-tag references), which it runs or pulls (run-image
// references), and the Dockerfile build it runs (for cross-artifact facts).
// Shared by every kind with scripts (CI pipelines today; shell files can use it too).

import type { CommandNode, ImageRefNode, ImageRefRole, LabelNode, PushNode, Range, Word } from '../models/nodes.js';
import { imageRefNode, type Lookup } from './image-ref-node.js';
import { substitute } from './variables.js';

export type BuildSettings = NonNullable<PushNode['build']>;

/** A Dockerfile build a command runs (`docker build`, `buildx build`, `podman build`, `buildah bud`, kaniko). */
export interface CommandBuild {
  tool: string;
  /** `-f`/`--file` (kaniko `--dockerfile`) as written, or null for the default `<context>/Dockerfile`. */
  file: Word | null;
  /** Context argument (kaniko `--context`) as written; null when none is given. */
  context: Word | null;
  /** `--build-arg K=V` and `--build-arg K` (value from the environment), in order. */
  buildArgs: Array<{ name: string; value: string | null; dynamic: boolean }>;
  /** `--label K=V`, values as written. */
  labels: Record<string, string>;
}

export interface CommandFacts {
  /** Every image reference the command names, in argument order (push targets included). */
  refs: ImageRefNode[];
  /** The push, when the command publishes. */
  push: PushNode | null;
  /** The build, when the command builds a Dockerfile. */
  build: CommandBuild | null;
  /** `--label K=V` as label nodes. */
  labels: LabelNode[];
}

const NOTHING: CommandFacts = Object.freeze({ refs: [], push: null, build: null, labels: [] }) as CommandFacts;

/** Programs (basenames) this module understands: a cheap pre-check before looking closer. */
export const IMAGE_PROGRAMS: ReadonlySet<string> = new Set([
  'docker', 'podman', 'nerdctl', 'buildah', 'skopeo', 'executor', 'kaniko', 'crane', 'docker-compose',
]);

interface ArgSpec {
  /** Long and short flags that take a value (`--tag X`, `-t X`, `--tag=X`). */
  withValue: ReadonlySet<string>;
}

interface Flag {
  name: string;
  /** The value word (for `--x=v` a word covering `v`), or null for a boolean flag. */
  value: Word | null;
  word: Word;
}

interface Args {
  flags: Flag[];
  positionals: Word[];
}

const spec = (...flags: string[]): ArgSpec => ({ withValue: new Set(flags) });

const BUILD_FLAGS = spec(
  '-t', '--tag', '-f', '--file', '--build-arg', '--label', '--platform', '--target', '--cache-from', '--cache-to',
  '-o', '--output', '--secret', '--ssh', '--progress', '--network', '--iidfile', '--metadata-file', '--provenance',
  '--sbom', '--attest', '--builder', '--build-context', '--add-host', '--shm-size', '--ulimit', '--cgroup-parent',
  '-m', '--memory', '--memory-swap', '--cpu-shares', '-c', '--cpu-period', '--cpu-quota', '--cpuset-cpus',
  '--cpuset-mems', '--isolation', '--allow', '--annotation', '--call', '--security-opt', '--label-file',
  '--authfile', '--cert-dir', '--creds', '--format', '--layers', '--manifest', '--os', '--arch', '--variant',
  '--runtime', '--sign-by', '--jobs', '--timestamp', '--volume', '-v', '--env', '--from', '--pull-policy',
  '--retry', '--retry-delay', '--unsetenv', '--unsetlabel', '--decryption-key', '--hooks-dir', '--userns',
  '--ignorefile', '--cache-ttl', '--squash-all', '--secret-env', '--build-arg-file', '--dns', '--dns-option',
  '--dns-search', '--http-proxy', '--device', '--identity-label', '--isolation', '--logfile', '--rusage-logfile',
  '--ipc', '--pid', '--uts', '--cap-add', '--cap-drop',
);
const BAKE_FLAGS = spec('-f', '--file', '--set', '--builder', '--progress', '--metadata-file', '--provenance', '--sbom', '--allow', '--call', '--list');
const IMAGETOOLS_FLAGS = spec('-t', '--tag', '-f', '--file', '--annotation', '--builder', '--progress', '--prefer-index');
const PUSH_FLAGS = spec(
  '--platform', '--authfile', '--cert-dir', '--creds', '--digestfile', '-f', '--format', '--sign-by',
  '--sign-passphrase-file', '--signature-policy', '--compression-format', '--compression-level', '--encryption-key',
  '--retry', '--retry-delay', '--sign-by-sigstore', '--sign-by-sigstore-private-key', '--sign-identity', '--encrypt-layer',
);
const TAG_FLAGS = spec();
const RUN_FLAGS = spec(
  '-a', '--attach', '--add-host', '--annotation', '--blkio-weight', '--blkio-weight-device', '--cap-add', '--cap-drop',
  '--cgroup-parent', '--cgroupns', '--cidfile', '--cpu-period', '--cpu-quota', '--cpu-rt-period', '--cpu-rt-runtime',
  '-c', '--cpu-shares', '--cpus', '--cpuset-cpus', '--cpuset-mems', '--device', '--device-cgroup-rule',
  '--device-read-bps', '--device-read-iops', '--device-write-bps', '--device-write-iops', '--dns', '--dns-option',
  '--dns-search', '--domainname', '--entrypoint', '-e', '--env', '--env-file', '--expose', '--gpus', '--group-add',
  '--health-cmd', '--health-interval', '--health-retries', '--health-start-period', '--health-start-interval',
  '--health-timeout', '-h', '--hostname', '--ip', '--ip6', '--ipc', '--isolation', '--kernel-memory', '-l', '--label',
  '--label-file', '--link', '--link-local-ip', '--log-driver', '--log-opt', '--mac-address', '-m', '--memory',
  '--memory-reservation', '--memory-swap', '--memory-swappiness', '--mount', '--name', '--network', '--net',
  '--network-alias', '--oom-score-adj', '--pid', '--pids-limit', '--platform', '-p', '--publish', '--pull',
  '--restart', '--runtime', '--security-opt', '--shm-size', '--stop-signal', '--stop-timeout', '--storage-opt',
  '--sysctl', '--tmpfs', '--ulimit', '-u', '--user', '--userns', '--uts', '-v', '--volume', '--volume-driver',
  '--volumes-from', '-w', '--workdir', '--detach-keys', '--arch', '--os', '--variant', '--authfile', '--pod',
  '--secret', '--creds', '--cert-dir', '--decryption-key', '--hooks-dir', '--init-path', '--preserve-fds',
  '--requires', '--sdnotify', '--seccomp-policy', '--timeout', '--tz', '--uidmap', '--gidmap', '--subuidname',
  '--subgidname', '--umask', '--chrootdirs', '--personality', '--pidfile', '--rdt-class', '--retry', '--retry-delay',
  '--group-entry', '--passwd-entry', '--cgroup-conf', '--cgroups', '--conmon-pidfile', '--env-merge', '--image-volume',
  '--log-opt', '--pod-id-file', '--restart', '--label-file', '--network-alias', '--mount', '--shm-size-systemd',
);
const PULL_FLAGS = spec('--platform', '--authfile', '--cert-dir', '--creds', '--arch', '--os', '--variant', '--decryption-key', '--retry', '--retry-delay', '--policy');
const SKOPEO_COPY_FLAGS = spec(
  '--authfile', '--src-authfile', '--dest-authfile', '--src-creds', '--dest-creds', '--screds', '--dcreds',
  '-f', '--format', '--sign-by', '--sign-by-sigstore', '--sign-by-sigstore-private-key', '--sign-passphrase-file',
  '--sign-identity', '--additional-tag', '--src-cert-dir', '--dest-cert-dir', '--retry-times', '--retry-delay',
  '--multi-arch', '--digestfile', '--src-registry-token', '--dest-registry-token', '--override-os',
  '--override-arch', '--override-variant', '--src-shared-blob-dir', '--dest-shared-blob-dir', '--dest-compress-format',
  '--dest-compress-level', '--encryption-key', '--decryption-key', '--image-parallel-copies', '--encrypt-layer',
  '--policy', '--registries.d', '--tmpdir', '--command-timeout', '--override-os', '--user-agent',
);
const KANIKO_FLAGS = spec(
  '-d', '--destination', '-c', '--context', '-f', '--dockerfile', '--build-arg', '--label', '--target',
  '--cache-repo', '--cache-dir', '--cache-ttl', '--tar-path', '--digest-file', '--image-name-with-digest-file',
  '--image-name-tag-with-digest-file', '--oci-layout-path', '--registry-mirror', '--registry-map',
  '--registry-certificate', '--registry-client-cert', '--insecure-registry', '--skip-tls-verify-registry',
  '--custom-platform', '--snapshot-mode', '--verbosity', '-v', '--log-format', '--log-timestamp', '--kaniko-dir',
  '--ignore-path', '--git', '--image-fs-extract-retry', '--push-retry', '--compressed-caching', '--compression',
  '--compression-level', '--context-sub-path', '--build-arg-file',
);
const CRANE_FLAGS = spec('--platform', '-p', '--index', '--format', '-t', '--tag', '--annotation', '--image-refs', '--jobs', '-j');
/** Docker / Podman global options before the subcommand. */
const GLOBAL_FLAGS = spec(
  '--config', '-c', '--context', '-H', '--host', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey',
  '--url', '--connection', '--root', '--runroot', '--storage-driver', '--storage-opt', '--cgroup-manager',
  '--events-backend', '--identity', '--network-cmd-path', '--network-config-dir', '--module', '--tmpdir',
  '--namespace', '-n', '--address', '-a', '--cni-path', '--cni-netconfpath', '--data-root', '--snapshotter',
  '--registry-config', '--host-gateway-ip', '--userns-uid-map', '--userns-gid-map', '--registries-conf',
  '--registries-conf-dir', '--short-name-alias-conf', '--default-mounts-file', '--signature-policy',
);

/** Splits argv into flags and positionals per spec; `--` ends the flags. */
function parseArgs(words: readonly Word[], argSpec: ArgSpec): Args {
  const flags: Flag[] = [];
  const positionals: Word[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as Word;
    const text = word.value;
    if (text === '--') {
      positionals.push(...words.slice(i + 1));
      break;
    }
    if (text.startsWith('--') && text.length > 2) {
      const eq = text.indexOf('=');
      if (eq !== -1) {
        flags.push({ name: text.slice(0, eq), value: subWord(word, eq + 1), word });
      } else if (argSpec.withValue.has(text)) {
        const value = words[i + 1] ?? null;
        flags.push({ name: text, value, word });
        i++;
      } else {
        flags.push({ name: text, value: null, word });
      }
    } else if (text.startsWith('-') && text.length > 1 && !word.dynamic) {
      // A cluster of short flags (`-it`, `-dp 80:80`, `-tname`): the first letter that takes a value ends it.
      let consumedNext = false;
      for (let c = 1; c < text.length; c++) {
        const name = `-${text[c]}`;
        if (!argSpec.withValue.has(name)) {
          flags.push({ name, value: null, word });
          continue;
        }
        if (c + 1 < text.length) {
          const rest = text[c + 1] === '=' ? c + 2 : c + 1;
          flags.push({ name, value: subWord(word, rest), word });
        } else {
          flags.push({ name, value: words[i + 1] ?? null, word });
          consumedNext = true;
        }
        break;
      }
      if (consumedNext) i++;
    } else {
      positionals.push(word);
    }
  }
  return { flags, positionals };
}

/** The part of a word's value from `start` to `end`, with a range that skips a leading quote. */
export function subWord(word: Word, start: number, end = word.value.length): Word {
  const value = word.value.slice(start, end);
  const { range } = word;
  const dynamic = word.dynamic && value.includes('$');
  if (range.line !== range.endLine) return { value, dynamic, range };
  const width = range.endColumn - range.column;
  // `"--tag=x"`: the whole word is quoted, so values start one column later.
  const shift = width === word.value.length + 2 ? 1 : 0;
  const column = Math.min(range.column + shift + start, range.endColumn);
  const endColumn = width === word.value.length || shift === 1
    ? Math.min(range.column + shift + end, range.endColumn)
    : range.endColumn;
  return { value, dynamic, range: { ...range, column, endColumn: Math.max(column, endColumn) } };
}

const flagValues = (args: Args, ...names: string[]): Word[] =>
  args.flags.filter((f) => names.includes(f.name) && f.value !== null).map((f) => f.value as Word);
const hasFlag = (args: Args, ...names: string[]): boolean => args.flags.some((f) => names.includes(f.name));
const lastFlag = (args: Args, ...names: string[]): Flag | undefined => {
  const found = args.flags.filter((f) => names.includes(f.name));
  return found[found.length - 1];
};

function basename(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? path : path.slice(slash + 1);
}

/** Skips docker/podman global options; returns the index of the subcommand. */
function skipGlobals(argv: readonly Word[], from: number): number {
  let i = from;
  while (i < argv.length) {
    const text = argv[i]?.value ?? '';
    if (!text.startsWith('-') || text === '-') break;
    i += !text.includes('=') && GLOBAL_FLAGS.withValue.has(text) ? 2 : 1;
  }
  return i;
}

/**
 * Reads one command. `lookup` resolves variables in image references (the step's
 * or job's environment); unresolved ones are kept as written and flagged.
 */
export function analyseCommand(command: CommandNode, lookup: Lookup): CommandFacts {
  const argv = command.argv;
  const program = basename(argv[0]?.value ?? '');
  if (!IMAGE_PROGRAMS.has(program)) return NOTHING;
  const facts: CommandFacts = { refs: [], push: null, build: null, labels: [] };
  const ref = (word: Word, role: ImageRefRole): ImageRefNode => {
    const node = imageRefNode(word.value, role, word.range, command.context, lookup);
    facts.refs.push(node);
    return node;
  };
  const push = (tool: string, targets: ImageRefNode[], build?: BuildSettings): void => {
    facts.push = { type: 'push', tool, targets, range: command.range, context: command.context, ...(build ? { build } : {}) };
  };

  switch (program) {
    case 'docker':
    case 'podman':
    case 'nerdctl': {
      const at = skipGlobals(argv, 1);
      let sub = argv[at]?.value ?? '';
      let rest = argv.slice(at + 1);
      // `docker image push`, `docker container run`, `docker buildx build`, `docker builder build`.
      if ((sub === 'image' || sub === 'container' || sub === 'builder') && rest.length > 0) {
        sub = rest[0]?.value ?? '';
        rest = rest.slice(1);
      }
      if (sub === 'buildx') {
        const action = rest[0]?.value ?? '';
        const tail = rest.slice(1);
        if (action === 'build' || action === 'b') dockerBuild(`${program} buildx build`, tail, facts, ref, push);
        else if (action === 'bake') dockerBake(`${program} buildx bake`, tail, ref, push);
        else if (action === 'imagetools' && tail[0]?.value === 'create') {
          const args = parseArgs(tail.slice(1), IMAGETOOLS_FLAGS);
          if (!hasFlag(args, '--dry-run')) push(`${program} buildx imagetools create`, flagValues(args, '-t', '--tag').map((w) => ref(w, 'push')));
        }
        break;
      }
      if (sub === 'compose' && rest[0]?.value === 'push') {
        push(`${program} compose push`, []);
        break;
      }
      switch (sub) {
        case 'build':
          dockerBuild(`${program} build`, rest, facts, ref, push);
          break;
        case 'push': {
          const args = parseArgs(rest, PUSH_FLAGS);
          const [source, destination] = args.positionals;
          if (!source || hasFlag(args, '-a', '--all-tags')) {
            if (source) push(`${program} push`, []);
            break;
          }
          // podman push SOURCE [DESTINATION]: the destination (with a transport) is what is published.
          const target = program === 'podman' && destination ? registryDestination(destination) : source;
          if (target) push(`${program} push`, [ref(target, 'push')]);
          break;
        }
        case 'tag': {
          const args = parseArgs(rest, TAG_FLAGS);
          for (const word of args.positionals.slice(1)) ref(word, 'build-tag');
          break;
        }
        case 'manifest':
          if (rest[0]?.value === 'push') {
            const args = parseArgs(rest.slice(1), PUSH_FLAGS);
            const [list, destination] = args.positionals;
            const target = destination ? registryDestination(destination) : list;
            if (target) push(`${program} manifest push`, [ref(target, 'push')]);
          }
          break;
        case 'run':
        case 'create':
        case 'pull': {
          const args = parseArgs(rest, sub === 'pull' ? PULL_FLAGS : RUN_FLAGS);
          const image = args.positionals[0];
          if (image) ref(image, 'run-image');
          break;
        }
        default:
          break;
      }
      break;
    }
    case 'docker-compose':
      if (argv.slice(1).some((w) => w.value === 'push')) push('docker-compose push', []);
      break;
    case 'buildah': {
      const at = skipGlobals(argv, 1);
      const sub = argv[at]?.value ?? '';
      const rest = argv.slice(at + 1);
      if (sub === 'bud' || sub === 'build' || sub === 'build-using-dockerfile') dockerBuild('buildah build', rest, facts, ref, push);
      else if (sub === 'push') {
        const args = parseArgs(rest, PUSH_FLAGS);
        const [source, destination] = args.positionals;
        const target = destination ? registryDestination(destination) : source;
        if (target) push('buildah push', [ref(target, 'push')]);
      } else if (sub === 'tag') {
        for (const word of parseArgs(rest, TAG_FLAGS).positionals.slice(1)) ref(word, 'build-tag');
      } else if (sub === 'from' || sub === 'pull') {
        const image = parseArgs(rest, RUN_FLAGS).positionals[0];
        if (image && image.value !== 'scratch') ref(image, 'run-image');
      }
      break;
    }
    case 'skopeo': {
      const at = skipGlobals(argv, 1);
      if (argv[at]?.value !== 'copy') break;
      const args = parseArgs(argv.slice(at + 1), SKOPEO_COPY_FLAGS);
      const destination = args.positionals[1];
      const target = destination ? registryDestination(destination, true) : null;
      if (target) push('skopeo copy', [ref(target, 'push')]);
      break;
    }
    case 'executor':
    case 'kaniko': {
      const args = parseArgs(argv.slice(1), KANIKO_FLAGS);
      const noPush = hasFlag(args, '--no-push');
      const targets = flagValues(args, '-d', '--destination').map((w) => ref(w, noPush ? 'build-tag' : 'push'));
      const file = flagValues(args, '-f', '--dockerfile').pop() ?? null;
      const context = flagValues(args, '-c', '--context').pop() ?? null;
      facts.build = buildFacts('kaniko', args, file, context, facts);
      if (!noPush && targets.length > 0) push('kaniko', targets);
      break;
    }
    case 'crane': {
      const sub = argv[1]?.value ?? '';
      const args = parseArgs(argv.slice(2), CRANE_FLAGS);
      if (sub === 'push' && args.positionals[1]) push('crane push', [ref(args.positionals[1], 'push')]);
      else if ((sub === 'copy' || sub === 'cp') && args.positionals[1]) push('crane copy', [ref(args.positionals[1], 'push')]);
      break;
    }
    default:
      break;
  }
  for (const label of facts.labels) label.context = command.context;
  return facts;
}

/**
 * A destination with an optional transport (`docker://x`, `x`): the registry reference,
 * or null for other transports (`oci:`, `dir:`, `docker-archive:`…). With `transportRequired`
 * (skopeo) a bare name is not a registry destination.
 */
function registryDestination(word: Word, transportRequired = false): Word | null {
  const value = word.value;
  if (value.startsWith('docker://')) return subWord(word, 'docker://'.length);
  if (transportRequired) return null;
  if (/^[a-z-]+:(?!\d)/.test(value) && !value.includes('/') && !value.includes('.')) return null;
  if (/^(oci|oci-archive|dir|docker-archive|docker-daemon|containers-storage|sif|tarball):/.test(value)) return null;
  return word;
}

type RefMaker = (word: Word, role: ImageRefRole) => ImageRefNode;
type PushMaker = (tool: string, targets: ImageRefNode[], build?: BuildSettings) => void;

/** `docker build` / `buildx build` / `podman build` / `buildah bud`. */
function dockerBuild(tool: string, words: readonly Word[], facts: CommandFacts, ref: RefMaker, push: PushMaker): void {
  const args = parseArgs(words, BUILD_FLAGS);
  const outputs = flagValues(args, '-o', '--output').map((w) => outputSpec(w));
  const pushes = hasFlag(args, '--push') || outputs.some((o) => o.push);
  const role: ImageRefRole = pushes ? 'push' : 'build-tag';
  const targets = flagValues(args, '-t', '--tag').map((w) => ref(w, role));
  for (const output of outputs) for (const name of output.names) targets.push(ref(name, role));
  const file = flagValues(args, '-f', '--file').pop() ?? null;
  const context = args.positionals[args.positionals.length - 1] ?? null;
  facts.build = buildFacts(tool.replace(/^(docker|podman|nerdctl) buildx build$/, '$1 buildx build'), args, file, context, facts);
  if (pushes) push(tool, targets, buildSettings(args));
}

/** `docker buildx bake`: targets come from the bake file; `--set *.tags=` adds some. */
function dockerBake(tool: string, words: readonly Word[], ref: RefMaker, push: PushMaker): void {
  const args = parseArgs(words, BAKE_FLAGS);
  const sets = flagValues(args, '--set');
  const pushes = hasFlag(args, '--push') || sets.some((w) => /\.output=.*(type=registry|push=true)/.test(w.value));
  if (!pushes) return;
  const targets = sets
    .filter((w) => /^[^=]*\.tags=/.test(w.value))
    .map((w) => ref(subWord(w, w.value.indexOf('=') + 1), 'push'));
  const settings = buildSettings(args);
  for (const set of sets) {
    const match = /^[^=]*\.(platform|attest)=(.*)$/.exec(set.value);
    if (match?.[1] === 'platform') settings.platforms = [...(settings.platforms ?? []), ...splitList(match[2] ?? '')];
    else if (match?.[1] === 'attest') applyAttest(settings, match[2] ?? '', set.dynamic);
  }
  push(tool, targets, settings);
}

/** `--output`/`-o`: whether it pushes and the names it gives (`type=image,name=x,push=true`). */
function outputSpec(word: Word): { push: boolean; names: Word[] } {
  const fields = csvFields(word.value);
  const type = fields.get('type');
  const push = type === 'registry' || (type === 'image' && /^(true|1)$/.test(fields.get('push') ?? ''));
  const names: Word[] = [];
  const name = fields.get('name');
  if (push && name) {
    const at = Math.max(0, word.value.indexOf('name='));
    for (const part of name.split(',')) {
      const offset = word.value.indexOf(part, at);
      names.push(offset === -1 ? { ...word, value: part } : subWord(word, offset, offset + part.length));
    }
  }
  return { push, names };
}

/** `a=b,c=d` (quoted fields allowed, as buildx reads them). */
export function csvFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  const pattern = /([A-Za-z0-9_.-]+)=("([^"]*)"|[^,]*)/g;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) fields.set((m[1] ?? '').toLowerCase(), m[3] ?? m[2] ?? '');
  if (fields.size === 0 && text !== '' && !text.includes('=')) fields.set('dest', text);
  return fields;
}

function splitList(text: string): string[] {
  return text.split(/[,\n]/).map((s) => s.trim()).filter((s) => s !== '');
}

/** `--provenance`, `--sbom`, `--attest`, `--platform` of a BuildKit build. */
function buildSettings(args: Args): BuildSettings {
  const settings: BuildSettings = { provenance: 'default', sbom: 'default', platforms: null };
  const provenance = lastFlag(args, '--provenance');
  if (provenance) settings.provenance = attestationValue(provenance.value);
  const sbom = lastFlag(args, '--sbom');
  if (sbom) settings.sbom = attestationValue(sbom.value);
  for (const attest of flagValues(args, '--attest')) applyAttest(settings, attest.value, attest.dynamic);
  const platforms = flagValues(args, '--platform');
  if (platforms.length > 0) settings.platforms = platforms.flatMap((w) => splitList(w.value));
  return settings;
}

function applyAttest(settings: BuildSettings, value: string, dynamic: boolean): void {
  const fields = csvFields(value);
  const type = fields.get('type');
  const state = dynamic ? 'unknown' : /^(true|1)$/.test(fields.get('disabled') ?? '') ? 'off' : 'on';
  if (type === 'provenance') settings.provenance = state;
  else if (type === 'sbom') settings.sbom = state;
}

/** `true`/`false`/`mode=max`/`generator=…` → on/off; an expression → unknown. */
export function attestationValue(word: Word | string | null): BuildSettings['provenance'] {
  if (word === null) return 'on';
  const value = (typeof word === 'string' ? word : word.value).trim();
  const dynamic = typeof word === 'string' ? /\$/.test(value) : word.dynamic;
  if (dynamic || value.includes('${{')) return 'unknown';
  if (/^(false|0|disabled?|no|off)$/i.test(value) || /(^|,)disabled=true(,|$)/.test(value)) return 'off';
  if (value === '') return 'default';
  return 'on';
}

function buildFacts(tool: string, args: Args, file: Word | null, context: Word | null, facts: CommandFacts): CommandBuild {
  const build: CommandBuild = { tool, file, context, buildArgs: [], labels: {} };
  for (const word of flagValues(args, '--build-arg')) {
    const eq = word.value.indexOf('=');
    if (eq === -1) build.buildArgs.push({ name: word.value, value: null, dynamic: word.dynamic });
    else build.buildArgs.push({ name: word.value.slice(0, eq), value: word.value.slice(eq + 1), dynamic: word.dynamic });
  }
  for (const word of flagValues(args, '--label')) {
    const eq = word.value.indexOf('=');
    const key = eq === -1 ? word.value : word.value.slice(0, eq);
    const value = eq === -1 ? '' : word.value.slice(eq + 1);
    if (key === '') continue;
    build.labels[key] = value;
    const keyRange: Range = subWord(word, 0, key.length).range;
    const valueWord = eq === -1 ? subWord(word, 0) : subWord(word, eq + 1);
    facts.labels.push({
      type: 'label',
      key,
      keyRange,
      value,
      valueRange: valueWord.range,
      unresolved: /\$/.test(value) && substitute(value, () => undefined).unresolved,
      range: word.range,
      context: {},
    });
  }
  return build;
}
