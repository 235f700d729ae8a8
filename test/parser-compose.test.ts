// The compose model (src/parsers/compose.ts): service images and their roles, builds
// (short and long form) as cross-artifact facts, environment and labels in map and
// list form with positions, x- anchors, interpolation defaults and `$$`.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { FileModel } from '../src/models/file.js';
import type { ModelNode, NodeOfType, NodeType } from '../src/models/nodes.js';
import { parseFile } from '../src/parsers/index.js';

const lines = (...rows: string[]): string => `${rows.join('\n')}\n`;
const parse = (text: string, path = 'compose.yaml', files: Record<string, string> = {}): FileModel =>
  parseFile('compose', path, text, { readFile: (p) => (Object.prototype.hasOwnProperty.call(files, p) ? (files[p] as string) : null) });
const nodes = <T extends NodeType>(model: FileModel, type: T): Array<NodeOfType<T>> =>
  model.nodes.filter((n: ModelNode): n is NodeOfType<T> => n.type === type);
const at = (range: { line: number; column: number }) => `${range.line}:${range.column}`;

test('image: compose-image, or build-tag when the service also builds', () => {
  const model = parse(lines('services:', '  web:', '    image: node:latest', '  api:', '    image: ghcr.io/acme/api:1', '    build: ./api'));
  assert.equal(nodes(model, 'imageRef').map((r) => `${r.role} ${r.raw} ${at(r.range)} ${JSON.stringify(r.context)}`), [
    'compose-image node:latest 3:12 {"job":"web"}',
    'build-tag ghcr.io/acme/api:1 5:12 {"job":"api"}',
  ]);
});

test('interpolation: ${VAR:-default} takes the default, .env overrides it, $$ is a literal dollar', () => {
  const text = lines('services:', '  a:', '    image: "redis:${REDIS_TAG:-7.2}"', '  b:', '    image: postgres:${PG_TAG}', '  c:', '    image: app$$x');
  assert.equal(nodes(parse(text), 'imageRef').map((r) => [r.raw, r.resolved, r.unresolved]), [
    ['redis:${REDIS_TAG:-7.2}', 'redis:7.2', false],
    ['postgres:${PG_TAG}', 'postgres:${PG_TAG}', true],
    ['app$$x', 'app$x', false],
  ]);
  const withEnv = parse(text, 'deploy/compose.yaml', { 'deploy/.env': 'REDIS_TAG=latest\nPG_TAG="16.3" # pinned\n' });
  assert.equal(nodes(withEnv, 'imageRef').map((r) => r.resolved), ['redis:latest', 'postgres:16.3', 'app$x']);
});

test('environment as a map and as a list (KEY=value, KEY alone), with name and value positions', () => {
  const model = parse(lines(
    'services:',
    '  db:',
    '    environment:',
    '      POSTGRES_PASSWORD: example',
    '      EMPTY:',
    '  app:',
    '    environment:',
    '      - DB_PASSWORD=hunter2',
    '      - "QUOTED=yes"',
    '      - FROM_SHELL',
  ));
  assert.equal(nodes(model, 'env').map((e) => `${e.source} ${e.name}=${e.value} ${at(e.nameRange)}-${e.nameRange.endColumn} ${e.valueRange ? at(e.valueRange) : '-'}`), [
    'environment POSTGRES_PASSWORD=example 4:7-24 4:26',
    'environment EMPTY=null 5:7-12 -',
    'environment DB_PASSWORD=hunter2 8:9-20 8:21',
    'environment QUOTED=yes 9:10-16 9:17',
    'environment FROM_SHELL=null 10:9-19 -',
  ]);
});

test('build long form: context, dockerfile (in the context), args map and list, labels; paths from the compose file', () => {
  const model = parse(lines(
    'services:',
    '  api:',
    '    build:',
    '      context: ./services/api',
    '      dockerfile: docker/Dockerfile',
    '      args:',
    '        - VERSION=${VERSION:-3}',
    '        - FROM_SHELL',
    '        - TOKEN=$TOKEN',
    '      labels:',
    '        org.opencontainers.image.source: https://github.com/acme/api',
    '  web:',
    '    build:',
    '      args:',
    '        NODE: "20"',
    '  inline:',
    '    build:',
    '      dockerfile_inline: FROM scratch',
    '  remote:',
    '    build: https://github.com/acme/x.git#main',
  ), 'deploy/compose.yaml');
  assert.equal(model.builds?.map((b) => [b.dockerfile, b.facts.context, b.facts.buildArgs, b.facts.labels, b.facts.origin]), [
    ['deploy/services/api/docker/Dockerfile', 'deploy/services/api', { VERSION: '3' }, { 'org.opencontainers.image.source': 'https://github.com/acme/api' }, 'deploy/compose.yaml'],
    ['deploy/Dockerfile', 'deploy', { NODE: '20' }, {}, 'deploy/compose.yaml'],
  ]);
  assert.equal(nodes(model, 'label').map((l) => `${l.key} ${at(l.keyRange)} ${at(l.valueRange)}`), ['org.opencontainers.image.source 11:9 11:42']);
});

test('service labels (map and list) are label nodes; x- anchors merge into services', () => {
  const model = parse(lines(
    'x-defaults: &defaults',
    '  labels:',
    '    - "com.example.Team=platform"',
    'services:',
    '  a:',
    '    <<: *defaults',
    '    image: busybox:1.36',
    '  b:',
    '    labels:',
    '      com.example.tier: backend',
  ));
  assert.equal(nodes(model, 'label').map((l) => `${l.key}=${l.value} ${at(l.keyRange)}-${l.keyRange.endColumn} ${JSON.stringify(l.context)}`), [
    'com.example.Team=platform 3:8-24 {"job":"a"}',
    'com.example.tier=backend 10:7-23 {"job":"b"}',
  ]);
});

test('parse problems never throw', () => {
  const problems = (text: string) => parse(text).parseErrors.map((p) => `${at(p.range)} ${p.message}`);
  assert.equal(problems('services:\n  a:\n    image: x:1\n  a:\n    image: y:1\n'), ['4:3 duplicate key "a"']);
  assert.equal(problems('[1, 2]\n'), ['1:1 expected a mapping (services, volumes, …) at the top level']);
  assert.equal(problems(''), []);
  assert.ok(problems('services: {a: [\n').length > 0);
});

test.run();
