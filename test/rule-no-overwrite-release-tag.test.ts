// no-overwrite-release-tag judges what `pushgate push` looked up in the registry and
// put on the imageConfig node (pushTarget); the rule itself does no I/O.

import rule from '../rules/no-overwrite-release-tag/index.js';
import { ruleTester } from './helpers/rule-tester.js';
import { encodeFacts } from '../src/image/facts.js';
import type { RegistryTagState } from '../src/models/nodes.js';

const LOCAL = `sha256:${'1'.repeat(64)}`;
const OTHER = `sha256:${'2'.repeat(64)}`;
const MANIFEST = `sha256:${'3'.repeat(64)}`;

const push = (tag: string, remote: RegistryTagState['remote']) => encodeFacts({
  source: 'podman',
  document: { Config: { User: '10001' } },
  references: [],
  push: `127.0.0.1:5000/acme/app:${tag}`,
  digest: LOCAL,
  size: 100,
  platform: 'linux/amd64',
  platforms: ['linux/amd64'],
  pushTarget: { reference: `127.0.0.1:5000/acme/app:${tag}`, repository: '127.0.0.1:5000/acme/app', tag, localDigests: [LOCAL], remote },
});

ruleTester(rule, {
  valid: [
    { name: 'tag does not exist yet', code: push('1.2.3', null) },
    { name: 'same image again (config digest)', code: push('1.2.3', { digest: MANIFEST, configDigest: LOCAL }) },
    { name: 'same image again (repo digest)', code: push('v1.2.3', { digest: LOCAL, configDigest: null }) },
    { name: 'not a release tag', code: push('main', { digest: MANIFEST, configDigest: OTHER }) },
    { name: 'two-part version is not semver', code: push('1.2', { digest: MANIFEST, configDigest: OTHER }) },
    { name: 'pushgate image never carries a push target', code: '{"config":{"User":"1"},"architecture":"amd64","os":"linux"}' },
  ],
  invalid: [
    {
      name: 'semver tag with another image',
      code: push('1.2.3', { digest: MANIFEST, configDigest: OTHER }),
      errors: [{ messageId: 'moved', line: 1, column: 1, message: `Tag "1.2.3" already exists in 127.0.0.1:5000/acme/app as ${MANIFEST}` }],
    },
    {
      name: 'v-prefixed pre-release tag holding an index',
      code: push('v2.0.0-rc.1', { digest: MANIFEST, configDigest: null }),
      errors: [{ messageId: 'moved', line: 1, column: 1 }],
    },
  ],
});
