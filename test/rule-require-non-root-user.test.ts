import rule from '../rules/require-non-root-user/index.js';
import { ruleTester } from './helpers/rule-tester.js';

const DIGEST = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
const ci = (buildArgs: Record<string, string>) => [{ origin: '.github/workflows/ci.yml', buildArgs, labels: {}, context: null }];

ruleTester(rule, {
  valid: [
    { code: 'FROM node:20\nUSER node\n' },
    { code: 'FROM node:20\nUSER 10001\n' },
    { code: 'FROM node:20\nUSER 1000:0\n', name: 'uid 1000 with gid 0 is not root (only the user part decides)' },
    { code: 'FROM node:20\nUSER app:root\n', name: 'a root group is not a root user' },
    { code: 'FROM node:20\nUSER root\nRUN apt-get update\nUSER node\n', name: 'the last USER wins' },
    { code: 'FROM node:20 AS base\nUSER app\nFROM base AS final\nCMD ["node"]\n', name: 'USER inherited through FROM <alias>' },
    { code: 'FROM node:20 AS builder\nUSER root\nRUN make\nFROM node:20-slim\nUSER node\n', name: 'builder stages are not judged' },
    { code: 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\n', name: 'distroless nonroot base' },
    { code: 'FROM gcr.io/distroless/static-debian12:debug-nonroot\n', name: 'distroless debug-nonroot base' },
    { code: 'FROM gcr.io/distroless/static-debian12:nonroot AS base\nFROM base\nCOPY app /app\n', name: 'non-root base of the inherited stage' },
    { code: `FROM cgr.dev/chainguard/static@${DIGEST}\n`, name: 'chainguard base pinned by digest' },
    { code: 'FROM nginxinc/nginx-unprivileged:1.27-alpine\n' },
    { code: 'FROM nginxinc/nginx-unprivileged\n', name: 'untagged base is matched as :latest' },
    { code: 'FROM registry.acme.io/base/node:20\n', options: { nonRootBases: ['registry.acme.io/base/**'] } },
    { code: 'FROM node:20\nUSER ${APP_USER}\n', name: 'unresolved user is taken as non-root' },
    { code: 'FROM node:20\nARG APP_USER\nUSER ${APP_USER}\n', name: 'ARG without default stays unresolved' },
    { code: 'FROM node:20\nARG APP_USER=app\nUSER $APP_USER\n' },
    { code: 'FROM node:20\nARG APP_USER=root\nUSER ${APP_USER}\n', builds: ci({ APP_USER: 'app' }), name: 'build arg overrides a root default' },
    { code: '\uFEFFFROM node:20\r\nUSER node\r\n', name: 'BOM and CRLF' },
    { code: '# escape=`\nFROM node:20\nUSER `\n  node\n', name: 'escape directive' },
  ],
  invalid: [
    { code: 'FROM node:20\nUSER root\n', errors: [{ messageId: 'root', line: 2, column: 6, endColumn: 10 }] },
    { code: 'FROM node:20\nUSER 0\n', errors: [{ messageId: 'root', line: 2, column: 6, message: '"0"' }] },
    { code: 'FROM node:20\nUSER root:root\n', errors: [{ messageId: 'root', line: 2, column: 6 }] },
    { code: 'FROM node:20\nUSER 0:0\n', errors: [{ messageId: 'root', line: 2, column: 6 }] },
    { code: 'FROM node:20\nUSER 0:1000\n', errors: [{ messageId: 'root', line: 2, column: 6 }], name: 'uid 0 with any group is root' },
    { code: 'FROM node:20\nUSER node\nUSER root\n', errors: [{ messageId: 'root', line: 3, column: 6 }] },
    { code: 'FROM node:20 AS base\nUSER root\nFROM base AS final\nCMD ["node"]\n', errors: [{ messageId: 'root', line: 2, column: 6 }], name: 'root USER inherited through FROM <alias>' },
    { code: 'FROM node:20 AS base\nUSER node\nFROM base AS final\nUSER root\n', errors: [{ messageId: 'root', line: 4, column: 6 }] },
    {
      code: 'FROM node:20 AS builder\nUSER node\nRUN make\nFROM node:20-slim\nCOPY --from=builder /app /app\n',
      errors: [{ messageId: 'missing', line: 4, column: 1, message: '"node:20-slim"' }],
      name: 'USER only in a builder stage',
    },
    { code: 'FROM node:20\nRUN npm ci\n', errors: [{ messageId: 'missing', line: 1, column: 1 }] },
    { code: 'FROM node:20 AS base\nFROM base\nCMD ["node"]\n', errors: [{ messageId: 'missing', line: 2, column: 1, message: '"node:20"' }] },
    { code: 'FROM scratch\nCOPY app /app\n', errors: [{ messageId: 'missing', line: 1, column: 1, message: '"scratch"' }], name: 'scratch runs as root' },
    { code: 'FROM gcr.io/distroless/static-debian12:latest\n', errors: [{ messageId: 'missing', line: 1, column: 1 }], name: 'distroless default tag runs as root' },
    { code: `FROM gcr.io/distroless/static-debian12@${DIGEST}\n`, errors: [{ messageId: 'missing', line: 1, column: 1 }], name: 'digest-only distroless: the tag cannot show nonroot' },
    { code: 'FROM gcr.io/distroless/static-debian12:nonroot\nUSER root\n', errors: [{ messageId: 'root', line: 2, column: 6 }], name: 'explicit root on a non-root base' },
    { code: 'FROM ${BASE}\n', errors: [{ messageId: 'missing', line: 1, column: 1 }], name: 'an unresolved base is not a known non-root base' },
    { code: 'FROM node:20\nARG APP_USER=root\nUSER ${APP_USER}\n', errors: [{ messageId: 'rootResolved', line: 3, column: 6, message: 'resolves to "root"' }] },
    { code: 'ARG APP_USER=root\nFROM node:20\nARG APP_USER\nUSER $APP_USER\n', errors: [{ messageId: 'rootResolved', line: 4, column: 6 }], name: 'global ARG default re-imported' },
    { code: 'FROM node:20\nARG APP_USER=app\nUSER ${APP_USER}\n', builds: ci({ APP_USER: '0' }), errors: [{ messageId: 'rootResolved', line: 3, column: 6 }], name: 'root from a CI build arg' },
    { code: 'FROM node:20\nUSER "root"\n', errors: [{ messageId: 'root', line: 2, column: 6 }], name: 'quoted root' },
    { code: '\uFEFFFROM node:20\r\nUSER root\r\n', errors: [{ messageId: 'root', line: 2, column: 6 }], name: 'BOM and CRLF' },
    { code: '# escape=`\nFROM node:20 `\n  AS app\nUSER root\n', errors: [{ messageId: 'root', line: 4, column: 6 }], name: 'escape directive' },
  ],
});
