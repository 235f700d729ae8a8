import rule from '../rules/qualified-push-target/index.js';
import { ruleTester } from './helpers/rule-tester.js';

const gh = (code: string, name?: string) => ({ code, kind: 'github-workflow' as const, ...(name ? { name } : {}) });
const gl = (code: string, name?: string) => ({ code, kind: 'gitlab-ci' as const, ...(name ? { name } : {}) });
const sh = (code: string, name?: string) => ({ code, kind: 'shell' as const, filename: 'release.sh', ...(name ? { name } : {}) });

ruleTester(rule, {
  valid: [
    sh('docker push ghcr.io/acme/app:1.0.0\n'),
    sh('docker push acme/app:1.0.0\n', 'a Docker Hub namespace'),
    sh('docker push localhost:5000/app:1.0.0\n'),
    sh('docker push "$IMAGE"\n', 'a variable as a whole'),
    sh('docker push "${REGISTRY}app:1.0.0"\n', 'a variable registry'),
    sh('docker build -t app:1.0.0 .\n', 'built, not pushed'),
    sh('docker push --all-tags app\n', 'all tags: no target judged'),
    gl('publish:\n  script:\n    - docker push "$CI_REGISTRY_IMAGE:1.0"\n'),
    gl('publish:\n  variables:\n    IMAGE: registry.example.com/acme/app\n  script:\n    - docker push "$IMAGE:1.0"\n', 'a variable that resolves to a qualified name'),
    gh([
      'on: push',
      'env:',
      '  IMAGE: ${{ github.repository }}',
      'jobs:',
      '  p:',
      '    steps:',
      '      - run: docker push ${{ env.IMAGE }}:1.0',
      '      - uses: docker/build-push-action@v6',
      '        with:',
      '          push: true',
      '          tags: ghcr.io/acme/app:1.0',
      '      - uses: docker/build-push-action@v6',
      '        with:',
      '          tags: app:1.0',
      '',
    ].join('\n'), 'workflow expressions, qualified tags, and a build without push'),
  ],
  invalid: [
    { ...sh('docker push myapp:1\n'), errors: [{ messageId: 'unqualified', line: 1, column: 13, endColumn: 20, message: 'docker.io/library/myapp' }] },
    { ...sh('podman push app\nbuildah push app docker://app:2\n'), errors: [{ messageId: 'unqualified', line: 1, column: 13 }, { messageId: 'unqualified', line: 2, column: 27 }] },
    {
      ...gl('publish:\n  variables:\n    NAME: myapp\n  script:\n    - docker push "$NAME:$CI_COMMIT_SHA"\n', 'a variable that resolves to a bare name'),
      errors: [{ messageId: 'unqualified', line: 5, column: 19 }],
    },
    {
      ...gl('build:\n  script:\n    - /kaniko/executor --destination app:1 --destination app:2\n', 'one finding per repository and push'),
      errors: [{ messageId: 'unqualified', line: 3, column: 38 }],
    },
    {
      ...gh([
        'on: push',
        'jobs:',
        '  p:',
        '    steps:',
        '      - run: docker buildx build --push -t "app:${{ github.sha }}" .',
        '      - id: meta',
        '        uses: docker/metadata-action@v5',
        '        with:',
        '          images: myorg-app',
        '          tags: type=sha',
        '      - uses: docker/build-push-action@v6',
        '        with:',
        '          push: true',
        '          tags: ${{ steps.meta.outputs.tags }}',
        '',
      ].join('\n'), 'buildx --push and a metadata-action image without namespace'),
      errors: [
        { messageId: 'unqualified', line: 5, column: 44 },
        { messageId: 'unqualified', line: 10, column: 17, message: '"myorg-app:sha-<sha>"' },
      ],
    },
  ],
});
