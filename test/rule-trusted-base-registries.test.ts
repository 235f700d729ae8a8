import rule from '../rules/trusted-base-registries/index.js';
import { ruleTester } from './helpers/rule-tester.js';

const SHA = `sha256:${'0'.repeat(64)}`;

ruleTester(rule, {
  valid: [
    { code: 'FROM node:20\n', name: 'default allows Docker official images' },
    { code: 'FROM docker.io/library/node:20\nFROM index.docker.io/library/python:3.12\nFROM library/golang:1.22\n', name: 'Hub spellings normalise' },
    { code: `FROM node:20@${SHA}\n` },
    { code: 'FROM scratch\nCOPY app /app\n' },
    { code: 'FROM golang:1.22 AS build\nFROM build\nCOPY --from=build /a /b\nCOPY --from=0 /c /d\n', name: 'stage aliases are never judged' },
    { code: 'ARG BASE=python:3.12\nFROM ${BASE}\n', name: 'ARG default resolves to an official image' },
    { code: 'FROM ${REGISTRY}/app:1\n', name: 'unresolved variable is skipped' },
    { code: 'FROM Node:18\n', name: 'malformed references are left to valid-image-reference' },
    { code: 'FROM ghcr.io/acme/team/base:1\n', options: { allow: ['ghcr.io/acme/**'] }, name: '** allows any depth' },
    { code: 'FROM ghcr.io/acme/base:1\n', options: { allow: ['ghcr.io/acme/*'] }, name: '* allows one level' },
    { code: 'FROM registry.example.com/x/y:1\n', options: { allow: ['registry.example.com'] }, name: 'bare registry allows everything on it' },
    { code: 'FROM localhost:5000/a:1\n', options: { allow: ['localhost:5000'] } },
    { code: 'FROM eu.gcr.io/p/img:1\n', options: { allow: ['*.gcr.io'] }, name: 'glob in the registry' },
    { code: 'FROM acme/base:1\n', options: { allow: ['acme/*'] }, name: 'Hub namespace shorthand' },
    { code: 'FROM node:20\n', options: { allow: ['node'] }, name: 'bare name is an official image' },
    { code: 'FROM GHCR.io/acme/app:1\n', options: { allow: ['ghcr.io/acme/*'] }, name: 'registry hosts are case-insensitive' },
    { code: 'FROM alpine:3.20\nCOPY --from=ghcr.io/acme/tools:1 /a /b\nRUN --mount=type=bind,from=ghcr.io/acme/cache:1,target=/c true\n', options: { allow: ['docker.io/library/*', 'ghcr.io/acme/**'] } },
    { code: '# escape=`\nFROM node:20 `\n  AS x\n', name: 'escape directive' },
    { code: '\uFEFFFROM node:20\r\nCOPY --from=nginx:1.27 /a /b\r\n', name: 'BOM and CRLF' },
  ],
  invalid: [
    {
      code: 'FROM acme/node:20\n',
      errors: [{ messageId: 'untrusted', line: 1, column: 6, endColumn: 18, message: 'Image "acme/node:20" (docker.io/acme/node) matches none of the allowed sources ("docker.io/library/*")' }],
    },
    { code: 'FROM ghcr.io/acme/app:1\n', errors: [{ messageId: 'untrusted', line: 1, column: 6 }] },
    { code: 'FROM library/tools/node:1\n', errors: [{ messageId: 'untrusted', line: 1, column: 6 }], name: '* does not cross a "/"' },
    { code: `FROM quay.io/x/y:1@${SHA}\n`, errors: [{ messageId: 'untrusted', line: 1, column: 6 }], name: 'a digest does not make a registry trusted' },
    { code: 'ARG BASE=quay.io/x/y:1\nFROM ${BASE}\n', errors: [{ messageId: 'untrusted', line: 2, column: 6, message: 'quay.io/x/y' }], name: 'ARG-resolved reference' },
    { code: 'FROM alpine:3.20\nCOPY --from=ghcr.io/evil/tools:1 /a /b\n', errors: [{ messageId: 'untrusted', line: 2, column: 13 }] },
    { code: 'FROM alpine:3.20\nRUN --mount=type=bind,from=quay.io/x/y:1,target=/b true\n', errors: [{ messageId: 'untrusted', line: 2, column: 28 }] },
    { code: 'FROM ghcr.io/acme/team/base:1\n', options: { allow: ['ghcr.io/acme/*'] }, errors: [{ messageId: 'untrusted', line: 1, column: 6 }], name: '* allows one level only' },
    { code: 'FROM ghcr.io/acme-evil/x:1\n', options: { allow: ['ghcr.io/acme/**'] }, errors: [{ messageId: 'untrusted', line: 1, column: 6 }], name: 'namespace prefix is not a match' },
    { code: 'FROM registry.example.com.evil.io/x:1\n', options: { allow: ['registry.example.com'] }, errors: [{ messageId: 'untrusted', line: 1, column: 6 }], name: 'registry prefix is not a match' },
    { code: 'FROM node:20\n', options: { allow: ['ghcr.io/acme/**'] }, errors: [{ messageId: 'untrusted', line: 1, column: 6, message: '("ghcr.io/acme/**")' }], name: 'the allow list replaces the default' },
    {
      code: 'FROM quay.io/x/y:1\n',
      options: { allow: ['a.io', 'b.io', 'c.io', 'd.io', 'e.io', 'f.io', 'g.io'] },
      errors: [{ messageId: 'untrusted', line: 1, column: 6, message: '("a.io", "b.io", "c.io", "d.io", "e.io" and 2 more)' }],
      name: 'long allow lists are truncated',
    },
    {
      code: 'FROM golang:1.22 AS build\nFROM build AS test\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=build /a /b\n',
      errors: [{ messageId: 'untrusted', line: 3, column: 6 }],
      name: 'aliases skipped, later stage judged',
    },
    { code: '# escape=`\nFROM acme/node:20 `\n  AS x\n', errors: [{ messageId: 'untrusted', line: 2, column: 6 }], name: 'escape directive' },
    { code: '\uFEFFFROM acme/node:20\r\nCOPY --from=quay.io/x/y:1 /a /b\r\n', errors: [{ messageId: 'untrusted', line: 1, column: 6, endColumn: 18 }, { messageId: 'untrusted', line: 2, column: 13 }], name: 'BOM + CRLF positions' },
  ],
});
