// require-non-root-user on image configs (`User`), beside its Dockerfile tests in
// rule-require-non-root-user.test.ts: JSON files point at the value, other sources at 1:1.

import rule from '../rules/require-non-root-user/index.js';
import { ruleTester } from './helpers/rule-tester.js';
import { encodeFacts } from '../src/image/facts.js';

const config = (user: string | null) => `{
  "architecture": "amd64",
  "os": "linux",
  "config": {${user === null ? '' : `
    "User": ${JSON.stringify(user)},`}
    "Cmd": ["/app"]
  }
}
`;
const inspect = (user: string) => `[{"Id":"sha256:${'a'.repeat(64)}","Config":{"User":${JSON.stringify(user)}}}]`;
const fromRegistry = (user: string | null) => encodeFacts({
  source: 'registry',
  document: { config: user === null ? {} : { User: user } },
  references: ['ghcr.io/acme/app:1.0.0'],
  digest: null,
  size: 1,
  platform: 'linux/amd64',
  platforms: ['linux/amd64'],
});

ruleTester(rule, {
  valid: [
    { name: 'numeric uid', kind: 'image', code: config('10001') },
    { name: 'uid with root group', kind: 'image', code: config('1000:0') },
    { name: 'named user', kind: 'image', code: inspect('node') },
    { name: 'registry config with a user', kind: 'image', code: fromRegistry('65532:65532') },
  ],
  invalid: [
    { name: 'root by name', kind: 'image', code: config('root'), errors: [{ messageId: 'imageRoot', line: 5, column: 14, endColumn: 18, message: 'User "root"' }] },
    { name: '0:0', kind: 'image', code: config('0:0'), errors: [{ messageId: 'imageRoot', line: 5, column: 14 }] },
    { name: 'empty User points at its quotes', kind: 'image', code: config(''), errors: [{ messageId: 'imageMissing', line: 5, column: 13 }] },
    { name: 'no User points at the config object', kind: 'image', code: config(null), errors: [{ messageId: 'imageMissing', line: 4, column: 13 }] },
    { name: 'inspect entry', kind: 'image', code: inspect('0'), errors: [{ messageId: 'imageRoot', line: 1, column: 100 }] },
    { name: 'registry: no line', kind: 'image', code: fromRegistry(null), errors: [{ messageId: 'imageMissing', line: 1, column: 1 }] },
    { name: 'registry root', kind: 'image', code: fromRegistry('root:root'), errors: [{ messageId: 'imageRoot', line: 1, column: 1 }] },
  ],
});
