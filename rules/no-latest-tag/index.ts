// Untagged and `:latest` references are moving targets: builds stop being
// reproducible and pushes overwrite what others pull.

import { defineRule } from '../../src/engine/rule.js';
import type { ImageRefNode, PipelineNode, PushNode } from '../../src/models/nodes.js';
import { gitlabJobTagOnly, githubJobTagOnly, pipelineTagOnly, pushedTag } from '../../src/analysis/pipeline.js';

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
  create(context, { allowLatestAlongsideImmutable }) {
    const report = (node: ImageRefNode, messageId: string) =>
      context.report({ messageId, data: { ref: node.raw, resolved: node.resolved }, range: node.range });
    // With allowLatestAlongsideImmutable, published `latest` is decided at the end, once the
    // step's other tags (and the push that carries them) have been seen.
    const deferred: ImageRefNode[] = [];
    const published: ImageRefNode[] = [];
    const pushes: PushNode[] = [];
    let pipeline: PipelineNode | null = null;
    const publishLatest = (node: ImageRefNode) => (allowLatestAlongsideImmutable ? deferred.push(node) : report(node, 'publishesLatest'));

    const immutable = (ref: ImageRefNode): boolean => {
      const job = ref.context.job === undefined ? undefined : pipeline?.jobs.find((j) => j.id === ref.context.job);
      const tagOnly = pipelineTagOnly(pipeline) || (job !== undefined && (job.stage !== null ? gitlabJobTagOnly(job) : githubJobTagOnly(job)));
      const text = ref.tagKind ? ref : { ...ref, raw: ref.resolved };
      return pushedTag(text, {}, { tagOnly }).traceability === 'immutable';
    };
    const sameStep = (a: ImageRefNode, b: ImageRefNode) =>
      a.context.step !== undefined && a.context.job === b.context.job && a.context.step === b.context.step;

    return {
      pipeline(node) {
        pipeline = node;
      },
      push(node) {
        if (allowLatestAlongsideImmutable) pushes.push(node);
      },
      imageRef(node) {
        const isPublished = PUBLISHED.has(node.role);
        if (isPublished && allowLatestAlongsideImmutable) published.push(node);
        if (node.unresolved) {
          if (node.literalTag !== 'latest') return;
          if (isPublished) publishLatest(node);
          else report(node, 'latest');
          return;
        }
        const ref = node.ref;
        if (!ref || ref.digest) return;
        if (ref.tag !== null && ref.tag !== 'latest') return;
        if (isPublished) {
          publishLatest(node);
          return;
        }
        const viaVariable = node.resolved !== node.raw;
        if (ref.tag === null) report(node, viaVariable ? 'untaggedResolved' : 'untagged');
        else report(node, viaVariable ? 'latestResolved' : 'latest');
      },
      exit() {
        for (const node of deferred) {
          // The same push, or (in a pipeline) anything published in the same step.
          const push = pushes.find((p) => p.targets.includes(node));
          const companions = [...(push ? push.targets : []), ...published.filter((other) => sameStep(other, node))];
          if (companions.some((other) => other !== node && immutable(other))) continue;
          report(node, 'publishesLatest');
        }
      },
    };
  },
});
