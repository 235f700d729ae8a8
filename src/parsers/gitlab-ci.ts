// GitLab CI (`.gitlab-ci.yml`, `*.gitlab-ci.yml`) → normalised model.
//
// The pipeline model holds what GitLab runs: every job (not hidden `.templates`)
// after `include: local`, `extends:` (deep merge of mappings, later wins, cycle-safe),
// YAML anchors and merge keys, `!reference` tags and `default:`/global keywords.
// The other nodes are emitted once per place they are written in this file, so a
// template used by ten jobs is judged once, at the template: images, variables,
// scripts (one per section), image references, labels and pushes found in scripts.
// Content that comes from an included file is in the pipeline model (positioned at
// the `include:` entry that brings it) but is not emitted here: that file is judged
// on its own.
//
// Node order: the `pipeline` node first, then the rest in file order.

import { posix } from 'node:path';
import type { BuildReference, FileModel, ParseProblem } from '../models/file.js';
import type { CommandNode, ImageRefNode, ImageRefRole, ModelNode, NodeContext, PipelineJob, PipelineNode, PipelineStep, PushNode, Range, Scalar, ScriptNode } from '../models/nodes.js';
import { imageRefNode, type Lookup } from '../analysis/image-ref-node.js';
import { analyseCommand } from '../analysis/push.js';
import { commandBuildReference, resolveBuildPath } from '../analysis/builds.js';
import { substitute } from '../analysis/variables.js';
import { mentionsImageTools, pipelineCommands, pipelineScript, setLazyCommands } from './pipeline-script.js';
import { normaliseText, pointRange } from './text.js';
import {
  envNodes,
  get,
  getScalar,
  getText,
  isMap,
  isSeq,
  listOf,
  parseYaml,
  scalarLines,
  toScalar,
  type TextLines,
  type YMap,
  type YNode,
  type YPair,
  type YScalar,
} from './yaml.js';

export interface GitlabParseOptions {
  /** Reads a file of the same repository (relative to cwd); enables `include: local`. */
  readFile?: (path: string) => string | null;
}

/** Top-level keys that are not jobs. */
const GLOBAL_KEYWORDS = new Set([
  'stages', 'variables', 'default', 'image', 'services', 'include', 'workflow', 'spec',
  'before_script', 'after_script', 'cache', 'types',
]);
/** Keywords `default:` (and their legacy global forms) give every job that does not set them. */
const DEFAULT_KEYWORDS = ['image', 'services', 'before_script', 'after_script', 'cache', 'tags', 'retry', 'timeout', 'interruptible', 'artifacts', 'hooks', 'id_tokens'];
const SCRIPT_SECTIONS = ['before_script', 'script', 'after_script'] as const;
const DEFAULT_STAGES = ['build', 'test', 'deploy'];
const MAX_EXTENDS_DEPTH = 11;
const MAX_REFERENCE_DEPTH = 10;
const MAX_INCLUDE_DEPTH = 20;
const MAX_INCLUDES = 100;
const INPUT_EXPRESSIONS = /\$\[\[[\s\S]*?\]\]/g;
const HAS_INPUT_EXPRESSION = /\$\[\[/;

interface LoweredSection {
  script: ScriptNode;
  /** Parsed while lowering when the script names an image tool; otherwise on first use. */
  commands: CommandNode[] | null;
  pushes: PushNode[];
}

interface Definition {
  key: YScalar;
  node: YMap;
}

export function parseGitlabCi(path: string, source: string, options: GitlabParseOptions = {}): FileModel {
  const text = normaliseText(source);
  const yaml = parseYaml(text);
  const model: FileModel = { path, kind: 'gitlab-ci', nodes: [], comments: yaml.comments, parseErrors: yaml.problems, builds: [] };
  const root = pipelineDocument(yaml.documents);
  if (root === null) return model;
  if (!isMap(root)) {
    model.parseErrors.push({ message: 'expected a mapping of jobs and keywords at the top level', range: pointRange(root.range.line, root.range.column) });
    return model;
  }
  const lowering = new Lowering(path, root, options, model.parseErrors);
  lowering.run();
  model.nodes = lowering.nodes;
  model.builds = lowering.builds;
  return model;
}

/** With a `spec:` header document, the pipeline is the document after it. */
function pipelineDocument(documents: ReadonlyArray<YNode | null>): YNode | null {
  const first = documents[0] ?? null;
  if (isMap(first) && get(first, 'spec') !== undefined && first.entries.length === 1) return documents[1] ?? null;
  return first;
}

function repositoryRoot(path: string): string {
  if (posix.basename(path) !== '.gitlab-ci.yml') return '';
  const dir = posix.dirname(path);
  return dir === '.' ? '' : dir;
}

class Lowering {
  readonly nodes: ModelNode[] = [];
  readonly builds: BuildReference[] = [];
  private readonly root: string;
  /** Top-level entries by name: included files first, this file's entries merged over them. */
  private readonly definitions = new Map<string, Definition>();
  private readonly resolved = new Map<string, YMap>();
  private readonly resolving = new Set<string>();
  private readonly emitted = new WeakSet<object>();
  private readonly scripts = new Map<YNode, LoweredSection>();
  private globalVariables: Record<string, string> = {};
  private defaults: YMap = { kind: 'map', entries: [], range: pointRange(1, 1) };
  private includes = 0;

  constructor(
    private readonly path: string,
    private readonly main: YMap,
    private readonly options: GitlabParseOptions,
    private readonly problems: ParseProblem[],
  ) {
    this.root = repositoryRoot(path);
  }

  run(): void {
    const included: YMap[] = [];
    this.collectIncludes(this.main, 0, new Set([this.path]), included, null);
    for (const doc of [...included, this.main]) {
      for (const entry of doc.entries) {
        if (!isMap(entry.value)) continue;
        const previous = this.definitions.get(entry.key.text);
        const node = previous ? deepMerge(previous.node, entry.value, 0) : entry.value;
        this.definitions.set(entry.key.text, { key: entry.key, node });
      }
    }
    const config = (key: string): YNode | undefined => {
      let value: YNode | undefined;
      for (const doc of [...included, this.main]) value = get(doc, key) ?? value;
      return value;
    };
    const pipeline: PipelineNode = {
      type: 'pipeline',
      triggers: [],
      tagOnly: false,
      stages: ['.pre', ...this.stages(config('stages')), '.post'],
      jobs: [],
      env: {},
      range: this.main.range,
      context: {},
    };
    this.nodes.push(pipeline);

    const globalVariables = this.deref(this.definitions.get('variables')?.node ?? config('variables'), 0);
    this.globalVariables = this.variableRecord(globalVariables);
    pipeline.env = this.globalVariables;
    this.defaults = this.defaultKeywords(config);

    // File order: every top-level entry of this file, templates and `default:` included.
    for (const entry of this.main.entries) {
      const name = entry.key.text;
      if (name === 'variables') this.emitVariables(entry.value, {});
      else if (name === 'default' || name === 'image' || name === 'services' || name === 'before_script' || name === 'after_script') {
        this.emitDefaults(name === 'default' ? entry.value : ({ kind: 'map', entries: [entry], range: entry.value.range } as YMap));
      } else if (!GLOBAL_KEYWORDS.has(name) && isMap(entry.value)) {
        const job = this.job(name);
        if (job && !name.startsWith('.')) pipeline.jobs.push(job);
      }
    }
    // Jobs only an included file defines run too.
    for (const [name, definition] of this.definitions) {
      if (name.startsWith('.') || GLOBAL_KEYWORDS.has(name) || get(this.main, name) !== undefined) continue;
      if (definition.key.origin === undefined) continue;
      const job = this.job(name);
      if (job) pipeline.jobs.push(job);
    }
  }

  // ---- includes ------------------------------------------------------------------------

  /** Local includes, depth first (an included file's own includes come before it). */
  private collectIncludes(doc: YMap, depth: number, seen: Set<string>, out: YMap[], at: Range | null): void {
    const include = get(doc, 'include');
    if (!include || !this.options.readFile) return;
    for (const item of include.kind === 'seq' ? include.items : [include]) {
      const local = item.kind === 'scalar' ? item : getScalar(item, 'local');
      if (!local || local.value === null) continue;
      const target = local.text.trim();
      if (/^[a-z]+:\/\//i.test(target) || /[*$]/.test(target) || target === '') continue;
      if (item.kind === 'map' && (get(item, 'project') !== undefined || get(item, 'remote') !== undefined)) continue;
      const file = posix.normalize(posix.join(this.root || '.', target.replace(/^\/+/, '')));
      if (seen.has(file) || depth >= MAX_INCLUDE_DEPTH || this.includes >= MAX_INCLUDES) continue;
      seen.add(file);
      this.includes++;
      const content = this.options.readFile(file);
      if (content === null) continue;
      const parsed = parseYaml(normaliseText(content), { origin: file });
      const root = pipelineDocument(parsed.documents);
      if (!isMap(root)) continue;
      // Everything from the included file is positioned at the entry that includes it.
      relocate(root, at ?? local.range);
      this.collectIncludes(root, depth + 1, seen, out, at ?? local.range);
      out.push(root);
    }
  }

  // ---- configuration -----------------------------------------------------------------------

  private stages(node: YNode | undefined): string[] {
    const stages = listOf(this.deref(node, 0)).flatMap((s) => (s.kind === 'scalar' && s.value !== null ? [s.text] : []));
    return stages.length > 0 ? stages.filter((s) => s !== '.pre' && s !== '.post') : DEFAULT_STAGES;
  }

  /** `default:` merged with the legacy global keywords (`image:`, `before_script:` at the top). */
  private defaultKeywords(config: (key: string) => YNode | undefined): YMap {
    const entries: YPair[] = [];
    // `default:` of included files and of this file, merged like any other top-level mapping.
    const fromDefault = this.deref(this.definitions.get('default')?.node ?? config('default'), 0);
    for (const keyword of DEFAULT_KEYWORDS) {
      const pair = isMap(fromDefault) ? findPair(fromDefault, keyword) : undefined;
      if (pair) entries.push(pair);
      else {
        const legacy = keyword === 'cache' || keyword === 'tags' ? undefined : findPair(this.main, keyword);
        if (legacy) entries.push(legacy);
      }
    }
    return { kind: 'map', entries, range: this.main.range };
  }

  /** A job's configuration after `extends:` (deep merge, cycle-safe). */
  private extended(name: string, depth = 0): YMap | null {
    const cached = this.resolved.get(name);
    if (cached) return cached;
    const definition = this.definitions.get(name);
    if (!definition) return null;
    if (this.resolving.has(name) || depth > MAX_EXTENDS_DEPTH) {
      const at = get(definition.node, 'extends');
      if (at && at.origin === undefined && !this.emitted.has(at)) {
        this.emitted.add(at);
        this.problems.push({ message: `"extends" of "${name}" forms a cycle (or is nested more than ${MAX_EXTENDS_DEPTH} levels deep)`, range: at.range });
      }
      return definition.node;
    }
    this.resolving.add(name);
    let merged: YMap | null = null;
    for (const parent of listOf(this.deref(get(definition.node, 'extends'), 0))) {
      if (parent.kind !== 'scalar' || parent.value === null) continue;
      const base = this.extended(parent.text, depth + 1);
      if (base) merged = merged ? deepMerge(merged, base, 0) : base;
    }
    this.resolving.delete(name);
    const result = merged ? deepMerge(merged, definition.node, 0) : definition.node;
    this.resolved.set(name, result);
    return result;
  }

  /** Resolves `!reference [job, key, …]` (nested up to MAX_REFERENCE_DEPTH). */
  private deref(node: YNode | undefined, depth: number): YNode | undefined {
    if (!node || node.tag !== '!reference' || node.kind !== 'seq') return node;
    if (depth >= MAX_REFERENCE_DEPTH) return undefined;
    const path = node.items.map((item) => (item.kind === 'scalar' ? item.text : ''));
    const [job, ...keys] = path;
    let value: YNode | undefined = job === undefined ? undefined : this.extended(job) ?? undefined;
    for (const key of keys) value = get(this.deref(value, depth + 1), key);
    return this.deref(value, depth + 1);
  }

  /** `variables:` as names → values (`{ value: … }` form read; `!reference` resolved). */
  private variableRecord(node: YNode | undefined): Record<string, string> {
    const record: Record<string, string> = {};
    if (!isMap(node)) return record;
    for (const { key, value } of node.entries) {
      const scalar = this.variableValue(value);
      if (scalar && scalar.value !== null) record[key.text] = scalar.text;
    }
    return record;
  }

  private variableValue(value: YNode): YScalar | undefined {
    const resolved = this.deref(value, 0);
    if (resolved?.kind === 'scalar') return resolved;
    if (isMap(resolved)) return getScalar(resolved, 'value');
    return undefined;
  }

  // ---- emission ----------------------------------------------------------------------------

  private emitVariables(node: YNode | undefined, context: NodeContext): void {
    const variables = this.deref(node, 0);
    if (!isMap(variables)) return;
    const fresh = variables.entries.filter((entry) => entry.key.origin === undefined && !this.emitted.has(entry.key));
    for (const entry of fresh) this.emitted.add(entry.key);
    this.nodes.push(...envNodes({ kind: 'map', entries: fresh, range: variables.range }, 'variables', context, (value) => this.variableValue(value)));
  }

  private emitDefaults(node: YNode): void {
    const lookup = this.lookup({});
    this.emitImage(get(node, 'image'), 'job-image', {}, lookup);
    for (const service of listOf(this.deref(get(node, 'services'), 0))) this.emitImage(service, 'service', {}, lookup);
  }

  /** `image:`/`services:` entries: a string, or `{ name: … }`. */
  private emitImage(node: YNode | undefined, role: 'job-image' | 'service', context: NodeContext, lookup: Lookup): void {
    const value = this.deref(node, 0);
    const scalar = value?.kind === 'scalar' ? value : getScalar(value, 'name');
    if (!scalar || scalar.value === null || scalar.text === '' || scalar.origin !== undefined || this.emitted.has(scalar)) return;
    this.emitted.add(scalar);
    this.nodes.push(inputAwareRef(scalar.text, role, scalar.range, context, lookup));
  }

  private lookup(jobVariables: Record<string, string>): Lookup {
    const variables = { ...this.globalVariables, ...jobVariables };
    const resolving = new Set<string>();
    const lookup: Lookup = (name) => {
      if (!Object.prototype.hasOwnProperty.call(variables, name)) return undefined;
      const value = variables[name] as string;
      if (!value.includes('$')) return value;
      if (resolving.has(name) || HAS_INPUT_EXPRESSION.test(value)) return null;
      resolving.add(name);
      const substitution = substitute(value, lookup);
      resolving.delete(name);
      return substitution.unresolved ? null : substitution.text;
    };
    return lookup;
  }

  private job(name: string): PipelineJob | null {
    const definition = this.definitions.get(name);
    const config = this.extended(name);
    if (!definition || !config) return null;
    const context: NodeContext = { job: name };
    const effective = this.withDefaults(config);
    const jobVariables = this.variableRecord(this.deref(get(config, 'variables'), 0));
    const lookup = this.lookup(jobVariables);
    this.emitVariables(get(definition.node, 'variables'), context);
    this.emitVariables(get(config, 'variables'), context);
    this.emitImage(get(effective, 'image'), 'job-image', context, lookup);
    for (const service of listOf(this.deref(get(effective, 'services'), 0))) this.emitImage(service, 'service', context, lookup);

    const stage = getScalar(config, 'stage');
    const needsNode = this.deref(get(config, 'needs'), 0);
    const job: PipelineJob = {
      id: name,
      name,
      range: definition.key.range,
      needs: listOf(needsNode).flatMap((n) => {
        const job = n.kind === 'scalar' ? n : getScalar(n, 'job');
        return job && job.value !== null ? [job.text] : [];
      }),
      hasNeeds: needsNode !== undefined,
      condition: this.condition(config),
      stage: stage && stage.value !== null ? stage.text : 'test',
      steps: [],
      pushes: [],
      env: { ...this.globalVariables, ...jobVariables },
    };
    const windows = listOf(get(effective, 'tags')).some((t) => t.kind === 'scalar' && /windows/i.test(t.text));
    for (const section of SCRIPT_SECTIONS) {
      const value = get(effective, section);
      if (value === undefined) continue;
      const index = job.steps.length;
      const lowered = this.section(value, { job: name, step: index }, lookup, windows);
      if (!lowered) continue;
      const step: PipelineStep = {
        index,
        name: section,
        id: null,
        uses: null,
        with: {},
        script: lowered.script,
        commands: lowered.commands ?? [],
        condition: null,
        env: job.env,
        range: value.range,
      };
      if (lowered.commands === null) setLazyCommands(step, () => (lowered.commands ??= pipelineCommands(lowered.script)));
      job.steps.push(step);
      for (const push of lowered.pushes) job.pushes.push({ push, step: index });
    }
    return job;
  }

  /** The job's configuration with `default:` keywords it does not set (`inherit: default` honoured). */
  private withDefaults(config: YMap): YMap {
    const inherit = get(get(config, 'inherit'), 'default');
    if (inherit?.kind === 'scalar' && inherit.value === false) return config;
    const allowed = isSeq(inherit) ? new Set(inherit.items.map((i) => (i.kind === 'scalar' ? i.text : ''))) : null;
    const entries = [...config.entries];
    for (const pair of this.defaults.entries) {
      if (allowed && !allowed.has(pair.key.text)) continue;
      if (!findPair(config, pair.key.text)) entries.push(pair);
    }
    return { ...config, entries };
  }

  /** `rules: - if:` (ignoring `when: never` rules) or `only:`/`except:`, as text. */
  private condition(config: YMap): Scalar | null {
    const rules = this.deref(get(config, 'rules'), 0);
    if (isSeq(rules)) {
      const ifs: YScalar[] = [];
      for (const rule of rules.items) {
        const resolved = this.deref(rule, 0);
        const condition = getScalar(resolved, 'if');
        if (condition && condition.value !== null && getText(resolved, 'when') !== 'never') ifs.push(condition);
      }
      if (ifs.length === 1) return toScalar(ifs[0] as YScalar);
      if (ifs.length > 1) return { value: ifs.map((s) => `(${s.text})`).join(' || '), range: rules.range };
      return null;
    }
    const parts: string[] = [];
    let range: Range | null = null;
    for (const keyword of ['only', 'except']) {
      const value = get(config, keyword);
      if (!value) continue;
      range ??= value.range;
      const refs = isMap(value) ? listOf(get(value, 'refs')) : listOf(value);
      const names = refs.flatMap((r) => (r.kind === 'scalar' && r.value !== null ? [r.text] : []));
      if (names.length > 0) parts.push(`${keyword}: ${names.join(', ')}`);
    }
    return parts.length > 0 && range ? { value: parts.join('; '), range } : null;
  }

  /** One script section → one script (each list item keeps its lines), cached by the node it is written at. */
  private section(node: YNode, context: NodeContext, lookup: Lookup, windows: boolean): LoweredSection | null {
    const cached = this.scripts.get(node);
    if (cached) return cached;
    const pieces: TextLines[] = [];
    const foreignLines = new Set<number>();
    this.scriptPieces(node, pieces, foreignLines, 0);
    if (pieces.length === 0) return null;
    const script = pipelineScript(pieces, {
      dialect: 'bash',
      ...(windows ? { interpreter: 'pwsh' } : {}),
      range: node.range,
      context,
    });
    if (!inFileOrder(pieces)) clipBackwardRanges(script);
    const foreign = node.origin !== undefined;
    const pushes: PushNode[] = [];
    if (!foreign) {
      // Rules on scripts see only the lines written in this file.
      const local = pieces.filter((piece) => !piece.lineStarts.some((start) => foreignLines.has(start.line)));
      if (local.length === pieces.length) this.nodes.push(script);
      else if (local.length > 0) {
        const localScript = pipelineScript(local, { dialect: 'bash', ...(windows ? { interpreter: 'pwsh' } : {}), range: node.range, context });
        if (!inFileOrder(local)) clipBackwardRanges(localScript);
        this.nodes.push(localScript);
      }
    }
    const lowered: LoweredSection = { script, commands: null, pushes };
    this.scripts.set(node, lowered);
    if (!mentionsImageTools(script)) return lowered;
    const commands = pipelineCommands(script);
    lowered.commands = commands;
    let cwd: string | null = this.root;
    for (const command of commands) {
      if (command.argv[0]?.value === 'cd') {
        const target = command.argv[1];
        cwd = target && cwd !== null ? resolveBuildPath(target.value, cwd, this.root, lookup) : null;
        continue;
      }
      const facts = analyseCommand(command, lookup);
      for (const ref of facts.refs) if (HAS_INPUT_EXPRESSION.test(ref.raw)) Object.assign(ref, inputAwareRef(ref.raw, ref.role, ref.range, ref.context, lookup));
      if (facts.push) pushes.push(facts.push);
      // Lines a `!reference` brings from an included file are judged in that file.
      if (!foreign && !foreignLines.has(command.range.line)) {
        this.nodes.push(...facts.refs, ...facts.labels);
        if (facts.push) this.nodes.push(facts.push);
      }
      if (facts.build && cwd !== null) {
        const reference = commandBuildReference(facts.build, this.path, cwd, this.root, lookup);
        if (reference) this.builds.push(reference);
      }
    }
    return lowered;
  }

  /** Script items: strings, nested lists (flattened) and `!reference`s. */
  private scriptPieces(node: YNode | undefined, pieces: TextLines[], foreignLines: Set<number>, depth: number): void {
    if (!node || depth > MAX_REFERENCE_DEPTH) return;
    if (node.tag === '!reference') return this.scriptPieces(this.deref(node, 0), pieces, foreignLines, depth + 1);
    if (node.kind === 'scalar') {
      if (node.value === null) return;
      const lines = scalarLines(node);
      pieces.push(lines);
      if (node.origin !== undefined) for (const start of lines.lineStarts) foreignLines.add(start.line);
      return;
    }
    if (node.kind === 'seq') for (const item of node.items) this.scriptPieces(item, pieces, foreignLines, depth + 1);
  }
}

/** Whether a script's pieces run down the file (a `!reference` or an alias can bring lines from above). */
function inFileOrder(pieces: readonly TextLines[]): boolean {
  let last = 0;
  for (const piece of pieces) {
    for (const start of piece.lineStarts) {
      if (start.line < last) return false;
      last = start.line;
    }
  }
  return true;
}

/**
 * A word left open in one script item and closed in an item written above it in the file
 * (`!reference`, an alias) would end before it starts, and clamped onto its first line,
 * past that line's end: such ranges of the script's commands (cached, so the rules see
 * the same) end at the end of the line they start on.
 */
function clipBackwardRanges(script: ScriptNode): void {
  const lines = script.text.split('\n');
  const clip = (range: Range): Range => {
    if (range.endLine > range.line || (range.endLine === range.line && range.endColumn >= range.column)) return range;
    const index = script.lineStarts.findIndex((start, i) => start.line === range.line && start.column <= range.column && range.column <= start.column + (lines[i]?.length ?? 0));
    const start = script.lineStarts[index];
    const endColumn = start ? start.column + (lines[index]?.length ?? 0) : range.column;
    return { line: range.line, column: range.column, endLine: range.line, endColumn: Math.max(endColumn, range.column) };
  };
  for (const command of pipelineCommands(script)) {
    command.range = clip(command.range);
    command.fullRange = clip(command.fullRange);
    for (const word of command.argv) word.range = clip(word.range);
    for (const { value } of command.envPrefix) if (value) value.range = clip(value.range);
  }
}

function findPair(map: YMap, key: string): YPair | undefined {
  for (let i = map.entries.length - 1; i >= 0; i--) {
    const entry = map.entries[i] as YPair;
    if (entry.key.text === key) return entry;
  }
  return undefined;
}

/** GitLab's `extends` merge: mappings merge key by key, anything else is replaced. */
function deepMerge(base: YMap, over: YMap, depth: number): YMap {
  const entries: YPair[] = [];
  const overKeys = new Map<string, YPair>();
  for (const entry of over.entries) if (entry.key.text !== 'extends') overKeys.set(entry.key.text, entry);
  const used = new Set<string>();
  for (const entry of base.entries) {
    const key = entry.key.text;
    if (key === 'extends' || used.has(key)) continue;
    used.add(key);
    const replacement = overKeys.get(key);
    if (!replacement) entries.push(findPair(base, key) as YPair);
    else if (isMap(replacement.value) && isMap(entry.value) && depth < 50) {
      entries.push({ key: replacement.key, value: deepMerge(findPair(base, key)?.value as YMap, replacement.value, depth + 1) });
    } else entries.push(replacement);
  }
  for (const [key, entry] of overKeys) if (!used.has(key)) entries.push(entry);
  const extendsPair = findPair(over, 'extends');
  if (extendsPair) entries.push(extendsPair);
  return { kind: 'map', entries, range: over.range, ...(over.origin !== undefined ? { origin: over.origin } : {}) };
}

/** Moves every node of an included document to `range` (the include entry in this file). */
function relocate(root: YNode, range: Range): void {
  const seen = new Set<YNode>();
  const stack: YNode[] = [root];
  const start = { line: range.line, column: range.column };
  while (stack.length > 0) {
    const node = stack.pop() as YNode;
    if (seen.has(node)) continue;
    seen.add(node);
    node.range = range;
    if (node.kind === 'scalar') {
      if (node.lines) node.lines = { text: node.lines.text, lineStarts: node.lines.lineStarts.map(() => start) };
      continue;
    }
    if (node.kind === 'seq') stack.push(...node.items);
    else for (const entry of node.entries) stack.push(entry.key, entry.value);
  }
}

/**
 * `$[[ inputs.x ]]` is interpolated by GitLab before anything runs: a reference holding
 * one is unresolved. The substitution sees it as a `${{ … }}` expression of the same length.
 */
function inputAwareRef(raw: string, role: ImageRefRole, range: Range, context: NodeContext, lookup: Lookup): ImageRefNode {
  if (!HAS_INPUT_EXPRESSION.test(raw)) return imageRefNode(raw, role, range, context, lookup);
  const masked = raw.replace(INPUT_EXPRESSIONS, (expression) => `\${{${expression.slice(3, -2)}}}`);
  const node = imageRefNode(masked, role, range, context, lookup);
  return { ...node, raw, resolved: node.unresolved ? raw : node.resolved };
}
