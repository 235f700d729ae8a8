// Presets: SPEC §3 columns, plus the options a rule asks a preset to set.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { presetRules } from '../src/config/presets.js';

test('strict requires an SBOM from require-provenance; recommended does not', () => {
  assert.equal(presetRules('strict')['require-provenance'], { severity: 'error', options: { requireSbom: true } });
  assert.equal(presetRules('recommended')['require-provenance'], { severity: 'warning', options: {} });
});

test('strict turns on every rule recommended leaves off, except the ones off in both', () => {
  const recommended = presetRules('recommended');
  const strict = presetRules('strict');
  const offInStrict = Object.keys(strict).filter((id) => strict[id]?.severity === 'off').sort();
  assert.equal(offInStrict, ['max-image-size', 'require-platforms']);
  for (const id of Object.keys(recommended)) assert.ok(strict[id], id);
});

test.run();
