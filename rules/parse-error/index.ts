// Reported by the engine from each parser's problems; the rule exists so that
// it has a severity, docs and SARIF metadata like every other rule.

import { defineRule } from '../../src/engine/rule.js';
import { ALL_KINDS } from '../../src/models/kinds.js';

export default defineRule({
  meta: {
    id: 'parse-error',
    kinds: ALL_KINDS,
    description: 'Report files that cannot be parsed, with the line where parsing failed.',
    rationale:
      'A file pushgate cannot read could hide anything; the gate reports it instead of passing it silently. ' +
      'Unknown instructions (an HTML page saved as Dockerfile), unterminated heredocs, invalid YAML, binary or oversized files are all parse errors.',
    security: false,
    recommended: 'error',
    strict: 'error',
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaults: {},
    messages: {
      parseError: 'Cannot parse this file: {{message}}.',
      unreadable: 'Cannot lint this file: {{message}}.',
    },
  },
  create() {
    return {};
  },
});
