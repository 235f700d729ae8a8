// Every rule pushgate knows, in id order. The meta-test keeps this list, the
// rules/ folders, their READMEs and the README rules table in step.

import type { AnyRule } from './rule.js';

export const rules: readonly AnyRule[] = [];

const byId = new Map(rules.map((rule) => [rule.meta.id, rule]));

export function getRule(id: string): AnyRule | undefined {
  return byId.get(id);
}
