// No format ever prints a secret: lint files full of generated secrets through the
// real engine and every formatter (and the GitHub job summary), then search the output.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintPaths } from '../src/lint.js';
import { FORMATS, getFormatter } from '../src/formatters/index.js';
import { tokens } from './helpers/tokens.js';

const secrets = [
  tokens.github('p'),
  tokens.githubFineGrained(),
  tokens.gitlab('pat'),
  tokens.npm(),
  tokens.awsKeyId(),
  tokens.dockerHubPat(),
  tokens.slack('b'),
  tokens.stripe('sk_live'),
  tokens.pypi(),
  tokens.huggingFace(),
  tokens.vault(),
  tokens.jwt(),
  tokens.password(),
];
const [ghp, fine, glpat, npm, aws, pat, slack, stripe, pypi, hf, vault, jwt, password] = secrets as string[];
const pem = tokens.pem('OPENSSH PRIVATE KEY');

const dockerfile = [
  'FROM node:20',
  `ENV GITHUB_TOKEN=${ghp} GITLAB_TOKEN="${glpat}"`,
  `ARG NPM_TOKEN=${npm}`,
  `ARG DB_PASSWORD=${password}`,
  `LABEL com.acme.slack-token="${slack}"`,
  `RUN AWS_ACCESS_KEY_ID=${aws} aws s3 cp s3://b/x . && docker login -u ci -p ${pat} registry.acme.io`,
  `RUN curl -H "Authorization: Bearer ${jwt}" https://api.acme.io && echo ${stripe} > /tmp/k`,
  'COPY .npmrc /root/.npmrc',
  '',
].join('\n');
const script = [
  '#!/bin/sh',
  `export HF_TOKEN=${hf}`,
  `export VAULT_TOKEN='${vault}'`,
  `twine upload -u __token__ -p ${pypi} dist/*`,
  `docker login --password=${fine} ghcr.io`,
  "cat > id <<'KEY'",
  pem,
  'KEY',
  '',
].join('\n');

test('every format, with the step summary, keeps every secret out', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pushgate-redaction-'));
  try {
    writeFileSync(join(dir, 'Dockerfile'), dockerfile);
    writeFileSync(join(dir, 'release.sh'), script);
    const report = await lintPaths({ cwd: dir, paths: ['.'], noConfig: true });
    const credentialFindings = report.files.flatMap((f) => f.findings).filter((f) => f.ruleId === 'no-hardcoded-credentials');
    assert.ok(credentialFindings.length >= secrets.length, `expected a finding per secret, got ${credentialFindings.length}`);
    for (const format of FORMATS) {
      let summary = '';
      const output = getFormatter(format)(report, {
        color: false,
        version: '0.0.0',
        cwd: dir,
        env: { GITHUB_STEP_SUMMARY: join(dir, 'summary.md') },
        appendFile: (_path: string, text: string) => {
          summary += text;
        },
      });
      for (const text of [output, summary]) {
        for (const secret of [...secrets, ...pem.split('\n').slice(1, -1)]) {
          // Neither the secret nor any 8-character piece of it past its first 4 characters.
          for (let i = 4; i + 8 <= secret.length; i += 4) {
            assert.not.ok(text.includes(secret.slice(i, i + 8)), `${format} output leaks part of a secret`);
          }
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a rule that prints a secret transformed (a lowercased label key) prints it masked (found by npm run fuzz)', async () => {
  // A JWT as a bare label key: valid-label-keys quotes the key and suggests it lowercased,
  // which the token scanner no longer recognises. Only characters a label key may hold.
  const token = tokens.jwt().replace(/[_-]/g, 'Q');
  const dir = mkdtempSync(join(tmpdir(), 'pushgate-redact-case-'));
  try {
    writeFileSync(join(dir, 'Dockerfile'), `FROM node:20\nLABEL ${token}=1\n`);
    const report = await lintPaths({ cwd: dir, paths: ['.'], noConfig: true });
    const messages = report.files.flatMap((f) => f.findings).map((f) => `${f.ruleId}: ${f.message}`);
    assert.ok(messages.some((m) => m.startsWith('valid-label-keys: ') && m.includes('uppercase')), messages.join('\n'));
    const printed = messages.join('\n').toLowerCase();
    const signature = token.slice(token.lastIndexOf('.') + 1).toLowerCase();
    for (let i = 0; i + 10 <= signature.length; i++) assert.not.ok(printed.includes(signature.slice(i, i + 10)), `leaked ${signature.slice(i, i + 10)}:\n${printed}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
