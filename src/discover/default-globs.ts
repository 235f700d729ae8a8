// The default include globs per kind (SPEC §1), as plain data: the pre-push hook's
// fast path reads them without loading the glob matcher (globs.ts, minimatch).

import type { Kind } from '../models/nodes.js';

export type DiscoverableKind = Exclude<Kind, 'image'>;

/**
 * Default include globs per kind (SPEC §1). `image` has none: it is never
 * discovered unless a policy gives it include globs of its own.
 * Globs are minimatch patterns with `dot: true`, so `**` crosses dot-directories
 * (`.devcontainer/Dockerfile`) and `*` may match an empty name: a nested
 * `.gitlab-ci.yml` (the monorepo `include: local:` convention) counts through
 * `**\/*.gitlab-ci.yml`.
 */
export const DEFAULT_INCLUDE: Record<DiscoverableKind, string[]> = {
  dockerfile: [
    '**/Dockerfile',
    '**/Dockerfile.*',
    '**/*.Dockerfile',
    '**/*.dockerfile',
    '**/Containerfile',
    '**/Containerfile.*',
  ],
  'github-workflow': ['.github/workflows/*.{yml,yaml}', '**/action.{yml,yaml}'],
  'gitlab-ci': ['.gitlab-ci.yml', '**/*.gitlab-ci.yml'],
  // SPEC's `**/{docker-,}compose*.{yml,yaml}`, minus `composer.yaml` (PHP Composer):
  // after "compose" comes the extension or a separator (`compose.prod.yaml`, `docker-compose-ci.yml`).
  compose: ['**/{docker-,}compose.{yml,yaml}', '**/{docker-,}compose[-._]*.{yml,yaml}'],
  shell: ['**/*.sh', '**/*.bash', '**/Makefile'],
};
