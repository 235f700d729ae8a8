// An image published for one architecture fails to start (`exec format error`) or
// runs emulated on the others: arm64 nodes, Apple silicon laptops, Graviton.

import { defineRule } from '../../src/engine/rule.js';
import { platformMatches } from '../../src/analysis/platform.js';

export default defineRule<{ platforms: string[] }>({
  meta: {
    id: 'require-platforms',
    // The pipeline kinds judge the `platforms` of pushes (a `push` handler); images judge what they offer.
    kinds: ['github-workflow', 'gitlab-ci', 'image'],
    description: 'Require images to be published for each platform in `platforms`.',
    rationale:
      'A multi-platform image is an index (manifest list) with one manifest per platform; a runtime picks its own. ' +
      'A platform missing from the index cannot run the image natively. `linux/arm64` matches `linux/arm64/v8`; ' +
      'a platform without a variant accepts any variant of its architecture.',
    security: false,
    recommended: 'off',
    strict: 'off',
    schema: {
      type: 'object',
      properties: {
        platforms: {
          type: 'array',
          items: { type: 'string', pattern: '^[a-z0-9_.-]+/[a-z0-9_.-]+(/[a-z0-9_.-]+)?$' },
          uniqueItems: true,
          description: 'Platforms (`os/arch[/variant]`, e.g. `linux/amd64`, `linux/arm64`) every published image must cover.',
        },
      },
      additionalProperties: false,
    },
    defaults: { platforms: [] },
    messages: {
      imageMissing: 'The image is not available for {{platform}} (it offers {{offered}}); publish a multi-platform image, e.g. `docker buildx build --platform {{wanted}}`.',
    },
  },
  create(context, options) {
    const wanted = options.platforms;
    return {
      imageConfig(image) {
        // null: another platform of the same index, which is judged once, on its first platform.
        if (image.platforms === null) return;
        const offered = image.platforms;
        for (const platform of wanted) {
          if (offered.some((candidate) => platformMatches(platform, candidate))) continue;
          const data = { platform, offered: offered.length > 0 ? offered.join(', ') : 'no known platform', wanted: wanted.join(',') };
          context.report({ messageId: 'imageMissing', data, range: image.range });
        }
      },
    };
  },
});
