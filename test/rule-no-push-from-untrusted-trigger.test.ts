import rule from '../rules/no-push-from-untrusted-trigger/index.js';
import { ruleTester } from './helpers/rule-tester.js';

const gh = (lines: string[], name?: string) => ({ code: `${lines.join('\n')}\n`, kind: 'github-workflow' as const, ...(name ? { name } : {}) });

/** `on:` lines, then one job (with `jobIf`) whose step (with `stepIf`) pushes with build-push-action (`push` input); `uses:` on line on.length + 5. */
const workflow = (on: string[], { jobIf, stepIf, push = 'true' }: { jobIf?: string; stepIf?: string; push?: string } = {}) => [
  ...on,
  'jobs:',
  '  image:',
  ...(jobIf ? [`    if: ${jobIf}`] : []),
  '    steps:',
  ...(stepIf ? [`      - if: ${stepIf}`, '        uses: docker/build-push-action@v6'] : ['      - uses: docker/build-push-action@v6']),
  '        with:',
  `          push: ${push}`,
  '          tags: ghcr.io/acme/app:${{ github.sha }}',
];

ruleTester(rule, {
  valid: [
    gh(workflow(['on: push']), 'no untrusted trigger'),
    gh(workflow(['on: [push, pull_request]'], { push: "${{ github.event_name != 'pull_request' }}" }), 'the push input'),
    gh(workflow(['on: [push, pull_request]'], { jobIf: "github.event_name == 'push'" })),
    gh(workflow(['on: [push, pull_request]'], { stepIf: "${{ github.event_name != 'pull_request' }}" }), 'a step if'),
    gh(workflow(['on: [push, pull_request_target, workflow_run]'], { jobIf: "startsWith(github.ref, 'refs/tags/')" }), 'tags only: false for every untrusted event'),
    gh(workflow(['on: [push, pull_request]'], { jobIf: "github.ref == 'refs/heads/main'" }), 'a branch ref is never a pull_request ref'),
    gh(workflow(['on: [push, pull_request]'], { jobIf: "success() && github.event_name != 'pull_request'" }), '&&: one guarding side is enough'),
    gh(workflow(['on: [push, pull_request]'], { jobIf: "github.event_name == 'push' || github.event_name == 'release'" }), '||: both sides guard'),
    gh(workflow(['on: [push, pull_request]'], { jobIf: "\"!startsWith(github.event_name, 'pull_request')\"" }), 'negation'),
    gh(workflow(['on: [pull_request_target]'], { jobIf: "github.event_name != 'pull_request_target'" })),
    gh(workflow(['on:', '  workflow_run:', '    workflows: [ci]'], { jobIf: "github.event.workflow_run.event == 'push'" }), 'workflow_run after a push only'),
    gh([
      'on: [push, pull_request]',
      'env:',
      '  IMAGE: localhost:5000/name/app',
      'jobs:',
      '  test:',
      '    services:',
      '      registry:',
      '        image: registry:2.8.3',
      '    steps:',
      '      - run: docker push "${{ env.IMAGE }}:test"',
    ], 'a push to a registry on the runner publishes nothing'),
    gh([
      'on: [push, pull_request]',
      'jobs:',
      '  gate:',
      "    if: github.event_name == 'push'",
      '    steps:',
      '      - run: echo ok',
      '  image:',
      '    needs: gate',
      '    steps:',
      '      - run: docker push ghcr.io/acme/app:${{ github.sha }}',
    ], 'a guarded needed job skips the pushing job'),
  ],
  invalid: [
    {
      ...gh(workflow(['on: [push, pull_request]'])),
      errors: [{ messageId: 'unguarded', line: 5, column: 15, message: '"pull_request" events' }],
    },
    {
      ...gh(workflow(['on: [push, pull_request_target]'], { jobIf: "github.event_name != 'pull_request'" }), 'excluding pull_request leaves pull_request_target open'),
      errors: [{ messageId: 'unguarded', line: 6, column: 15, message: '"pull_request_target"' }],
    },
    {
      ...gh(workflow(['on: [pull_request_target]'], { jobIf: "github.ref == 'refs/heads/main'" }), 'pull_request_target runs on the base branch ref'),
      errors: [{ messageId: 'unguarded', line: 6, column: 15 }],
    },
    {
      ...gh(workflow(['on: [push, pull_request]'], { jobIf: "github.event_name == 'push' || github.repository == 'acme/app'" }), '||: one side is no guard'),
      errors: [{ messageId: 'unguarded', line: 6, column: 15 }],
    },
    {
      ...gh(workflow(['on: [push, pull_request]'], { jobIf: 'github.event.pull_request.head.repo.fork == false' }), 'a fork check is no guard'),
      errors: [{ messageId: 'unguarded', line: 6, column: 15 }],
    },
    {
      ...gh(workflow(['on:', '  workflow_run:', '    workflows: [ci]'], { jobIf: "github.event.workflow_run.event != 'pull_request'" }), 'a run after pull_request_target stays open'),
      errors: [{ messageId: 'unguarded', line: 8, column: 15, message: '"workflow_run"' }],
    },
    {
      ...gh([
        'on:',
        '  pull_request:',
        'jobs:',
        '  image:',
        '    steps:',
        '      - run: |',
        '          if [ "$GITHUB_EVENT_NAME" = push ]; then',
        '            docker push ghcr.io/acme/app:${{ github.sha }}',
        '          fi',
      ], 'a shell condition is no guard'),
      errors: [{ messageId: 'unguarded', line: 8, column: 13 }],
    },
    {
      ...gh([
        'on: [push, pull_request]',
        'jobs:',
        '  gate:',
        "    if: github.event_name == 'push'",
        '    steps:',
        '      - run: echo ok',
        '  image:',
        '    needs: gate',
        '    if: always()',
        '    steps:',
        '      - run: docker push ghcr.io/acme/app:${{ github.sha }}',
      ], 'always() runs even when the needed job was skipped'),
      errors: [{ messageId: 'unguarded', line: 11, column: 14 }],
    },
  ],
});
