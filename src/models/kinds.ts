import type { Kind } from './nodes.js';

export const ALL_KINDS: readonly Kind[] = ['dockerfile', 'github-workflow', 'gitlab-ci', 'compose', 'shell', 'image'];
/** `ci` in SPEC §3 means both pipeline kinds. */
export const CI_KINDS: readonly Kind[] = ['github-workflow', 'gitlab-ci'];
