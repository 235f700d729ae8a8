// Normalised model nodes (SPEC §7). Every parser lowers its kind onto these;
// rules subscribe to node types and never see a parser's own AST.
// Positions are 1-based; `endColumn` is exclusive (one past the last character).

import type { ImageReference } from '../analysis/image-ref.js';

export type Kind = 'dockerfile' | 'github-workflow' | 'gitlab-ci' | 'compose' | 'shell' | 'image';

export interface Range {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Where a node comes from inside its file: the stage, job or step it belongs to. */
export interface NodeContext {
  /** Dockerfile stage index (0-based order of FROM lines). */
  stage?: number;
  job?: string;
  step?: number;
}

interface BaseNode {
  range: Range;
  context: NodeContext;
}

export type ImageRefRole =
  | 'base'
  | 'copy-from'
  | 'mount-from'
  | 'build-tag'
  | 'push'
  | 'job-image'
  | 'service'
  | 'compose-image'
  | 'image-tag'
  | 'run-image';

/** An image reference as written, and as resolved against the variables in scope. */
export interface ImageRefNode extends BaseNode {
  type: 'imageRef';
  role: ImageRefRole;
  /** Text as written in the file, e.g. `node:${NODE_VERSION}`. */
  raw: string;
  /** Text after variable substitution. Equals `raw` when nothing was substituted. */
  resolved: string;
  /** True when a variable in the reference could not be resolved. */
  unresolved: boolean;
  /** The parsed reference, or null when `resolved` does not follow the grammar (or is unresolved). */
  ref: ImageReference | null;
  /** The literal tag after the last variable, when the reference is partly unresolved (`$IMG:latest`). */
  literalTag?: string;
  /**
   * Added for CI pipelines: set on references modelled from docker/metadata-action outputs
   * (src/analysis/metadata-action.ts). `raw` is `<image>:<tag>` with the event-dependent part
   * as a placeholder (`ghcr.io/acme/app:{{version}}`, `…:sha-{{sha}}`, `…:{{branch}}`); such
   * references are `unresolved`. `latest`, `edge`, `schedule` (`nightly`) and raw literals are
   * literal and parsed, so `no-latest-tag` judges `…:latest` like any published reference.
   * Kinds: `latest` (flavor latest=auto/true, or `type=raw,value=latest`), `semver`
   * (type=semver/pep440), `match`, `tag` (type=ref,event=tag), `sha`, `branch` (type=ref,
   * event=branch), `pr`, `raw`, `schedule`, `edge`.
   */
  tagKind?: ImageTagKind;
}

/** What a tag modelled from docker/metadata-action stands for (see ImageRefNode.tagKind). */
export type ImageTagKind = 'latest' | 'semver' | 'match' | 'tag' | 'sha' | 'branch' | 'pr' | 'raw' | 'schedule' | 'edge';

/** A shell script: Dockerfile RUN, CI `run:`/`script:`, a shell file. Commands are derived lazily. */
export interface ScriptNode extends BaseNode {
  type: 'script';
  /** Source text handed to the shell parser; positions inside map back through `lineStarts`. */
  text: string;
  /** For each line of `text`, the file line and column where it starts (1-based). */
  lineStarts: Array<{ line: number; column: number }>;
  /** Dialect for the shell parser. */
  dialect: 'posix' | 'bash';
  /** Exec form (`RUN ["cmd", "arg"]`): the argv as given, not to be shell-parsed. */
  exec?: Word[];
  /**
   * Added for CI pipelines: the interpreter of a script that is not a POSIX shell (GitHub
   * `shell: pwsh|powershell|python|cmd|…`, or a Windows runner's default `pwsh`). Such a
   * script is kept (for secrets in its text) but never shell-parsed: it also carries an
   * empty `exec`, so `parseCommands` returns no commands for it.
   */
  interpreter?: string;
  /**
   * Added for CI pipelines: CI expressions (GitHub `${{ … }}`, GitLab `$[[ … ]]`) are not
   * shell syntax, so in `text` each is replaced by a shell variable of the same length
   * (`$_e0______`); positions are unchanged. This maps each placeholder back to the
   * expression as written. `pipelineCommands` (src/parsers/pipeline-script.ts) restores
   * them in word values; `parseCommands` alone leaves the placeholders.
   */
  expressions?: Array<{ placeholder: string; text: string }>;
}

export interface Word {
  /** Literal value with quotes removed; `null` parts (expansions) kept as their source text. */
  value: string;
  /** True when the word contains a parameter expansion or command substitution. */
  dynamic: boolean;
  range: Range;
}

/** A simple command from a script: argv with positions, env prefixes, wrappers (sudo, env) unwrapped. */
export interface CommandNode extends BaseNode {
  type: 'command';
  argv: Word[];
  /** The whole simple command as written: env prefixes and wrappers (`sudo`, `env`) included. */
  fullRange: Range;
  envPrefix: Array<{ name: string; value: Word | null }>;
  script: ScriptNode;
}

export type EnvSource = 'ENV' | 'ARG' | 'env' | 'variables' | 'environment' | 'Env' | 'with';

/** A named value: ENV/ARG, `env:`, `variables:`, compose `environment:`, image Env, action inputs. */
export interface EnvNode extends BaseNode {
  type: 'env';
  source: EnvSource;
  name: string;
  nameRange: Range;
  /** Literal value, or null when none is given (`ARG X`). */
  value: string | null;
  valueRange: Range | null;
}

export interface LabelNode extends BaseNode {
  type: 'label';
  key: string;
  keyRange: Range;
  /** Value after variable resolution. */
  value: string;
  valueRange: Range;
  /** True when the value holds a variable that could not be resolved. */
  unresolved: boolean;
}

/** An image push found in a pipeline or script. */
export interface PushNode extends BaseNode {
  type: 'push';
  /** `docker push`, `docker buildx build --push`, `docker/build-push-action`, `kaniko`, `buildah push`, … */
  tool: string;
  /** What is published; for an expression-only target (`${{ steps.meta.outputs.tags }}`) the modelled tags. */
  targets: ImageRefNode[];
  /** Condition under which it runs (`if:` or a `push:` expression), when any. */
  condition?: string;
  /** Build settings that travel with the push (build-push-action / buildx / bake), when known. */
  build?: {
    provenance: 'default' | 'on' | 'off' | 'unknown';
    sbom: 'default' | 'on' | 'off' | 'unknown';
    platforms: string[] | null;
  };
}

// ---- Pipeline nodes (github-workflow, gitlab-ci) ----------------------------------------

/** A positioned scalar as written in YAML. */
export interface Scalar {
  value: string;
  range: Range;
}

export interface PipelineStep {
  /** Order in the job (0-based); GitLab script lines of one job are one step per section. */
  index: number;
  name: string | null;
  id: string | null;
  /** `uses:` (GitHub), e.g. `docker/build-push-action@v6`. */
  uses: Scalar | null;
  /** `with:` inputs by name. */
  with: Record<string, Scalar>;
  /** The step's script (`run:`, GitLab `script`/`before_script`/`after_script` section). */
  script: ScriptNode | null;
  /**
   * Simple commands of the script, in order, from the statements that run a program
   * pipelines read (PIPELINE_PROGRAMS in src/parsers/pipeline-script.ts: image tools,
   * registry logins, scanners, signers, `cd`); other statements are not shell-parsed.
   */
  commands: CommandNode[];
  /** Step-level `if:`. */
  condition: Scalar | null;
  /** Environment in effect for this step: workflow → job → step, later wins. */
  env: Record<string, string>;
  range: Range;
}

export interface PipelineJob {
  id: string;
  name: string | null;
  range: Range;
  /** Direct `needs:`. */
  needs: string[];
  /**
   * Added for CI pipelines: true when the job declares `needs:` at all, even empty. GitLab
   * then starts it as soon as those jobs finish, ignoring stage order; `needs: []` runs it first.
   */
  hasNeeds?: boolean;
  condition: Scalar | null;
  /** GitLab stage. */
  stage: string | null;
  steps: PipelineStep[];
  /** Pushes in this job, in step order, each with the index of the step it happens in. */
  pushes: Array<{ push: PushNode; step: number }>;
  env: Record<string, string>;
}

/** A whole workflow or GitLab pipeline, emitted once for pipeline-level rules. */
export interface PipelineNode extends BaseNode {
  type: 'pipeline';
  /** Trigger events (GitHub `on:`); for GitLab, `[]`. */
  triggers: string[];
  /** When every trigger is a tag push (`on: push: tags:` only). */
  tagOnly: boolean;
  /** GitLab `stages:` in order. */
  stages: string[];
  jobs: PipelineJob[];
  env: Record<string, string>;
}

/** A GitHub step with `uses:` (for pin-actions and action-specific rules). */
export interface StepNode extends BaseNode {
  type: 'step';
  job: string;
  step: PipelineStep;
}

// ---- Dockerfile-specific nodes ---------------------------------------------------------

export interface UserNode extends BaseNode {
  type: 'user';
  raw: string;
  /** Value after ARG/ENV resolution. */
  resolved: string;
  unresolved: boolean;
}

export interface CopyNode extends BaseNode {
  type: 'copy';
  instruction: 'COPY' | 'ADD';
  /** `--from` value: a stage name/index or an image, when given. */
  from: string | null;
  /** Stage index `from` names, when it names an earlier stage. */
  fromStage: number | null;
  sources: Array<{ value: string; range: Range }>;
  destination: { value: string; range: Range } | null;
  heredoc: boolean;
}

export interface InstructionRecord {
  keyword: string;
  range: Range;
}

export interface StageNode extends BaseNode {
  type: 'stage';
  index: number;
  /** Alias given with `AS`, lower-cased as Docker treats it. */
  name: string | null;
  platform: string | null;
  /** The base: an image reference, or the index of an earlier stage (`FROM builder`). */
  base: ImageRefNode | null;
  baseStage: number | null;
  /** True when the base is `scratch`. */
  scratch: boolean;
  /** Range of the FROM instruction. */
  fromRange: Range;
  instructions: InstructionRecord[];
  users: UserNode[];
  labels: LabelNode[];
  copies: CopyNode[];
}

/** The whole Dockerfile, emitted once for whole-file rules. */
export interface DockerfileNode extends BaseNode {
  type: 'dockerfile';
  stages: StageNode[];
  escape: '\\' | '`';
}

// ---- Image-specific nodes (image kind) -------------------------------------------------

/** Where an image config was read from (SPEC §1, image sources). */
export type ImageSourceKind =
  | 'config-file'
  | 'inspect-file'
  | 'docker-archive'
  | 'oci-archive'
  | 'oci-layout'
  | 'docker'
  | 'podman'
  | 'registry';

/**
 * What the registry holds under the tag `pushgate push` is about to publish. The push
 * command looks it up before linting, so rules stay free of I/O.
 */
export interface RegistryTagState {
  /** The reference being pushed, as given. */
  reference: string;
  /** Repository as the registry names it, e.g. `127.0.0.1:5000/acme/app`. */
  repository: string;
  tag: string;
  /** Digests that identify the local image: its config digest (image id) and its repo digests. */
  localDigests: string[];
  /** The tag in the registry now: manifest digest and (for a single manifest) config digest; null when the tag does not exist. */
  remote: { digest: string; configDigest: string | null } | null;
}

/**
 * One image config (an OCI config, one `docker image inspect` entry, or one platform of
 * an index). Its Env, Labels, history and tags are also lowered onto `env`, `label`,
 * `script` and `imageRef` nodes; this node carries what only image rules need. From a
 * JSON file, ranges are those of the JSON values; from other sources they are 1:1.
 */
export interface ImageConfigNode extends BaseNode {
  type: 'imageConfig';
  source: ImageSourceKind;
  /** `User` as configured (value `''` when set empty); null when the config has no `User`. */
  user: Scalar | null;
  /** `Env` entries as written (`NAME=value`). */
  env: string[];
  labels: Record<string, string>;
  cmd: string[] | null;
  entrypoint: string[] | null;
  /** `Healthcheck.Test`, when configured. */
  healthcheck: string[] | null;
  /** `created_by` of each history entry, in order. */
  history: string[];
  /** Tags of the image (RepoTags, the reference given, archive tags). */
  repoTags: string[];
  /** Manifest digest when known (registry, OCI layout), else the config digest / image id, else null. */
  digest: string | null;
  /** Bytes: inspect `Size`, or the sum of the manifest's layer sizes; null when unknown. */
  size: number | null;
  /** This image's platform (`os/arch[/variant]`), when known. */
  platform: string | null;
  /**
   * Platforms the source offers: an index's platforms on the target of its first (or the
   * chosen) platform, so an index is judged once; `[platform]` for a single image (`[]`
   * when its platform is unknown); null on the other platforms of an index.
   */
  platforms: string[] | null;
  /** Set by `pushgate push` for a tag it is about to publish. */
  pushTarget?: RegistryTagState;
}

export type ModelNode =
  | ImageRefNode
  | ScriptNode
  | CommandNode
  | EnvNode
  | LabelNode
  | PushNode
  | UserNode
  | CopyNode
  | StageNode
  | DockerfileNode
  | PipelineNode
  | StepNode
  | ImageConfigNode;

export type NodeType = ModelNode['type'];
export type NodeOfType<T extends NodeType> = Extract<ModelNode, { type: T }>;
