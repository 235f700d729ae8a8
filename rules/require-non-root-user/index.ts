// A container that runs as root turns any code-execution bug into root in the
// container, one kernel or runtime bug away from root on the host.

import { glob } from '../../src/shared/globs.js';
import { defineRule } from '../../src/engine/rule.js';
import { effectiveUser, finalStage, rootStage } from '../../src/analysis/stages.js';
import type { ImageReference } from '../../src/analysis/image-ref.js';

/** `root`, `0`, `root:<group>`, `0:<group>`: the user part decides, the group does not (`1000:0` is not root). */
export function isRootUser(value: string): boolean {
  const user = value.trim().replace(/^(["'])(.*)\1$/, '$2').split(':')[0] ?? '';
  return user === 'root' || /^0+$/.test(user);
}

/** Forms a base is matched in: `registry/path:tag` (no tag and no digest means `:latest`), and `registry/path@digest`. */
function matchForms(ref: ImageReference): string[] {
  const forms: string[] = [];
  if (ref.tag !== null || ref.digest === null) forms.push(`${ref.name}:${ref.tag ?? 'latest'}`);
  if (ref.digest !== null) forms.push(`${ref.name}@${ref.digest}`);
  return forms;
}

export default defineRule({
  meta: {
    id: 'require-non-root-user',
    kinds: ['dockerfile', 'image'],
    description: 'Require the final image to run as a non-root user.',
    rationale:
      'Processes in a container run as root unless told otherwise. Root in the container makes every exploit ' +
      'worse: it can modify the image filesystem, bind low ports and is one runtime bug away from the host. ' +
      'Set `USER` to a non-root user (a numeric UID works on every base) in the final stage.',
    security: true,
    recommended: 'warning',
    strict: 'error',
    schema: {
      type: 'object',
      properties: {
        nonRootBases: {
          type: 'array',
          items: { type: 'string' },
          description: 'Globs over the normalised base reference (`registry/path:tag`) of images that already run as non-root.',
        },
      },
      additionalProperties: false,
    },
    defaults: { nonRootBases: ['gcr.io/distroless/**:*nonroot*', 'cgr.dev/chainguard/**', '**/nginx-unprivileged:*'] },
    messages: {
      root: 'The final image runs as root (USER "{{user}}"); switch to a non-root user, e.g. a numeric UID such as 10001.',
      rootResolved: 'The final image runs as root (USER "{{user}}" resolves to "{{resolved}}"); switch to a non-root user, e.g. a numeric UID such as 10001.',
      missing: 'The final stage sets no USER and its base "{{base}}" is not a known non-root image, so the container runs as root; add a non-root USER.',
      imageRoot: 'The image runs as root (User "{{user}}"); rebuild it with a non-root USER, e.g. a numeric UID such as 10001.',
      imageMissing: 'The image config sets no User, so the container runs as root; rebuild it with a non-root USER, e.g. a numeric UID such as 10001.',
    },
  },
  create(context, options) {
    const nonRootBase = (ref: ImageReference | null): boolean =>
      ref !== null && matchForms(ref).some((form) => options.nonRootBases.some((pattern) => glob(pattern).match(form)));
    return {
      // An image config's `User`: empty or absent means root, like no USER line.
      imageConfig(image) {
        const user = image.user;
        if (!user || user.value.trim() === '') {
          context.report({ messageId: 'imageMissing', range: user?.range ?? image.range });
        } else if (isRootUser(user.value)) {
          context.report({ messageId: 'imageRoot', data: { user: user.value }, range: user.range });
        }
      },
      dockerfile(df) {
        const final = finalStage(df);
        if (!final) return;
        const user = effectiveUser(df, final.index);
        if (user) {
          if (user.unresolved || !isRootUser(user.resolved)) return;
          const viaVariable = user.raw.includes('$');
          context.report({ messageId: viaVariable ? 'rootResolved' : 'root', data: { user: user.raw, resolved: user.resolved }, range: user.range });
          return;
        }
        const root = rootStage(df, final.index);
        if (nonRootBase(root?.base?.ref ?? null)) return;
        const base = root?.scratch ? 'scratch' : root?.base?.raw ?? 'unknown';
        context.report({ messageId: 'missing', data: { base }, range: final.fromRange });
      },
    };
  },
});
