// A tag can be re-pointed at any time; only a digest names exactly one image.

import { defineRule } from '../../src/engine/rule.js';
import type { ImageRefRole } from '../../src/models/nodes.js';

const BASE_ROLES: ReadonlySet<ImageRefRole> = new Set<ImageRefRole>(['base', 'copy-from', 'mount-from', 'compose-image']);

export default defineRule({
  meta: {
    id: 'pin-base-image-digest',
    kinds: ['dockerfile', 'compose'],
    description: 'Require base images to be pinned by digest (`image:tag@sha256:…`).',
    rationale:
      'Tags are mutable: the image behind `node:20` changes with every rebuild upstream, and a compromised registry ' +
      'account can re-point it. A digest pins the exact bytes, so builds are reproducible and a swapped image fails ' +
      'to pull instead of running. Keep the tag next to the digest for readers and for update bots.',
    security: true,
    recommended: 'off',
    strict: 'error',
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaults: {},
    messages: {
      unpinned: 'Base image "{{ref}}"{{via}} is not pinned by digest; pin it as "{{suggestion}}@sha256:…".',
    },
  },
  create(context) {
    return {
      imageRef(node) {
        // Unresolved references are not judged; malformed ones are valid-image-reference's.
        if (!BASE_ROLES.has(node.role) || node.unresolved || !node.ref || node.ref.digest !== null) return;
        const { ref } = node;
        const via = node.resolved === node.raw ? '' : ` (resolved to "${node.resolved}")`;
        const name = ref.explicitRegistry ? `${ref.registry}/${ref.writtenPath}` : ref.writtenPath;
        context.report({
          messageId: 'unpinned',
          data: { ref: node.raw, via, suggestion: `${name}:${ref.tag ?? '<tag>'}` },
          range: node.range,
        });
      },
    };
  },
});
