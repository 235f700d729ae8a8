// The built-in presets, read off the rule metas (SPEC §3 columns): a severity per rule,
// and the options a rule asks a preset to set (`meta.presetOptions`, e.g. strict's
// require-provenance requires an SBOM). Otherwise rules run with their `meta.defaults`.

import { rules as registryRules } from '../engine/registry.js';
import type { AnyRule } from '../engine/rule.js';
import type { Policy, RuleSetting } from '../models/policy.js';
import { PRESET_NAMES, type PresetName } from './policy-schema.js';

export { PRESET_NAMES, type PresetName };

export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}

/** Severity of every rule in the preset, with the options the rule asks that preset to set. */
export function presetRules(name: PresetName, rules: readonly AnyRule[] = registryRules): Record<string, RuleSetting> {
  return Object.fromEntries(
    rules.map((rule): [string, RuleSetting] => [
      rule.meta.id,
      { severity: rule.meta[name], options: { ...(rule.meta.presetOptions?.[name] ?? {}) } },
    ]),
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
