// docker/metadata-action: which tags and labels a step's outputs will hold.
// The tags depend on the event (a git tag, a branch, a PR, a schedule), so each is
// modelled by its kind with the unknown part as a `{{placeholder}}`; only tags that
// are the same whatever the event (`latest`, `type=raw,value=1.0`, `edge`) are literal.
//
// Defaults follow the action's documentation: without `tags:` the set is
// `type=schedule`, `type=ref,event=branch`, `type=ref,event=tag`, `type=ref,event=pr`;
// `flavor: latest=auto` (the default) publishes `latest` when a tag can be a release
// (SPEC §3.1: semver, pep440, match, ref event=tag, or the default set).

import type { ImageRefNode, ImageRefRole, ImageTagKind, NodeContext, Range } from '../models/nodes.js';
import { imageRefNode } from './image-ref-node.js';
import { csvFields } from './push.js';

/** An input item as written (one line of `tags:`, one image of `images:`), with its position. */
export interface InputItem {
  value: string;
  range: Range;
}

export interface MetadataInputs {
  /** The step's `id`, by which other steps read its outputs. */
  id: string | null;
  /** Range of the step's `uses:` value: where defaults and `latest=auto` are reported. */
  usesRange: Range;
  images: InputItem[];
  /** `tags:` lines, or null when the input is absent (the default set applies). */
  tags: InputItem[] | null;
  flavor: InputItem[];
  labels: InputItem[];
}

export interface ModelledTag {
  kind: ImageTagKind;
  /** The tag as it will be published; unknown parts as `{{version}}`, `{{sha}}`, `{{branch}}`… */
  tag: string;
  /** True when the tag is the same on every run (`latest`, `edge`, a raw literal). */
  literal: boolean;
  /** The `tags:`/`flavor:` line it comes from, or the step's `uses:` for defaults. */
  range: Range;
}

export interface MetadataLabel {
  key: string;
  value: string;
  /** Position of a label written in `labels:`; null for the action's default labels. */
  keyRange: Range | null;
  valueRange: Range | null;
}

export interface MetadataModel {
  id: string | null;
  images: InputItem[];
  tags: ModelledTag[];
  /** Whether `latest` is among the tags (flavor `latest=auto`/`true`, or a raw `latest`). */
  publishesLatest: boolean;
  /** Default OCI labels, then the `labels:` input (later wins). */
  labels: MetadataLabel[];
}

/** The action's default labels (values stand for what it computes from the repository and the run). */
export const DEFAULT_LABELS: Readonly<Record<string, string>> = {
  'org.opencontainers.image.title': '{{repository.name}}',
  'org.opencontainers.image.description': '{{repository.description}}',
  'org.opencontainers.image.url': '{{repository.html_url}}',
  'org.opencontainers.image.source': '{{repository.html_url}}',
  'org.opencontainers.image.version': '{{version}}',
  'org.opencontainers.image.created': '{{date}}',
  'org.opencontainers.image.revision': '{{sha}}',
  'org.opencontainers.image.licenses': '{{repository.license}}',
};

const DEFAULT_TAGS = ['type=schedule', 'type=ref,event=branch', 'type=ref,event=tag', 'type=ref,event=pr'];
const RELEASE_KINDS: ReadonlySet<ImageTagKind> = new Set<ImageTagKind>(['semver', 'match', 'tag']);

export function metadataModel(inputs: MetadataInputs): MetadataModel {
  const flavor = new Map<string, { value: string; range: Range }>();
  for (const item of inputs.flavor) {
    for (const [key, value] of csvFields(item.value)) flavor.set(key, { value, range: item.range });
  }
  const prefix = flavor.get('prefix')?.value ?? '';
  const suffix = flavor.get('suffix')?.value ?? '';
  const lines = inputs.tags ?? DEFAULT_TAGS.map((value) => ({ value, range: inputs.usesRange }));
  const tags: ModelledTag[] = [];
  let releaseLike = inputs.tags === null;
  for (const line of lines) {
    const tag = modelTag(line, prefix, suffix);
    if (!tag) continue;
    tags.push(tag);
    if (RELEASE_KINDS.has(tag.kind)) releaseLike = true;
  }
  const latest = (flavor.get('latest')?.value ?? 'auto').trim().toLowerCase();
  const latestOn = latest === 'true' || (latest === 'auto' && releaseLike) || (latest !== 'false' && latest.includes('${{'));
  if (latestOn && !tags.some((t) => t.tag === 'latest')) {
    const onLatest = /^(true|1)$/.test(flavor.get('onlatest')?.value ?? '');
    const tag = onLatest ? `${prefix}latest${suffix}` : 'latest';
    const range = latest === 'auto' ? inputs.usesRange : flavor.get('latest')?.range ?? inputs.usesRange;
    tags.push({ kind: 'latest', tag, literal: !tag.includes('{{'), range });
  }
  const labels: MetadataLabel[] = Object.entries(DEFAULT_LABELS).map(([key, value]) => ({ key, value, keyRange: null, valueRange: null }));
  for (const item of inputs.labels) {
    const eq = item.value.indexOf('=');
    if (eq <= 0) continue;
    const key = item.value.slice(0, eq).trim();
    const at = item.range.column;
    const sameLine = item.range.line === item.range.endLine;
    labels.push({
      key,
      value: item.value.slice(eq + 1),
      keyRange: sameLine ? { line: item.range.line, column: at, endLine: item.range.line, endColumn: at + key.length } : item.range,
      valueRange: sameLine ? { line: item.range.line, column: at + eq + 1, endLine: item.range.line, endColumn: item.range.endColumn } : item.range,
    });
  }
  return { id: inputs.id, images: imageNames(inputs.images), tags, publishesLatest: tags.some((t) => t.tag === 'latest'), labels };
}

/** One `tags:` line → the tag it produces, or null when disabled or unknown. */
function modelTag(item: InputItem, globalPrefix: string, globalSuffix: string): ModelledTag | null {
  const text = item.value.trim();
  if (text === '') return null;
  const fields = /^type=/i.test(text) ? csvFields(text) : new Map([['type', 'raw'], ['value', text]]);
  if ((fields.get('enable') ?? '').trim().toLowerCase() === 'false') return null;
  const prefix = fields.get('prefix');
  const suffix = fields.get('suffix');
  const affix = (body: string, defaultPrefix = globalPrefix) => `${prefix ?? defaultPrefix}${body}${suffix ?? globalSuffix}`;
  const type = (fields.get('type') ?? '').toLowerCase();
  const make = (kind: ImageTagKind, tag: string): ModelledTag => ({ kind, tag, literal: !/\{\{|\$\{\{/.test(tag), range: item.range });
  switch (type) {
    case 'semver':
    case 'pep440':
      return make('semver', affix(fields.get('pattern') ?? '{{version}}'));
    case 'match':
      return make('match', affix('{{match}}'));
    case 'ref': {
      const event = (fields.get('event') ?? '').toLowerCase();
      if (event === 'tag') return make('tag', affix('{{tag}}'));
      if (event === 'pr') return make('pr', affix('{{pr}}', 'pr-'));
      return make('branch', affix('{{branch}}'));
    }
    case 'sha':
      return make('sha', affix('{{sha}}', 'sha-'));
    case 'schedule':
      return make('schedule', affix(fields.get('pattern') ?? 'nightly'));
    case 'edge':
      return make('edge', affix('edge'));
    case 'raw': {
      const value = affix(fields.get('value') ?? '');
      if (value === '') return null;
      return make(value === 'latest' ? 'latest' : 'raw', value);
    }
    default:
      return null;
  }
}

/** `images:` entries: `ghcr.io/acme/app` or `name=ghcr.io/acme/app,enable=…`. */
function imageNames(items: readonly InputItem[]): InputItem[] {
  const names: InputItem[] = [];
  for (const item of items) {
    if (!/^name=/i.test(item.value)) {
      names.push(item);
      continue;
    }
    const fields = csvFields(item.value);
    if ((fields.get('enable') ?? '').trim().toLowerCase() === 'false') continue;
    const name = fields.get('name');
    if (name) names.push({ value: name, range: item.range });
  }
  return names;
}

/**
 * The modelled tags as image references, one per image and tag, at the tag's line.
 * Tags with unknown parts are marked unresolved (never judged by the reference
 * grammar); literal ones are parsed, so `ghcr.io/acme/app:latest` is judged like
 * any other published reference.
 */
export function metadataRefs(model: MetadataModel, role: ImageRefRole, context: NodeContext): ImageRefNode[] {
  const refs: ImageRefNode[] = [];
  for (const image of model.images) {
    for (const tag of model.tags) {
      const raw = `${image.value}:${tag.tag}`;
      let node = imageRefNode(raw, role, tag.range, context);
      if (!tag.literal) {
        node = { ...node, unresolved: true, ref: null };
        delete node.literalTag;
      }
      node.tagKind = tag.kind;
      refs.push(node);
    }
  }
  return refs;
}
