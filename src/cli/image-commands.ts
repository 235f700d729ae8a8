// `pushgate image SOURCE...` and `pushgate push IMAGE` (SPEC §4). Both lint kind
// `image` under the policy like `lint` (same formats, thresholds, baseline and exit
// codes). `push` runs `ENGINE push IMAGE` only after the policy passed; an image or
// registry that cannot be read is exit 2 and nothing is pushed (the gate fails closed).
// Loaded lazily by run.ts: nothing here costs `lint` any start-up time.

import { resolve } from 'node:path';
import type { CliIo } from './run.js';
import { UsageError, type CliOptions } from './args.js';
import { loadPolicy, type LoadedPolicy } from '../config/load.js';
import { lintTargets } from '../engine/lint.js';
import { buildReport } from '../engine/verdict.js';
import { applyBaseline, readBaseline } from '../engine/baseline.js';
import { baselinePath } from '../lint.js';
import { getFormatter } from '../formatters/index.js';
import { writeFileAtomic } from '../io/atomic.js';
import { VERSION } from '../version.js';
import type { LintReport } from '../models/finding.js';
import { parseImageReference } from '../analysis/image-ref.js';
import { parsePlatform } from '../analysis/platform.js';
import { SourceError, DEFAULT_LIMITS, type ImageLimits } from '../image/errors.js';
import { encodeFacts, type ImageTarget } from '../image/facts.js';
import { loadImageTargets } from '../image/sources.js';
import { ENGINES, factsFromInspect, inspectImage, localDigests, pushImage, type Engine } from '../image/engine.js';
import { RegistryClient } from '../image/registry.js';
import { dockerConfigPath, lookupCredential } from '../image/credentials.js';
import { RELEASE_TAG } from '../../rules/no-overwrite-release-tag/index.js';
import type { RegistryTagState } from '../models/nodes.js';

/** Options of these two commands on top of the common ones (args.ts parses them). */
export interface ImageCliOptions {
  /** `push`: the engine that inspects and pushes (default docker). */
  engine?: string;
  /** `image`: judge only this platform (`os/arch[/variant]`) of a multi-platform image. */
  platform?: string;
  /** Plain HTTP and unverified TLS to any registry (default: only loopback registries over HTTP). */
  insecure?: boolean;
}

export type ImageCommandOptions = CliOptions & ImageCliOptions;

/** Seams for tests: shorter timeouts and smaller caps. */
export interface ImageCommandSeams {
  limits?: Partial<ImageLimits>;
}

const NO_OVERWRITE = 'no-overwrite-release-tag';

export async function imageCommand(options: ImageCommandOptions, io: CliIo, seams: ImageCommandSeams = {}): Promise<number> {
  commonChecks(options, 'image');
  if (options.positionals.length === 0) throw new UsageError('image needs at least one SOURCE (a file, a directory, docker://NAME, podman://NAME or registry://HOST/REPO:TAG).');
  if (options.engine !== undefined) throw new UsageError('--engine applies to push; image sources name their engine (docker://NAME, podman://NAME).');
  if (options.platform !== undefined && !parsePlatform(options.platform)) {
    throw new UsageError(`--platform: expected os/arch[/variant] such as linux/arm64, got "${options.platform}".`);
  }
  const policy = await policyFor(options, io);
  let targets: ImageTarget[];
  try {
    targets = await loadImageTargets(options.positionals, {
      cwd: io.cwd,
      env: io.env,
      ...(options.platform !== undefined ? { platform: options.platform } : {}),
      insecure: options.insecure ?? false,
      ...(seams.limits ? { limits: seams.limits } : {}),
    });
  } catch (error) {
    if (error instanceof SourceError) return sourceFailure(error, io);
    throw error;
  }
  const report = lint(targets, policy, options, io);
  writeReport(report, options, io);
  return report.verdict === 'fail' ? 1 : 0;
}

export async function pushCommand(options: ImageCommandOptions, io: CliIo, seams: ImageCommandSeams = {}): Promise<number> {
  commonChecks(options, 'push');
  const [image, ...extra] = options.positionals;
  if (image === undefined || extra.length > 0) throw new UsageError('push takes exactly one IMAGE, e.g. "pushgate push ghcr.io/acme/app:1.4.2".');
  if (options.platform !== undefined) throw new UsageError('--platform applies to image; push judges the local image as it is.');
  const engine = (options.engine ?? 'docker') as Engine;
  if (!ENGINES.includes(engine)) throw new UsageError(`--engine: unknown engine "${options.engine}"; expected docker or podman.`);
  const limits = { ...DEFAULT_LIMITS, ...seams.limits };
  const policy = await policyFor(options, io);

  let target: ImageTarget;
  try {
    const entry = await inspectImage(engine, image, image, { env: io.env, timeoutMs: limits.engineTimeoutMs });
    const facts = factsFromInspect(entry, engine, null);
    // What is judged as published: the reference pushed, not every tag the local image has.
    facts.references = [];
    facts.push = image;
    const parsed = parseImageReference(image);
    if (parsed.ok && parsed.ref.tag !== null && RELEASE_TAG.test(parsed.ref.tag) && ruleActive(policy, options, NO_OVERWRITE)) {
      facts.pushTarget = await registryTag(image, parsed.ref.registry, parsed.ref.path, parsed.ref.tag, localDigests(entry), options, io, limits);
    }
    target = { path: image, text: encodeFacts(facts) };
  } catch (error) {
    if (error instanceof SourceError) return sourceFailure(error, io, `not pushing ${image}: `);
    throw error;
  }

  const report = lint([target], policy, options, io);
  writeReport(report, options, io);
  if (report.verdict === 'fail') {
    io.stderr.write(`pushgate: not pushing ${image}: the policy failed.\n`);
    return 1;
  }
  io.stderr.write(`pushgate: policy passed; running "${engine} push ${image}"\n`);
  let code: number | null;
  try {
    code = await pushImage(engine, image, io.env, io.stdout, io.stderr);
  } catch (error) {
    if (error instanceof SourceError) return sourceFailure(error, io);
    throw error;
  }
  if (code !== 0) {
    io.stderr.write(`pushgate: ${engine} push ${image} failed (${code === null ? 'killed' : `exit ${code}`}).\n`);
    return 2;
  }
  return 0;
}

/** What the registry holds under the tag about to be pushed. */
async function registryTag(
  reference: string,
  registry: string,
  path: string,
  tag: string,
  local: string[],
  options: ImageCommandOptions,
  io: CliIo,
  limits: ImageLimits,
): Promise<RegistryTagState> {
  const configPath = dockerConfigPath(io.env);
  const client = new RegistryClient(registry, path, {
    limits,
    insecure: options.insecure ?? false,
    credentials: (host) => lookupCredential(host, { configPath, env: io.env, timeoutMs: limits.timeoutMs }),
  });
  let manifest;
  try {
    manifest = await client.manifest(tag);
  } catch (error) {
    if (error instanceof SourceError) throw new SourceError(reference, `cannot check whether tag ${tag} already exists: ${error.reason}`);
    // Broken content from the registry: it cannot vouch that the tag is free.
    throw new SourceError(reference, `cannot check whether tag ${tag} already exists: ${(error as Error).message}`);
  }
  let remote: RegistryTagState['remote'] = null;
  if (manifest) {
    let configDigest: string | null = null;
    try {
      const document = JSON.parse(manifest.body.toString('utf8')) as { config?: { digest?: unknown } };
      if (typeof document.config?.digest === 'string') configDigest = document.config.digest;
    } catch {
      configDigest = null;
    }
    remote = { digest: manifest.digest, configDigest };
  }
  return { reference, repository: `${registry}/${path}`, tag, localDigests: local, remote };
}

function commonChecks(options: ImageCommandOptions, command: string): void {
  if (options.fix || options.stdin || options.kind !== undefined) {
    throw new UsageError(`${command} lints images; --fix, --stdin and --kind do not apply.`);
  }
}

function policyFor(options: ImageCommandOptions, io: CliIo): Promise<LoadedPolicy> {
  return loadPolicy({
    cwd: io.cwd,
    ...(options.config !== undefined ? { configFile: options.config } : {}),
    noConfig: options.noConfig,
  });
}

/** Whether a rule runs for images under the policy and `--rule` (overrides name files, not images). */
function ruleActive(policy: LoadedPolicy, options: ImageCommandOptions, id: string): boolean {
  const severity = options.rules[id] ?? policy.rules[id]?.severity ?? 'off';
  return severity !== 'off';
}

function lint(targets: ImageTarget[], policy: LoadedPolicy, options: ImageCommandOptions, io: CliIo): LintReport {
  const results = lintTargets(
    targets.map((t) => ({ path: t.path, kind: 'image' as const, text: t.text })),
    { cwd: io.cwd, policy, ruleSeverities: options.rules },
  );
  const baseline = readBaseline(baselinePath(policy));
  const baselined = baseline ? applyBaseline(results, baseline) : 0;
  return buildReport(results, { failOn: options.failOn ?? policy.failOn, maxWarnings: options.maxWarnings, fileCount: targets.length, baselined });
}

function writeReport(report: LintReport, options: ImageCommandOptions, io: CliIo): void {
  if (options.quiet) {
    for (const file of report.files) file.findings = file.findings.filter((f) => f.severity === 'error');
    report.warnings = 0;
  }
  const color = options.color ?? (options.output === undefined && Boolean(io.stdout.isTTY) && !io.env.NO_COLOR);
  const text = getFormatter(options.format)(report, { color, version: VERSION, cwd: io.cwd, env: io.env });
  if (options.output !== undefined) writeFileAtomic(resolve(io.cwd, options.output), text);
  else io.stdout.write(text);
}

function sourceFailure(error: SourceError, io: CliIo, prefix = ''): number {
  io.stderr.write(`pushgate: ${prefix}${error.message}\n`);
  return 2;
}
