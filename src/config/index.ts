// Policy loading: discovery, validation, presets and `extends` (SPEC §2).

export { loadPolicy, loadPolicyFromTree, normaliseSeverity, type LoadPolicyOptions, type LoadedPolicy, type PolicyEnvironment, type PolicyTree } from './load.js';
export { ConfigError, formatProblem, isConfigError, type ConfigProblem } from './errors.js';
export { basePolicy, isPresetName, presetPolicy, presetRules, PRESET_NAMES, type PresetName } from './presets.js';
export { candidateFiles, SEARCH_PLACES } from './files.js';
export { didYouMean, editDistance } from './did-you-mean.js';
export {
  buildPolicySchema,
  FAIL_ON_VALUES,
  POLICY_SCHEMA_ID,
  SEVERITY_WORDS,
  type SeverityWord,
} from './policy-schema.js';
// validate.ts is left out on purpose: it pulls in the generated validator, which
// loadPolicy imports only when there is a policy file to check. Import it directly
// (`src/config/validate.js`) when you need it.
