// Policy loading: exact messages for bad policies, resolved fields for good ones.
// Fixtures: fixtures/config/{invalid,valid}/. Needs `npm run build` (generated validator).

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { ConfigError, loadPolicy, presetPolicy } from '../src/config/index.js';
import { rules } from '../src/engine/registry.js';
import { ruleIds as generatedRuleIds } from '../generated/policy-validator.js';
import { buildPolicySchema } from '../src/config/policy-schema.js';
import { readFileSync } from 'node:fs';

const fixtures = fileURLToPath(new URL('../fixtures/config/', import.meta.url));
const invalidDir = join(fixtures, 'invalid');
const validDir = join(fixtures, 'valid');

async function messageOf(file: string): Promise<string> {
  try {
    await loadPolicy({ cwd: invalidDir, configFile: file });
  } catch (error) {
    assert.instance(error, ConfigError, `${file}: expected a ConfigError, got ${String(error)}`);
    return (error as ConfigError).message;
  }
  return assert.unreachable(`${file}: loaded without error`) as never;
}

const load = (file: string) => loadPolicy({ cwd: validDir, configFile: file });

// ---- bad policies: one exact line per problem -------------------------------------

const Invalid = suite('config: invalid policies');

const invalid: Array<{ file: string; message: string; pending?: string }> = [
  { file: 'unknown-rule.yaml', message: 'unknown-rule.yaml: rules.no-latest-tags: unknown rule "no-latest-tags"; did you mean "no-latest-tag"?' },
  { file: 'override-unknown-rule.yaml', message: 'override-unknown-rule.yaml: overrides[0].rules.no-latest-tga: unknown rule "no-latest-tga"; did you mean "no-latest-tag"?' },
  { file: 'unknown-key.yaml', message: 'unknown-key.yaml: unexpected property "faillOn"; did you mean "failOn"?' },
  { file: 'bad-severity.yaml', message: 'bad-severity.yaml: rules.no-latest-tag: invalid severity "fatal"; expected one of "off", "warn", "warning", "error"' },
  { file: 'bad-severity-in-list.yaml', message: 'bad-severity-in-list.yaml: rules.no-latest-tag[0]: invalid severity "eror"; expected one of "off", "warn", "warning", "error"' },
  { file: 'bad-setting-type.yaml', message: 'bad-setting-type.yaml: rules.no-latest-tag: invalid value true; expected a severity ("off", "warn", "warning", "error") or [severity, options]' },
  { file: 'empty-setting.yaml', message: 'empty-setting.yaml: rules.no-latest-tag: empty list; expected [severity] or [severity, options]' },
  { file: 'too-many-items.yaml', message: 'too-many-items.yaml: rules.no-latest-tag: too many items; expected [severity] or [severity, options]' },
  { file: 'bad-option-type.yaml', message: 'bad-option-type.yaml: rules.no-latest-tag[1].allowLatestAlongsideImmutable: invalid value "yes"; expected true or false' },
  { file: 'unknown-option.yaml', message: 'unknown-option.yaml: rules.no-latest-tag[1]: unexpected property "allowLatest"; expected one of "allowLatestAlongsideImmutable"' },
  {
    file: 'unknown-option-allow.yaml',
    message: 'unknown-option-allow.yaml: rules.trusted-base-registries[1]: unexpected property "alow"; expected one of "allow"',
    pending: 'trusted-base-registries',
  },
  { file: 'bad-fail-on.yaml', message: 'bad-fail-on.yaml: failOn: invalid value "sometimes"; expected one of "error", "warning", "never"' },
  { file: 'override-without-files.yaml', message: 'override-without-files.yaml: overrides[0]: missing required property "files"' },
  { file: 'extends-missing.yaml', message: 'extends-missing.yaml: extends: cannot find "./missing.yaml"; expected a policy file, relative to this file' },
  { file: 'extends-unknown-preset.yaml', message: 'extends-unknown-preset.yaml: extends[1]: unknown preset "recomended"; did you mean "recommended"?' },
  { file: 'extends-number.yaml', message: 'extends-number.yaml: extends: invalid value 42; expected a preset name or a relative path, or a list of them' },
  { file: 'cycle-a.yaml', message: 'cycle-b.yaml: extends: circular extends (cycle-a.yaml → cycle-b.yaml → cycle-a.yaml); expected a chain without cycles' },
  { file: 'extends-invalid.yaml', message: 'invalid-base.yaml: rules.no-latest-tag[1].allowLatestAlongsideImmutable: invalid value 1; expected true or false' },
  { file: 'invalid-yaml.yaml', message: 'invalid-yaml.yaml:3:1: invalid YAML: All mapping items must start at the same column' },
  { file: 'duplicate-key.yaml', message: 'duplicate-key.yaml:4:1: invalid YAML: Map keys must be unique' },
  { file: 'invalid-json.json', message: 'invalid-json.json:5:3: invalid JSON: Expected double-quoted property name' },
  { file: 'import.yaml', message: 'import.yaml: unexpected property "$import"; expected "extends" to build on another policy file' },
  {
    file: 'proto-rule.yaml',
    message: [
      'proto-rule.yaml: rules.__proto__: unknown rule "__proto__"; expected a rule id listed by "pushgate rules"',
      'proto-rule.yaml: rules.constructor: unknown rule "constructor"; expected a rule id listed by "pushgate rules"',
    ].join('\n'),
  },
  {
    file: 'several.yaml',
    message: [
      'several.yaml: failOn: invalid value (a list); expected one of "error", "warning", "never"',
      'several.yaml: include: unexpected property "dockerfiles"; expected one of "dockerfile", "github-workflow", "gitlab-ci", "compose", "shell", "image"',
      'several.yaml: ignore: invalid value "vendor/**"; expected a list',
      'several.yaml: suppressions.requireReason: invalid value "yes"; expected true or false',
    ].join('\n'),
  },
  { file: 'not-an-object.yaml', message: 'not-an-object.yaml: invalid value (a list); expected an object' },
  { file: 'alias-bomb.yaml', message: 'alias-bomb.yaml: invalid YAML: Excessive alias count indicates a resource exhaustion attack' },
  { file: 'no-key/package.json', message: 'no-key/package.json: no "pushgate" key; expected the policy under "pushgate"' },
  { file: 'missing.yaml', message: 'missing.yaml: config file not found' },
];

for (const { file, message, pending } of invalid) {
  Invalid(`${file}${pending ? ` (needs rule ${pending})` : ''}`, async () => {
    assert.is(await messageOf(file), message);
  });
}

Invalid('ConfigError carries file, path and one problem per line', async () => {
  try {
    await loadPolicy({ cwd: invalidDir, configFile: 'several.yaml' });
    assert.unreachable('loaded');
  } catch (error) {
    assert.instance(error, ConfigError);
    const e = error as ConfigError;
    assert.is(e.file, 'several.yaml');
    assert.is(e.path, 'failOn');
    assert.is(e.problems.length, 4);
    assert.equal(e.problems[3], { file: 'several.yaml', path: 'suppressions.requireReason', detail: 'invalid value "yes"; expected true or false' });
  }
});

Invalid('a rule id like __proto__ does not pollute prototypes', async () => {
  await messageOf('proto-rule.yaml');
  assert.is(({} as Record<string, unknown>).error, undefined);
  assert.is(Object.getPrototypeOf({}), Object.prototype);
});

Invalid.run();

// ---- good policies -----------------------------------------------------------------

const Valid = suite('config: resolved policies');

Valid('extends strict, then one rule changed', async () => {
  const policy = await load('strict-override.yaml');
  assert.equal(policy.rules['no-latest-tag'], { severity: 'warning', options: {} }, 'warn is normalised to warning');
  assert.is(policy.rules['require-multi-stage']?.severity, 'error', 'strict severity (recommended: warning)');
  assert.is(policy.rules['unused-suppression']?.severity, 'warning', 'strict keeps unused-suppression a warning');
  assert.is(policy.failOn, 'error');
  assert.is(policy.source, join(validDir, 'strict-override.yaml'));
  assert.equal(policy.configFiles, [join(validDir, 'strict-override.yaml')]);
});

Valid('extends strict: trusted-base-registries turns on (needs rule trusted-base-registries)', async () => {
  const policy = await load('strict-override.yaml');
  assert.equal(policy.rules['trusted-base-registries'], { severity: 'error', options: {} });
});

Valid('trusted-base-registries options are kept (needs rule trusted-base-registries)', async () => {
  const policy = await load('trusted.yaml');
  assert.equal(policy.rules['trusted-base-registries'], { severity: 'error', options: { allow: ['ghcr.io/acme/**'] } });
});

Valid('a severity alone keeps the options of the extended policy', async () => {
  const policy = await load('keeps-options.yaml');
  assert.equal(policy.rules['no-latest-tag'], { severity: 'error', options: { allowLatestAlongsideImmutable: true } });
  assert.equal(policy.ignore, ['vendor/**', 'test/fixtures/**'], 'ignore accumulates, without duplicates');
  assert.is(policy.baseline, join(validDir, 'baseline', 'accepted.json'), 'baseline is relative to the file naming it');
  assert.equal(policy.configFiles, [join(validDir, 'keeps-options.yaml'), join(validDir, 'options-base.yaml')]);
});

Valid('[severity] alone also keeps the options', async () => {
  const policy = await load('keeps-options-list.yaml');
  assert.equal(policy.rules['no-latest-tag'], { severity: 'error', options: { allowLatestAlongsideImmutable: true } });
});

Valid('[severity, options] replaces the options', async () => {
  const policy = await load('replaces-options.yaml');
  assert.equal(policy.rules['no-latest-tag'], { severity: 'error', options: {} });
});

Valid('overrides are kept in order, severities normalised, severity-only entries take the options from rules', async () => {
  const policy = await load('overrides.yaml');
  assert.equal(policy.overrides, [
    {
      files: ['tools/**', 'scripts/*.sh'],
      rules: {
        'no-latest-tag': { severity: 'warning', options: { allowLatestAlongsideImmutable: true } },
        'require-multi-stage': { severity: 'off', options: { minStages: 3 } },
      },
    },
    { files: ['legacy/**'], rules: { 'no-latest-tag': { severity: 'off', options: { allowLatestAlongsideImmutable: true } } } },
  ]);
});

Valid('a policy file without extends starts from recommended', async () => {
  const policy = await load('no-extends.yaml');
  const recommended = presetPolicy('recommended');
  assert.equal(policy.rules, { ...recommended.rules, 'require-multi-stage': { severity: 'warning', options: {} } });
  assert.is(policy.rules['pin-base-image-digest']?.severity, 'off', 'off in recommended');
});

Valid('extends: [] starts from no rules: everything not configured is off', async () => {
  const policy = await load('extends-none.yaml');
  assert.equal(policy.rules['no-latest-tag'], { severity: 'error', options: {} });
  assert.is(policy.rules['parse-error']?.severity, 'off');
  assert.equal(Object.keys(policy.rules), rules.map((rule) => rule.meta.id), 'every registered rule appears, in registry order');
});

Valid('an extended file without extends does not pull the policy back to recommended', async () => {
  const policy = await load('strict-then-team.yaml');
  assert.is(policy.rules['require-multi-stage']?.severity, 'error', 'still strict');
  assert.is(policy.rules['unused-suppression']?.severity, 'off', 'team.yaml wins over strict');
});

Valid('empty and comment-only files are the recommended policy, with their source', async () => {
  for (const file of ['empty.yaml', 'comments-only.yaml']) {
    const policy = await load(file);
    assert.equal(policy.rules, presetPolicy('recommended').rules, file);
    assert.is(policy.source, join(validDir, file));
  }
});

Valid('every top-level key is read', async () => {
  const policy = await load('everything.yaml');
  assert.is(policy.failOn, 'warning');
  assert.equal(policy.include, { dockerfile: ['docker/**/Dockerfile'], shell: [] });
  assert.equal(policy.ignore, ['vendor/**', 'test/fixtures/**']);
  assert.equal(policy.suppressions, { requireReason: true });
  assert.equal(policy.rules['require-labels'], {
    severity: 'error',
    options: { labels: { 'org.opencontainers.image.source': { format: 'url' } } },
  });
  assert.equal(policy.overrides, [{ files: ['tools/**'], rules: { 'require-multi-stage': { severity: 'off', options: { minStages: 2 } } } }]);
  assert.is(policy.baseline, null);
  assert.is(policy.baseDir, validDir.replace(/\/$/, ''));
});

Valid('JSON, ESM and CommonJS policy files', async () => {
  const json = await load('policy.json');
  assert.is(json.failOn, 'never');
  assert.is(json.rules['no-latest-tag']?.severity, 'off');
  assert.is(json.rules['require-multi-stage']?.severity, 'error');
  const mjs = await load('policy.mjs');
  assert.is(mjs.rules['no-latest-tag']?.severity, 'warning');
  const cjs = await load('policy.cjs');
  assert.is(cjs.failOn, 'warning');
});

Valid('BOM and CRLF', async () => {
  const policy = await load('bom-crlf.yaml');
  assert.is(policy.rules['no-latest-tag']?.severity, 'warning');
});

Valid('--no-config is the recommended preset alone', async () => {
  const policy = await loadPolicy({ cwd: validDir, configFile: 'strict-override.yaml', noConfig: true });
  assert.equal(policy.rules, presetPolicy('recommended').rules);
  assert.is(policy.source, null);
  assert.is(policy.failOn, 'error');
  assert.equal(policy.configFiles, []);
});

Valid.run();

// ---- the generated artefacts are in step with the registry -------------------------

const Generated = suite('config: generated schema and validator');

Generated('schemas/policy.schema.json is generated from the registry (run npm run build)', () => {
  const committed = JSON.parse(readFileSync(new URL('../schemas/policy.schema.json', import.meta.url), 'utf8'));
  assert.equal(committed, buildPolicySchema(rules));
});

Generated('generated/policy-validator.js knows exactly the registered rules (run npm run build)', () => {
  assert.equal(generatedRuleIds, rules.map((rule) => rule.meta.id));
});

Generated.run();
