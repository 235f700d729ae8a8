// The built-in presets, read off the rule metas (SPEC §3 columns). A preset sets
// severities only: every rule runs with its own `meta.defaults` unless a policy gives
// options (e.g. trusted-base-registries defaults to Docker official images).

import { rules as registryRules } from '../engine/registry.js';
import type { AnyRule } from '../engine/rule.js';
import type { Policy, RuleSetting } from '../models/policy.js';
import { PRESET_NAMES, type PresetName } from './policy-schema.js';

export { PRESET_NAMES, type PresetName };

export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}

/** Severity of every rule in the preset, options empty (the rule's defaults apply). */
export function presetRules(name: PresetName, rules: readonly AnyRule[] = registryRules): Record<string, RuleSetting> {
  return Object.fromEntries(
    rules.map((rule): [string, RuleSetting] => [rule.meta.id, { severity: rule.meta[name], options: {} }]),
  );
}

/** Policy-level defaults every policy starts from: fail on errors, default globs, no suppression reasons required. */
export function basePolicy(): Policy {
  return {
    source: null,
    failOn: 'error',
    include: {},
    ignore: [],
    rules: {},
    overrides: [],
    suppressions: { requireReason: false },
  };
}

/** A preset on its own, as `--no-config` (recommended) uses it. */
export function presetPolicy(name: PresetName, rules: readonly AnyRule[] = registryRules): Policy {
  return { ...basePolicy(), rules: presetRules(name, rules) };
}
