// Base images run your build and ship in your image: take them only from registries
// and namespaces you trust.

import { glob } from '../../src/shared/globs.js';
import { defineRule } from '../../src/engine/rule.js';
import type { ImageRefRole } from '../../src/models/nodes.js';

const BASE_ROLES: ReadonlySet<ImageRefRole> = new Set<ImageRefRole>([
  'base', 'copy-from', 'mount-from', 'job-image', 'service', 'compose-image',
]);
const LISTED = 5;

/**
 * Reads a pattern the way Docker reads a reference: a first component with '.', ':'
 * or a glob character, or `localhost`, is a registry. A bare registry allows everything
 * on it; a bare name is an official image; `acme/*` is on Docker Hub.
 */
function patternToGlob(pattern: string): string {
  const p = pattern.replace(/^index\.docker\.io(?=\/|$)/, 'docker.io').replace(/\/+$/, '');
  const slash = p.indexOf('/');
  const first = slash === -1 ? p : p.slice(0, slash);
  const host = first === 'localhost' || /[.:*?[{]/.test(first);
  if (slash === -1) return host ? `${p}/**` : `docker.io/library/${p}`;
  return host ? p : `docker.io/${p}`;
}

export default defineRule<{ allow: string[] }>({
  meta: {
    id: 'trusted-base-registries',
    kinds: ['dockerfile', 'compose', 'github-workflow', 'gitlab-ci'],
    description: 'Require base images and CI job/service images to come from allowed registries, namespaces or repositories.',
    rationale:
      'Anyone can publish to a public registry. A base image from an unknown namespace runs your build and ships in ' +
      'your image, so a typo-squatted or abandoned repository is a supply-chain risk. Allow only the registries, ' +
      'namespaces or repositories you trust (a mirror, your organisation, Docker official images).',
    security: true,
    recommended: 'off',
    strict: 'error',
    schema: {
      type: 'object',
      properties: {
        allow: {
          type: 'array',
          // Names only: a tag or digest in a pattern would never match, so the schema rejects it.
          items: { type: 'string', minLength: 1, pattern: '^[^/@]*(?:/[^:@]*)?$' },
          minItems: 1,
          description:
            'Globs over the normalised name (`docker.io/library/node`): a registry (`registry.example.com`), ' +
            'a namespace (`ghcr.io/acme/*`, `ghcr.io/acme/**`) or a repository (`docker.io/library/node`).',
        },
      },
      additionalProperties: false,
    },
    defaults: { allow: ['docker.io/library/*'] },
    messages: {
      untrusted: 'Image "{{ref}}" ({{name}}) matches none of the allowed sources ({{allowed}}); use an image from them or add its registry, namespace or repository to "allow".',
    },
  },
  create(context, { allow }) {
    const globs = allow.map((pattern) => glob(patternToGlob(pattern), { nocase: true }));
    const quoted = allow.slice(0, LISTED).map((pattern) => `"${pattern}"`).join(', ');
    const allowed = allow.length > LISTED ? `${quoted} and ${allow.length - LISTED} more` : quoted;
    return {
      imageRef(node) {
        // Unresolved references are not judged; malformed ones are valid-image-reference's.
        if (!BASE_ROLES.has(node.role) || node.unresolved || !node.ref) return;
        const name = node.ref.name;
        if (globs.some((matcher) => matcher.match(name))) return;
        context.report({ messageId: 'untrusted', data: { ref: node.raw, name, allowed }, range: node.range });
      },
    };
  },
});
