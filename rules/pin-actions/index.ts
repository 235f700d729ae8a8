// A tag or branch of an action can be moved to other code at any time (tj-actions/
// changed-files, 2025); only a full commit SHA names code that cannot change.

import { glob } from '../../src/shared/globs.js';
import { defineRule } from '../../src/engine/rule.js';

const FULL_SHA = /^[0-9a-f]{40}$/i;

export default defineRule<{ allow: string[] }>({
  meta: {
    id: 'pin-actions',
    kinds: ['github-workflow'],
    description: 'Require actions and reusable workflows (`uses:`) to be pinned to a full commit SHA.',
    rationale:
      'Every action runs with the job\'s token and secrets. `@v4` or `@main` resolves to whatever the action\'s ' +
      'owner (or whoever compromises the owner) pushed last; a full 40-character commit SHA cannot be moved. Keep ' +
      'the version in a comment (`@8e5e7e5… # v4.2.2`) so Dependabot or Renovate can update the pin. Local actions ' +
      '(`./…`) and `docker://` images are not judged here.',
    security: true,
    recommended: 'off',
    strict: 'error',
    schema: {
      type: 'object',
      properties: {
        allow: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          uniqueItems: true,
          description:
            'Globs over `owner/repo[/path]` of actions that may be referenced by tag or branch, e.g. `actions/*` for ' +
            'GitHub\'s own actions or `acme/*` for your organisation\'s. Default: none.',
        },
      },
      additionalProperties: false,
    },
    defaults: { allow: [] },
    messages: {
      unpinned: '"{{uses}}" is pinned to "{{ref}}", which can be moved to other code; pin the full 40-character commit SHA (and keep "{{ref}}" in a comment).',
      noRef: '"{{uses}}" names no version at all; pin a full 40-character commit SHA.',
    },
  },
  create(context, { allow }) {
    const globs = allow.map((pattern) => glob(pattern.toLowerCase(), { nocase: true }));
    return {
      step(node) {
        const uses = node.step.uses;
        if (!uses) return;
        const value = uses.value.trim();
        if (value.startsWith('./') || value.startsWith('../') || value.startsWith('docker://') || value.includes('${{')) return;
        const at = value.lastIndexOf('@');
        const path = (at === -1 ? value : value.slice(0, at)).toLowerCase();
        const [owner, repo] = path.split('/');
        if (!owner || !repo) return;
        if (globs.some((matcher) => matcher.match(path) || matcher.match(`${owner}/${repo}`))) return;
        if (at === -1 || at === value.length - 1) {
          context.report({ messageId: 'noRef', data: { uses: value }, range: uses.range });
          return;
        }
        const ref = value.slice(at + 1);
        if (FULL_SHA.test(ref)) return;
        context.report({ messageId: 'unpinned', data: { uses: value, ref }, range: uses.range });
      },
    };
  },
});
