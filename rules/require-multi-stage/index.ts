// A single-stage image ships its compilers, package caches and sources. A build
// stage plus a final stage that copies only the artifacts keeps the image small
// and its attack surface to what runs.

import { defineRule } from '../../src/engine/rule.js';
import { copiesFromEarlierStage, finalStage, stageChain } from '../../src/analysis/stages.js';
import type { StageNode } from '../../src/models/nodes.js';

/** A lone `FROM scratch` stage that only assembles files is already minimal. */
function isPlainScratch(stages: readonly StageNode[]): boolean {
  const only = stages[0];
  return stages.length === 1 && only !== undefined && only.scratch &&
    !only.instructions.some((instruction) => instruction.keyword === 'RUN' || instruction.keyword === 'ADD');
}

export default defineRule({
  meta: {
    id: 'require-multi-stage',
    kinds: ['dockerfile'],
    description: 'Require a multi-stage build whose final stage copies its artifacts from a build stage.',
    rationale:
      'Building in the image that ships leaves compilers, package-manager caches and sources in it. Build in an ' +
      'earlier stage and `COPY --from` only the artifacts into the final stage: smaller images, fewer vulnerabilities.',
    security: false,
    recommended: 'warning',
    strict: 'error',
    schema: {
      type: 'object',
      properties: {
        minStages: { type: 'integer', minimum: 1, description: 'Minimum number of stages (FROM lines) the Dockerfile must have.' },
      },
      additionalProperties: false,
    },
    defaults: { minStages: 2 },
    messages: {
      tooFewStages:
        'The Dockerfile has {{count}} stage(s), fewer than {{min}}; build in a separate stage and copy only the artifacts into the final one.',
      noArtifacts:
        'The final stage "{{stage}}" copies nothing from a build stage; add `COPY --from=<build stage>` for the artifacts instead of building in the final image.',
    },
  },
  create(context, options) {
    return {
      dockerfile(df) {
        const final = finalStage(df);
        if (!final || isPlainScratch(df.stages)) return;
        if (df.stages.length < options.minStages) {
          context.report({ messageId: 'tooFewStages', data: { count: df.stages.length, min: options.minStages }, range: final.fromRange });
          return;
        }
        if (df.stages.length === 1) return;
        // The image is the final stage plus the stages it builds on; a copy only separates
        // build from runtime when its source stage is not one of those.
        const chain = stageChain(df, final.index);
        const inChain = new Set(chain.map((stage) => stage.index));
        const separated = chain.some((stage) =>
          copiesFromEarlierStage(stage).some((copy) => copy.fromStage !== null && !inChain.has(copy.fromStage)));
        if (separated) return;
        context.report({ messageId: 'noArtifacts', data: { stage: final.name ?? String(final.index) }, range: final.fromRange });
      },
    };
  },
});
