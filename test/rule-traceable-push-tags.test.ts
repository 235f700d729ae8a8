import rule from '../rules/traceable-push-tags/index.js';
import { ruleTester } from './helpers/rule-tester.js';

const gh = (lines: string[], name?: string) => ({ code: `${lines.join('\n')}\n`, kind: 'github-workflow' as const, ...(name ? { name } : {}) });
const gl = (lines: string[], name?: string) => ({ code: `${lines.join('\n')}\n`, kind: 'gitlab-ci' as const, ...(name ? { name } : {}) });
const sh = (code: string, name?: string) => ({ code, kind: 'shell' as const, filename: 'release.sh', ...(name ? { name } : {}) });

const metadataWorkflow = (on: string[], tags: string[]) => [
  ...on,
  'jobs:',
  '  publish:',
  '    steps:',
  '      - id: meta',
  '        uses: docker/metadata-action@v5',
  '        with:',
  '          images: ghcr.io/acme/app',
  '          tags: |',
  ...tags.map((t) => `            ${t}`),
  '      - uses: docker/build-push-action@v6',
  '        with:',
  '          push: true',
  '          tags: ${{ steps.meta.outputs.tags }}',
];

ruleTester(rule, {
  valid: [
    sh('docker push ghcr.io/acme/app:1.2.3\ndocker push ghcr.io/acme/app:latest\n', 'a version next to latest'),
    sh('docker push "ghcr.io/acme/app:$(git rev-parse --short HEAD)"\n'),
    sh('docker push ghcr.io/acme/app:sha-4f2a9c1\n'),
    sh('docker push "ghcr.io/acme/app:$TAG"\n', 'an unknown variable may be immutable'),
    sh('docker push ghcr.io/acme/app@sha256:4a1c0e3bd3c0b4ee2a7e93b8c5f3e0c6b6f0f4f23b41f57a6c8d0a5f7b2e1c9d\n', 'by digest'),
    gl(['publish:', '  script:', '    - docker push "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHORT_SHA"', '    - docker push "$CI_REGISTRY_IMAGE:latest"']),
    gl(['publish:', '  script:', '    - docker push "$CI_REGISTRY_IMAGE:${CI_COMMIT_REF_SLUG}-${CI_COMMIT_SHORT_SHA}"'], 'branch and SHA in one tag'),
    gl(['variables:', '  IMAGE: $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA', 'publish:', '  script:', '    - docker push "$IMAGE"'], 'the tag from a variable'),
    gl(['release:', '  rules:', '    - if: $CI_COMMIT_TAG', '  script:', '    - docker push "$CI_REGISTRY_IMAGE:$CI_COMMIT_REF_NAME"'], 'a tag-only job: the ref name is the tag'),
    gl(['release:', '  script:', '    - docker push "$CI_REGISTRY_IMAGE:$CI_COMMIT_TAG"']),
    gh(metadataWorkflow(['on:', '  push:', '    tags: ["v*"]'], ['type=semver,pattern={{version}}']), 'semver in a tag-only workflow'),
    gh(metadataWorkflow(['on:', '  push:', '    branches: [main]'], ['type=ref,event=branch', 'type=sha']), 'type=sha'),
    gh(metadataWorkflow(['on: release'], ['type=ref,event=tag']), 'release events are tag runs'),
    gh([
      'on: push',
      'jobs:',
      '  release:',
      "    if: startsWith(github.ref, 'refs/tags/')",
      '    steps:',
      '      - run: docker push ghcr.io/acme/app:${{ github.ref_name }}',
    ], 'a job that runs only for tags'),
    gh([
      'on: push',
      'env:',
      '  IMAGE: ghcr.io/acme/app:${{ github.sha }}',
      'jobs:',
      '  p:',
      '    steps:',
      '      - uses: docker/build-push-action@v6',
      '        with:',
      '          push: true',
      '          tags: ${{ env.IMAGE }},ghcr.io/acme/app:main',
    ], 'env expressions are expanded'),
    gh([
      'on: push',
      'jobs:',
      '  p:',
      '    steps:',
      '      - run: docker push "$IMAGE" && docker push ghcr.io/acme/app:latest',
    ], 'a reference that is a variable as a whole leaves the job unjudged'),
  ],
  invalid: [
    {
      ...sh('docker push ghcr.io/acme/app:latest\ndocker push ghcr.io/acme/app\n'),
      errors: [{ messageId: 'mutableOnly', line: 1, column: 1, message: '("latest")' }],
    },
    {
      ...gl([
        'docker-build:',
        '  variables:',
        '    DOCKER_IMAGE_NAME: $CI_REGISTRY_IMAGE:$CI_COMMIT_REF_SLUG',
        '  script:',
        '    - docker push "$DOCKER_IMAGE_NAME"',
        '    - docker push "$CI_REGISTRY_IMAGE:latest"',
      ], 'the GitLab Docker template: branch slug and latest'),
      errors: [{ messageId: 'mutableOnly', line: 5, column: 7, message: '"$CI_REGISTRY_IMAGE" is pushed only with mutable tags ("$CI_COMMIT_REF_SLUG", "latest")' }],
    },
    {
      ...gh(metadataWorkflow(['on:', '  push:', '    branches: [main]', '    tags: ["v*"]'], ['type=semver,pattern={{version}}', 'type=ref,event=branch']), 'semver when branches trigger too'),
      errors: [{ messageId: 'mutableOnly', line: 15, column: 15, message: '("<version>", "<branch>", "latest")' }],
    },
    {
      ...gh(['on: push', 'jobs:', '  p:', '    steps:', '      - run: docker push "ghcr.io/acme/app:${{ github.ref_name }}"'], 'the ref name on branch pushes'),
      errors: [{ messageId: 'mutableOnly', line: 5, column: 14 }],
    },
    {
      ...gh([
        'on: push',
        'jobs:',
        '  p:',
        '    steps:',
        '      - run: |',
        '          docker push ghcr.io/acme/app:1.0.0',
        '          docker push ghcr.io/acme/docs:edge',
      ], 'judged per repository'),
      errors: [{ messageId: 'mutableOnly', line: 7, column: 11, message: '"ghcr.io/acme/docs"' }],
    },
    {
      ...gl([
        '.push:',
        '  script:',
        '    - docker push "$CI_REGISTRY_IMAGE:$CI_COMMIT_BRANCH"',
        'a:',
        '  extends: .push',
        'b:',
        '  extends: .push',
      ], 'a template used by two jobs: one finding'),
      errors: [{ messageId: 'mutableOnly', line: 3, column: 7 }],
    },
  ],
});
