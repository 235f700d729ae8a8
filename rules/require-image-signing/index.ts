// A signature lets whoever pulls an image check who published it. Sign the digest you
// pushed: a tag can be moved to another image after it was signed.

import { defineRule } from '../../src/engine/rule.js';
import { JobGraph, commandAt, contentTrustOn, isBefore, jobSignatures, signsWhilePushing, onWrittenPushes } from '../../src/analysis/pipeline.js';

const DOCKER_PUSHES = new Set(['docker push', 'docker image push']);

export default defineRule({
  meta: {
    id: 'require-image-signing',
    kinds: ['github-workflow', 'gitlab-ci'],
    description: 'Require every pushed image to be signed by digest (cosign, notation) or pushed with Docker Content Trust.',
    rationale:
      'Admission controllers and `cosign verify` can only check images that were signed. Sign after the push, in a ' +
      'later step of the same job or in a job that needs it, with `cosign sign` or `notation sign` on the pushed ' +
      'digest (`image@sha256:…`, `image@${{ steps.build.outputs.digest }}`); or push with `DOCKER_CONTENT_TRUST=1`. ' +
      'Signing a tag signs whatever the tag points to when the signer resolves it, which may no longer be what this ' +
      'job pushed. Installing cosign (sigstore/cosign-installer) is not signing.',
    security: true,
    recommended: 'warning',
    strict: 'error',
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaults: {},
    messages: {
      unsigned:
        'Job "{{job}}" pushes an image that nothing signs; sign the pushed digest afterwards (cosign sign / notation sign IMAGE@DIGEST) or push with DOCKER_CONTENT_TRUST=1.',
      signsTag:
        'Job "{{job}}" signs the pushed image by tag ({{tool}}), which signs whatever the tag points to when it is resolved; sign the pushed digest (IMAGE@DIGEST) instead.',
    },
  },
  create(context) {
    return onWrittenPushes((pipeline, pushes) => {
        const graph = new JobGraph(pipeline);
        const reported = new Set<string>();
        for (const { job, push, step, position } of pushes) {
          const command = commandAt(job.steps[step], push.range);
          if (signsWhilePushing(command)) continue;
          if (DOCKER_PUSHES.has(push.tool) && contentTrustOn(job, step, command)) continue;
          const signatures = [
            ...jobSignatures(job).filter((signature) => isBefore(position, signature.position)),
            ...graph.after(job.id).flatMap((other) => jobSignatures(other)),
          ];
          if (signatures.some((signature) => signature.byDigest)) continue;
          const key = `${push.range.line}:${push.range.column}:${job.id}`;
          if (reported.has(key)) continue;
          reported.add(key);
          const first = signatures[0];
          if (first) context.report({ messageId: 'signsTag', data: { job: job.id, tool: first.tool }, range: push.range });
          else context.report({ messageId: 'unsigned', data: { job: job.id }, range: push.range });
        }
    });
  },
});
