import rule from '../rules/require-scan-before-push/index.js';
import { ruleTester } from './helpers/rule-tester.js';

const gh = (lines: string[], name?: string) => ({ code: `${lines.join('\n')}\n`, kind: 'github-workflow' as const, ...(name ? { name } : {}) });
const gl = (lines: string[], name?: string) => ({ code: `${lines.join('\n')}\n`, kind: 'gitlab-ci' as const, ...(name ? { name } : {}) });

/** One GitHub job: the given steps, then a build-push-action push (its `uses:` on the last-but-3 line). */
const pushAfter = (steps: string[]) => [
  'on: push',
  'jobs:',
  '  publish:',
  '    steps:',
  ...steps,
  '      - uses: docker/build-push-action@v6',
  '        with:',
  '          push: true',
  '          tags: ghcr.io/acme/app:${{ github.sha }}',
];
const trivyAction = (inputs: string[]) => ['      - uses: aquasecurity/trivy-action@0.32.0', '        with:', '          image-ref: ghcr.io/acme/app:scan', ...inputs];

ruleTester(rule, {
  valid: [
    gh(pushAfter(trivyAction(["          exit-code: '1'", '          severity: CRITICAL,HIGH'])), 'trivy-action with exit-code 1'),
    gh(pushAfter(['      - run: trivy image --exit-code 1 --severity HIGH ghcr.io/acme/app:scan'])),
    gh(pushAfter(['      - run: trivy image --exit-code=1 app:scan'])),
    gh(pushAfter(['      - run: trivy image app:scan', '        env:', '          TRIVY_EXIT_CODE: 1']), 'TRIVY_EXIT_CODE'),
    gh(pushAfter(['      - run: docker run --rm -v /var/run/docker.sock:/var/run/docker.sock aquasec/trivy:0.58.1 image --exit-code 1 app:scan']), 'trivy through docker run'),
    gh(pushAfter(['      - run: grype app:scan --fail-on high'])),
    gh(pushAfter(['      - run: docker scout cves --exit-code --only-severity critical,high app:scan'])),
    gh(pushAfter(['      - run: snyk container test app:scan'])),
    gh(pushAfter(['      - uses: anchore/scan-action@v6', '        with:', '          image: app:scan']), 'anchore/scan-action fails the build by default'),
    gh(pushAfter(['      - uses: docker/scout-action@v1', '        with:', '          command: cves', '          image: app:scan', '          exit-code: true'])),
    gh(pushAfter(['      - uses: snyk/actions/docker@master', '        with:', '          image: app:scan'])),
    gh([
      'on: push',
      'jobs:',
      '  scan:',
      '    steps:',
      '      - run: grype dir:. --fail-on critical',
      '  lint:',
      '    needs: scan',
      '    steps:',
      '      - run: make lint',
      '  publish:',
      '    needs: lint',
      '    steps:',
      '      - run: docker push ghcr.io/acme/app:${{ github.sha }}',
    ], 'a scan in the needs closure'),
    gh(['on: push', 'jobs:', '  build:', '    steps:', '      - run: docker build -t ghcr.io/acme/app:1.0 .'], 'no push'),
    gh(['on: push', 'jobs:', '  e2e:', '    steps:', '      - run: docker push localhost:5000/acme/app:test'], 'a push to a registry on the runner'),
    gh(pushAfter(['      - run: |', '          trivy image --exit-code 1 app:scan || exit 1']), '|| exit 1 still fails'),
    gl([
      'stages: [build, scan, publish]',
      'scan:',
      '  stage: scan',
      '  script:',
      '    - trivy image --input image.tar --exit-code 1',
      'publish:',
      '  stage: publish',
      '  script:',
      '    - docker push "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"',
    ], 'GitLab: an earlier stage'),
    gl([
      'scan:',
      '  stage: test',
      '  script: trivy image --exit-code 1 "$IMAGE"',
      'publish:',
      '  stage: deploy',
      '  needs: [scan]',
      '  script: docker push "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"',
    ], 'GitLab: needs'),
    gl([
      'publish:',
      '  before_script:',
      '    - trivy image --exit-code 1 "$IMAGE"',
      '  script:',
      '    - docker push "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"',
    ], 'GitLab: before_script runs before script'),
  ],
  invalid: [
    {
      ...gh(pushAfter(['      - run: make test'])),
      errors: [{ messageId: 'noScan', line: 6, column: 15, message: 'Job "publish"' }],
    },
    {
      ...gh(pushAfter(trivyAction([]))),
      errors: [{ messageId: 'scanDoesNotFail', line: 8, column: 15, message: 'aquasecurity/trivy-action' }],
    },
    {
      ...gh(pushAfter(trivyAction(["          exit-code: '0'"]))),
      errors: [{ messageId: 'scanDoesNotFail', line: 9, column: 15 }],
    },
    {
      ...gh(pushAfter(['      - run: trivy image --severity HIGH app:scan'])),
      errors: [{ messageId: 'scanDoesNotFail', line: 6, column: 15, message: '--exit-code 1' }],
    },
    {
      ...gh(pushAfter(['      - run: trivy image --exit-code 1 app:scan', '        continue-on-error: true']), 'continue-on-error'),
      errors: [{ messageId: 'scanDoesNotFail', line: 7, column: 15, message: 'continue-on-error' }],
    },
    {
      ...gh(pushAfter(['      - run: trivy image --exit-code 1 app:scan || true']), '|| true'),
      errors: [{ messageId: 'scanDoesNotFail', line: 6, column: 15, message: '"||"' }],
    },
    {
      ...gh(pushAfter(['      - uses: anchore/scan-action@v6', '        with:', '          image: app:scan', '          fail-build: false'])),
      errors: [{ messageId: 'scanDoesNotFail', line: 9, column: 15 }],
    },
    {
      ...gh(pushAfter(['      - uses: anchore/scan-action@v1.0.9', '        with:', '          image-reference: app:scan']), 'anchore/scan-action v1 did not fail by default'),
      errors: [{ messageId: 'scanDoesNotFail', line: 8, column: 15 }],
    },
    {
      ...gh(pushAfter(['      - uses: docker/scout-action@v1', '        with:', '          image: app:scan'])),
      errors: [{ messageId: 'scanDoesNotFail', line: 8, column: 15 }],
    },
    {
      ...gh(pushAfter(['      - run: snyk container monitor app:scan'])),
      errors: [{ messageId: 'scanDoesNotFail', line: 6, column: 15 }],
    },
    {
      ...gh([
        'on: push',
        'jobs:',
        '  publish:',
        '    steps:',
        '      - run: |',
        '          docker push ghcr.io/acme/app:${{ github.sha }}',
        '          trivy image --exit-code 1 ghcr.io/acme/app:${{ github.sha }}',
      ], 'a scan after the push'),
      errors: [{ messageId: 'noScan', line: 6, column: 11 }],
    },
    {
      ...gh([
        'on: push',
        'jobs:',
        '  scan:',
        '    steps:',
        '      - run: trivy image --exit-code 1 app:scan',
        '  publish:',
        '    steps:',
        '      - run: docker push ghcr.io/acme/app:${{ github.sha }}',
      ], 'a scan in a job the push job does not need'),
      errors: [{ messageId: 'noScan', line: 8, column: 14 }],
    },
    {
      ...gl([
        'stages: [scan, publish]',
        'scan:',
        '  stage: scan',
        '  allow_failure: true',
        '  script:',
        '    - trivy image --exit-code 1 "$IMAGE"',
        'publish:',
        '  stage: publish',
        '  script:',
        '    - docker push "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"',
      ], 'GitLab: allow_failure'),
      errors: [{ messageId: 'scanDoesNotFail', line: 10, column: 7, message: 'allow_failure' }],
    },
    {
      ...gl([
        'stages: [scan, publish]',
        'scan:',
        '  stage: scan',
        '  script:',
        '    - trivy image --exit-code 1 "$IMAGE"',
        'publish:',
        '  stage: publish',
        '  needs: []',
        '  script:',
        '    - docker push "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"',
      ], 'GitLab: needs: [] starts before the earlier stage'),
      errors: [{ messageId: 'noScan', line: 10, column: 7 }],
    },
    {
      ...gl([
        'publish:',
        '  script:',
        '    - docker push "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"',
        '    - docker push "$CI_REGISTRY_IMAGE:latest"',
      ], 'every push is reported'),
      errors: [{ messageId: 'noScan', line: 3, column: 7 }, { messageId: 'noScan', line: 4, column: 7 }],
    },
  ],
});
