// Builds `imageRef` nodes the same way for every parser: substitute what can be
// resolved, parse what is literal, remember a literal tag written after a variable.

import type { ImageRefNode, ImageRefRole, NodeContext, Range } from '../models/nodes.js';
import { parseImageReference } from './image-ref.js';
import { substitute } from './variables.js';

/** `undefined`: unset; `null`: set to a value known only at build time. */
export type Lookup = (name: string) => string | null | undefined;

const noVariables: Lookup = () => undefined;
const TRAILING_TAG = /:([A-Za-z0-9_][A-Za-z0-9_.-]*)$/;

export function imageRefNode(
  raw: string,
  role: ImageRefRole,
  range: Range,
  context: NodeContext,
  lookup: Lookup = noVariables,
  escape: '\\' | '`' = '\\',
): ImageRefNode {
  const substitution = raw.includes('$') ? substitute(raw, lookup, escape) : null;
  const resolved = substitution ? substitution.text : raw;
  const unresolved = substitution?.unresolved ?? false;
  const node: ImageRefNode = {
    type: 'imageRef',
    role,
    raw,
    resolved,
    unresolved,
    ref: null,
    range,
    context,
  };
  if (unresolved) {
    // The tag is literal when nothing after the last ':' is a variable, written or
    // substituted: `$IMG:latest`, and `$CI_REGISTRY_IMAGE:$TAG` with TAG=latest.
    const tag = TRAILING_TAG.exec(resolved);
    const tail = tag ? resolved.slice(tag.index) : '';
    if (tag && !tail.includes('/')) node.literalTag = tag[1];
    return node;
  }
  const parsed = parseImageReference(resolved);
  if (parsed.ok) node.ref = parsed.ref;
  return node;
}
