// Every rule pushgate knows, in id order. The meta-test keeps this list, the
// rules/ folders, their READMEs and the README rules table in step.

import type { AnyRule } from './rule.js';
import noLatestTag from '../../rules/no-latest-tag/index.js';
import parseError from '../../rules/parse-error/index.js';
import unusedSuppression from '../../rules/unused-suppression/index.js';

export const rules: readonly AnyRule[] = [
  noLatestTag,
  parseError,
  unusedSuppression,
].sort((a, b) => a.meta.id.localeCompare(b.meta.id));

const byId = new Map(rules.map((rule) => [rule.meta.id, rule]));

export function getRule(id: string): AnyRule | undefined {
  return byId.get(id);
}
