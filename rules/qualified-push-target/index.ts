// `docker push myapp:1` does not push to "your" registry: a name without a registry or
// namespace means Docker Hub's namespace of official images, `docker.io/library/myapp`.

import { defineRule } from '../../src/engine/rule.js';
import { displayReference, splitReference } from '../../src/analysis/pipeline.js';

/** A repository starting with a variable or expression names its registry or namespace through it. */
const STARTS_WITH_VARIABLE = /^(?:\$|`)/;

export default defineRule({
  meta: {
    id: 'qualified-push-target',
    kinds: ['github-workflow', 'gitlab-ci', 'shell'],
    description: 'Require pushed image references to name their registry or namespace.',
    rationale:
      'A reference without a registry or namespace (`myapp:1.0`) is normalised to `docker.io/library/myapp:1.0`, ' +
      'the namespace of Docker official images. The push then fails, or goes to a registry nobody meant; a pull ' +
      'of the same name may fetch someone else\'s image. Write the registry and namespace (`ghcr.io/acme/myapp:1.0`); ' +
      'a variable in their place (`$CI_REGISTRY_IMAGE:1.0`, `${{ env.IMAGE }}:1.0`) counts as naming them.',
    security: true,
    recommended: 'error',
    strict: 'error',
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaults: {},
    messages: {
      unqualified:
        '"{{ref}}" names no registry or namespace, so it is pushed as "docker.io/library/{{name}}", Docker Hub\'s namespace of official images; name the registry and namespace, e.g. "ghcr.io/<owner>/{{name}}".',
    },
  },
  create(context) {
    return {
      push(push) {
        const reported = new Set<string>();
        for (const target of push.targets) {
          // Modelled metadata-action tags keep their placeholders; other references are judged as resolved.
          const text = (target.tagKind ? target.raw : target.resolved).trim();
          const { repository } = splitReference(text);
          if (repository === '' || repository.includes('/') || STARTS_WITH_VARIABLE.test(repository)) continue;
          if (reported.has(repository)) continue;
          reported.add(repository);
          context.report({ messageId: 'unqualified', data: { ref: displayReference(target.raw), name: repository.toLowerCase() }, range: target.range });
        }
      },
    };
  },
});
