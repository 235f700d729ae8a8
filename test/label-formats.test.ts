import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compileRequirement, matchesFormat, type LabelFormat } from '../src/analysis/label-formats.js';

const cases: Array<[LabelFormat, string, boolean]> = [
  ['url', 'https://github.com/acme/app', true],
  ['url', 'http://gitlab.example.com:8443/acme/app.git', true],
  ['url', 'github.com/acme/app', false],
  ['url', 'git@github.com:acme/app.git', false],
  ['url', 'ftp://example.com/app', false],
  ['url', 'https://', false],
  ['url', ' https://github.com/acme/app', false],
  ['semver', '1.4.2', true],
  ['semver', 'v1.4.2-rc.1+build.5', true],
  ['semver', '0.0.0', true],
  ['semver', '1.4', false],
  ['semver', '01.4.2', false],
  ['semver', 'V1.4.2', false],
  ['semver', 'latest', false],
  ['rfc3339', '2024-05-01T12:00:00Z', true],
  ['rfc3339', '2024-02-29t23:59:60.123+05:30', true],
  ['rfc3339', '2023-02-29T12:00:00Z', false],
  ['rfc3339', '2024-05-01 12:00:00Z', false],
  ['rfc3339', '2024-05-01', false],
  ['rfc3339', '2024-13-01T00:00:00Z', false],
  ['sha', 'abc1234', true],
  ['sha', '0123456789ABCDEF0123456789abcdef01234567', true],
  ['sha', 'abc123', false],
  ['sha', 'main', false],
  ['sha', 'a'.repeat(65), false],
  ['spdx', 'MIT', true],
  ['spdx', '(Apache-2.0 OR MIT) AND BSD-3-Clause', true],
  ['spdx', 'GPL-2.0-or-later WITH Classpath-exception-2.0', true],
  ['spdx', 'GPL-2.0+', true],
  ['spdx', 'mit or apache-2.0', true],
  ['spdx', 'DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2', true],
  ['spdx', 'Apache License 2.0', false],
  ['spdx', 'MIT AND', false],
  ['spdx', '(MIT', false],
  ['spdx', '(MIT OR Apache-2.0) WITH LLVM-exception', false],
  ['spdx', 'MIT/Apache-2.0', false],
  ['spdx', `${'('.repeat(100)}MIT${')'.repeat(100)}`, false],
  ['spdx', '', false],
  ['email', 'team@acme.io', true],
  ['email', 'Payments Team <pay@acme.io>', true],
  ['email', 'team@localhost', false],
  ['email', 'team', false],
  ['text', 'anything', true],
  ['text', '  ', false],
];

for (const [format, value, expected] of cases) {
  test(`${format} ${JSON.stringify(value).slice(0, 60)} → ${expected}`, () => {
    assert.is(matchesFormat(format, value), expected);
  });
}

test('a requirement checks the format first, then the pattern (unanchored)', () => {
  const check = compileRequirement('k', { format: 'semver', pattern: '-rc\\.' });
  assert.equal(check('latest'), { kind: 'format', format: 'semver' });
  assert.equal(check('1.0.0'), { kind: 'pattern', pattern: '-rc\\.' });
  assert.is(check('1.0.0-rc.1'), null);
  assert.is(compileRequirement('k', {})(''), null);
});

test('an invalid pattern is a configuration error naming the key', () => {
  assert.throws(() => compileRequirement('com.acme.team', { pattern: '(' }), /labels\["com\.acme\.team"\]\.pattern/);
});

test.run();
