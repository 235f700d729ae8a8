import rule from '../rules/no-latest-tag/index.js';
import { ruleTester } from './helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    { code: 'FROM node:20-alpine\n' },
    { code: 'FROM scratch\nCOPY app /app\n' },
    { code: 'FROM node@sha256:0000000000000000000000000000000000000000000000000000000000000000\n' },
    { code: 'FROM golang:1.22 AS build\nFROM build\n', name: 'stage alias is not an image' },
    { code: 'FROM golang:1.22 AS Build\nFROM build AS final\n', name: 'stage names are case-insensitive' },
    { code: 'ARG TAG=20\nFROM node:${TAG}\n', name: 'ARG default resolves to a version' },
    { code: 'FROM node:${TAG}\n', name: 'unresolved variable is not judged' },
    { code: 'FROM golang:1.22 AS b\nFROM alpine:3.20\nCOPY --from=b /x /x\nCOPY --from=0 /y /y\n' },
    { code: 'FROM alpine:3.20\nRUN --mount=type=cache,target=/c echo hi\n' },
    { code: 'ARG BASE=debian:12\nFROM $BASE\n' },
    { code: 'FROM node:${TAG}\n', builds: [{ origin: 'ci', buildArgs: { TAG: 'latest' }, labels: {}, context: null }], name: 'build args only reach declared ARGs' },
    { code: '\uFEFFFROM node:20\r\nRUN echo hi\r\n', name: 'BOM and CRLF' },
  ],
  invalid: [
    { code: 'FROM node\n', errors: [{ messageId: 'untagged', line: 1, column: 6, endColumn: 10 }] },
    { code: 'FROM node:latest AS x\n', errors: [{ messageId: 'latest', line: 1, column: 6 }] },
    { code: 'ARG TAG=latest\nFROM node:${TAG}\n', errors: [{ messageId: 'latestResolved', line: 2, column: 6, message: 'node:latest' }] },
    { code: 'ARG TAG\nFROM node:${TAG:-latest}\n', errors: [{ messageId: 'latestResolved', line: 2, column: 6 }] },
    { code: 'ARG TAG=20\nFROM node:${TAG}\n', builds: [{ origin: 'ci', buildArgs: { TAG: 'latest' }, labels: {}, context: null }], errors: [{ messageId: 'latestResolved', line: 2, column: 6 }], name: 'build arg from CI overrides the ARG default' },
    { code: 'FROM ${REGISTRY}/app:latest\n', errors: [{ messageId: 'latest', line: 1, column: 6 }], name: 'literal latest after a variable' },
    { code: 'FROM alpine:3.20\nCOPY --from=nginx /etc/nginx /etc/nginx\n', errors: [{ messageId: 'untagged', line: 2, column: 13 }] },
    { code: 'FROM alpine:3.20\nRUN --mount=type=bind,from=busybox:latest,target=/b true\n', errors: [{ messageId: 'latest', line: 2, column: 28 }] },
    { code: 'FROM alpine:3.20 AS a\nFROM ubuntu\n', errors: [{ messageId: 'untagged', line: 2, column: 6 }] },
    { code: '# escape=`\nFROM node `\n  AS x\n', errors: [{ messageId: 'untagged', line: 2, column: 6 }], name: 'escape directive' },
    { code: '\uFEFFFROM node\r\n', errors: [{ messageId: 'untagged', line: 1, column: 6 }], name: 'BOM + CRLF positions' },
    {
      code: '#!/bin/sh\nset -e\ndocker build -t registry.acme.io/app:latest .\ndocker push registry.acme.io/app:latest\n',
      kind: 'shell',
      filename: 'release.sh',
      errors: [{ messageId: 'publishesLatest', line: 3, column: 17 }, { messageId: 'publishesLatest', line: 4, column: 13 }],
      name: 'shell scripts: build and push targets',
    },
    {
      code: 'release:\n\tdocker run --rm -p 8080:80 nginx\n',
      kind: 'shell',
      filename: 'Makefile',
      errors: [{ messageId: 'untagged', line: 2, column: 29 }],
      name: 'Makefile: docker run image, option values skipped',
    },
  ],
});
