// require-labels on image configs (`Labels`), beside its Dockerfile tests in
// rule-require-labels.test.ts.

import rule from '../rules/require-labels/index.js';
import { ruleTester } from './helpers/rule-tester.js';

const REVISION = '0123456789abcdef0123456789abcdef01234567';
const config = (labels: Record<string, string> | null) => JSON.stringify({ os: 'linux', architecture: 'amd64', config: { User: '1', Labels: labels } }, null, 2);
const all = { 'org.opencontainers.image.source': 'https://github.com/acme/app', 'org.opencontainers.image.version': '1.2.3', 'org.opencontainers.image.revision': REVISION };

ruleTester(rule, {
  valid: [
    { name: 'all three labels', kind: 'image', code: config(all) },
    { name: 'custom requirement', kind: 'image', code: config({ team: 'core' }), options: { labels: { team: { pattern: '^[a-z]+$' } } } },
  ],
  invalid: [
    {
      name: 'Labels null: every key missing, at the config object',
      kind: 'image',
      code: config(null),
      errors: [
        { messageId: 'imageMissing', line: 4, column: 13, message: 'org.opencontainers.image.source' },
        { messageId: 'imageMissing', line: 4, column: 13, message: 'org.opencontainers.image.version' },
        { messageId: 'imageMissing', line: 4, column: 13, message: 'org.opencontainers.image.revision' },
      ],
    },
    {
      name: 'wrong format points at the value',
      kind: 'image',
      code: config({ ...all, 'org.opencontainers.image.version': 'main' }),
      errors: [{ messageId: 'badFormat', line: 8, column: 44, endColumn: 48, message: '"main"' }],
    },
    {
      name: 'the second image of an inspect array is judged on its own labels',
      kind: 'image',
      code: JSON.stringify([{ Id: 'x', Config: { User: '1', Labels: all } }, { Id: 'y', Config: { User: '1', Labels: { team: 'a' } } }]),
      options: { labels: { 'org.opencontainers.image.source': {} } },
      errors: [{ messageId: 'imageMissing', line: 1, column: 251 }],
    },
  ],
});
