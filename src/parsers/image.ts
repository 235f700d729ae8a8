// Image configs → normalised nodes. The same lowering serves every source: an OCI
// image config or `docker image inspect` output read from a JSON file (positions are
// those of the JSON values), and the envelope other sources are handed over in
// (src/image/facts.ts; no positions, findings at 1:1). Fields vary by producer and API
// version: all are optional, keys are matched case-insensitively as Go decodes them.
//
//   Env            → `env` nodes (source 'Env')
//   Labels         → `label` nodes
//   history        → `script` nodes (created_by, kept whole: never shell-parsed)
//   RepoTags / ref → `imageRef` nodes (role 'image-tag'; the pushed reference 'push')
//   the rest       → one `imageConfig` node per image

import type { FileModel, ParseProblem } from '../models/file.js';
import type {
  EnvNode,
  ImageConfigNode,
  ImageSourceKind,
  LabelNode,
  ModelNode,
  Range,
  RegistryTagState,
  Scalar,
  ScriptNode,
} from '../models/nodes.js';
import { imageRefNode } from '../analysis/image-ref-node.js';
import { ENVELOPE_KEY, ENVELOPE_VERSION, platformString, type ImageFacts } from '../image/facts.js';
import { member, parseJsonWithPositions, rangeInString, stringValue, toPlain, type JsonNode, type JsonObject, type JsonString } from './json-positions.js';
import { normaliseText, pointRange } from './text.js';

const NO_POSITION: Range = pointRange(1, 1);

interface Lowering {
  /** False for envelopes: every range becomes 1:1. */
  positions: boolean;
  source: ImageSourceKind;
  facts?: ImageFacts;
}

export function parseImage(path: string, source: string): FileModel {
  // Like every parser: no BOM, LF only, so a lone CR counts as the line break an editor shows.
  const text = normaliseText(source);
  const nodes: ModelNode[] = [];
  const parseErrors: ParseProblem[] = [];
  const model: FileModel = { path, kind: 'image', nodes, comments: [], parseErrors };
  const parsed = parseJsonWithPositions(text);
  if (!parsed.ok) {
    parseErrors.push({ message: parsed.error.message, range: pointRange(parsed.error.line, parsed.error.column) });
    return model;
  }
  const root = parsed.value;
  const notImage = (range: Range) =>
    parseErrors.push({ message: 'not an image config: expected an OCI image config or `docker image inspect` output', range });

  if (root.kind === 'array') {
    // `docker image inspect` prints an array, one entry per image named.
    // One problem for the first entry that is no image, not one per entry (a 1 MB array of strings).
    let reported = false;
    for (const item of root.items) {
      if (item.kind === 'object') nodes.push(...lowerImage(item, { positions: true, source: 'inspect-file' }));
      else if (!reported) {
        reported = true;
        notImage(item.range);
      }
    }
    if (root.items.length === 0) notImage(root.range);
    return model;
  }
  if (root.kind !== 'object') {
    notImage(root.range);
    return model;
  }
  const marker = hasExactKey(root, ENVELOPE_KEY) ? member(root, ENVELOPE_KEY) : undefined;
  if (marker) {
    const facts = toPlain(root) as ImageFacts & Record<string, unknown>;
    const document = member(root, 'document');
    if (typeof facts.error === 'string') {
      parseErrors.push({ message: facts.error, range: NO_POSITION });
      return model;
    }
    if (marker.kind !== 'number' || marker.value !== ENVELOPE_VERSION || !document || document.kind !== 'object') {
      parseErrors.push({ message: 'unsupported image envelope', range: NO_POSITION });
      return model;
    }
    nodes.push(...lowerImage(document, { positions: false, source: facts.source, facts }));
    return model;
  }
  if (hasExactKey(root, 'Config') || hasExactKey(root, 'Id') || hasExactKey(root, 'RepoTags')) {
    nodes.push(...lowerImage(root, { positions: true, source: 'inspect-file' }));
    return model;
  }
  if (['config', 'architecture', 'os', 'rootfs', 'history'].some((key) => hasExactKey(root, key))) {
    nodes.push(...lowerImage(root, { positions: true, source: 'config-file' }));
    return model;
  }
  notImage(pointRange(root.range.line, root.range.column));
  return model;
}

function hasExactKey(node: JsonObject, key: string): boolean {
  return node.members.some((m) => m.key.value === key);
}

function lowerImage(doc: JsonObject, how: Lowering): ModelNode[] {
  const at = (range: Range): Range => (how.positions ? range : NO_POSITION);
  const nodes: ModelNode[] = [];
  const config = objectOrUndefined(member(doc, 'config'));
  const anchor = at(pointRange((config ?? doc).range.line, (config ?? doc).range.column));
  const facts = how.facts;

  // Tags: from the file's RepoTags, or what the source gathered (RepoTags, the reference given).
  const repoTags: string[] = [];
  if (facts) {
    for (const reference of facts.references ?? []) {
      repoTags.push(reference);
      nodes.push(imageRefNode(reference, 'image-tag', NO_POSITION, {}));
    }
    if (typeof facts.push === 'string') nodes.push(imageRefNode(facts.push, 'push', NO_POSITION, {}));
  } else {
    for (const tag of strings(member(doc, 'RepoTags'))) {
      if (tag.value.includes('<none>')) continue;
      repoTags.push(tag.value);
      nodes.push(imageRefNode(tag.value, 'image-tag', at(rangeInString(tag, 0, tag.value.length)), {}));
    }
  }

  const env: string[] = [];
  for (const entry of strings(member(config, 'Env'))) {
    env.push(entry.value);
    nodes.push(envNode(entry, at, how.positions));
  }

  const labels: Record<string, string> = {};
  const labelObject = objectOrUndefined(member(config, 'Labels'));
  for (const { key, value } of labelObject?.members ?? []) {
    if (value.kind !== 'string') continue;
    Object.defineProperty(labels, key.value, { value: value.value, enumerable: true, writable: true, configurable: true });
    const label: LabelNode = {
      type: 'label',
      key: key.value,
      keyRange: how.positions ? rangeInString(key, 0, key.value.length) : NO_POSITION,
      value: value.value,
      valueRange: how.positions ? rangeInString(value, 0, value.value.length) : NO_POSITION,
      unresolved: false,
      range: at({ line: key.range.line, column: key.range.column, endLine: value.range.endLine, endColumn: value.range.endColumn }),
      context: {},
    };
    nodes.push(label);
  }

  const history: string[] = [];
  const historyList = member(doc, 'history');
  if (historyList?.kind === 'array') {
    for (const entry of historyList.items) {
      const createdBy = member(entry, 'created_by') ?? member(entry, 'CreatedBy');
      if (createdBy?.kind !== 'string' || createdBy.value === '') continue;
      history.push(createdBy.value);
      nodes.push(historyScript(createdBy, at));
    }
  }

  const userNode = member(config, 'User');
  // The value inside the quotes; an empty value points at its quotes.
  const user: Scalar | null = userNode?.kind === 'string'
    ? { value: userNode.value, range: at(userNode.value === '' ? userNode.range : rangeInString(userNode, 0, userNode.value.length)) }
    : null;
  const platform = facts ? facts.platform ?? null : platformString(
    stringValue(member(doc, 'os')),
    stringValue(member(doc, 'architecture')),
    stringValue(member(doc, 'variant')),
  );
  const sizeNode = member(doc, 'Size');
  const size = facts ? facts.size ?? null : sizeNode?.kind === 'number' && sizeNode.value >= 0 ? sizeNode.value : null;
  const idDigest = stringValue(member(doc, 'Id'));
  const digest = facts ? facts.digest ?? null : stringValue(member(doc, 'Digest')) ?? (idDigest !== null && /^sha256:[0-9a-f]{64}$/.test(idDigest) ? idDigest : null);
  const healthcheck = member(config, 'Healthcheck');

  const image: ImageConfigNode = {
    type: 'imageConfig',
    source: how.source,
    user,
    env,
    labels,
    cmd: stringArray(member(config, 'Cmd')),
    entrypoint: stringArray(member(config, 'Entrypoint')),
    healthcheck: stringArray(member(healthcheck, 'Test')),
    history,
    repoTags,
    digest,
    size,
    platform,
    platforms: facts ? facts.platforms ?? null : platform ? [platform] : [],
    range: anchor,
    context: {},
  };
  const pushTarget = facts?.pushTarget as RegistryTagState | undefined;
  if (pushTarget) image.pushTarget = pushTarget;
  nodes.push(image);
  return nodes;
}

function envNode(entry: JsonString, at: (range: Range) => Range, positions: boolean): EnvNode {
  const text = entry.value;
  const eq = text.indexOf('=');
  const name = eq === -1 ? text : text.slice(0, eq);
  return {
    type: 'env',
    source: 'Env',
    name,
    nameRange: positions ? rangeInString(entry, 0, name.length) : NO_POSITION,
    value: eq === -1 ? null : text.slice(eq + 1),
    valueRange: eq === -1 ? null : positions ? rangeInString(entry, eq + 1, text.length) : NO_POSITION,
    range: at(entry.range),
    context: {},
  };
}

/**
 * A history entry's `created_by` (`/bin/sh -c #(nop) ENV …`, BuildKit's `RUN |2 A=b …`)
 * is a record of a build step, not a script to run: it is kept whole as one word, so
 * secret scanning sees all of it and findings point into the JSON string as written.
 */
function historyScript(createdBy: JsonString, at: (range: Range) => Range): ScriptNode {
  const range = at(createdBy.range);
  const lines = createdBy.value.split('\n');
  return {
    type: 'script',
    text: createdBy.value,
    lineStarts: lines.map(() => ({ line: range.line, column: range.column })),
    dialect: 'posix',
    exec: [{ value: createdBy.value, dynamic: false, range }],
    range,
    context: {},
  };
}

function objectOrUndefined(node: JsonNode | undefined): JsonObject | undefined {
  return node?.kind === 'object' ? node : undefined;
}

function strings(node: JsonNode | undefined): JsonString[] {
  if (node?.kind !== 'array') return [];
  return node.items.filter((item): item is JsonString => item.kind === 'string');
}

function stringArray(node: JsonNode | undefined): string[] | null {
  if (node?.kind === 'string') return [node.value];
  if (node?.kind !== 'array') return null;
  return strings(node).map((s) => s.value);
}
