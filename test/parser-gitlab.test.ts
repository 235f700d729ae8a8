// The GitLab CI model (src/parsers/gitlab-ci.ts): global keywords vs jobs, hidden
// templates, extends, anchors, !reference, include: local, default:, images,
// variables, script sections with per-item positions, needs/stage/rules, spec headers.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { FileModel } from '../src/models/file.js';
import type { ModelNode, NodeOfType, NodeType, PipelineNode } from '../src/models/nodes.js';
import { parseFile } from '../src/parsers/index.js';

const lines = (...rows: string[]): string => `${rows.join('\n')}\n`;
const parse = (text: string, files: Record<string, string> = {}, path = '.gitlab-ci.yml'): FileModel =>
  parseFile('gitlab-ci', path, text, { readFile: (p) => (Object.prototype.hasOwnProperty.call(files, p) ? (files[p] as string) : null) });
const nodes = <T extends NodeType>(model: FileModel, type: T): Array<NodeOfType<T>> =>
  model.nodes.filter((n: ModelNode): n is NodeOfType<T> => n.type === type);
const pipeline = (model: FileModel): PipelineNode => {
  const [node] = nodes(model, 'pipeline');
  if (!node) throw new Error('no pipeline node');
  return node;
};
const at = (range: { line: number; column: number }) => `${range.line}:${range.column}`;
const refs = (model: FileModel) => nodes(model, 'imageRef').map((r) => `${r.role} ${r.raw} ${at(r.range)}`);
const commandsOf = (model: FileModel, job: string) =>
  pipeline(model).jobs.find((j) => j.id === job)?.steps.map((s) => `${s.name}: ${s.commands.map((c) => `${c.argv.map((w) => w.value).join(' ')} @${at(c.range)}`).join(' | ')}`);

test('global keywords are not jobs; hidden jobs are templates; stages default and .pre/.post', () => {
  const model = parse(lines(
    'stages: [build, deploy]',
    'variables:',
    '  GLOBAL: "1"',
    'workflow:',
    '  rules: [{if: $CI_COMMIT_TAG}]',
    '.template:',
    '  script: echo template',
    'build:',
    '  stage: build',
    '  script: make',
    'test:',
    '  script: make test',
  ));
  const { jobs, stages, env } = pipeline(model);
  assert.equal(stages, ['.pre', 'build', 'deploy', '.post']);
  assert.equal(jobs.map((j) => [j.id, j.stage, at(j.range)]), [['build', 'build', '8:1'], ['test', 'test', '11:1']]);
  assert.equal(env, { GLOBAL: '1' });
  assert.equal(pipeline(parse('j:\n  script: x\n')).stages, ['.pre', 'build', 'test', 'deploy', '.post']);
});

test('image and services in string and object form, default: and legacy global image', () => {
  const model = parse(lines(
    'default:',
    '  image: docker:24',
    '  services:',
    '    - docker:24-dind',
    'build:',
    '  image:',
    '    name: gcr.io/kaniko-project/executor:debug',
    '    entrypoint: [""]',
    '  services:',
    '    - name: postgres:16',
    '      alias: db',
    '    - redis',
    '  script: echo',
  ));
  assert.equal(refs(model), [
    'job-image docker:24 2:10',
    'service docker:24-dind 4:7',
    'job-image gcr.io/kaniko-project/executor:debug 7:11',
    'service postgres:16 10:13',
    'service redis 12:7',
  ]);
  assert.equal(refs(parse('image: ruby:3.3\ntest:\n  script: rake\n')), ['job-image ruby:3.3 1:8']);
});

test('variables (global and job, string or {value:}) are env nodes; a job env merges them', () => {
  const model = parse(lines(
    'variables:',
    '  DOCKER_CONTENT_TRUST: "1"',
    '  REGISTRY_PASSWORD:',
    '    value: hunter2',
    '    description: do not do this',
    'push:',
    '  variables:',
    '    IMAGE_TAG: "1.0"',
    '  script: docker push "registry.example.com/app:$IMAGE_TAG"',
  ));
  assert.equal(nodes(model, 'env').map((e) => `${e.source} ${e.name}=${e.value} ${at(e.nameRange)} ${e.valueRange ? at(e.valueRange) : '-'} ${JSON.stringify(e.context)}`), [
    'variables DOCKER_CONTENT_TRUST=1 2:3 2:25 {}',
    'variables REGISTRY_PASSWORD=hunter2 3:3 4:12 {}',
    'variables IMAGE_TAG=1.0 8:5 8:16 {"job":"push"}',
  ]);
  const [job] = pipeline(model).jobs;
  assert.equal(job?.env, { DOCKER_CONTENT_TRUST: '1', REGISTRY_PASSWORD: 'hunter2', IMAGE_TAG: '1.0' });
  assert.equal(nodes(model, 'imageRef').map((r) => [r.raw, r.resolved, r.unresolved]), [['registry.example.com/app:$IMAGE_TAG', 'registry.example.com/app:1.0', false]]);
});

test('script sections: one script each, list items at their own lines, multi-line scalars, nested lists', () => {
  const model = parse(lines(
    'build:',
    '  before_script:',
    '    - echo "$CI_REGISTRY_PASSWORD" | docker login -u "$CI_REGISTRY_USER" --password-stdin $CI_REGISTRY',
    '  script:',
    '    - docker build',
    '      --pull',
    '      -t "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA" .',
    '    - - cd nested',
    '      - docker push "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"',
    '    - |',
    '      if [ -n "$CI_COMMIT_TAG" ]; then',
    '        docker push "$CI_REGISTRY_IMAGE:$CI_COMMIT_TAG"',
    '      fi',
    '  after_script: docker logout',
  ));
  assert.equal(commandsOf(model, 'build'), [
    'before_script: echo $CI_REGISTRY_PASSWORD @3:7 | docker login -u $CI_REGISTRY_USER --password-stdin $CI_REGISTRY @3:38',
    'script: docker build --pull -t $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA . @5:7 | cd nested @8:9 | docker push $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA @9:9 | [ -n $CI_COMMIT_TAG ] @11:10 | docker push $CI_REGISTRY_IMAGE:$CI_COMMIT_TAG @12:9',
    'after_script: docker logout @14:17',
  ]);
  assert.equal(nodes(model, 'script').map((s) => `${at(s.range)} ${JSON.stringify(s.context)}`), [
    '3:5 {"job":"build","step":0}',
    '5:5 {"job":"build","step":1}',
    '14:17 {"job":"build","step":2}',
  ]);
  assert.equal(pipeline(model).jobs[0]?.pushes.map((p) => [p.step, p.push.tool, at(p.push.range)]), [[1, 'docker push', '9:9'], [1, 'docker push', '12:9']]);
});

test('extends deep-merges mappings (later wins), replaces lists; hidden templates are judged once, where written', () => {
  const model = parse(lines(
    '.base:',
    '  image: docker:24',
    '  variables:',
    '    A: base',
    '    B: base',
    '  script: docker push acme/app:latest',
    '.other:',
    '  variables:',
    '    B: other',
    'one:',
    '  extends: [.base, .other]',
    '  variables:',
    '    C: one',
    'two:',
    '  extends: .base',
    '  script: echo two',
  ));
  const [one, two] = pipeline(model).jobs;
  assert.equal([one?.env, two?.env], [{ A: 'base', B: 'other', C: 'one' }, { A: 'base', B: 'base' }]);
  assert.equal([one?.pushes.length, two?.pushes.length], [1, 0]);
  assert.equal(refs(model), ['job-image docker:24 2:10', 'push acme/app:latest 6:23']);
  assert.equal(nodes(model, 'script').length, 2);
});

test('extends cycles are reported once and never loop', () => {
  const model = parse(lines('.a:', '  extends: .b', '  script: echo a', '.b:', '  extends: .a', 'job:', '  extends: .a'));
  assert.ok(model.parseErrors.some((p) => p.message.includes('forms a cycle')));
  assert.equal(pipeline(model).jobs.map((j) => j.id), ['job']);
});

test('YAML anchors, merge keys and !reference tags', () => {
  const model = parse(lines(
    '.setup: &setup',
    '  before_script:',
    '    - docker login -u u --password-stdin <<< "$P"',
    '.scripts:',
    '  push:',
    '    - docker push acme/app:1',
    'job:',
    '  <<: *setup',
    '  script:',
    '    - cd app',
    '    - !reference [.scripts, push]',
  ));
  assert.equal(commandsOf(model, 'job'), [
    'before_script: docker login -u u --password-stdin @3:7',
    'script: cd app @10:7 | docker push acme/app:1 @6:7',
  ]);
});

test('include: local files join the pipeline, positioned at the include entry, judged in their own file', () => {
  const files = {
    'ci/templates.yml': lines('.docker:', '  image: docker:24', '  script:', '    - docker push acme/app:latest', 'scan:', '  stage: test', '  script: trivy image --exit-code 1 acme/app:1'),
  };
  const model = parse(lines('include:', '  - local: /ci/templates.yml', 'publish:', '  extends: .docker', '  needs: [scan]'), files);
  const { jobs } = pipeline(model);
  assert.equal(jobs.map((j) => [j.id, j.needs, at(j.range), j.pushes.map((p) => at(p.push.range))]), [
    ['publish', ['scan'], '3:1', ['2:12']],
    ['scan', [], '2:12', []],
  ]);
  assert.equal(refs(model), []);
  assert.equal(nodes(model, 'script'), []);
  // Without a reader, includes are not followed.
  assert.equal(pipeline(parseFile('gitlab-ci', '.gitlab-ci.yml', 'include: ci/x.yml\nj:\n  script: x\n')).jobs.map((j) => j.id), ['j']);
});

test('include cycles and missing files are harmless', () => {
  const files = { 'a.yml': 'include: b.yml\n', 'b.yml': 'include: a.yml\nx:\n  script: echo\n' };
  assert.equal(pipeline(parse('include: a.yml\n', files)).jobs.map((j) => j.id), ['x']);
  assert.equal(pipeline(parse('include: [missing.yml]\nj:\n  script: x\n')).jobs.map((j) => j.id), ['j']);
});

test('needs, rules and only become the job condition', () => {
  const model = parse(lines(
    'a:',
    '  needs: []',
    '  rules:',
    '    - if: $CI_COMMIT_TAG',
    '  script: x',
    'b:',
    '  needs:',
    '    - a',
    '    - job: c',
    '      artifacts: false',
    '  rules:',
    '    - if: $CI_PIPELINE_SOURCE == "merge_request_event"',
    '      when: never',
    '    - if: $CI_COMMIT_BRANCH == "main"',
    '    - if: $CI_COMMIT_TAG',
    '  script: x',
    'c:',
    '  only: [tags]',
    '  script: x',
  ));
  assert.equal(pipeline(model).jobs.map((j) => [j.id, j.needs, j.hasNeeds, j.condition?.value ?? null, j.condition ? at(j.condition.range) : null]), [
    ['a', [], true, '$CI_COMMIT_TAG', '4:11'],
    ['b', ['a', 'c'], true, '($CI_COMMIT_BRANCH == "main") || ($CI_COMMIT_TAG)', '12:5'],
    ['c', [], false, 'only: tags', '18:9'],
  ]);
});

test('a spec: inputs header document: the pipeline is the next document; $[[ inputs ]] is unresolved', () => {
  const model = parse(lines(
    'spec:',
    '  inputs:',
    '    tag:',
    '      default: latest',
    '---',
    'build:',
    '  image: docker:$[[ inputs.tag ]]',
    '  script:',
    '    - docker push "registry.example.com/app:$[[ inputs.tag ]]"',
  ));
  assert.equal(nodes(model, 'imageRef').map((r) => [r.raw, r.unresolved, at(r.range)]), [
    ['docker:$[[ inputs.tag ]]', true, '7:10'],
    ['registry.example.com/app:$[[ inputs.tag ]]', true, '9:19'],
  ]);
  assert.equal(model.parseErrors, []);
});

test('inherit: default: false keeps default: keywords out of a job', () => {
  const model = parse(lines('default:', '  before_script: [docker login -u u -p p r]', 'a:', '  script: x', 'b:', '  inherit:', '    default: false', '  script: y'));
  assert.equal(pipeline(model).jobs.map((j) => j.steps.map((s) => s.name)), [['before_script', 'script'], ['script']]);
});

test('kaniko: builds from $CI_PROJECT_DIR resolve to the repository root', () => {
  const model = parse(lines(
    'build:',
    '  script:',
    '    - /kaniko/executor --context "${CI_PROJECT_DIR}" --dockerfile "${CI_PROJECT_DIR}/docker/api/Dockerfile"',
    '      --build-arg TAG=latest --destination "${CI_REGISTRY_IMAGE}:${CI_COMMIT_TAG}"',
  ), {}, 'mono/.gitlab-ci.yml');
  assert.equal(model.builds?.map((b) => [b.dockerfile, b.facts.context, b.facts.buildArgs]), [['mono/docker/api/Dockerfile', 'mono', { TAG: 'latest' }]]);
});

test('parse problems never throw', () => {
  const problems = (text: string) => parse(text).parseErrors.map((p) => `${at(p.range)} ${p.message}`);
  assert.equal(problems('a:\n  script: x\na:\n  script: y\n'), ['3:1 duplicate key "a"']);
  assert.equal(problems('just a string\n'), ['1:1 expected a mapping of jobs and keywords at the top level']);
  assert.ok(problems('a:\n  script: [x\n').length > 0);
});

test.run();
