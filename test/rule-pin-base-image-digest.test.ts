import rule from '../rules/pin-base-image-digest/index.js';
import { ruleTester } from './helpers/rule-tester.js';

const SHA = `sha256:${'0'.repeat(64)}`;

ruleTester(rule, {
  valid: [
    { code: `FROM node:20@${SHA}\n` },
    { code: `FROM node@${SHA}\n`, name: 'digest without a tag' },
    { code: `FROM ghcr.io/acme/base:1@sha512:${'0'.repeat(128)}\n`, name: 'any well-formed digest pins' },
    { code: 'FROM scratch\nCOPY app /app\n' },
    { code: `FROM golang:1.22@${SHA} AS build\nFROM build\nCOPY --from=build /a /b\nCOPY --from=0 /c /d\n`, name: 'stage aliases are never judged' },
    { code: `ARG BASE=node:20@${SHA}\nFROM \${BASE}\n`, name: 'ARG default resolves to a pinned reference' },
    { code: 'FROM ${BASE}\n', name: 'unresolved variable is skipped' },
    { code: 'FROM node:${TAG}\n', name: 'partly unresolved reference is skipped' },
    { code: 'FROM Node:18\n', name: 'malformed references are left to valid-image-reference' },
    { code: `FROM alpine:3.20@${SHA}\nCOPY --from=nginx:1.27@${SHA} /a /b\nRUN --mount=type=bind,from=busybox:1.36@${SHA},target=/b true\n` },
    { code: `FROM alpine:3.20@${SHA}\nRUN --mount=type=cache,target=/c echo hi\n` },
    { code: `# escape=\`\nFROM node:20@${SHA} \`\n  AS x\n`, name: 'escape directive' },
    { code: `\uFEFFFROM node:20@${SHA}\r\nRUN echo hi\r\n`, name: 'BOM and CRLF' },
  ],
  invalid: [
    {
      code: 'FROM node:20\n',
      errors: [{ messageId: 'unpinned', line: 1, column: 6, endColumn: 13, message: 'Base image "node:20" is not pinned by digest; pin it as "node:20@sha256:…".' }],
    },
    { code: 'FROM node\n', errors: [{ messageId: 'unpinned', line: 1, column: 6, message: '"node:<tag>@sha256:…"' }], name: 'untagged' },
    { code: 'FROM ghcr.io/acme/base:1 AS base\n', errors: [{ messageId: 'unpinned', line: 1, column: 6, message: '"ghcr.io/acme/base:1@sha256:…"' }] },
    {
      code: 'ARG V=20\nFROM node:${V}\n',
      errors: [{ messageId: 'unpinned', line: 2, column: 6, message: 'Base image "node:${V}" (resolved to "node:20") is not pinned' }],
      name: 'ARG-resolved reference',
    },
    { code: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n', errors: [{ messageId: 'unpinned', line: 1, column: 32 }] },
    { code: `FROM alpine:3.20@${SHA}\nCOPY --from=nginx:1.27 /a /b\n`, errors: [{ messageId: 'unpinned', line: 2, column: 13 }] },
    { code: `FROM alpine:3.20@${SHA}\nRUN --mount=type=bind,from=busybox:1.36,target=/b true\n`, errors: [{ messageId: 'unpinned', line: 2, column: 28 }] },
    {
      code: 'FROM golang:1.22 AS build\nFROM build AS test\nFROM alpine:3.20\nCOPY --from=build /a /b\n',
      errors: [{ messageId: 'unpinned', line: 1, column: 6 }, { messageId: 'unpinned', line: 3, column: 6 }],
      name: 'every stage with an image base, aliases skipped',
    },
    { code: '# escape=`\nFROM node:20 `\n  AS x\n', errors: [{ messageId: 'unpinned', line: 2, column: 6 }], name: 'escape directive' },
    { code: '\uFEFFFROM node:20\r\nCOPY --from=nginx:1.27 /a /b\r\n', errors: [{ messageId: 'unpinned', line: 1, column: 6, endColumn: 13 }, { messageId: 'unpinned', line: 2, column: 13 }], name: 'BOM + CRLF positions' },
  ],
});
