// A reference that breaks the grammar fails only when the build or pull runs;
// here it fails before anything is pushed, with what to write instead.

import { defineRule } from '../../src/engine/rule.js';
import { parseImageReference } from '../../src/analysis/image-ref.js';
import { ALL_KINDS } from '../../src/models/kinds.js';
import { redactText, redactedExcerpt } from '../../src/analysis/redact.js';

const SHOWN_LENGTH = 80;

/** Long references (name-too-long) are quoted by their start only; secrets masked before the cut. */
function shown(text: string): string {
  return redactedExcerpt(text, SHOWN_LENGTH);
}

/** The same reference with its name (registry and repository) lowercased; tag and digest kept. */
function lowercased(reference: string): string {
  const at = reference.indexOf('@');
  const beforeDigest = at === -1 ? reference : reference.slice(0, at);
  const colon = beforeDigest.indexOf(':', beforeDigest.lastIndexOf('/') + 1);
  const end = colon === -1 ? beforeDigest.length : colon;
  return reference.slice(0, end).toLowerCase() + reference.slice(end);
}

export default defineRule({
  meta: {
    id: 'valid-image-reference',
    kinds: ALL_KINDS,
    description: 'Require every literal image reference to follow the Docker reference grammar.',
    rationale:
      'Docker rejects a malformed reference ("invalid reference format") only when the build, pull or push runs. ' +
      'Checking the grammar up front (lowercase repository, name length, tag and digest syntax) turns that late ' +
      'failure into a finding at the line that is wrong. References holding an unresolved variable are not judged.',
    security: false,
    recommended: 'error',
    strict: 'error',
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaults: {},
    messages: {
      uppercase: 'Image "{{ref}}"{{via}} has uppercase letters in its repository; repositories are lowercase ("{{suggestion}}").',
      'name-too-long': 'Image "{{ref}}"{{via}} is too long: {{detail}}; shorten the repository path.',
      'component-too-short': 'Image "{{ref}}"{{via}} is not a valid Docker Hub name: {{detail}}; write the full repository name or name its registry.',
      'invalid-tag': 'Image "{{ref}}"{{via}} has an invalid tag: {{detail}}; start the tag with a letter, digit or "_" and keep it to 128 characters.',
      'invalid-digest': 'Image "{{ref}}"{{via}} has a malformed digest: {{detail}}; write "@sha256:" followed by 64 lowercase hex digits.',
      'invalid-name':
        'Image "{{ref}}"{{via}} is not a valid reference: {{detail}}; write [registry/]repository[:tag][@digest] with lowercase path components separated by "/".',
    },
  },
  create(context) {
    return {
      imageRef(node) {
        if (node.unresolved || node.ref) return;
        const result = parseImageReference(node.resolved);
        if (result.ok) return;
        const via = node.resolved === node.raw ? '' : ` (resolved to "${shown(node.resolved)}")`;
        context.report({
          messageId: result.problem,
          data: { ref: shown(node.raw), via, detail: result.detail, suggestion: shown(lowercased(redactText(node.resolved))) },
          range: node.range,
        });
      },
    };
  },
});
