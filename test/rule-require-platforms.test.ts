// require-platforms over images: the platforms an index offers (judged once, on the
// target that carries them) or a single config's os/architecture/variant.

import rule from '../rules/require-platforms/index.js';
import { ruleTester } from './helpers/rule-tester.js';
import { encodeFacts } from '../src/image/facts.js';

const config = (platform: string) => {
  const [os, architecture, variant] = platform.split('/');
  return JSON.stringify({ os, architecture, ...(variant ? { variant } : {}), config: { User: '1' } }, null, 2);
};

const indexTarget = (platform: string, platforms: string[] | null) => encodeFacts({
  source: 'registry',
  document: { config: { User: '1' } },
  references: ['ghcr.io/acme/app:1.0.0'],
  digest: null,
  size: 10,
  platform,
  platforms,
});

const both = { platforms: ['linux/amd64', 'linux/arm64'] };

ruleTester(rule, {
  valid: [
    { name: 'no platforms wanted', kind: 'image', code: config('linux/amd64') },
    { name: 'single config on the wanted platform', kind: 'image', code: config('linux/amd64'), options: { platforms: ['linux/amd64'] } },
    { name: 'x86_64 is amd64', kind: 'image', code: config('linux/x86_64'), options: { platforms: ['linux/amd64'] } },
    { name: 'arm64/v8 is arm64', kind: 'image', code: config('linux/arm64/v8'), options: { platforms: ['linux/arm64'] } },
    { name: 'index covering both', kind: 'image', code: indexTarget('linux/amd64', ['linux/amd64', 'linux/arm64/v8']), options: both },
    { name: 'other platforms of an index are not judged again', kind: 'image', code: indexTarget('linux/arm64', null), options: both },
    { name: 'pipelines are judged by the pipeline part', kind: 'shell', code: 'docker push ghcr.io/acme/app:1.0.0\n', options: both },
  ],
  invalid: [
    {
      name: 'single-platform config',
      kind: 'image',
      code: config('linux/amd64'),
      options: both,
      errors: [{ messageId: 'imageMissing', line: 4, column: 13, message: 'not available for linux/arm64 (it offers linux/amd64)' }],
    },
    {
      name: 'index missing a platform',
      kind: 'image',
      code: indexTarget('linux/amd64', ['linux/amd64', 'linux/arm/v6']),
      options: { platforms: ['linux/amd64', 'linux/arm/v7', 'linux/arm64'] },
      errors: [
        { messageId: 'imageMissing', line: 1, column: 1, message: 'linux/arm/v7' },
        { messageId: 'imageMissing', line: 1, column: 1, message: 'linux/arm64' },
      ],
    },
    {
      name: 'unknown platform offers none',
      kind: 'image',
      code: '{"config":{"User":"1"},"history":[]}',
      options: { platforms: ['linux/amd64'] },
      errors: [{ messageId: 'imageMissing', line: 1, column: 11, message: 'no known platform' }],
    },
  ],
});
