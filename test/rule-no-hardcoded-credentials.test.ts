// Token-shaped values are generated at test time (test/helpers/tokens.ts), never committed.
import rule from '../rules/no-hardcoded-credentials/index.js';
import { ruleTester } from './helpers/rule-tester.js';
import { tokens } from './helpers/tokens.js';

const ghp = tokens.github('p');
const npm = tokens.npm();
const aws = tokens.awsKeyId();
const pat = tokens.dockerHubPat();
const slack = tokens.slackWebhook();
const pem = tokens.pem('RSA PRIVATE KEY');
const sh = (code: string) => ({ code, kind: 'shell' as const, filename: 'release.sh' });

ruleTester(rule, {
  valid: [
    { code: 'FROM alpine:3.20\nENV API_TOKEN=${API_TOKEN}\nARG NPM_TOKEN\nARG PASSWORD=\n' },
    { code: 'FROM alpine:3.20\nENV DB_PASSWORD_FILE=/run/secrets/db DB_USER=app PASSWORD_MIN_LENGTH=12\n' },
    { code: 'FROM alpine:3.20\nENV NODE_SHA256=3b3c9f1a0e0c5ee2b6a3d8b4c0f1d2e3a4b5c6d7e8f90123456789abcdef0123\n', name: 'checksum under a SHA name' },
    { code: 'FROM alpine:3.20\nENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE PASSWORD=changeme SECRET=<your-secret> TOKEN=xxxxxxxx\n', name: 'documentation examples and placeholders' },
    { code: 'FROM alpine:3.20\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n' },
    { code: 'FROM alpine:3.20\nRUN printf %s "$TOKEN" | docker login -u ci --password-stdin reg.io\n' },
    { code: 'FROM node:20 AS build\nCOPY .npmrc ./\nRUN npm ci && rm .npmrc\nFROM node:20-slim\nCOPY --from=build /app/dist /app\nUSER node\n', name: 'credential file only in a builder stage' },
    { code: 'FROM alpine:3.20\nCOPY .env.example /app/.env.example\nCOPY id_rsa.pub /root/.ssh/authorized_keys\n' },
    { code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.source=https://github.com/acme/app\n' },
    sh('#!/bin/sh\nexport REGISTRY_PASSWORD="${REGISTRY_PASSWORD:?}"\ncurl -fsS https://example.com/health\n'),
  ],
  invalid: [
    {
      code: `FROM alpine:3.20\nENV GITHUB_TOKEN=${ghp}\n`,
      errors: [{ messageId: 'env', line: 2, column: 18, endColumn: 18 + ghp.length, message: 'GitHub personal access token "ghp_…"' }],
    },
    {
      code: `FROM alpine:3.20\nENV NPM_TOKEN "${npm}"\n`,
      errors: [{ messageId: 'env', line: 2, column: 16 }],
      name: 'legacy ENV form with quotes: points at the first character of the secret',
    },
    { code: 'FROM alpine:3.20\nARG DB_PASSWORD=1234\n', errors: [{ messageId: 'arg', line: 2, column: 17 }], name: 'password=1234 is the canonical finding' },
    {
      code: `FROM alpine:3.20\nRUN echo "//registry.npmjs.org/:_authToken=${npm}" > /root/.npmrc && npm ci\n`,
      errors: [{ messageId: 'script', line: 2, column: 44 }],
    },
    {
      code: `FROM alpine:3.20\nRUN apk add curl && \\\n    curl -H "X-Key: x" https://hooks.slack.com/x && \\\n    AWS_ACCESS_KEY_ID=${aws} aws s3 ls\n`,
      errors: [{ messageId: 'script', line: 4, column: 23 }],
      name: 'position across continuation lines',
    },
    {
      code: `FROM alpine:3.20\nRUN <<EOF\nset -e\necho ${pat} | docker login -u ci --password-stdin\nEOF\n`,
      errors: [{ messageId: 'script', line: 4, column: 6 }],
      name: 'heredoc RUN',
    },
    {
      code: 'FROM alpine:3.20\nADD https://deploy:s3cr3tP4ss@artifacts.acme.io/app.tar.gz /tmp/\n',
      errors: [{ messageId: 'script', line: 2, column: 20 }],
      name: 'userinfo password in an ADD URL',
    },
    {
      code: 'FROM node:20-slim\nCOPY .npmrc /root/.npmrc\nCOPY id_rsa /root/.ssh/id_rsa\nCOPY .env /app/.env\nCOPY .docker/config.json /root/.docker/config.json\n',
      errors: [
        { messageId: 'file', line: 2, column: 6 },
        { messageId: 'file', line: 3, column: 6 },
        { messageId: 'file', line: 4, column: 6 },
        { messageId: 'file', line: 5, column: 6 },
      ],
    },
    {
      code: 'FROM node:20 AS base\nCOPY .pypirc /root/.pypirc\nFROM base AS final\nUSER node\n',
      errors: [{ messageId: 'file', line: 2, column: 6 }],
      name: 'credential file inherited by the final stage',
    },
    {
      code: `FROM alpine:3.20\nLABEL com.acme.deploy-token="${ghp}"\n`,
      errors: [{ messageId: 'label', line: 2, column: 30, message: 'which is public image metadata' }],
    },
    {
      code: `FROM alpine:3.20\nRUN ["curl", "-X", "POST", "${slack}"]\n`,
      errors: [{ messageId: 'script', line: 2, column: 29 }],
      name: 'exec form',
    },
    {
      ...sh(`#!/bin/sh\nset -eu\nexport DOCKER_PASSWORD='${pat}'\n`),
      errors: [{ messageId: 'script', line: 3, column: 25 }],
    },
    {
      ...sh(`#!/bin/bash\ncat > key.pem <<'KEY'\n${pem}\nKEY\n`),
      errors: [{ messageId: 'script', line: 3, column: 1 }],
      name: 'PEM private key block',
    },
    {
      code: 'build:\n\tcurl -u admin:hunter2x https://nexus.example.org/upload\n',
      kind: 'shell',
      filename: 'Makefile',
      errors: [{ messageId: 'script', line: 2, column: 16 }],
      name: 'Makefile recipe: curl -u user:password',
    },
  ],
});
