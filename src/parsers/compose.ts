// Compose files → normalised model: service images, builds (context, dockerfile,
// args, labels), environment and labels. Extension fields (`x-*`) matter only
// through anchors and merge keys, which the YAML layer applies.
//
// `image:` of a service that also has `build:` names the image compose builds (and
// `docker compose push` publishes): it is a `build-tag` reference, not a consumed
// `compose-image`, so base-image rules (trusted registries, digest pinning) do not
// judge a name the project gives its own image.
//
// Interpolation: `${VAR:-default}` / `${VAR-default}` take the default unless the
// variable is set in the `.env` file next to the compose file (read when the parser
// is given `readFile`); `$$` is a literal `$`. Anything else unresolved is kept as
// written and flagged, like every unresolved reference.

import { posix } from 'node:path';
import type { BuildReference, FileModel } from '../models/file.js';
import type { EnvNode, ImageRefNode, ImageRefRole, LabelNode, ModelNode, NodeContext, Range } from '../models/nodes.js';
import { imageRefNode, type Lookup } from '../analysis/image-ref-node.js';
import { buildReference } from '../analysis/builds.js';
import { substitute } from '../analysis/variables.js';
import { normaliseText, pointRange } from './text.js';
import { get, getScalar, isMap, parseYaml, scalarLines, type YNode, type YScalar } from './yaml.js';

export interface ComposeParseOptions {
  /** Reads a file relative to cwd; used for the `.env` file beside the compose file. */
  readFile?: (path: string) => string | null;
}

export function parseCompose(path: string, source: string, options: ComposeParseOptions = {}): FileModel {
  const text = normaliseText(source);
  const yaml = parseYaml(text);
  const nodes: ModelNode[] = [];
  const builds: BuildReference[] = [];
  const model: FileModel = { path, kind: 'compose', nodes, comments: yaml.comments, parseErrors: yaml.problems, builds };
  const root = yaml.documents[0] ?? null;
  if (root === null) return model;
  if (!isMap(root)) {
    model.parseErrors.push({ message: 'expected a mapping (services, volumes, …) at the top level', range: pointRange(root.range.line, root.range.column) });
    return model;
  }
  const directory = posix.dirname(path) === '.' ? '' : posix.dirname(path);
  const lookup = dotEnvLookup(options.readFile?.(posix.join(directory || '.', '.env')) ?? null);
  const services = get(root, 'services');
  if (!isMap(services)) return model;
  for (const { key, value: service } of services.entries) {
    if (!isMap(service)) continue;
    const context: NodeContext = { job: key.text };
    const build = get(service, 'build');
    const image = getScalar(service, 'image');
    if (image && image.value !== null && image.text !== '') {
      nodes.push(composeRef(image, build !== undefined ? 'build-tag' : 'compose-image', context, lookup));
    }
    if (build) {
      const reference = lowerBuild(build, path, directory, context, lookup, nodes);
      if (reference) builds.push(reference);
    }
    nodes.push(...keyValues(get(service, 'environment')).map((kv) => envNode(kv, context)));
    for (const kv of keyValues(get(service, 'labels'))) nodes.push(labelNode(kv, context, lookup));
  }
  return model;
}

/** A reference with compose interpolation: `$$` is a literal `$`, `${X:-d}` takes its default. */
function composeRef(scalar: YScalar, role: ImageRefRole, context: NodeContext, lookup: Lookup): ImageRefNode {
  const raw = scalar.text;
  if (!raw.includes('$')) return imageRefNode(raw, role, scalar.range, context);
  // `$$` becomes `\$`, which the substitution reads as a literal dollar.
  const node = imageRefNode(raw.split('$$').join('\\$'), role, scalar.range, context, lookup);
  return { ...node, raw };
}

function lowerBuild(build: YNode, path: string, directory: string, context: NodeContext, lookup: Lookup, nodes: ModelNode[]): BuildReference | null {
  const interpolate = (value: string): string | undefined => {
    if (!value.includes('$')) return value;
    const result = substitute(value.split('$$').join('\\$'), lookup);
    return result.unresolved ? undefined : result.text;
  };
  if (build.kind === 'scalar') {
    if (build.value === null) return null;
    const contextPath = interpolate(build.text);
    if (contextPath === undefined) return null;
    return buildReference({ origin: path, base: directory, file: null, fileInContext: true, context: contextPath, buildArgs: {}, labels: {} });
  }
  if (!isMap(build) || get(build, 'dockerfile_inline') !== undefined) return null;
  const contextPath = getScalar(build, 'context');
  const dockerfile = getScalar(build, 'dockerfile');
  const contextValue = contextPath && contextPath.value !== null ? interpolate(contextPath.text) : '.';
  const fileValue = dockerfile && dockerfile.value !== null ? interpolate(dockerfile.text) : null;
  if (contextValue === undefined || fileValue === undefined) return null;
  const buildArgs: Record<string, string> = {};
  for (const kv of keyValues(get(build, 'args'))) {
    if (kv.value === null) continue;
    const value = interpolate(kv.value.text);
    if (value !== undefined) buildArgs[kv.name] = value;
  }
  const labels: Record<string, string> = {};
  for (const kv of keyValues(get(build, 'labels'))) {
    const label = labelNode(kv, context, lookup);
    labels[label.key] = label.value;
    nodes.push(label);
  }
  return buildReference({ origin: path, base: directory, file: fileValue, fileInContext: true, context: contextValue, buildArgs, labels });
}

interface KeyValue {
  name: string;
  nameRange: Range;
  value: { text: string; range: Range } | null;
  range: Range;
}

/** A mapping (`KEY: value`) or a list (`- KEY=value`, `- KEY`) of names and values. */
function keyValues(node: YNode | undefined): KeyValue[] {
  const out: KeyValue[] = [];
  if (!node) return out;
  if (node.kind === 'map') {
    for (const { key, value } of node.entries) {
      if (key.text === '') continue;
      const scalar = value.kind === 'scalar' && value.value !== null ? value : null;
      out.push({
        name: key.text,
        nameRange: key.range,
        value: scalar ? { text: scalar.text, range: scalar.range } : null,
        range: { line: key.range.line, column: key.range.column, endLine: value.range.endLine, endColumn: value.range.endColumn },
      });
    }
    return out;
  }
  if (node.kind !== 'seq') return out;
  for (const item of node.items) {
    if (item.kind !== 'scalar' || item.value === null || item.text === '') continue;
    const start = scalarLines(item).lineStarts[0] ?? { line: item.range.line, column: item.range.column };
    const singleLine = item.range.line === item.range.endLine && !item.text.includes('\n');
    const at = (offset: number): Range => singleLine
      ? { line: start.line, column: start.column + offset, endLine: start.line, endColumn: start.column + offset }
      : item.range;
    const eq = item.text.indexOf('=');
    const name = eq === -1 ? item.text : item.text.slice(0, eq);
    const nameRange = singleLine ? { ...at(0), endColumn: start.column + name.length } : item.range;
    out.push({
      name,
      nameRange,
      value: eq === -1 ? null : { text: item.text.slice(eq + 1), range: singleLine ? { ...at(eq + 1), endColumn: start.column + item.text.length } : item.range },
      range: item.range,
    });
  }
  return out;
}

function envNode(kv: KeyValue, context: NodeContext): EnvNode {
  return {
    type: 'env',
    source: 'environment',
    name: kv.name,
    nameRange: kv.nameRange,
    value: kv.value?.text ?? null,
    valueRange: kv.value?.range ?? null,
    range: kv.range,
    context,
  };
}

function labelNode(kv: KeyValue, context: NodeContext, lookup: Lookup): LabelNode {
  const written = kv.value?.text ?? '';
  const substitution = written.includes('$') ? substitute(written.split('$$').join('\\$'), lookup) : null;
  return {
    type: 'label',
    key: kv.name,
    keyRange: kv.nameRange,
    value: substitution ? substitution.text : written,
    valueRange: kv.value?.range ?? kv.nameRange,
    unresolved: substitution?.unresolved ?? false,
    range: kv.range,
    context,
  };
}

/** Variables from a `.env` file (`KEY=value`, optional quotes, `#` comments). */
function dotEnvLookup(content: string | null): Lookup {
  const values = new Map<string, string>();
  if (content !== null) {
    for (const line of normaliseText(content).split('\n')) {
      const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*?)\s*$/.exec(line);
      if (!match) continue;
      let value = match[2] ?? '';
      const quote = value[0];
      const close = quote === '"' || quote === "'" ? value.indexOf(quote, 1) : -1;
      if (close !== -1) value = value.slice(1, close);
      else value = value.replace(/\s+#.*$/, '');
      values.set(match[1] ?? '', value);
    }
  }
  return (name) => {
    const value = values.get(name);
    if (value === undefined) return undefined;
    return value.includes('$') ? null : value;
  };
}
