// Untagged and `:latest` references are moving targets: builds stop being
// reproducible and pushes overwrite what others pull.

import { defineRule } from '../../src/engine/rule.js';
import type { ImageRefNode } from '../../src/models/nodes.js';

const PUBLISHED = new Set(['build-tag', 'push', 'image-tag']);

export default defineRule({
  meta: {
    id: 'no-latest-tag',
    kinds: ['dockerfile', 'compose', 'github-workflow', 'gitlab-ci', 'shell', 'image'],
    description: 'Disallow image references that are untagged or tagged `latest`.',
    rationale:
      '`latest` is whatever was pushed last. Consuming it makes builds unreproducible; publishing it moves a tag ' +
      'that deployments pull. Pin a version tag or a digest instead.',
    security: true,
    recommended: 'error',
    strict: 'error',
    schema: {
      type: 'object',
      properties: {
        allowLatestAlongsideImmutable: {
          type: 'boolean',
          description: 'Allow a push to publish `latest` when the same step also publishes an immutable tag (version or commit SHA).',
        },
      },
      additionalProperties: false,
    },
    defaults: { allowLatestAlongsideImmutable: false },
    messages: {
      untagged: 'Image "{{ref}}" has no tag, so it means "latest"; pin a version tag or a digest.',
      latest: 'Image "{{ref}}" uses the mutable "latest" tag; pin a version tag or a digest.',
      untaggedResolved: 'Image "{{ref}}" resolves to "{{resolved}}", which has no tag, so it means "latest"; pin a version tag or a digest.',
      latestResolved: 'Image "{{ref}}" resolves to "{{resolved}}", the mutable "latest" tag; pin a version tag or a digest.',
      publishesLatest: 'This publishes "{{ref}}" with the mutable "latest" tag; publish an immutable version or commit tag instead.',
    },
  },
  create(context) {
    const report = (node: ImageRefNode, messageId: string) =>
      context.report({ messageId, data: { ref: node.raw, resolved: node.resolved }, range: node.range });
    return {
      imageRef(node) {
        const published = PUBLISHED.has(node.role);
        if (node.unresolved) {
          if (node.literalTag === 'latest') report(node, published ? 'publishesLatest' : 'latest');
          return;
        }
        const ref = node.ref;
        if (!ref || ref.digest) return;
        if (ref.tag !== null && ref.tag !== 'latest') return;
        if (published) return report(node, 'publishesLatest');
        const viaVariable = node.resolved !== node.raw;
        if (ref.tag === null) report(node, viaVariable ? 'untaggedResolved' : 'untagged');
        else report(node, viaVariable ? 'latestResolved' : 'latest');
      },
    };
  },
});
