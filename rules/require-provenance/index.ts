// Provenance attestations record how, where and from what an image was built; BuildKit
// adds them by default, and turning them off removes the only build record the image carries.

import { defineRule } from '../../src/engine/rule.js';
import type { PipelineJob } from '../../src/models/nodes.js';
import { JobGraph, actionPath, onWrittenPushes } from '../../src/analysis/pipeline.js';

/** GitHub artifact attestations: signed provenance / SBOM for a pushed digest, made by a later step. */
const ATTEST_PROVENANCE = new Set(['actions/attest-build-provenance']);
const ATTEST_SBOM = new Set(['actions/attest-sbom']);

/** Whether a step of `job` (from index `after` on) or of a job after it attests with one of `actions`. */
function attestsLater(job: PipelineJob, after: number, later: PipelineJob[], actions: ReadonlySet<string>): boolean {
  const attests = (j: PipelineJob, from: number) => j.steps.some((s) => s.index >= from && s.uses !== null && actions.has(actionPath(s.uses.value)));
  return attests(job, after) || later.some((j) => attests(j, 0));
}

export default defineRule<{ requireSbom: boolean }>({
  meta: {
    id: 'require-provenance',
    kinds: ['github-workflow', 'gitlab-ci'],
    description: 'Require BuildKit pushes (build-push-action, bake, buildx) to keep provenance attestations on.',
    rationale:
      'BuildKit attaches a SLSA provenance attestation to every pushed image unless told not to (`provenance: false`, ' +
      '`--provenance=false`, `attests: type=provenance,disabled=true`). Without it nobody can verify which source, ' +
      'build arguments and builder produced the image. With `requireSbom`, pushes must also attach an SBOM ' +
      '(`sbom: true`, `--sbom=true`), which scanners and auditors read without pulling the image.',
    security: true,
    recommended: 'warning',
    strict: 'error',
    schema: {
      type: 'object',
      properties: {
        requireSbom: {
          type: 'boolean',
          description: 'Also require an SBOM attestation (`sbom: true`, `--sbom=true`, `attests: type=sbom`) on every BuildKit push.',
        },
      },
      additionalProperties: false,
    },
    defaults: { requireSbom: false },
    presetOptions: { strict: { requireSbom: true } },
    messages: {
      provenanceOff: 'This push turns provenance attestations off; remove "provenance: false" (or set "mode=max") so the image records how it was built.',
      sbomMissing: 'This push attaches no SBOM; add "sbom: true" (buildx "--sbom=true") so the image lists what it contains.',
    },
  },
  create(context, { requireSbom }) {
    return onWrittenPushes((pipeline, pushes) => {
      const graph = new JobGraph(pipeline);
      const judged = new Set<unknown>();
      for (const { job, push, step } of pushes) {
        // Only BuildKit builds carry attestations; `docker push`, kaniko and buildah pushes have no settings here.
        if (!push.build || judged.has(push)) continue;
        judged.add(push);
        const later = graph.after(job.id);
        if (push.build.provenance === 'off' && !attestsLater(job, step + 1, later, ATTEST_PROVENANCE)) {
          context.report({ messageId: 'provenanceOff', range: push.range });
        }
        if (requireSbom && (push.build.sbom === 'default' || push.build.sbom === 'off') && !attestsLater(job, step + 1, later, ATTEST_SBOM)) {
          context.report({ messageId: 'sbomMissing', range: push.range });
        }
      }
    });
  },
});
