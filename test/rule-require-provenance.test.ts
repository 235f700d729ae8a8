import rule from '../rules/require-provenance/index.js';
import { ruleTester } from './helpers/rule-tester.js';

const gh = (lines: string[], options?: Record<string, unknown>, name?: string) => ({
  code: `${lines.join('\n')}\n`,
  kind: 'github-workflow' as const,
  ...(options ? { options } : {}),
  ...(name ? { name } : {}),
});
const gl = (lines: string[], options?: Record<string, unknown>) => ({ code: `${lines.join('\n')}\n`, kind: 'gitlab-ci' as const, ...(options ? { options } : {}) });

const buildPush = (inputs: string[]) => [
  'on: push',
  'jobs:',
  '  p:',
  '    steps:',
  '      - uses: docker/build-push-action@v6',
  '        with:',
  '          push: true',
  '          tags: ghcr.io/acme/app:1.0.0',
  ...inputs,
];

ruleTester(rule, {
  valid: [
    gh(buildPush([]), undefined, 'provenance on by default'),
    gh(buildPush(['          provenance: mode=max'])),
    gh(buildPush(['          provenance: ${{ inputs.provenance }}']), undefined, 'an expression is not judged'),
    gh(buildPush(['          provenance: false', '          push: false']).filter((l) => l !== '          push: true'), undefined, 'no push'),
    gh([...buildPush(['          provenance: false']), '      - uses: actions/attest-build-provenance@v2', '        with:', '          push-to-registry: true'], undefined, 'a GitHub artifact attestation after the push'),
    gh([...buildPush(['          provenance: false', '          sbom: false']), '      - uses: actions/attest-build-provenance@v2', '      - uses: actions/attest-sbom@v2'], { requireSbom: true }, 'provenance and SBOM attested after the push'),
    gh(['on: push', 'jobs:', '  p:', '    steps:', '      - uses: docker/build-push-action@v6', '        with:', '          push: true', '          provenance: false', '  attest:', '    needs: p', '    steps:', '      - uses: actions/attest-build-provenance@v2'], undefined, 'attested in a job that needs the push'),
    gh(buildPush(['          sbom: true']), { requireSbom: true }),
    gh(buildPush(['          attests: type=sbom']), { requireSbom: true }),
    gl(['p:', '  script:', '    - docker buildx build --push --sbom=true -t "$CI_REGISTRY_IMAGE:1.0" .'], { requireSbom: true }),
    gl(['p:', '  script:', '    - docker push "$CI_REGISTRY_IMAGE:1.0"'], { requireSbom: true }),
    gl(['p:', '  script:', '    - /kaniko/executor --destination "$CI_REGISTRY_IMAGE:1.0"'], { requireSbom: true }),
  ],
  invalid: [
    { ...gh(buildPush(['          provenance: false'])), errors: [{ messageId: 'provenanceOff', line: 5, column: 15 }] },
    { ...gh(buildPush(['          attests: type=provenance,disabled=true'])), errors: [{ messageId: 'provenanceOff', line: 5, column: 15 }] },
    {
      ...gh(['on: push', 'jobs:', '  p:', '    steps:', '      - uses: actions/attest-build-provenance@v2', '      - uses: docker/build-push-action@v6', '        with:', '          push: true', '          provenance: false']),
      name: 'an attestation before the push does not cover it',
      errors: [{ messageId: 'provenanceOff', line: 6, column: 15 }],
    },
    {
      ...gh([...buildPush(['          provenance: false', '          sbom: false']), '      - uses: actions/attest-build-provenance@v2'], { requireSbom: true }),
      name: 'a provenance attestation is no SBOM',
      errors: [{ messageId: 'sbomMissing', line: 5, column: 15 }],
    },
    { ...gl(['p:', '  script:', '    - docker buildx build --provenance=false --push -t "$CI_REGISTRY_IMAGE:1.0" .']), errors: [{ messageId: 'provenanceOff', line: 3, column: 7 }] },
    { ...gl(['p:', '  script:', '    - docker buildx bake --push --provenance false']), errors: [{ messageId: 'provenanceOff', line: 3, column: 7 }] },
    {
      ...gh([
        'on: push',
        'jobs:',
        '  p:',
        '    steps:',
        '      - uses: docker/bake-action@v6',
        '        with:',
        '          push: true',
        '          provenance: false',
      ]),
      errors: [{ messageId: 'provenanceOff', line: 5, column: 15 }],
    },
    { ...gh(buildPush([]), { requireSbom: true }), errors: [{ messageId: 'sbomMissing', line: 5, column: 15 }] },
    {
      ...gh(buildPush(['          provenance: false', '          sbom: false']), { requireSbom: true }),
      errors: [{ messageId: 'provenanceOff', line: 5, column: 15 }, { messageId: 'sbomMissing', line: 5, column: 15 }],
    },
  ],
});
