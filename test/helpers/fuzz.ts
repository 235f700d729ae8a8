// The fuzz harness (issue 7): fast-check properties over every parser, the whole lint
// path and every report format. Shared by test/fuzz.test.ts (a fixed, modest number of
// runs inside `npm test`) and scripts/fuzz.ts (`npm run fuzz`, FUZZ_RUNS cases in all).
//
// Inputs are real-looking seed documents (below) put through line and byte mutations,
// plus pure random strings. A parser is fuzzed by adding one line to TARGETS. Image
// archives and layout directories on disk are fuzzed by ./fuzz-archives.ts (async
// properties, run by the same `runProperty`).
//
// Replay: every failure message carries the seed and the counterexample path, and the
// command that runs that very case again (FUZZ_SEED, FUZZ_PATH, FUZZ_ONLY). Planted
// secrets come from a pool drawn once per process (test/helpers/tokens.ts uses
// crypto randomness): a replay plants the same kind of secret at the same place, with
// another random body; the counterexample printed shows the exact one.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import fc from 'fast-check';
import { Ajv } from 'ajv';
import Ajv04Module from 'ajv-draft-04';
import { parseFile } from '../../src/parsers/index.js';
import { parseCommands } from '../../src/parsers/shell.js';
import { lineStartOffsets, normaliseText } from '../../src/parsers/text.js';
import { readYamlFast } from '../../src/parsers/yaml-fast.js';
import { readYamlFull } from '../../src/parsers/yaml-full.js';
import { lintTargets, type LintTarget } from '../../src/engine/lint.js';
import { buildReport } from '../../src/engine/verdict.js';
import { rules } from '../../src/engine/registry.js';
import { basePolicy, presetPolicy } from '../../src/config/presets.js';
import { FORMATS, getFormatter } from '../../src/formatters/index.js';
import { ALL_KINDS } from '../../src/models/kinds.js';
import type { FileResult, LintReport } from '../../src/models/finding.js';
import type { Kind, Range, ScriptNode } from '../../src/models/nodes.js';
import type { Policy } from '../../src/models/policy.js';
import { parseXml } from './xml.js';
import { archiveProperties } from './fuzz-archives.js';
import { tokens } from './tokens.js';

const ROOT = join(new URL('../..', import.meta.url).pathname);

// ---- seed documents ------------------------------------------------------------------
// `{{SECRET}}` marks where the secret property plants a credential; elsewhere it
// becomes a harmless placeholder.

const DOCKERFILES = [
  `# syntax=docker/dockerfile:1
ARG NODE_VERSION=20
ARG BASE=node:\${NODE_VERSION}-alpine
FROM \${BASE} AS build
WORKDIR /src
COPY package*.json ./
RUN --mount=type=cache,target=/root/.npm npm ci
COPY . .
RUN npm run build && \\
    npm prune --production
ENV API_TOKEN={{SECRET}}

FROM gcr.io/distroless/nodejs20-debian12:nonroot
LABEL org.opencontainers.image.source="https://github.com/acme/app" \\
      org.opencontainers.image.version="1.2.3"
COPY --from=build /src/dist /app
USER 1000:1000
HEALTHCHECK CMD ["node", "/app/health.js"]
ENTRYPOINT ["node", "/app/index.js"]
`,
  `FROM ubuntu
RUN apt-get update && apt-get install -y curl
RUN <<EOF
set -e
echo "token={{SECRET}}" > /etc/app.conf
docker login -u ci -p {{SECRET}} registry.example.com
EOF
COPY .npmrc /root/.npmrc
ADD https://example.com/tool.tar.gz /opt/
# pushgate-ignore-next-line no-latest-tag -- legacy
FROM alpine:latest
USER root
CMD ["sh"]
`,
  `# escape=\`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
ARG PASSWORD={{SECRET}}
RUN powershell -Command \`
    Write-Host hello
COPY --from=docker.io/library/busybox:1.36 /bin/busybox /busybox
LABEL Org.Bad.Key=x org.opencontainers.image.sorce=y
`,
  `FROM scratch
COPY app /app
ENTRYPOINT ["/app"]
`,
];

const WORKFLOWS = [
  `name: release
on:
  push:
    tags: ['v*']
  pull_request_target:
env:
  REGISTRY: ghcr.io
  GH_TOKEN: {{SECRET}}
jobs:
  build:
    runs-on: ubuntu-latest
    container: node:20
    services:
      redis: { image: redis }
    permissions: { contents: read, packages: write }
    steps:
      - uses: actions/checkout@v4
      - uses: docker/login-action@v3
        with:
          registry: ghcr.io
          username: \${{ github.actor }}
          password: {{SECRET}}
      - id: meta
        uses: docker/metadata-action@v5
        with:
          images: ghcr.io/acme/app
          tags: |
            type=semver,pattern={{version}}
            type=sha
      - uses: docker/build-push-action@v6
        with:
          context: .
          file: ./Dockerfile
          push: \${{ github.event_name != 'pull_request' }}
          tags: \${{ steps.meta.outputs.tags }}
          build-args: |
            NODE_VERSION=20
          provenance: false
      - run: |
          echo "{{SECRET}}" | docker login -u x --password-stdin
          docker build -t ghcr.io/acme/app:latest .
          docker push ghcr.io/acme/app:latest
`,
  `name: composite
description: x
runs:
  using: composite
  steps:
    - shell: bash
      run: docker login -p {{SECRET}} -u me && docker push acme/app
    - shell: pwsh
      run: Write-Host "\${{ inputs.x }}"
`,
  `on: [push, pull_request]
jobs:
  a:
    runs-on: \${{ matrix.os }}
    strategy: { matrix: { os: [ubuntu-latest, windows-latest] } }
    if: github.event_name == 'push'
    needs: [b]
    steps:
      - run: trivy image --exit-code 1 acme/app:1.0
      - run: cosign sign acme/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
  b:
    runs-on: ubuntu-latest
    steps: []
`,
];

const GITLAB = [
  `stages: [build, test, release]
variables:
  DOCKER_TLS_CERTDIR: "/certs"
  REGISTRY_PASSWORD: {{SECRET}}
include:
  - local: ci/common.yml
.docker: &docker
  image: docker:24
  services: [docker:24-dind]
  before_script:
    - echo "$CI_REGISTRY_PASSWORD" | docker login -u "$CI_REGISTRY_USER" --password-stdin $CI_REGISTRY
build:
  <<: *docker
  stage: build
  script:
    - docker build -t $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA .
    - docker push $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA
    - docker login -p {{SECRET}} registry.gitlab.com
  rules:
    - if: $CI_COMMIT_BRANCH == "main"
release:
  stage: release
  needs: [build]
  image: gcr.io/kaniko-project/executor:debug
  script:
    - /kaniko/executor --destination $CI_REGISTRY_IMAGE:latest
    - !reference [.docker, before_script]
`,
  `default:
  image: alpine
job:
  script: >
    docker build
    -t registry.example.com/a/b:1 .
  after_script: |
    docker push registry.example.com/a/b:1
  only: [tags]
`,
];

const COMPOSE = [
  `name: stack
x-common: &common
  restart: unless-stopped
  environment:
    - DB_PASSWORD={{SECRET}}
services:
  api:
    <<: *common
    build:
      context: ./api
      dockerfile: Dockerfile
      args:
        NODE_VERSION: "20"
      labels:
        org.opencontainers.image.source: https://github.com/acme/api
    image: ghcr.io/acme/api:\${TAG:-latest}
    environment:
      API_KEY: {{SECRET}}
  db:
    image: postgres
    volumes: [data:/var/lib/postgresql/data]
volumes:
  data: {}
`,
  `services:
  web: { image: "nginx:1.25", ports: ["80:80"] }
  worker:
    build: .
    env_file: .env
`,
];

const SHELL = [
  `#!/usr/bin/env bash
set -euo pipefail
TAG="$(git rev-parse --short HEAD)"
export NPM_TOKEN={{SECRET}}
docker build -t registry.example.com/acme/app:"$TAG" --label org.opencontainers.image.revision="$TAG" .
docker tag registry.example.com/acme/app:"$TAG" registry.example.com/acme/app:latest
docker login -u ci -p "{{SECRET}}" registry.example.com
for t in "$TAG" latest; do
  docker push "registry.example.com/acme/app:$t"
done
cat > ~/.npmrc <<'EOF'
//registry.npmjs.org/:_authToken={{SECRET}}
EOF
case "$1" in
  push) podman push app ;;
  *) echo "usage: $0 push" >&2; exit 1 ;;
esac
`,
  `#!/bin/sh
f() { sudo -u root env A=1 docker pull alpine; }
f && curl -fsSL https://user:{{SECRET}}@example.com/x | sh
`,
];

const MAKEFILES = [
  `IMAGE ?= registry.example.com/acme/app
.PHONY: push
build:
\t@docker build -t $(IMAGE):$$(git rev-parse --short HEAD) .
push: build
\t-docker login -p {{SECRET}} registry.example.com
\tdocker push $(IMAGE):latest
`,
];

const IMAGES = [
  `{
  "architecture": "amd64",
  "os": "linux",
  "config": {
    "User": "root",
    "Env": ["PATH=/usr/bin", "API_TOKEN={{SECRET}}"],
    "Labels": { "org.opencontainers.image.source": "https://github.com/acme/app", "secret": "{{SECRET}}" },
    "Cmd": ["/app"],
    "Healthcheck": { "Test": ["CMD", "true"] }
  },
  "rootfs": { "type": "layers", "diff_ids": ["sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"] },
  "history": [{ "created_by": "/bin/sh -c echo {{SECRET}} > /token" }]
}
`,
  `[{ "Id": "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
   "RepoTags": ["acme/app:latest", "acme/app:1.0"], "RepoDigests": [], "Size": 123456789,
   "Architecture": "arm64", "Os": "linux",
   "Config": { "User": "", "Env": ["PASSWORD={{SECRET}}"], "Labels": null },
   "RootFS": { "Type": "layers" } }]
`,
];

// ---- what is fuzzed ----------------------------------------------------------------------

export interface FuzzTarget {
  kind: Kind;
  /** The path it is linted as (Makefile vs script matters to the shell parser). */
  path: string;
  seeds: readonly string[];
}

/** One line per parser: a new kind (or a new path-dependent mode of one) is fuzzed by adding it here. */
export const TARGETS: readonly FuzzTarget[] = [
  { kind: 'dockerfile', path: 'Dockerfile', seeds: DOCKERFILES },
  { kind: 'github-workflow', path: '.github/workflows/release.yml', seeds: WORKFLOWS },
  { kind: 'gitlab-ci', path: '.gitlab-ci.yml', seeds: GITLAB },
  { kind: 'compose', path: 'compose.yaml', seeds: COMPOSE },
  { kind: 'shell', path: 'scripts/release.sh', seeds: SHELL },
  { kind: 'shell', path: 'Makefile', seeds: MAKEFILES },
  { kind: 'image', path: 'image.json', seeds: IMAGES },
];

const ALL_SEEDS = TARGETS.flatMap((t) => t.seeds);

/** Every rule on, at error: the most code runs on each input. */
export function everyRulePolicy(): Policy {
  return { ...basePolicy(), rules: Object.fromEntries(rules.map((rule) => [rule.meta.id, { severity: 'error' as const, options: {} }])) };
}

const POLICIES: Readonly<Record<string, Policy>> = {
  'every rule': everyRulePolicy(),
  recommended: presetPolicy('recommended'),
};

// ---- mutations ---------------------------------------------------------------------------

/** Fragments that stress one grammar or another; inserted whole. */
const FRAGMENTS: readonly string[] = [
  '\u0000', '\r', '\r\n', '\t', '\uFEFF', '\u2028', '\u0085', '\uD800', '\uDFFF', '\u{1F433}', 'é', '\u202E',
  '"', "'", '`', '\\', '$', '${', '$(', '$((', '${{', '}}', '$[[', ']]', '{', '}', '[', ']', '(', ')',
  ':', ': ', '- ', '-', '#', ' #', '=', ',', '%', '@', '&', '|', '||', '&&', ';', '>', '<', '<<<', ' \\', '\\\n',
  '<<EOF', '<<-EOF', "<<'EOF'", 'EOF', '<<', '&a ', '*a', '<<: *a', '&anchor', '*anchor', '? ', '!!binary ', '!!str ',
  '!reference [.a, script]', '!reset', '---', '...', '%YAML 1.2', '|', '>-', '|+', 'null', '~',
  '9'.repeat(400), '1e999', '-0', '0x1F', '.inf', 'NaN', '12345678901234567890',
  ':latest', '@sha256:', `@sha256:${'ab'.repeat(32)}`, 'scratch', 'localhost:5000/', 'docker.io/library/',
  'FROM ', 'RUN ', 'ARG ', 'ENV ', 'LABEL ', 'USER ', 'COPY --from=', 'ONBUILD ', 'HEALTHCHECK ', 'RUN --mount=type=secret,id=x ',
  'docker push ', 'docker build -t ', 'docker login -p x ', '--password=', '--password-stdin', 'podman ', 'buildah ',
  'uses: ', 'run: ', 'steps:', 'jobs:', 'on:', 'image: ', 'services:', 'script:', 'build:', 'environment:', 'stages:',
  '"Env": [', '"Labels": {', '"User": ', '"RepoTags": [', '"config": {', '{"a":', '[[[[', ']]]]', '{{{{', '}}}}',
  'https://u:p@h.example/', 'pushgate-ignore-next-line', '# pushgate-ignore-file no-latest-tag', ' until=2000-01-01',
];

/** Characters the grammars give meaning to: soups of them reach odd parser states. */
const STRUCTURAL = [...' \t\n\r\\"\'`$#{}[]():,-=|&;<>!*?@%~^+./0aZ'];

const fragment = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...FRAGMENTS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom(...STRUCTURAL), maxLength: 24 }) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 6 }).map((parts) => parts.join('')) },
);

type Mutation =
  | { op: 'insertLine'; at: number; text: string }
  | { op: 'deleteLine'; at: number }
  | { op: 'duplicateLine'; at: number; times: number }
  | { op: 'swapLines'; at: number; other: number }
  | { op: 'insertText'; at: number; text: string }
  | { op: 'deleteText'; at: number; length: number }
  | { op: 'indent'; at: number; depth: number; tab: boolean }
  | { op: 'longLine'; at: number; times: number }
  | { op: 'truncate'; at: number }
  | { op: 'lineEnds'; ending: '\r\n' | '\r' }
  | { op: 'bom' }
  | { op: 'splice'; at: number; from: number; line: number; count: number };

const position = fc.nat({ max: 1_000_000 });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('insertLine' as const), at: position, text: fragment }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('deleteLine' as const), at: position }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('duplicateLine' as const), at: position, times: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('swapLines' as const), at: position, other: position }) },
  { weight: 6, arbitrary: fc.record({ op: fc.constant('insertText' as const), at: position, text: fragment }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('deleteText' as const), at: position, length: fc.integer({ min: 1, max: 30 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('indent' as const), at: position, depth: fc.integer({ min: 0, max: 400 }), tab: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('longLine' as const), at: position, times: fc.integer({ min: 2, max: 400 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: position }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('lineEnds' as const), ending: fc.constantFrom('\r\n' as const, '\r' as const) }) },
  { weight: 1, arbitrary: fc.constant({ op: 'bom' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('splice' as const), at: position, from: position, line: position, count: fc.integer({ min: 1, max: 8 }) }),
  },
);

/** Applies mutations in order. Positions are taken modulo the current size, so they shrink well. */
export function mutate(seed: string, mutations: readonly Mutation[]): string {
  let text = seed;
  for (const m of mutations) {
    const lines = text.split('\n');
    const line = (at: number) => at % lines.length;
    const offset = (at: number) => at % (text.length + 1);
    switch (m.op) {
      case 'insertLine':
        lines.splice(line(m.at), 0, m.text);
        text = lines.join('\n');
        break;
      case 'deleteLine':
        lines.splice(line(m.at), 1);
        text = lines.join('\n');
        break;
      case 'duplicateLine': {
        const i = line(m.at);
        lines.splice(i, 0, ...Array<string>(m.times).fill(lines[i] ?? ''));
        text = lines.join('\n');
        break;
      }
      case 'swapLines': {
        const a = line(m.at);
        const b = line(m.other);
        [lines[a], lines[b]] = [lines[b] ?? '', lines[a] ?? ''];
        text = lines.join('\n');
        break;
      }
      case 'insertText': {
        const at = offset(m.at);
        text = text.slice(0, at) + m.text + text.slice(at);
        break;
      }
      case 'deleteText': {
        const at = offset(m.at);
        text = text.slice(0, at) + text.slice(at + m.length);
        break;
      }
      case 'indent': {
        const i = line(m.at);
        lines[i] = (m.tab ? '\t' : ' ').repeat(m.depth) + (lines[i] ?? '');
        text = lines.join('\n');
        break;
      }
      case 'longLine': {
        const i = line(m.at);
        lines[i] = (lines[i] || 'x').repeat(m.times);
        text = lines.join('\n');
        break;
      }
      case 'truncate':
        text = text.slice(0, offset(m.at));
        break;
      case 'lineEnds':
        text = text.replace(/\n/g, m.ending);
        break;
      case 'bom':
        text = `\uFEFF${text}`;
        break;
      case 'splice': {
        // Lines of another seed (maybe of another kind) dropped in: YAML in a Dockerfile, etc.
        const other = (ALL_SEEDS[m.from % ALL_SEEDS.length] ?? '').split('\n');
        const start = m.line % other.length;
        lines.splice(line(m.at), 0, ...other.slice(start, start + m.count));
        text = lines.join('\n');
        break;
      }
    }
    // Repeats compound (a long line duplicated, made longer again): keep cases quick.
    if (text.length > MAX_DOCUMENT) text = text.slice(0, MAX_DOCUMENT);
  }
  return text;
}

/** Mutated documents are cut to this many characters (big inputs are test/hostile.test.ts's job). */
const MAX_DOCUMENT = 64 * 1024;

const mutations = fc.array(mutation, { minLength: 1, maxLength: 8 });

/** Placeholders a document is left with when no secret is planted. */
const fillPlaceholders = (text: string): string => text.split('{{SECRET}}').join('changeme');

/** A document for `target`: mostly a mutated seed, sometimes pure noise. Still holds `{{SECRET}}` markers. */
export function documentFor(target: FuzzTarget): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.tuple(fc.constantFrom(...target.seeds), mutations).map(([seed, list]) => mutate(seed, list)) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 400 }) },
    { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...STRUCTURAL), maxLength: 400 }) },
    { weight: 1, arbitrary: fc.array(fragment, { maxLength: 60 }).map((parts) => parts.join('')) },
  );
}

// ---- checks --------------------------------------------------------------------------------

/** The lines of a text as the parsers count them (BOM dropped, CRLF and lone CR are breaks). */
export function textLines(text: string): string[] {
  return normaliseText(text).split('\n');
}

/** Throws unless `range` is a 1-based range inside `lines` whose end is not before its start. */
export function assertRangeInside(range: Range, lines: readonly string[], what: string): void {
  const { line, column, endLine, endColumn } = range;
  const fail = (why: string): never => {
    throw new Error(`${what}: ${why} (range ${line}:${column}-${endLine}:${endColumn}, file has ${lines.length} lines)`);
  };
  for (const [name, value] of Object.entries({ line, column, endLine, endColumn })) {
    if (!Number.isInteger(value) || value < 1) fail(`${name} is not a positive integer`);
  }
  if (endLine > lines.length) fail('ends after the last line');
  if (column > (lines[line - 1]?.length ?? 0) + 1) fail('starts after the end of its line');
  // A point (one column wide) may sit just past a line's last character: "unexpected end of input".
  const point = endLine === line && endColumn === column + 1;
  if (endColumn > (lines[endLine - 1]?.length ?? 0) + (point ? 2 : 1)) fail('ends after the end of its line');
  if (endLine < line || (endLine === line && endColumn < column)) fail('ends before it starts');
}

/** Every finding of every file (whose text is known) sits inside that file. */
export function assertFindingPositions(results: readonly FileResult[], texts: ReadonlyMap<string, string>): void {
  for (const result of results) {
    const text = texts.get(result.path);
    if (text === undefined) throw new Error(`result for a file that was not linted: ${result.path}`);
    const lines = textLines(text);
    for (const finding of result.findings) {
      assertRangeInside(finding, lines, `${result.path}: ${finding.ruleId} "${finding.message}"`);
      if (finding.fix) assertRangeInside(finding.fix.range, lines, `${result.path}: fix of ${finding.ruleId}`);
    }
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const require = createRequire(import.meta.url);
const Ajv04 = (Ajv04Module as unknown as { default: typeof import('ajv-draft-04').default }).default;
/** RFC 3986 characters only, and every `%` starts a percent-encoding (as test/formatters.test.ts). */
const URI_CHARS = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;

let validators: { report: (value: unknown) => string | null; sarif: (value: unknown) => string | null } | null = null;

/** The report schema (ajv) and the OASIS SARIF 2.1.0 schema (ajv-draft-04), compiled once. */
function schemaValidators(): NonNullable<typeof validators> {
  if (validators) return validators;
  const ajv = new Ajv({ allErrors: true, strict: false });
  const report = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schemas', 'report.schema.json'), 'utf8')) as object);
  // unicodeRegExp off: the rtm.5 schema's language-tag pattern has a stray `]` only the `u` flag rejects.
  const ajv04 = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv04.addFormat('uri', (value: string) => /^[A-Za-z][A-Za-z0-9+.-]*:/.test(value) && URI_CHARS.test(value));
  ajv04.addFormat('uri-reference', (value: string) => URI_CHARS.test(value));
  ajv04.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)));
  const oasis = join(require.resolve('@microsoft/jest-sarif/package.json'), '..', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');
  const sarif = ajv04.compile(JSON.parse(readFileSync(oasis, 'utf8')) as object);
  validators = {
    report: (value) => (report(value) ? null : ajv.errorsText(report.errors)),
    sarif: (value) => (sarif(value) ? null : JSON.stringify(sarif.errors?.slice(0, 3))),
  };
  return validators;
}

/**
 * Runs every formatter over `report` and checks each output's own validity; returns the
 * outputs by format name (`stylish-color`, and `github-summary`: what the github format
 * appends to the step summary).
 */
export function formatAndCheck(report: LintReport): Record<string, string> {
  const outputs: Record<string, string> = {};
  let summary = '';
  for (const name of FORMATS) {
    for (const color of name === 'stylish' ? [false, true] : [false]) {
      const output = getFormatter(name)(report, {
        color,
        version: '0.0.0-fuzz',
        cwd: '/nonexistent/pushgate-fuzz',
        env: { GITHUB_STEP_SUMMARY: '/nonexistent/summary.md' },
        appendFile: (_path, text) => {
          summary += text;
        },
      });
      if (typeof output !== 'string') throw new Error(`${name}: the formatter returned ${typeof output}`);
      outputs[color ? `${name}-color` : name] = output;
    }
  }
  outputs['github-summary'] = summary;
  const check = schemaValidators();
  const parsed = (name: string): Json => {
    try {
      return JSON.parse(outputs[name] ?? '');
    } catch (error) {
      throw new Error(`${name} output is not JSON: ${(error as Error).message}`);
    }
  };
  const reportError = check.report(parsed('json'));
  if (reportError) throw new Error(`json output does not follow schemas/report.schema.json: ${reportError}`);
  const sarifError = check.sarif(parsed('sarif'));
  if (sarifError) throw new Error(`sarif output does not validate against the OASIS SARIF 2.1.0 schema: ${sarifError}`);
  if (!Array.isArray(parsed('gitlab'))) throw new Error('gitlab output is not a JSON array');
  parseXml(outputs['junit'] ?? '');
  // One workflow command per finding and the verdict: a message can never start a line (inject a command).
  const count = report.files.reduce((n, file) => n + file.findings.length, 0);
  const commands = (outputs['github'] ?? '').split('\n').filter((line) => line !== '');
  if (commands.length !== count + 1 || commands.slice(0, -1).some((line) => !/^::(?:error|warning) /.test(line))) {
    throw new Error(`github output is not one workflow command per finding (${count} findings, ${commands.length} lines)`);
  }
  return outputs;
}

/**
 * Throws when `secret`, or any `pieceLength`-character piece of its random part, is in a
 * text. `randomFrom` is where the random part starts (after a fixed prefix such as
 * `github_pat_`); masks show at most the first 4 characters, so it is at least 4. Ten
 * characters cannot match by chance in a whole report; shorter pieces suit short texts
 * (a single message, where an excerpt cut short would otherwise go unseen).
 */
export function assertSecretAbsent(secret: string, texts: Record<string, string>, randomFrom = 4, pieceLength = 10): void {
  const pieces = new Set<string>();
  for (let i = Math.max(4, randomFrom); i + pieceLength <= secret.length; i++) {
    const piece = secret.slice(i, i + pieceLength);
    if (!piece.includes('\n')) pieces.add(piece);
  }
  for (const [name, text] of Object.entries(texts)) {
    if (text.includes(secret)) throw new Error(`${name} output prints the planted secret`);
    for (const piece of pieces) {
      if (text.includes(piece)) throw new Error(`${name} output prints part of the planted secret: ${JSON.stringify(piece)}`);
    }
  }
}

// ---- secrets ---------------------------------------------------------------------------------

interface SecretKind {
  name: string;
  make: () => string;
  /** Only recognisable under a secret-like name (`PASSWORD=`), never on its own. */
  named: boolean;
}

const SECRET_KINDS: readonly SecretKind[] = [
  { name: 'docker hub PAT', make: tokens.dockerHubPat, named: false },
  { name: 'github classic', make: () => tokens.github('p'), named: false },
  { name: 'github app', make: () => tokens.github('s'), named: false },
  { name: 'github fine-grained', make: tokens.githubFineGrained, named: false },
  { name: 'gitlab PAT', make: () => tokens.gitlab('pat'), named: false },
  { name: 'gitlab deploy', make: () => tokens.gitlab('dt'), named: false },
  { name: 'gitlab routable', make: tokens.gitlabRoutable, named: false },
  { name: 'npm', make: tokens.npm, named: false },
  { name: 'aws key id', make: () => tokens.awsKeyId(), named: false },
  { name: 'gcp api key', make: tokens.gcpApiKey, named: false },
  { name: 'slack bot', make: () => tokens.slack('b'), named: false },
  { name: 'slack webhook', make: tokens.slackWebhook, named: false },
  { name: 'stripe', make: () => tokens.stripe('sk_live'), named: false },
  { name: 'pypi', make: tokens.pypi, named: false },
  { name: 'jwt', make: tokens.jwt, named: false },
  { name: 'aws secret', make: tokens.awsSecret, named: true },
  { name: 'password', make: tokens.password, named: true },
];

/** Drawn once per process (see the header about replays), with the length of the prefix all values share. */
const SECRET_POOL = SECRET_KINDS.map((kind) => {
  const values = Array.from({ length: 8 }, kind.make);
  const first = values[0] as string;
  let fixed = 0;
  while (fixed < first.length && values.every((v) => v[fixed] === first[fixed])) fixed++;
  return { ...kind, values, fixed };
});

export interface PoolSecret {
  secret: string;
  /** Where the random part starts (see `assertSecretAbsent`). */
  randomFrom: number;
  /** Recognisable only under a secret-like name (`PASSWORD=`). */
  named: boolean;
  kind: string;
}

/** One secret of the pool (other fuzz helpers plant it in what they generate). */
export function poolSecret(): fc.Arbitrary<PoolSecret> {
  return fc.record({ kind: fc.nat(), value: fc.nat() }).map(({ kind, value }) => {
    const chosen = SECRET_POOL[kind % SECRET_POOL.length] as (typeof SECRET_POOL)[number];
    return { secret: chosen.values[value % chosen.values.length] as string, randomFrom: chosen.fixed, named: chosen.named, kind: chosen.name };
  });
}

/**
 * Lines a secret is planted in, per kind of file (a kind without an entry gets
 * `PASSWORD=$S` and `$S`); `$S` is the secret. A secret known only by its name goes in a
 * `named` line alone: that line means the same wherever it lands (a top-level mapping, an
 * ENV), where `  password: $S` dropped under `services:` would name a service instead.
 */
const PLANT_LINES: Partial<Record<Kind, { named: string[]; any: string[] }>> = {
  dockerfile: {
    named: ['ENV DB_PASSWORD=$S', 'ARG AWS_SECRET_ACCESS_KEY=$S', 'ENV API_TOKEN="$S"'],
    any: ['$S', 'RUN echo $S', 'LABEL x=$S', 'FROM $S', 'FROM registry.example.com/a:$S', 'RUN curl -H "Authorization: Bearer $S" https://x', 'RUN docker login -p $S reg.io'],
  },
  'github-workflow': {
    named: ['env: { API_TOKEN: "$S" }'],
    any: ['  DB_PASSWORD: $S', '      password: $S', '$S', '      - run: echo $S', '    container: $S', '  image: $S', '          tags: acme/app:$S', '      - run: docker login -p $S'],
  },
  'gitlab-ci': {
    named: ['variables: { API_TOKEN: "$S" }'],
    any: ['  REGISTRY_PASSWORD: $S', '$S', '    - echo $S', '  image: $S', '    - docker push acme/app:$S', 'x: $S'],
  },
  compose: {
    named: ['x-env: { DB_PASSWORD: "$S" }'],
    any: ['      DB_PASSWORD: $S', '      - API_TOKEN=$S', '$S', '    image: $S', '    image: acme/app:$S', '        org.example.x: $S'],
  },
  shell: {
    named: ['export DB_PASSWORD=$S', 'AWS_SECRET_ACCESS_KEY="$S"'],
    any: ['$S', 'echo $S', 'docker push acme/app:$S', 'docker login -p $S', 'curl https://user:$S@example.com'],
  },
  image: {
    named: ['"DB_PASSWORD=$S",'],
    any: ['"$S",', '"x": "$S",'],
  },
};

export interface Planted {
  text: string;
  secret: string;
  /** Where the secret's random part starts. */
  randomFrom: number;
  kind: string;
}

/**
 * The secret in every marker a mutation left standing on its own: one glued to other
 * text (`ldckr_pat_…`, `$((ghp_…`) is no longer that secret (token formats start at a
 * word boundary; an expansion is a reference), so it gets the placeholder instead.
 */
function plantInMarkers(doc: string, secret: string): string {
  return doc.replace(/\{\{SECRET\}\}/g, (marker, offset: number) => {
    const before = doc[offset - 1] ?? '';
    const after = doc[offset + marker.length] ?? '';
    return /^[\s=:"',]?$/.test(before) && /^[\s"',\]}@;]?$/.test(after) ? secret : 'changeme';
  });
}

/** A document of `target` with one secret planted on one more line, and (token formats) in the `{{SECRET}}` markers. */
function plantedDocument(target: FuzzTarget): fc.Arbitrary<Planted> {
  return fc
    .record({
      doc: documentFor(target),
      kind: fc.nat(),
      value: fc.nat(),
      template: fc.nat(),
      at: position,
    })
    .map(({ doc, kind, value, template, at }) => {
      const chosen = SECRET_POOL[kind % SECRET_POOL.length] as (typeof SECRET_POOL)[number];
      const secret = chosen.values[value % chosen.values.length] as string;
      const lines = PLANT_LINES[target.kind] ?? { named: ['PASSWORD=$S'], any: ['$S'] };
      const templates = chosen.named ? lines.named : [...lines.named, ...lines.any];
      const line = (templates[template % templates.length] as string).replace('$S', secret);
      // Markers sit in mutated context: only a secret recognisable anywhere goes there.
      const docLines = (chosen.named ? fillPlaceholders(doc) : plantInMarkers(doc, secret)).split('\n');
      docLines.splice(at % (docLines.length + 1), 0, line);
      return { text: docLines.join('\n'), secret, randomFrom: chosen.fixed, kind: chosen.name };
    });
}

// ---- properties --------------------------------------------------------------------------

/**
 * A single case slower than this fails (a super-linear path); generous, inputs are a few
 * KB. Only the long run (`npm run fuzz`) sets it: `npm test` has no timing assertions,
 * since a loaded machine could fail it by chance.
 */
let slowMs = Number(process.env.FUZZ_SLOW_MS ?? Infinity);

export function failSlowCases(ms: number): void {
  slowMs = Number(process.env.FUZZ_SLOW_MS ?? ms);
}

function timed<T>(what: string, work: () => T): T {
  const start = performance.now();
  const result = work();
  const ms = performance.now() - start;
  if (ms > slowMs) throw new Error(`${what} took ${Math.round(ms)} ms (over FUZZ_SLOW_MS=${slowMs}): a super-linear path?`);
  return result;
}

const LINT_CWD = '/nonexistent/pushgate-fuzz';
/** Files other files may name (GitLab include: local, compose .env): none exist, reads return null. */
const NO_FILES = { read: () => null };

function lintOne(target: FuzzTarget, text: string, policy: Policy): FileResult[] {
  return lintTargets([{ path: target.path, kind: target.kind, text }], { cwd: LINT_CWD, policy, today: '2025-01-01', files: NO_FILES });
}

/**
 * The files of a small repository linted together: every target, and the Dockerfile the
 * compose seed builds (`./api`), so pipelines and compose hand build facts to Dockerfiles.
 */
const REPO_TARGETS: readonly FuzzTarget[] = [...TARGETS, { kind: 'dockerfile', path: 'api/Dockerfile', seeds: DOCKERFILES }];

const repository = fc
  .tuple(...REPO_TARGETS.map((target) => fc.option(documentFor(target), { nil: undefined, freq: 3 })))
  .map((docs) => {
    const targets: LintTarget[] = [];
    docs.forEach((doc, i) => {
      const target = REPO_TARGETS[i] as FuzzTarget;
      if (doc !== undefined) targets.push({ path: target.path, kind: target.kind, text: fillPlaceholders(doc) });
    });
    return targets;
  });

/** A policy by name, so counterexamples stay short. */
const policyArb = fc.constantFrom(...Object.keys(POLICIES));
const policyNamed = (name: string): Policy => POLICIES[name] ?? everyRulePolicy();

export interface FuzzProperty {
  name: string;
  /** Share of the long run's cases (scripts/fuzz.ts); `npm test` gives each the same modest number. */
  weight: number;
  /** Sync over texts; async over image sources on disk (./fuzz-archives.ts). */
  property: () => fc.IProperty<never> | fc.IProperty<unknown> | fc.IAsyncProperty<unknown>;
}

export function fuzzProperties(): FuzzProperty[] {
  const properties: FuzzProperty[] = [];
  for (const target of TARGETS) {
    const label = `${target.kind} (${target.path})`;
    properties.push({
      name: `parseFile never throws and reports problems inside the file: ${label}`,
      weight: 2,
      property: () =>
        fc.property(documentFor(target), (doc) => {
          const text = fillPlaceholders(doc);
          // Raw text, as lintTargets hands it over: each parser normalises BOM and line ends itself.
          const model = timed('parseFile', () => parseFile(target.kind, target.path, text, { readFile: () => null }));
          const lines = textLines(text);
          for (const problem of model.parseErrors) assertRangeInside(problem.range, lines, `parse problem "${problem.message}"`);
        }),
    });
    properties.push({
      name: `lintTargets never throws; findings sit inside the file: ${label}`,
      weight: 3,
      property: () =>
        fc.property(documentFor(target), policyArb, (doc, policy) => {
          const text = fillPlaceholders(doc);
          const results = timed('lintTargets', () => lintOne(target, text, policyNamed(policy)));
          assertFindingPositions(results, new Map([[target.path, text]]));
        }),
    });
    properties.push({
      name: `a planted secret is never printed, in any format: ${label}`,
      weight: 2,
      property: () =>
        fc.property(plantedDocument(target), ({ text, secret, randomFrom }) => {
          const results = timed('lintTargets', () => lintOne(target, text, everyRulePolicy()));
          const report = buildReport(results, { failOn: 'error', fileCount: 1 });
          // Messages first: a failure then names the rule that printed the secret.
          const texts: Record<string, string> = {};
          for (const finding of results.flatMap((r) => r.findings)) {
            texts[`message of ${finding.ruleId} (${finding.messageId})`] = finding.message;
            if (finding.fix) texts[`fix of ${finding.ruleId}`] = finding.fix.text;
          }
          assertSecretAbsent(secret, { ...texts, ...formatAndCheck(report) }, randomFrom);
        }),
    });
  }
  properties.push({
    name: 'parseCommands never throws; words sit inside the script',
    weight: 3,
    property: () =>
      fc.property(documentFor(TARGETS.find((t) => t.path.endsWith('.sh')) as FuzzTarget), fc.constantFrom('posix' as const, 'bash' as const), (doc, dialect) => {
        const text = normaliseText(fillPlaceholders(doc));
        const lines = text.split('\n');
        const script: ScriptNode = {
          type: 'script',
          text,
          lineStarts: lines.map((_, i) => ({ line: i + 1, column: 1 })),
          dialect,
          range: { line: 1, column: 1, endLine: lines.length, endColumn: (lines[lines.length - 1]?.length ?? 0) + 1 },
          context: {},
        };
        const commands = timed('parseCommands', () => parseCommands(script));
        for (const command of commands) {
          assertRangeInside(command.fullRange, lines, 'command');
          for (const word of command.argv) assertRangeInside(word.range, lines, `word ${JSON.stringify(word.value)}`);
        }
      }),
  });
  properties.push({
    name: 'the two YAML readers agree: a file the fast one accepts has the complete one\'s tree and problems',
    weight: 3,
    property: () =>
      fc.property(fc.oneof(...TARGETS.filter((t) => /\.ya?ml$/.test(t.path)).map(documentFor)), (doc) => {
        const text = normaliseText(fillPlaceholders(doc));
        const starts = lineStartOffsets(text);
        const fast = timed('readYamlFast', () => readYamlFast(text, starts, undefined));
        if (!fast) return;
        const problems: Parameters<typeof readYamlFull>[2] = [];
        const full = readYamlFull(text, starts, problems, undefined);
        // Through JSON: NaN and shared (aliased) nodes compare as written.
        const plain = (value: unknown) => JSON.stringify(value);
        if (plain(fast.problems) !== plain(problems)) throw new Error(`problems differ: ${plain(fast.problems)} vs ${plain(problems)}`);
        if (plain(fast.documents) !== plain(full)) throw new Error('the trees differ');
      }),
  });
  properties.push({
    name: 'a repository of mutated files: no throw, positions inside, every format valid',
    weight: 4,
    property: () =>
      fc.property(repository, policyArb, (targets, policy) => {
        const results = timed('lintTargets', () => lintTargets(targets, { cwd: LINT_CWD, policy: policyNamed(policy), today: '2025-01-01', files: NO_FILES }));
        assertFindingPositions(results, new Map(targets.map((t) => [t.path, t.text ?? ''])));
        formatAndCheck(buildReport(results, { failOn: 'error', fileCount: targets.length }));
      }),
  });
  return properties;
}

/** Kinds that have a parser but no fuzz target (must stay empty). */
export function unfuzzedKinds(): Kind[] {
  const fuzzed = new Set(TARGETS.map((t) => t.kind));
  return ALL_KINDS.filter((kind) => !fuzzed.has(kind));
}

// ---- running -------------------------------------------------------------------------------

export interface FuzzOutcome {
  name: string;
  runs: number;
  seed: number;
  ms: number;
  /** Null when the property held; else the report, with the seed and how to replay. */
  failure: string | null;
}

export interface FuzzRunOptions {
  numRuns: number;
  /** How to run the failing case again, e.g. the npm script; the env variables are prefixed. */
  replayCommand: string;
  /** A fixed seed (`npm test` is reproducible); random when absent. FUZZ_SEED wins over both. */
  seed?: number;
}

/** A stable seed per property name, so fixed-seed runs still give each property its own inputs. */
export function seedFor(name: string, base = 0): number {
  let hash = 0x811c9dc5 ^ base;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  return hash | 0;
}

/** Runs one property; FUZZ_SEED / FUZZ_PATH (from a failure report) replay one case. */
export async function runProperty(entry: FuzzProperty, options: FuzzRunOptions): Promise<FuzzOutcome> {
  const replaySeed = process.env.FUZZ_SEED;
  const replayPath = process.env.FUZZ_PATH;
  const seed =
    replaySeed !== undefined && replaySeed !== ''
      ? Number(replaySeed)
      : (options.seed ?? (Date.now() ^ (Math.random() * 0x100000000)) | 0);
  const start = performance.now();
  const details = await fc.check(entry.property() as fc.IAsyncProperty<unknown>, {
    numRuns: options.numRuns,
    seed,
    includeErrorInReport: true,
    ...(replayPath ? { path: replayPath, endOnFailure: true } : {}),
  });
  const ms = performance.now() - start;
  let failure: string | null = null;
  if (details.failed) {
    const report = fc.defaultReportMessage(details) ?? 'the property failed';
    const limited = report.length > 6000 ? `${report.slice(0, 6000)}\n… (${report.length - 6000} more characters)` : report;
    const replay = `FUZZ_SEED=${details.seed} FUZZ_PATH=${details.counterexamplePath ?? ''} FUZZ_ONLY=${JSON.stringify(entry.name)} ${options.replayCommand}`;
    failure = `fuzz property failed: ${entry.name}\nseed: ${details.seed}, path: ${details.counterexamplePath}\nreplay: ${replay}\n${limited}`;
  }
  return { name: entry.name, runs: details.numRuns, seed: details.seed, ms, failure };
}

/** Properties selected by FUZZ_ONLY (a substring of the name), all by default. */
export function selectedProperties(): FuzzProperty[] {
  const only = process.env.FUZZ_ONLY;
  const all = [...fuzzProperties(), ...archiveProperties()];
  return only ? all.filter((p) => p.name.includes(only)) : all;
}
