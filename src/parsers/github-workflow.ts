// GitHub Actions workflows and composite `action.yml` → normalised model.
//
// Node order: the `pipeline` node first (so handlers of later nodes can consult the
// triggers and jobs already seen), then, per job in file order: `env` nodes, job and
// service images, and per step its `env`/`with` nodes, `step` node, script, image
// references, labels and push. Every node is emitted once, at the place it is written.
//
// Paths of cross-artifact builds are resolved from the repository root: the directory
// above `.github/` for a workflow, the working directory for an action file (where a
// composite action runs is not known from the file).

import { posix } from 'node:path';
import type { BuildReference, FileModel } from '../models/file.js';
import type {
  CommandNode,
  ImageRefNode,
  LabelNode,
  ModelNode,
  NodeContext,
  PipelineJob,
  PipelineNode,
  PipelineStep,
  PushNode,
  Range,
  Scalar,
  ScriptNode,
  StepNode,
} from '../models/nodes.js';
import { imageRefNode, type Lookup } from '../analysis/image-ref-node.js';
import { analyseCommand, attestationValue, csvFields, type BuildSettings } from '../analysis/push.js';
import { metadataModel, metadataRefs, type InputItem, type MetadataModel } from '../analysis/metadata-action.js';
import { buildReference, commandBuildReference, resolveBuildPath } from '../analysis/builds.js';
import { mentionsImageTools, pipelineCommands, pipelineScript, setLazyCommands } from './pipeline-script.js';
import { normaliseText, pointRange } from './text.js';
import {
  envNodes,
  envRecord,
  get,
  getScalar,
  getText,
  isMap,
  listOf,
  parseYaml,
  scalarLines,
  splitScalar,
  toScalar,
  type YMap,
  type YNode,
  type YScalar,
} from './yaml.js';

const EXPRESSION = /\$\{\{[\s\S]*?\}\}/;
const METADATA_OUTPUT = /steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)/g;
const NON_SHELL = new Set(['pwsh', 'powershell', 'python', 'cmd', 'node', 'perl', 'ruby']);

export function parseGithubWorkflow(path: string, source: string): FileModel {
  const text = normaliseText(source);
  const yaml = parseYaml(text);
  const model: FileModel = { path, kind: 'github-workflow', nodes: [], comments: yaml.comments, parseErrors: yaml.problems, builds: [] };
  const root = yaml.documents[0] ?? null;
  if (root === null) return model;
  if (!isMap(root)) {
    model.parseErrors.push({ message: 'expected a mapping of workflow keys (on, jobs, …) at the top level', range: pointRange(root.range.line, root.range.column) });
    return model;
  }
  const lowering = new Lowering(path);
  if (get(root, 'runs') !== undefined && get(root, 'jobs') === undefined) lowering.action(root);
  else lowering.workflow(root);
  model.nodes = lowering.nodes;
  model.builds = lowering.builds;
  return model;
}

/** Directory the workflow's repository starts at (relative to cwd): above `.github/workflows/`. */
function repositoryRoot(path: string): string {
  const at = path.lastIndexOf('.github/workflows/');
  if (at === -1) return '';
  return path.slice(0, at).replace(/\/+$/, '');
}

interface Defaults {
  shell: string | null;
  workingDirectory: string | null;
}

interface JobScope {
  id: string;
  env: Record<string, string>;
  defaults: Defaults;
  windows: boolean;
}

interface MetadataEntry {
  model: MetadataModel;
  refs: ImageRefNode[] | null;
  context: NodeContext;
}

class Lowering {
  readonly nodes: ModelNode[] = [];
  readonly builds: BuildReference[] = [];
  private readonly root: string;
  /** metadata-action steps of the current job, by step id. */
  private metadata = new Map<string, MetadataEntry>();

  constructor(private readonly path: string) {
    this.root = repositoryRoot(path);
  }

  workflow(root: YMap): void {
    const { triggers, tagOnly } = readTriggers(get(root, 'on'));
    const env = envRecord(get(root, 'env'));
    const pipeline: PipelineNode = { type: 'pipeline', triggers, tagOnly, stages: [], jobs: [], env, range: root.range, context: {} };
    this.nodes.push(pipeline);
    this.nodes.push(...envNodes(get(root, 'env'), 'env', {}));
    const defaults = readDefaults(get(root, 'defaults'), { shell: null, workingDirectory: null });
    const jobs = get(root, 'jobs');
    if (!isMap(jobs)) return;
    for (const { key, value } of jobs.entries) {
      if (!isMap(value)) continue;
      pipeline.jobs.push(this.job(key, value, env, defaults));
    }
  }

  /** action.yml: composite steps as one job named after the action; docker actions' image. */
  action(root: YMap): void {
    const name = getText(root, 'name') ?? (posix.basename(posix.dirname(this.path)) || 'action');
    const pipeline: PipelineNode = { type: 'pipeline', triggers: [], tagOnly: false, stages: [], jobs: [], env: {}, range: root.range, context: {} };
    this.nodes.push(pipeline);
    const inputs = get(root, 'inputs');
    if (isMap(inputs)) {
      for (const { key, value } of inputs.entries) {
        const fallback = getScalar(value, 'default');
        if (!fallback || fallback.value === null) continue;
        this.nodes.push(...envNodes({ kind: 'map', entries: [{ key, value: fallback }], range: value.range }, 'with', {}));
      }
    }
    const runs = get(root, 'runs');
    if (!isMap(runs)) return;
    const using = getText(runs, 'using') ?? '';
    const context: NodeContext = { job: name };
    this.nodes.push(...envNodes(get(runs, 'env'), 'env', context));
    const image = getScalar(runs, 'image');
    if (using === 'docker' && image && image.value !== null) {
      if (image.text.startsWith('docker://')) {
        this.nodes.push(imageRefNode(image.text.slice(9), 'run-image', shifted(image, 9), context));
      } else {
        // `image: Dockerfile`: built from the action's directory.
        const actionDir = posix.dirname(this.path) === '.' ? '' : posix.dirname(this.path);
        const reference = buildReference({ origin: this.path, base: actionDir, file: image.text, fileInContext: false, context: null, buildArgs: {}, labels: {} });
        if (reference) this.builds.push(reference);
      }
    }
    const scope: JobScope = { id: name, env: {}, defaults: { shell: null, workingDirectory: null }, windows: false };
    const job: PipelineJob = { id: name, name, range: root.range, needs: [], condition: null, stage: null, steps: [], pushes: [], env: {} };
    this.metadata = new Map();
    listOf(get(runs, 'steps')).forEach((step, index) => {
      if (isMap(step)) this.step(step, index, scope, job);
    });
    this.flushMetadata();
    pipeline.jobs.push(job);
  }

  private job(key: YScalar, value: YMap, workflowEnv: Record<string, string>, workflowDefaults: Defaults): PipelineJob {
    const id = key.text;
    const context: NodeContext = { job: id };
    const jobEnv = { ...workflowEnv, ...envRecord(get(value, 'env')) };
    const condition = getScalar(value, 'if');
    const job: PipelineJob = {
      id,
      name: getText(value, 'name') ?? null,
      range: key.range,
      needs: listOf(get(value, 'needs')).flatMap((n) => (n.kind === 'scalar' && n.value !== null ? [n.text] : [])),
      hasNeeds: get(value, 'needs') !== undefined,
      condition: condition && condition.value !== null ? toScalar(condition) : null,
      stage: null,
      steps: [],
      pushes: [],
      env: jobEnv,
    };
    this.nodes.push(...envNodes(get(value, 'env'), 'env', context));
    this.container(get(value, 'container'), 'job-image', context);
    const services = get(value, 'services');
    if (isMap(services)) for (const service of services.entries) this.container(service.value, 'service', context);
    const scope: JobScope = {
      id,
      env: jobEnv,
      defaults: readDefaults(get(value, 'defaults'), workflowDefaults),
      windows: listOf(get(value, 'runs-on')).some((r) => r.kind === 'scalar' && /^windows/i.test(r.text)),
    };
    this.metadata = new Map();
    const uses = getScalar(value, 'uses');
    if (uses && uses.value !== null) {
      // A reusable-workflow call: one step holding its `uses`, `with` and `secrets`.
      this.step(value, 0, scope, job);
      this.nodes.push(...envNodes(get(value, 'secrets'), 'with', { job: id, step: 0 }));
    } else {
      listOf(get(value, 'steps')).forEach((step, index) => {
        if (isMap(step)) this.step(step, index, scope, job);
      });
    }
    this.flushMetadata();
    return job;
  }

  /** `container:` / `services.*`: a string or `{ image, credentials, env }`. */
  private container(node: YNode | undefined, role: 'job-image' | 'service', context: NodeContext): void {
    if (!node) return;
    const image = node.kind === 'scalar' ? node : getScalar(node, 'image');
    if (image && image.value !== null && image.text !== '') this.nodes.push(imageRefNode(image.text, role, image.range, context));
    if (!isMap(node)) return;
    this.nodes.push(...envNodes(get(node, 'env'), 'env', context));
    const credentials = get(node, 'credentials');
    const password = getScalar(credentials, 'password');
    const passwordKey = isMap(credentials) ? credentials.entries.find((e) => e.key.text === 'password') : undefined;
    if (password && passwordKey) {
      this.nodes.push(...envNodes({ kind: 'map', entries: [passwordKey], range: password.range }, 'with', context));
    }
  }

  private step(node: YMap, index: number, scope: JobScope, job: PipelineJob): void {
    const context: NodeContext = { job: scope.id, step: index };
    const usesScalar = getScalar(node, 'uses');
    const uses = usesScalar && usesScalar.value !== null ? toScalar(usesScalar) : null;
    const withNode = get(node, 'with');
    const withScalars = new Map<string, YScalar>();
    const withRecord: Record<string, Scalar> = {};
    if (isMap(withNode)) {
      for (const { key, value } of withNode.entries) {
        if (value.kind !== 'scalar') continue;
        withScalars.set(key.text, value);
        withRecord[key.text] = toScalar(value);
      }
    }
    const stepEnv = envRecord(get(node, 'env'));
    const env = { ...scope.env, ...stepEnv };
    const condition = getScalar(node, 'if');
    const step: PipelineStep = {
      index,
      name: getText(node, 'name') ?? null,
      id: getText(node, 'id') ?? null,
      uses,
      with: withRecord,
      script: null,
      commands: [],
      condition: condition && condition.value !== null ? toScalar(condition) : null,
      env,
      range: node.range,
    };
    job.steps.push(step);
    this.nodes.push(...envNodes(get(node, 'env'), 'env', context));
    this.nodes.push(...envNodes(withNode, 'with', context));
    const lookup = envLookup(env);

    if (uses && usesScalar) {
      const stepNode: StepNode = { type: 'step', job: scope.id, step, range: usesScalar.range, context };
      this.nodes.push(stepNode);
      const action = actionName(uses.value);
      if (uses.value.startsWith('docker://')) {
        this.nodes.push(imageRefNode(uses.value.slice(9), 'run-image', shifted(usesScalar, 9), context));
      } else if (action === 'docker/metadata-action') {
        this.metadataStep(step, withScalars, usesScalar, context);
      } else if (action === 'docker/build-push-action') {
        this.buildPush(step, withScalars, usesScalar, context, job);
      } else if (action === 'docker/bake-action') {
        this.bake(step, withScalars, usesScalar, context, job);
      } else if (action === 'redhat-actions/push-to-registry') {
        this.pushToRegistry(step, withScalars, usesScalar, context, job);
      }
    }

    const run = getScalar(node, 'run');
    if (run && run.value !== null) {
      const shell = getText(node, 'shell') ?? scope.defaults.shell ?? (scope.windows ? 'pwsh' : 'bash');
      const program = posix.basename(shell.trim().split(/\s+/)[0] ?? 'bash');
      const script = pipelineScript([scalarLines(run)], {
        dialect: program === 'sh' || program === 'dash' ? 'posix' : 'bash',
        ...(NON_SHELL.has(program) || !/sh$/.test(program) ? { interpreter: program } : {}),
        range: run.range,
        context,
      });
      step.script = script;
      this.nodes.push(script);
      if (mentionsImageTools(script)) {
        const workingDirectory = getText(node, 'working-directory') ?? scope.defaults.workingDirectory;
        const cwd = workingDirectory === null ? this.root : resolveBuildPath(workingDirectory, this.root, this.root);
        step.commands = this.commands(script, lookup, cwd, job, index);
      } else {
        setLazyCommands(step, () => pipelineCommands(script));
      }
    }
  }

  /** Commands of a script: references, labels, pushes and builds; `cd` moves the directory builds start from. */
  private commands(script: ScriptNode, lookup: Lookup, startDir: string | null, job: PipelineJob, index: number): CommandNode[] {
    const commands = pipelineCommands(script);
    let cwd = startDir;
    for (const command of commands) {
      if (command.argv[0]?.value === 'cd') {
        const target = command.argv[1];
        cwd = target && cwd !== null ? resolveBuildPath(target.value, cwd, this.root, lookup) : null;
        continue;
      }
      const facts = analyseCommand(command, lookup);
      this.nodes.push(...facts.refs, ...facts.labels);
      if (facts.push) {
        this.nodes.push(facts.push);
        job.pushes.push({ push: facts.push, step: index });
      }
      if (facts.build && cwd !== null) {
        const reference = commandBuildReference(facts.build, this.path, cwd, this.root, lookup);
        if (reference) this.builds.push(reference);
      }
    }
    return commands;
  }

  private metadataStep(step: PipelineStep, inputs: Map<string, YScalar>, uses: YScalar, context: NodeContext): void {
    const items = (name: string, separator: RegExp): InputItem[] => {
      const scalar = inputs.get(name);
      return scalar && scalar.value !== null ? splitScalar(scalar, separator) : [];
    };
    const tags = inputs.get('tags');
    const model = metadataModel({
      id: step.id,
      usesRange: uses.range,
      images: items('images', /[\n,](?![^\n,]*=)|\n/),
      tags: tags && tags.value !== null ? splitScalar(tags, /\n/) : null,
      flavor: items('flavor', /\n/),
      labels: items('labels', /\n/),
    });
    for (const label of model.labels) {
      if (!label.keyRange || !label.valueRange) continue;
      this.nodes.push(labelNode(label.key, label.value, label.keyRange, label.valueRange, context));
    }
    this.metadata.set(step.id ?? `#${step.index}`, { model, refs: null, context });
  }

  /** The modelled tags of a metadata step an input refers to (`${{ steps.meta.outputs.tags }}`). */
  private metadataTags(expression: string, role: 'push' | 'build-tag', outputs: readonly string[]): ImageRefNode[] | null {
    for (const match of expression.matchAll(METADATA_OUTPUT)) {
      const entry = this.metadata.get(match[1] ?? '');
      if (!entry || !outputs.includes(match[2] ?? '')) continue;
      if (!entry.refs) {
        entry.refs = metadataRefs(entry.model, role, entry.context);
        this.nodes.push(...entry.refs);
      } else if (role === 'push') {
        for (const ref of entry.refs) ref.role = 'push';
      }
      return entry.refs;
    }
    return null;
  }

  private metadataLabels(expression: string, outputs: readonly string[]): Record<string, string> | null {
    for (const match of expression.matchAll(METADATA_OUTPUT)) {
      const entry = this.metadata.get(match[1] ?? '');
      if (!entry || !outputs.includes(match[2] ?? '')) continue;
      return Object.fromEntries(entry.model.labels.map((l) => [l.key, l.value]));
    }
    return null;
  }

  /** Metadata steps no build step consumed still describe tags meant for publishing. */
  private flushMetadata(): void {
    for (const entry of this.metadata.values()) {
      if (entry.refs) continue;
      entry.refs = metadataRefs(entry.model, 'build-tag', entry.context);
      this.nodes.push(...entry.refs);
    }
  }

  /** docker/build-push-action: push, tags, labels, build settings and the Dockerfile it builds. */
  private buildPush(step: PipelineStep, inputs: Map<string, YScalar>, uses: YScalar, context: NodeContext, job: PipelineJob): void {
    const text = (name: string) => {
      const scalar = inputs.get(name);
      return scalar && scalar.value !== null ? scalar.text : null;
    };
    const pushInput = inputs.get('push');
    const outputs = text('outputs') ?? '';
    const pushExpression = pushInput && EXPRESSION.test(pushInput.text) ? pushInput.text.trim() : null;
    const pushes = pushExpression !== null
      || (pushInput !== undefined && /^(true|1)$/i.test(pushInput.text.trim()))
      || /type=registry|push=true/.test(outputs);
    const role = pushes ? 'push' : 'build-tag';
    const targets: ImageRefNode[] = [];
    const tags = inputs.get('tags');
    if (tags && tags.value !== null) {
      for (const item of splitScalar(tags, /[\n,]/)) {
        const modelled = EXPRESSION.test(item.value) ? this.metadataTags(item.value, role, ['tags', 'json']) : null;
        if (modelled) {
          targets.push(...modelled);
          continue;
        }
        const ref = imageRefNode(item.value, role, item.range, context);
        this.nodes.push(ref);
        targets.push(ref);
      }
    }
    const labels: Record<string, string> = {};
    const labelsInput = inputs.get('labels');
    if (labelsInput && labelsInput.value !== null) {
      for (const item of splitScalar(labelsInput, /\n/)) {
        const fromMetadata = EXPRESSION.test(item.value) ? this.metadataLabels(item.value, ['labels', 'json']) : null;
        if (fromMetadata) {
          Object.assign(labels, fromMetadata);
          continue;
        }
        const label = inputLabel(item, context);
        if (!label) continue;
        labels[label.key] = label.value;
        this.nodes.push(label);
      }
    }
    const buildArgs: Record<string, string> = {};
    const buildArgsInput = inputs.get('build-args');
    if (buildArgsInput && buildArgsInput.value !== null) {
      for (const item of splitScalar(buildArgsInput, /\n/)) {
        const eq = item.value.indexOf('=');
        if (eq <= 0) continue;
        const value = item.value.slice(eq + 1);
        if (!EXPRESSION.test(value)) buildArgs[item.value.slice(0, eq).trim()] = value;
      }
    }
    const contextPath = text('context');
    const reference = buildReference(
      {
        origin: this.path,
        base: this.root,
        file: text('file'),
        // build-push-action reads `file` from the workspace, defaulting to `{context}/Dockerfile`.
        fileInContext: false,
        context: contextPath === null || contextPath.trim() === '' ? null : contextPath,
        buildArgs,
        labels,
      },
      this.root,
    );
    if (reference) this.builds.push(reference);
    if (!pushes) return;
    const settings: BuildSettings = {
      provenance: inputs.has('provenance') ? attestationValue(text('provenance')) : 'default',
      sbom: inputs.has('sbom') ? attestationValue(text('sbom')) : 'default',
      platforms: platformsOf(inputs.get('platforms')),
    };
    for (const attest of splitScalar(inputs.get('attests') ?? emptyScalar(uses), /\n/)) {
      const fields = csvFields(attest.value);
      const state = EXPRESSION.test(attest.value) ? 'unknown' : fields.get('disabled') === 'true' ? 'off' : 'on';
      if (fields.get('type') === 'provenance') settings.provenance = state;
      if (fields.get('type') === 'sbom') settings.sbom = state;
    }
    this.push('docker/build-push-action', targets, uses, context, job, step, pushExpression, settings);
  }

  /** docker/bake-action: targets come from bake files; metadata-action's bake file supplies tags. */
  private bake(step: PipelineStep, inputs: Map<string, YScalar>, uses: YScalar, context: NodeContext, job: PipelineJob): void {
    const pushInput = inputs.get('push');
    const pushExpression = pushInput && EXPRESSION.test(pushInput.text) ? pushInput.text.trim() : null;
    const sets = inputs.get('set');
    const setItems = sets && sets.value !== null ? splitScalar(sets, /\n/) : [];
    const pushes = pushExpression !== null
      || (pushInput !== undefined && /^(true|1)$/i.test(pushInput.text.trim()))
      || setItems.some((item) => /\.output=.*(type=registry|push=true)/.test(item.value));
    const role = pushes ? 'push' : 'build-tag';
    const targets: ImageRefNode[] = [];
    for (const name of ['files', 'source', 'targets', 'set']) {
      const input = inputs.get(name);
      if (!input || input.value === null) continue;
      const modelled = this.metadataTags(input.text, role, ['bake-file', 'bake-file-tags']);
      if (modelled) targets.push(...modelled);
    }
    const settings: BuildSettings = {
      provenance: inputs.has('provenance') ? attestationValue(inputs.get('provenance')?.text ?? null) : 'default',
      sbom: inputs.has('sbom') ? attestationValue(inputs.get('sbom')?.text ?? null) : 'default',
      platforms: null,
    };
    for (const item of setItems) {
      const match = /^[^=]*\.(tags|platform|attest)=(.*)$/.exec(item.value);
      if (!match) continue;
      const value = match[2] ?? '';
      const start = item.value.length - value.length;
      const range: Range = { ...item.range, column: item.range.column + start };
      if (match[1] === 'tags') {
        const ref = imageRefNode(value, role, range, context);
        this.nodes.push(ref);
        targets.push(ref);
      } else if (match[1] === 'platform') {
        settings.platforms = [...(settings.platforms ?? []), ...value.split(',').map((p) => p.trim()).filter(Boolean)];
      } else {
        const fields = csvFields(value);
        const state = fields.get('disabled') === 'true' ? 'off' : 'on';
        if (fields.get('type') === 'provenance') settings.provenance = state;
        if (fields.get('type') === 'sbom') settings.sbom = state;
      }
    }
    if (pushes) this.push('docker/bake-action', targets, uses, context, job, step, pushExpression, settings);
  }

  /** redhat-actions/push-to-registry: `registry`/`image` + space-separated `tags`, or full references in `tags`. */
  private pushToRegistry(step: PipelineStep, inputs: Map<string, YScalar>, uses: YScalar, context: NodeContext, job: PipelineJob): void {
    const registry = inputs.get('registry')?.text.trim() ?? '';
    const image = inputs.get('image')?.text.trim() ?? '';
    const tags = inputs.get('tags');
    const targets: ImageRefNode[] = [];
    const items = tags && tags.value !== null ? splitScalar(tags, /\s+/) : [{ value: 'latest', range: uses.range }];
    for (const item of items) {
      const raw = image === '' ? item.value : `${registry ? `${registry.replace(/\/+$/, '')}/` : ''}${image}:${item.value}`;
      const ref = imageRefNode(raw, 'push', item.range, context);
      this.nodes.push(ref);
      targets.push(ref);
    }
    this.push('redhat-actions/push-to-registry', targets, uses, context, job, step, null, undefined);
  }

  private push(
    tool: string,
    targets: ImageRefNode[],
    uses: YScalar,
    context: NodeContext,
    job: PipelineJob,
    step: PipelineStep,
    pushExpression: string | null,
    build: BuildSettings | undefined,
  ): void {
    const push: PushNode = { type: 'push', tool, targets, range: uses.range, context };
    const condition = pushExpression ?? step.condition?.value;
    if (condition) push.condition = condition;
    if (build) push.build = build;
    this.nodes.push(push);
    job.pushes.push({ push, step: step.index });
  }
}

function readTriggers(on: YNode | undefined): { triggers: string[]; tagOnly: boolean } {
  if (!on) return { triggers: [], tagOnly: false };
  if (on.kind === 'scalar') return { triggers: on.value === null ? [] : [on.text], tagOnly: false };
  if (on.kind === 'seq') return { triggers: on.items.flatMap((i) => (i.kind === 'scalar' && i.value !== null ? [i.text] : [])), tagOnly: false };
  const triggers = on.entries.map((e) => e.key.text);
  const push = get(on, 'push');
  const tagOnly = triggers.length === 1 && triggers[0] === 'push'
    && (get(push, 'tags') !== undefined || get(push, 'tags-ignore') !== undefined)
    && get(push, 'branches') === undefined && get(push, 'branches-ignore') === undefined;
  return { triggers, tagOnly };
}

function readDefaults(node: YNode | undefined, inherited: Defaults): Defaults {
  const run = get(node, 'run');
  return {
    shell: getText(run, 'shell') ?? inherited.shell,
    workingDirectory: getText(run, 'working-directory') ?? inherited.workingDirectory,
  };
}

/** `owner/repo` of `owner/repo[/path]@ref`, lower-cased. */
function actionName(uses: string): string {
  const at = uses.indexOf('@');
  const name = (at === -1 ? uses : uses.slice(0, at)).toLowerCase();
  return name.split('/').slice(0, 2).join('/');
}

/** Variables the step's shell sees: `env:` values that are literals; expressions are set but unknown. */
function envLookup(env: Record<string, string>): Lookup {
  return (name) => {
    if (!Object.prototype.hasOwnProperty.call(env, name)) return undefined;
    const value = env[name] as string;
    return value.includes('$') ? null : value;
  };
}

/** A scalar's range without its first `by` characters (`docker://` before an image). */
function shifted(scalar: YScalar, by: number): Range {
  const quoted = scalar.style === 'single' || scalar.style === 'double' ? 1 : 0;
  return { ...scalar.range, column: scalar.range.column + quoted + by, endColumn: Math.max(scalar.range.column + quoted + by, scalar.range.endColumn - quoted) };
}

function emptyScalar(at: YScalar): YScalar {
  return { kind: 'scalar', value: null, text: '', style: 'plain', range: at.range };
}

function platformsOf(scalar: YScalar | undefined): string[] | null {
  if (!scalar || scalar.value === null) return null;
  const platforms = splitScalar(scalar, /[\n,]/).map((i) => i.value);
  return platforms.length > 0 ? platforms : null;
}

function labelNode(key: string, value: string, keyRange: Range, valueRange: Range, context: NodeContext): LabelNode {
  return {
    type: 'label',
    key,
    keyRange,
    value,
    valueRange,
    unresolved: EXPRESSION.test(value) || /\$[A-Za-z_{]/.test(value),
    range: { line: keyRange.line, column: keyRange.column, endLine: valueRange.endLine, endColumn: valueRange.endColumn },
    context,
  };
}

/** One `key=value` line of a `labels:` input. */
function inputLabel(item: InputItem, context: NodeContext): LabelNode | null {
  const eq = item.value.indexOf('=');
  if (eq <= 0) return null;
  const key = item.value.slice(0, eq).trim();
  const { line, column } = item.range;
  const sameLine = item.range.line === item.range.endLine;
  const keyRange: Range = sameLine ? { line, column, endLine: line, endColumn: column + key.length } : item.range;
  const valueRange: Range = sameLine ? { line, column: column + eq + 1, endLine: line, endColumn: item.range.endColumn } : item.range;
  return labelNode(key, item.value.slice(eq + 1), keyRange, valueRange, context);
}

