import rule from '../rules/require-image-signing/index.js';
import { ruleTester } from './helpers/rule-tester.js';

const gh = (lines: string[], name?: string) => ({ code: `${lines.join('\n')}\n`, kind: 'github-workflow' as const, ...(name ? { name } : {}) });
const gl = (lines: string[], name?: string) => ({ code: `${lines.join('\n')}\n`, kind: 'gitlab-ci' as const, ...(name ? { name } : {}) });

/** A GitHub job pushing with build-push-action (`uses:` on line 6), then the given steps. */
const pushThen = (steps: string[], extra: string[] = []) => [
  'on: push',
  'jobs:',
  '  publish:',
  '    steps:',
  '      - id: push',
  '        uses: docker/build-push-action@v6',
  '        with:',
  '          push: true',
  '          tags: ghcr.io/acme/app:1.0.0',
  ...steps,
  ...extra,
];

ruleTester(rule, {
  valid: [
    gh(pushThen(['      - run: cosign sign --yes ghcr.io/acme/app@${{ steps.push.outputs.digest }}'])),
    gh(pushThen(['      - run: cosign sign --yes "ghcr.io/acme/app@${DIGEST}"', '        env:', '          DIGEST: ${{ steps.push.outputs.digest }}'])),
    gh(pushThen(['      - run: echo "${TAGS}" | xargs -I {} cosign sign --yes {}@${DIGEST}']), 'through xargs, as GitHub\'s starter workflow does'),
    gh(pushThen(['      - run: cosign sign --key env://COSIGN_KEY ghcr.io/acme/app@sha256:4a1c0e3bd3c0b4ee2a7e93b8c5f3e0c6b6f0f4f23b41f57a6c8d0a5f7b2e1c9d'])),
    gh(pushThen([
      '      - uses: notaryproject/notation-action/sign@v1',
      '        with:',
      '          target_artifact_reference: ghcr.io/acme/app@${{ steps.push.outputs.digest }}',
    ])),
    gh(pushThen([], [
      '    outputs:',
      '      digest: ${{ steps.push.outputs.digest }}',
      '  sign:',
      '    needs: publish',
      '    steps:',
      '      - run: cosign sign --yes "ghcr.io/acme/app@${{ needs.publish.outputs.digest }}"',
    ]), 'a job that needs the pushing job'),
    gh(['on: push', 'env:', '  DOCKER_CONTENT_TRUST: 1', 'jobs:', '  p:', '    steps:', '      - run: docker push ghcr.io/acme/app:1.0.0'], 'content trust at workflow level'),
    gh(['on: push', 'jobs:', '  p:', '    steps:', '      - run: DOCKER_CONTENT_TRUST=1 docker push ghcr.io/acme/app:1.0.0'], 'content trust prefixed'),
    gh([
      'on: push',
      'jobs:',
      '  p:',
      '    steps:',
      '      - run: echo "DOCKER_CONTENT_TRUST=1" >> "$GITHUB_ENV"',
      '      - run: docker push ghcr.io/acme/app:1.0.0',
    ], 'content trust written to GITHUB_ENV by an earlier step'),
    gh(['on: push', 'jobs:', '  p:', '    steps:', '      - run: podman push --sign-by-sigstore-private-key key.priv quay.io/acme/app:1.0.0'], 'podman signs while pushing'),
    gl(['publish:', '  variables:', '    DOCKER_CONTENT_TRUST: "1"', '  script:', '    - docker push "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"']),
    gl([
      'publish:',
      '  before_script:',
      '    - export DOCKER_CONTENT_TRUST=1',
      '  script:',
      '    - docker push "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"',
    ], 'exported in before_script (same shell)'),
    gl([
      'publish:',
      '  script:',
      '    - docker push "$IMAGE"',
      '    - DIGEST=$(docker inspect --format \'{{index .RepoDigests 0}}\' "$IMAGE")',
      '    - cosign sign --yes "$DIGEST"',
    ], 'a variable holding the digest'),
    gl([
      'stages: [publish, sign]',
      'publish:',
      '  stage: publish',
      '  script:',
      '    - docker push "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"',
      'sign:',
      '  stage: sign',
      '  script:',
      '    - cosign sign --yes "$CI_REGISTRY_IMAGE@$IMAGE_DIGEST"',
    ], 'a later stage'),
  ],
  invalid: [
    {
      ...gh(pushThen(['      - uses: sigstore/cosign-installer@v3'])),
      errors: [{ messageId: 'unsigned', line: 6, column: 15, message: 'Job "publish"' }],
    },
    {
      ...gh(pushThen(['      - run: cosign sign --yes ghcr.io/acme/app:1.0.0'])),
      errors: [{ messageId: 'signsTag', line: 6, column: 15, message: '(cosign sign)' }],
    },
    {
      ...gh([
        'on: push',
        'jobs:',
        '  p:',
        '    steps:',
        '      - run: cosign sign --yes ghcr.io/acme/app@sha256:4a1c0e3bd3c0b4ee2a7e93b8c5f3e0c6b6f0f4f23b41f57a6c8d0a5f7b2e1c9d',
        '      - run: docker push ghcr.io/acme/app:1.0.0',
      ], 'a signature before the push'),
      errors: [{ messageId: 'unsigned', line: 6, column: 14 }],
    },
    {
      ...gh(['on: push', 'env:', '  DOCKER_CONTENT_TRUST: 0', 'jobs:', '  p:', '    steps:', '      - run: docker push ghcr.io/acme/app:1.0.0']),
      errors: [{ messageId: 'unsigned', line: 7, column: 14 }],
    },
    {
      ...gl(['publish:', '  variables:', '    DOCKER_CONTENT_TRUST: "1"', '  script:', '    - docker buildx build --push -t "$CI_REGISTRY_IMAGE:1.0" .'], 'content trust does not sign buildx pushes'),
      errors: [{ messageId: 'unsigned', line: 5, column: 7 }],
    },
    {
      ...gl([
        'publish:',
        '  script:',
        '    - docker push "$CI_REGISTRY_IMAGE:1.0"',
        '    - export DOCKER_CONTENT_TRUST=1',
      ], 'exported after the push'),
      errors: [{ messageId: 'unsigned', line: 3, column: 7 }],
    },
    {
      ...gh([
        'on: push',
        'jobs:',
        '  sign:',
        '    steps:',
        '      - run: cosign sign --yes "ghcr.io/acme/app@$DIGEST"',
        '  publish:',
        '    steps:',
        '      - run: docker push ghcr.io/acme/app:1.0.0',
      ], 'signing in a job that does not need the push'),
      errors: [{ messageId: 'unsigned', line: 8, column: 14 }],
    },
  ],
});
