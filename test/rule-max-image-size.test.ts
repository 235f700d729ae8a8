// max-image-size over image configs: inspect `Size` from a JSON file (line of the config
// object) and sizes a source gathered (envelope: no line, 1:1).

import rule from '../rules/max-image-size/index.js';
import { ruleTester } from './helpers/rule-tester.js';
import { encodeFacts } from '../src/image/facts.js';

const inspect = (size: number) => `[
  {
    "Id": "sha256:${'a'.repeat(64)}",
    "RepoTags": ["ghcr.io/acme/app:1.0.0"],
    "Size": ${size},
    "Config": {
      "User": "10001"
    }
  }
]
`;

const fromRegistry = (size: number | null) => encodeFacts({
  source: 'registry',
  document: { architecture: 'amd64', os: 'linux', config: { User: '10001' } },
  references: ['ghcr.io/acme/app:1.0.0'],
  digest: `sha256:${'b'.repeat(64)}`,
  size,
  platform: 'linux/amd64',
  platforms: ['linux/amd64'],
});

ruleTester(rule, {
  valid: [
    { name: 'inspect Size under the limit', code: inspect(1000), options: { maxBytes: 1000 } },
    { name: 'registry layers under the limit', code: fromRegistry(5_000_000), options: { maxBytes: 10_000_000 } },
    { name: 'a bare config has no size to judge', code: '{"architecture":"amd64","os":"linux","config":{}}', options: { maxBytes: 1 } },
    { name: 'unknown size from a source', code: fromRegistry(null), options: { maxBytes: 1 } },
  ],
  invalid: [
    {
      name: 'inspect Size over the limit points at the config object',
      code: inspect(1001),
      options: { maxBytes: 1000 },
      errors: [{ messageId: 'tooLarge', line: 6, column: 15, message: '1001 bytes' }],
    },
    {
      name: 'registry size over the limit has no line',
      code: fromRegistry(3 * 1024 * 1024),
      options: { maxBytes: 1024 * 1024 },
      errors: [{ messageId: 'tooLarge', line: 1, column: 1, message: 'The image is 3.0 MiB (3145728 bytes), over the limit of 1.0 MiB' }],
    },
    {
      name: 'on without maxBytes is reported, not passed',
      code: inspect(10),
      errors: [{ messageId: 'noLimit', line: 6, column: 15 }],
    },
  ],
});
