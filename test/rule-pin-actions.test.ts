import rule from '../rules/pin-actions/index.js';
import { ruleTester } from './helpers/rule-tester.js';

const SHA = '11bd71901bbe5b1630ceea73d27597364c9af683';
const steps = (uses: string[], options?: Record<string, unknown>, name?: string) => ({
  code: `on: push\njobs:\n  build:\n    steps:\n${uses.map((u) => `      - uses: ${u}\n`).join('')}`,
  kind: 'github-workflow' as const,
  ...(options ? { options } : {}),
  ...(name ? { name } : {}),
});

ruleTester(rule, {
  valid: [
    steps([`actions/checkout@${SHA} # v4.2.2`, `docker/build-push-action@${SHA}`]),
    steps([`github/codeql-action/init@${SHA}`], undefined, 'an action in a subdirectory'),
    steps(['./.github/actions/setup', '../shared/action', 'docker://alpine:3.20'], undefined, 'local actions and docker images'),
    steps(['actions/checkout@v4', 'actions/setup-node@v4'], { allow: ['actions/*'] }, 'allowed owners'),
    steps(['acme/tools/lint@main'], { allow: ['acme/tools'] }, 'an allowed repository covers its paths'),
    {
      code: `on: push\njobs:\n  call:\n    uses: acme/workflows/.github/workflows/build.yml@${SHA}\n`,
      kind: 'github-workflow' as const,
      name: 'a pinned reusable workflow',
    },
    {
      code: `name: setup\nruns:\n  using: composite\n  steps:\n    - uses: actions/cache@${SHA}\n`,
      kind: 'github-workflow' as const,
      filename: '.github/actions/setup/action.yml',
      name: 'a composite action',
    },
  ],
  invalid: [
    {
      ...steps(['actions/checkout@v4']),
      errors: [{ messageId: 'unpinned', line: 5, column: 15, endColumn: 34, message: '"actions/checkout@v4" is pinned to "v4"' }],
    },
    {
      ...steps(['docker/build-push-action@master', 'aquasecurity/trivy-action@0.32.0'], { allow: ['actions/*'] }),
      errors: [{ messageId: 'unpinned', line: 5, column: 15 }, { messageId: 'unpinned', line: 6, column: 15 }],
    },
    { ...steps(['actions/checkout@11bd719']), errors: [{ messageId: 'unpinned', line: 5, column: 15 }], name: 'a short SHA is not a pin' },
    { ...steps(['acme/action']), errors: [{ messageId: 'noRef', line: 5, column: 15 }] },
    { ...steps(['actions/setup-go@']), errors: [{ messageId: 'noRef', line: 5, column: 15 }], name: 'an empty ref' },
    {
      code: 'on: push\njobs:\n  call:\n    uses: acme/workflows/.github/workflows/build.yml@main\n',
      kind: 'github-workflow' as const,
      errors: [{ messageId: 'unpinned', line: 4, column: 11 }],
      name: 'a reusable workflow',
    },
    {
      code: 'name: setup\nruns:\n  using: composite\n  steps:\n    - uses: actions/cache@v4\n',
      kind: 'github-workflow' as const,
      filename: 'action.yml',
      errors: [{ messageId: 'unpinned', line: 5, column: 13 }],
      name: 'a composite action step',
    },
  ],
});
