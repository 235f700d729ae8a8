// A release tag is a promise: `1.4.2` is the image that was tested and announced.
// Moving it silently changes what every deployment pinned to it pulls next.

import { defineRule } from '../../src/engine/rule.js';

/** Release tags: `v?MAJOR.MINOR.PATCH` with an optional pre-release or build suffix. */
export const RELEASE_TAG = /^v?\d+\.\d+\.\d+(?:[-+.][0-9A-Za-z.+_-]*)?$/;

export default defineRule({
  meta: {
    id: 'no-overwrite-release-tag',
    kinds: ['image'],
    description: 'Disallow pushing a semver tag that already names a different image in the registry.',
    rationale:
      'Registries let a push re-point any tag. For a release tag that rewrites history: caches, mirrors and ' +
      'deployments disagree about what `1.4.2` is, and a signature or scan made for the old digest no longer ' +
      'matches. `pushgate push` asks the registry for the tag before pushing and refuses to move it; publish a new ' +
      'version instead. Re-pushing the same image is allowed.',
    security: true,
    recommended: 'error',
    strict: 'error',
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaults: {},
    messages: {
      moved: 'Tag "{{tag}}" already exists in {{repository}} as {{remote}}, a different image; pushing would move a release tag. Publish a new version instead.',
    },
  },
  create(context) {
    return {
      imageConfig(image) {
        const target = image.pushTarget;
        if (!target || !target.remote || !RELEASE_TAG.test(target.tag)) return;
        const local = new Set(target.localDigests);
        if (local.has(target.remote.digest)) return;
        if (target.remote.configDigest !== null && local.has(target.remote.configDigest)) return;
        const data = { tag: target.tag, repository: target.repository, remote: target.remote.digest };
        context.report({ messageId: 'moved', data, range: image.range });
      },
    };
  },
});
