// Provenance attestations record how, where and from what an image was built; BuildKit
// adds them by default, and turning them off removes the only build record the image carries.

import { defineRule } from '../../src/engine/rule.js';

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
    return {
      push(push) {
        // Only BuildKit builds carry attestations; `docker push`, kaniko and buildah pushes have no settings here.
        if (!push.build) return;
        if (push.build.provenance === 'off') context.report({ messageId: 'provenanceOff', range: push.range });
        if (requireSbom && (push.build.sbom === 'default' || push.build.sbom === 'off')) {
          context.report({ messageId: 'sbomMissing', range: push.range });
        }
      },
    };
  },
});
