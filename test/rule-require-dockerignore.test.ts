import rule from '../rules/require-dockerignore/index.js';
import { ruleTester } from './helpers/rule-tester.js';

const GOOD = '# keep the context small\n.git\n.env*\n!.env.example\nnode_modules\n';
const COPY_ALL = 'FROM node:20\nWORKDIR /app\nCOPY . .\n';
const builds = (...contexts: Array<string | null>) =>
  contexts.map((context) => ({ origin: 'compose.yaml', buildArgs: {}, labels: {}, context }));

ruleTester(rule, {
  valid: [
    { code: 'FROM node:20\nCOPY package.json /app/\nCOPY src/ /app/src/\n', name: 'no whole-context copy' },
    { code: COPY_ALL, files: { '.dockerignore': GOOD } },
    { code: COPY_ALL, files: { '.dockerignore': '**/.git\n.env\n' } },
    { code: COPY_ALL, files: { '.dockerignore': '*\n!src\n!package.json\n' }, name: 'allow-list style ignore file' },
    { code: 'FROM node:20 AS build\nFROM node:20\nCOPY --from=build . /app\n', name: 'COPY --from a stage is not the context' },
    { code: 'FROM node:20\nCOPY <<EOF /app/.\nhello\nEOF\n', name: 'heredoc COPY' },
    { code: COPY_ALL, files: { '.dockerignore': '.git\n.env*\n!.env.example\n' }, name: '!.env.example re-includes only the example' },
    {
      code: COPY_ALL,
      filename: 'docker/api/Dockerfile',
      files: { 'docker/api/Dockerfile.dockerignore': GOOD },
      name: 'Dockerfile-specific ignore file',
    },
    {
      code: COPY_ALL,
      filename: 'docker/api/Dockerfile',
      files: { 'docker/api/Dockerfile.dockerignore': GOOD, 'docker/api/.dockerignore': '' },
      name: 'the Dockerfile-specific ignore file wins over .dockerignore',
    },
    { code: COPY_ALL, filename: 'docker/api/Dockerfile', builds: builds('.'), files: { '.dockerignore': GOOD }, name: 'context from a build' },
    {
      code: COPY_ALL,
      filename: 'docker/api/Dockerfile',
      builds: builds('./', 'services/api/', null),
      files: { '.dockerignore': GOOD, 'services/api/.dockerignore': GOOD, 'docker/api/.dockerignore': GOOD },
      name: 'every context is checked (null context = Dockerfile directory)',
    },
    { code: COPY_ALL, builds: builds('https://github.com/acme/app.git#main'), name: 'a remote context cannot be checked' },
    { code: '\uFEFFFROM node:20\r\nCOPY . /app\r\n', files: { '.dockerignore': '\uFEFF.git\r\n.env*\r\n' }, name: 'BOM and CRLF' },
    { code: '# escape=`\nFROM node:20\nCOPY --chown=node:node `\n  . /app\n', files: { '.dockerignore': GOOD }, name: 'escape directive' },
  ],
  invalid: [
    { code: COPY_ALL, errors: [{ messageId: 'missing', line: 3, column: 6, endColumn: 7, message: 'context "."' }] },
    { code: 'FROM node:20\nADD . /app\n', errors: [{ messageId: 'missing', line: 2, column: 5 }] },
    { code: 'FROM node:20\nCOPY ./ /app\n', errors: [{ messageId: 'missing', line: 2, column: 6 }] },
    { code: 'FROM node:20\nCOPY ["./", "/app"]\n', errors: [{ messageId: 'missing', line: 2, column: 7 }], name: 'exec form' },
    { code: 'FROM node:20\nCOPY package.json . /app/\n', errors: [{ messageId: 'missing', line: 2, column: 19 }], name: 'the context among other sources' },
    {
      code: 'FROM node:20\nCOPY package.json ./\nRUN npm ci\nCOPY . .\nCOPY . /again\n',
      errors: [{ messageId: 'missing', line: 4, column: 6 }],
      name: 'reported once, at the first whole-context copy',
    },
    { code: COPY_ALL, files: { '.dockerignore': 'node_modules\n' }, errors: [{ messageId: 'notExcluded', line: 3, column: 6, message: '.git and .env' }] },
    { code: COPY_ALL, files: { '.dockerignore': '.git\n.env*\n!.env\n' }, errors: [{ messageId: 'notExcluded', line: 3, column: 6, message: 'not exclude .env;' }], name: '!.env re-includes .env' },
    { code: COPY_ALL, files: { '.dockerignore': '.git\n' }, errors: [{ messageId: 'notExcluded', line: 3, column: 6, message: 'add .env* to it' }] },
    { code: COPY_ALL, files: { '.dockerignore': '.GIT\n.env\n' }, errors: [{ messageId: 'notExcluded', line: 3, column: 6, message: 'not exclude .git;' }], name: 'matching is case-sensitive' },
    {
      code: COPY_ALL,
      filename: 'docker/api/Dockerfile',
      files: { 'docker/api/Dockerfile.dockerignore': '.env*\n', 'docker/api/.dockerignore': GOOD },
      errors: [{ messageId: 'notExcluded', line: 3, column: 6, message: 'docker/api/Dockerfile.dockerignore does not exclude .git' }],
      name: 'a deficient Dockerfile-specific ignore file is judged, not .dockerignore',
    },
    {
      code: COPY_ALL,
      filename: 'docker/api/Dockerfile',
      files: { '.dockerignore': GOOD },
      errors: [{ messageId: 'missing', line: 3, column: 6, message: 'docker/api/.dockerignore' }],
      name: 'without builds the context is the Dockerfile directory',
    },
    {
      code: COPY_ALL,
      filename: 'docker/api/Dockerfile',
      builds: builds('.', 'services/api', 'services/web'),
      files: { '.dockerignore': GOOD, 'services/web/.dockerignore': '.git\n' },
      errors: [
        { messageId: 'missing', line: 3, column: 6, message: 'context "services/api"' },
        { messageId: 'notExcluded', line: 3, column: 6, message: 'services/web/.dockerignore' },
      ],
      name: 'contexts from builds: one finding per deficient context',
    },
    { code: '\uFEFFFROM node:20\r\nCOPY . /app\r\n', files: { '.dockerignore': '\uFEFF.git\r\n' }, errors: [{ messageId: 'notExcluded', line: 2, column: 6 }], name: 'BOM and CRLF' },
    { code: '# escape=`\nFROM node:20\nCOPY --chown=node:node `\n  . /app\n', errors: [{ messageId: 'missing', line: 4, column: 3 }], name: 'escape directive' },
  ],
});
