// Entry bundled by scripts/build.mjs: the policy schema for the rules in the registry.
// (The build writes schemas/policy.schema.json and the standalone validator from it.)

import { rules } from '../src/engine/registry.js';
import { buildPolicySchema, undocumentedOptions } from '../src/config/policy-schema.js';

export const schema = buildPolicySchema(rules);

/** Rule ids the schema knows, in registry order; validate.ts checks them against the registry. */
export const ruleIds: string[] = rules.map((rule) => rule.meta.id);

/** Non-fatal build warnings: option properties editors would show without a description. */
export const warnings: string[] = undocumentedOptions(rules).map(
  (name) => `rule option ${name} has no "description" (editors show it)`,
);
