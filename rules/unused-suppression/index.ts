// Reported by the engine after suppressions are applied (src/engine/suppressions.ts);
// the rule exists so that it has a severity, docs and SARIF metadata.

import { defineRule } from '../../src/engine/rule.js';
import { ALL_KINDS } from '../../src/models/kinds.js';

export default defineRule({
  meta: {
    id: 'unused-suppression',
    kinds: ALL_KINDS,
    description: 'Report inline suppressions that suppress nothing, have expired, lack a required reason or name unknown rules.',
    rationale:
      'Stale suppressions hide the next real problem on that line. Reporting them keeps every exception deliberate and current.',
    security: false,
    recommended: 'warning',
    strict: 'warning',
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaults: {},
    messages: {
      unused: 'Suppression of "{{rule}}" matched no finding {{where}}; remove it.',
      expired: 'Suppression expired on {{date}} and no longer applies; fix the finding or extend the date.',
      reasonRequired: 'Suppression has no reason and is not honoured (suppressions.requireReason); add "-- why this is acceptable".',
      unknownRule: 'Suppression names unknown rule "{{rule}}"{{suggestion}}.',
      unsuppressible: '"{{rule}}" cannot be suppressed inline; exclude the file with the policy\'s "ignore" globs instead.',
      noRules: 'Suppression names no rule; write the rule ids to ignore, e.g. "pushgate-ignore-next-line no-latest-tag -- reason".',
    },
  },
  create() {
    return {};
  },
});
