import rule from '../rules/require-multi-stage/index.js';
import { ruleTester } from './helpers/rule-tester.js';

ruleTester(rule, {
  valid: [
    { code: 'FROM golang:1.22 AS build\nRUN go build -o /out/app\nFROM alpine:3.20\nCOPY --from=build /out/app /app\n' },
    { code: 'FROM golang:1.22\nRUN make\nFROM alpine:3.20\nCOPY --from=0 /out /app\n', name: 'COPY --from by stage index' },
    { code: 'FROM golang:1.22 AS Build\nRUN make\nFROM alpine:3.20\nCOPY --from=build /out /app\n', name: 'stage names are case-insensitive' },
    {
      code: 'FROM golang:1.22 AS build\nRUN make\nFROM alpine:3.20 AS runtime\nCOPY --from=build /out /app\nFROM runtime AS final\nCMD ["/app"]\n',
      name: 'the copy is in a stage the final stage inherits from',
    },
    { code: 'FROM scratch\nCOPY app /app\nLABEL a=b\nUSER 65532\nENV X=1\nWORKDIR /\nEXPOSE 80\nENTRYPOINT ["/app"]\n', name: 'single scratch stage with only COPY and metadata' },
    { code: 'FROM scratch\nCOPY <<EOF /etc/motd\nhello\nEOF\n', name: 'heredoc COPY in a single scratch stage' },
    { code: 'FROM node:20\nRUN npm ci\n', options: { minStages: 1 }, name: 'minStages 1 allows a single stage' },
    {
      code: 'FROM node:20 AS deps\nRUN npm ci\nFROM node:20 AS build\nCOPY --from=deps /n /n\nFROM node:20-slim\nCOPY --from=build /dist /dist\n',
      options: { minStages: 3 },
    },
    { code: '\uFEFFFROM golang:1.22 AS build\r\nRUN make\r\nFROM alpine:3.20\r\nCOPY --from=build /out /app\r\n', name: 'BOM and CRLF' },
    { code: '# escape=`\nFROM golang:1.22 `\n  AS build\nRUN make `\n  all\nFROM alpine:3.20\nCOPY --from=build /out /app\n', name: 'escape directive' },
  ],
  invalid: [
    { code: 'FROM node:20\nRUN npm ci\n', errors: [{ messageId: 'tooFewStages', line: 1, column: 1, message: '1 stage(s), fewer than 2' }] },
    { code: 'FROM alpine:3.20\nCOPY . /app\n', errors: [{ messageId: 'tooFewStages', line: 1, column: 1 }] },
    {
      code: 'FROM golang:1.22 AS build\nRUN make\nFROM alpine:3.20\nRUN apk add --no-cache curl\n',
      errors: [{ messageId: 'noArtifacts', line: 3, column: 1, message: '"1"' }],
      name: 'final stage builds in place',
    },
    {
      code: 'FROM node:20 AS base\nRUN npm ci\nFROM base AS final\nCMD ["node", "index.js"]\n',
      errors: [{ messageId: 'noArtifacts', line: 3, column: 1, message: '"final"' }],
      name: 'final stage only inherits the builder',
    },
    {
      code: 'FROM node:20 AS deps\nRUN npm ci\nFROM deps AS final\nCOPY --from=deps /x /y\n',
      errors: [{ messageId: 'noArtifacts', line: 3, column: 1 }],
      name: 'copying from a stage the final stage already builds on separates nothing',
    },
    {
      code: 'FROM golang:1.22 AS build\nFROM alpine:3.20\nCOPY --from=nginx:1.25 /etc/nginx /etc/nginx\n',
      errors: [{ messageId: 'noArtifacts', line: 2, column: 1 }],
      name: 'COPY --from an image is not a build stage',
    },
    {
      code: 'FROM golang:1.22 AS build\nFROM alpine:3.20 AS other\nCOPY --from=build /out /out\nFROM alpine:3.20\nRUN make\n',
      errors: [{ messageId: 'noArtifacts', line: 4, column: 1 }],
      name: 'a copy in an unrelated stage does not count',
    },
    { code: 'FROM scratch\nRUN <<EOF\necho hi\nEOF\n', errors: [{ messageId: 'tooFewStages', line: 1, column: 1 }], name: 'heredoc RUN in a single scratch stage' },
    { code: 'FROM scratch\nADD rootfs.tar.gz /\n', errors: [{ messageId: 'tooFewStages', line: 1, column: 1 }], name: 'ADD in a single scratch stage' },
    {
      code: 'FROM golang:1.22 AS build\nRUN make\nFROM alpine:3.20\nCOPY --from=build /out /app\n',
      options: { minStages: 3 },
      errors: [{ messageId: 'tooFewStages', line: 3, column: 1, message: '2 stage(s), fewer than 3' }],
    },
    { code: '\uFEFFFROM node:20\r\nRUN npm ci\r\n', errors: [{ messageId: 'tooFewStages', line: 1, column: 1 }], name: 'BOM and CRLF' },
    {
      code: '# escape=`\nFROM golang:1.22 AS build\nFROM alpine:3.20 `\n  AS final\nRUN echo `\n  hi\n',
      errors: [{ messageId: 'noArtifacts', line: 3, column: 1, message: '"final"' }],
      name: 'escape directive',
    },
  ],
});
