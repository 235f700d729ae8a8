// A policy after presets, `extends` and validation have been applied.

import type { Kind } from './nodes.js';
import type { SeveritySetting } from './finding.js';

export type FailOn = 'error' | 'warning' | 'never';

export interface RuleSetting {
  severity: SeveritySetting;
  /** Options as written; merged over the rule's defaults by the engine. */
  options: Record<string, unknown>;
}

export interface PolicyOverride {
  files: string[];
  rules: Record<string, RuleSetting>;
}

export interface Policy {
  /** File the policy came from, or null for the built-in default. */
  source: string | null;
  failOn: FailOn;
  include: Partial<Record<Kind, string[]>>;
  ignore: string[];
  rules: Record<string, RuleSetting>;
  overrides: PolicyOverride[];
  suppressions: { requireReason: boolean };
}
