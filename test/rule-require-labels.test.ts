import rule from '../rules/require-labels/index.js';
import { ruleTester } from './helpers/rule-tester.js';

const SOURCE = 'org.opencontainers.image.source';
const VERSION = 'org.opencontainers.image.version';
const REVISION = 'org.opencontainers.image.revision';
const ALL = `LABEL ${SOURCE}="https://github.com/acme/app" ${VERSION}="1.4.2" ${REVISION}="0123abc"\n`;
const build = (labels: Record<string, string>) => [{ origin: '.github/workflows/release.yml', buildArgs: {}, labels, context: null }];

ruleTester(rule, {
  valid: [
    { code: `FROM alpine:3.20\n${ALL}` },
    {
      code: `FROM alpine:3.20\nLABEL ${SOURCE}="https://github.com/acme/app" \\\n      ${VERSION}="v1.4.2-rc.1" \\\n      ${REVISION}=0123456789abcdef0123456789abcdef01234567\n`,
      name: 'multi-line LABEL, v-prefixed semver, full SHA',
    },
    { code: `FROM alpine:3.20 AS base\n${ALL}FROM base AS final\nCMD ["app"]\n`, name: 'labels inherited through FROM <alias>' },
    { code: `FROM alpine:3.20 AS base\nLABEL ${SOURCE}=https://github.com/acme/app\nFROM base AS mid\nLABEL ${VERSION}=2.0.0\nFROM mid\nLABEL ${REVISION}=abcdef1\n`, name: 'labels merged across the chain' },
    {
      code: 'FROM alpine:3.20\n',
      builds: build({ [SOURCE]: 'https://github.com/acme/app', [VERSION]: '${{ steps.meta.outputs.version }}', [REVISION]: '${{ github.sha }}' }),
      name: 'labels passed by the build',
    },
    { code: `FROM alpine:3.20\nLABEL ${SOURCE}=https://github.com/acme/app\n`, builds: build({ [VERSION]: '1.0.0', [REVISION]: 'abc1234' }), name: 'Dockerfile and build labels together' },
    { code: `FROM alpine:3.20\nLABEL ${SOURCE}=https://github.com/acme/app ${VERSION}=dev ${REVISION}=abc1234\n`, builds: build({ [VERSION]: '1.0.0' }), name: 'a build label overrides the LABEL value' },
    {
      code: `FROM alpine:3.20\nARG VERSION\nARG REVISION\nLABEL ${SOURCE}=https://github.com/acme/app ${VERSION}=$VERSION ${REVISION}="\${REVISION}"\n`,
      name: 'unresolved values count as present, format unchecked',
    },
    { code: `FROM alpine:3.20\nARG VERSION=3.1.0\nLABEL ${SOURCE}=https://github.com/acme/app ${VERSION}=$VERSION ${REVISION}=abc1234\n`, name: 'value resolved from an ARG default' },
    {
      code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.licenses="(Apache-2.0 OR MIT)" com.acme.team=payments org.opencontainers.image.created=2024-05-01T12:00:00Z org.opencontainers.image.authors="Payments <pay@acme.io>" org.opencontainers.image.title=app\n',
      options: {
        labels: {
          'org.opencontainers.image.licenses': { format: 'spdx' },
          'com.acme.team': { pattern: '^[a-z]+$' },
          'org.opencontainers.image.created': { format: 'rfc3339' },
          'org.opencontainers.image.authors': { format: 'email' },
          'org.opencontainers.image.title': { format: 'text' },
        },
      },
    },
    { code: 'FROM alpine:3.20\nLABEL com.acme.team=""\n', options: { labels: { 'com.acme.team': {} } }, name: 'presence only: an empty value counts' },
    { code: `\uFEFFFROM alpine:3.20\r\nLABEL ${SOURCE}=https://github.com/acme/app \\\r\n  ${VERSION}=1.0.0 ${REVISION}=abc1234\r\n`, name: 'BOM and CRLF' },
    { code: `# escape=\`\nFROM alpine:3.20\nLABEL ${SOURCE}=https://github.com/acme/app \`\n  ${VERSION}=1.0.0 \`\n  ${REVISION}=abc1234\n`, name: 'escape directive' },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\n',
      errors: [
        { messageId: 'missing', line: 1, column: 1, message: SOURCE },
        { messageId: 'missing', line: 1, column: 1, message: VERSION },
        { messageId: 'missing', line: 1, column: 1, message: REVISION },
      ],
    },
    {
      code: `FROM golang:1.22 AS build\n${ALL}FROM alpine:3.20\nCOPY --from=build /out /app\n`,
      errors: [
        { messageId: 'missing', line: 3, column: 1 },
        { messageId: 'missing', line: 3, column: 1 },
        { messageId: 'missing', line: 3, column: 1 },
      ],
      name: 'labels only in a builder stage do not reach the image',
    },
    { code: `FROM alpine:3.20\nLABEL ${SOURCE}=github.com/acme/app ${VERSION}=1.0.0 ${REVISION}=abc1234\n`, errors: [{ messageId: 'badFormat', line: 2, column: 39, message: 'http(s) URL' }] },
    { code: `FROM alpine:3.20\nLABEL ${SOURCE}=https://github.com/acme/app ${VERSION}=latest ${REVISION}=abc1234\n`, errors: [{ messageId: 'badFormat', line: 2, column: 100, message: '"latest"' }] },
    { code: `FROM alpine:3.20\nLABEL ${SOURCE}=https://github.com/acme/app ${VERSION}=1.0.0 ${REVISION}=main\n`, errors: [{ messageId: 'badFormat', line: 2, column: 140 }] },
    {
      code: `FROM alpine:3.20\nLABEL ${SOURCE}="https://github.com/acme/app" \\\n      ${VERSION}="1.0" \\\n      ${REVISION}=abc1234\n`,
      errors: [{ messageId: 'badFormat', line: 3, column: 40 }],
      name: 'multi-line LABEL: the finding is on the value line',
    },
    {
      code: `FROM alpine:3.20\nARG VERSION=dev\nLABEL ${SOURCE}=https://github.com/acme/app ${VERSION}=$VERSION ${REVISION}=abc1234\n`,
      errors: [{ messageId: 'badFormat', line: 3, column: 100, message: '"dev"' }],
      name: 'value resolved from an ARG default is checked',
    },
    {
      code: `FROM alpine:3.20 AS base\n${ALL}FROM base AS final\nLABEL ${VERSION}=nightly\n`,
      errors: [{ messageId: 'badFormat', line: 4, column: 40 }],
      name: 'a later LABEL overrides the inherited one',
    },
    {
      code: `FROM alpine:3.20\nLABEL ${SOURCE}=https://github.com/acme/app\n`,
      builds: build({ [VERSION]: '1.0.0' }),
      errors: [{ messageId: 'missing', line: 1, column: 1, message: REVISION }],
      name: 'builds supply some keys only',
    },
    { code: 'FROM alpine:3.20\nLABEL com.acme.team=Payments\n', options: { labels: { 'com.acme.team': { pattern: '^[a-z]+$' } } }, errors: [{ messageId: 'badPattern', line: 2, column: 21 }] },
    {
      code: 'FROM alpine:3.20\nLABEL org.opencontainers.image.licenses="Apache License 2.0"\n',
      options: { labels: { 'org.opencontainers.image.licenses': { format: 'spdx' } } },
      errors: [{ messageId: 'badFormat', line: 2, column: 41 }],
    },
    { code: 'FROM alpine:3.20\nLABEL com.acme.team=" "\n', options: { labels: { 'com.acme.team': { format: 'text' } } }, errors: [{ messageId: 'badFormat', line: 2, column: 21 }] },
    {
      code: `\uFEFFFROM alpine:3.20\r\nLABEL ${SOURCE}=https://github.com/acme/app \\\r\n  ${VERSION}=one ${REVISION}=abc1234\r\n`,
      errors: [{ messageId: 'badFormat', line: 3, column: 36 }],
      name: 'BOM and CRLF',
    },
    {
      code: `# escape=\`\nFROM alpine:3.20\nLABEL ${SOURCE}=https://github.com/acme/app \`\n  ${VERSION}=1.0.0 \`\n  ${REVISION}=zzz\n`,
      errors: [{ messageId: 'badFormat', line: 5, column: 37 }],
      name: 'escape directive',
    },
  ],
});
