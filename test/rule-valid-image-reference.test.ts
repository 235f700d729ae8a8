import rule from '../rules/valid-image-reference/index.js';
import { ruleTester } from './helpers/rule-tester.js';

const SHA = 'a'.repeat(64);
const LONG = `ghcr.io/${'a'.repeat(256)}:1`;

ruleTester(rule, {
  valid: [
    { code: 'FROM node:20-alpine\n' },
    { code: 'FROM scratch\nCOPY app /app\n' },
    { code: `FROM node:20@sha256:${SHA}\n`, name: 'digest pin' },
    { code: 'FROM localhost:5000/a/b:1\n', name: 'localhost registry with a one-letter component' },
    { code: 'FROM Registry.Example.com:5000/team/app:v1.2.3_RC\n', name: 'registry hosts and tags may have capitals' },
    { code: 'FROM golang:1.22 AS Build\nFROM build\nCOPY --from=BUILD /a /b\nCOPY --from=0 /c /d\n', name: 'stage aliases are never judged' },
    { code: 'ARG IMG=node:18\nFROM ${IMG}\n', name: 'ARG default resolves to a valid reference' },
    { code: 'FROM ${IMG}\n', name: 'unresolved variable is skipped' },
    { code: 'FROM ${REGISTRY}/My_App:1\n', name: 'partly unresolved reference is skipped' },
    { code: 'FROM --platform=$BUILDPLATFORM golang:1.22\n' },
    { code: 'FROM alpine:3.20\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\nRUN --mount=type=bind,from=busybox:1.36,target=/b true\n' },
    { code: 'FROM alpine:3.20\nRUN --mount=type=cache,target=/c echo hi\n' },
    { code: '# escape=`\nFROM node:20 `\n  AS x\n', name: 'escape directive' },
    { code: '\uFEFFFROM node:20\r\nCOPY --from=nginx:1.27 /a /b\r\n', name: 'BOM and CRLF' },
  ],
  invalid: [
    {
      code: 'FROM Node:18\n',
      errors: [{ messageId: 'uppercase', line: 1, column: 6, endColumn: 13, message: 'Image "Node:18" has uppercase letters in its repository; repositories are lowercase ("node:18").' }],
    },
    {
      code: 'ARG IMG=Node:18\nFROM ${IMG}\n',
      errors: [{ messageId: 'uppercase', line: 2, column: 6, endColumn: 12, message: 'Image "${IMG}" (resolved to "Node:18") has uppercase' }],
      name: 'ARG-resolved reference',
    },
    { code: 'FROM My_Team/App:Alpine\n', errors: [{ messageId: 'uppercase', line: 1, column: 6, message: '("my_team/app:Alpine")' }], name: 'tag case is kept in the suggestion' },
    { code: 'FROM alpine:3.20\nCOPY --from=Nginx:1.27 /a /b\n', errors: [{ messageId: 'uppercase', line: 2, column: 13 }] },
    { code: 'FROM alpine:3.20\nRUN --mount=type=bind,from=Busybox:1.36,target=/b true\n', errors: [{ messageId: 'uppercase', line: 2, column: 28 }] },
    { code: 'FROM r:7.2\n', errors: [{ messageId: 'component-too-short', line: 1, column: 6, message: '"r"' }] },
    { code: 'FROM node:-20\n', errors: [{ messageId: 'invalid-tag', line: 1, column: 6, message: 'tag "-20"' }] },
    { code: 'FROM node:\n', errors: [{ messageId: 'invalid-tag', line: 1, column: 6 }], name: 'empty tag' },
    { code: 'FROM node@sha256:abc\n', errors: [{ messageId: 'invalid-digest', line: 1, column: 6 }] },
    { code: `FROM node:20@sha256:${SHA.toUpperCase()}\n`, errors: [{ messageId: 'invalid-digest', line: 1, column: 6, message: 'lowercase hex' }] },
    { code: 'FROM my..app:1\n', errors: [{ messageId: 'invalid-name', line: 1, column: 6 }] },
    { code: 'ARG IMG=\nFROM ${IMG}\n', errors: [{ messageId: 'invalid-name', line: 2, column: 6, message: 'reference is empty' }], name: 'ARG resolves to nothing' },
    { code: `FROM ${LONG}\n`, errors: [{ messageId: 'name-too-long', line: 1, column: 6, endColumn: 6 + LONG.length, message: '256 characters' }] },
    {
      code: 'FROM Node:18 AS build\nFROM build\nFROM alpine:3.20\nCOPY --from=build /a /b\nCOPY --from=r:1 /c /d\n',
      errors: [{ messageId: 'uppercase', line: 1, column: 6 }, { messageId: 'component-too-short', line: 5, column: 13 }],
      name: 'several stages, aliases skipped',
    },
    { code: '# escape=`\nFROM Node:18 `\n  AS x\n', errors: [{ messageId: 'uppercase', line: 2, column: 6 }], name: 'escape directive' },
    { code: '\uFEFFFROM Node:18\r\nCOPY --from=r:1 /a /b\r\n', errors: [{ messageId: 'uppercase', line: 1, column: 6, endColumn: 13 }, { messageId: 'component-too-short', line: 2, column: 13 }], name: 'BOM + CRLF positions' },
  ],
});
