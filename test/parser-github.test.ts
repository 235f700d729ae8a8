// The GitHub Actions model (src/parsers/github-workflow.ts): triggers, env at every
// level, jobs and steps, container/service images, scripts with file positions,
// pushes from commands and from docker/* actions, metadata-action, composite actions.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { FileModel } from '../src/models/file.js';
import type { ImageRefNode, ModelNode, NodeOfType, NodeType, PipelineNode } from '../src/models/nodes.js';
import { parseFile } from '../src/parsers/index.js';

const lines = (...rows: string[]): string => `${rows.join('\n')}\n`;
const parse = (text: string, path = '.github/workflows/ci.yml'): FileModel => parseFile('github-workflow', path, text);
const nodes = <T extends NodeType>(text: string, type: T, path?: string): Array<NodeOfType<T>> =>
  parse(text, path).nodes.filter((n: ModelNode): n is NodeOfType<T> => n.type === type);
const pipeline = (text: string, path?: string): PipelineNode => {
  const [node] = nodes(text, 'pipeline', path);
  if (!node) throw new Error('no pipeline node');
  return node;
};
const refs = (text: string) => nodes(text, 'imageRef').map((r: ImageRefNode) => `${r.role} ${r.raw} ${r.range.line}:${r.range.column}`);
const at = (range: { line: number; column: number }) => `${range.line}:${range.column}`;

test('triggers: string, list, map; tagOnly only for tag pushes without branches', () => {
  assert.equal(pipeline('on: push\njobs: {}\n').triggers, ['push']);
  assert.equal(pipeline('on: [push, pull_request]\njobs: {}\n').triggers, ['push', 'pull_request']);
  const tags = pipeline(lines('on:', '  push:', '    tags: ["v*"]', 'jobs: {}'));
  assert.equal([tags.triggers, tags.tagOnly], [['push'], true]);
  assert.is(pipeline(lines('on:', '  push:', '    tags: ["v*"]', '    branches: [main]', 'jobs: {}')).tagOnly, false);
  assert.is(pipeline(lines('on:', '  push:', '    tags: ["v*"]', '  workflow_dispatch:', 'jobs: {}')).tagOnly, false);
});

test('env at workflow, job and step level are env nodes; a step sees them merged', () => {
  const text = lines(
    'on: push',
    'env:',
    '  A: workflow',
    'jobs:',
    '  build:',
    '    runs-on: ubuntu-latest',
    '    env:',
    '      B: job',
    '    steps:',
    '      - run: echo hi',
    '        env:',
    '          A: step',
    '          TOKEN: ${{ secrets.TOKEN }}',
  );
  assert.equal(nodes(text, 'env').map((e) => `${e.source} ${e.name}=${e.value} ${at(e.nameRange)} ${e.valueRange ? at(e.valueRange) : '-'} ${JSON.stringify(e.context)}`), [
    'env A=workflow 3:3 3:6 {}',
    'env B=job 8:7 8:10 {"job":"build"}',
    'env A=step 12:11 12:14 {"job":"build","step":0}',
    'env TOKEN=${{ secrets.TOKEN }} 13:11 13:18 {"job":"build","step":0}',
  ]);
  const [job] = pipeline(text).jobs;
  assert.equal(job?.steps[0]?.env, { A: 'step', B: 'job', TOKEN: '${{ secrets.TOKEN }}' });
  assert.equal(job?.env, { A: 'workflow', B: 'job' });
});

test('container (string and object form), services, credentials.password as a `with` input', () => {
  const text = lines(
    'on: push',
    'jobs:',
    '  a:',
    '    container: node',
    '    steps: [{run: "true"}]',
    '  b:',
    '    container:',
    '      image: ghcr.io/acme/ci:1',
    '      credentials:',
    '        username: bot',
    '        password: hunter2',
    '    services:',
    '      db:',
    '        image: postgres:16',
    '      cache:',
    '        image: ${{ matrix.cache }}',
    '    steps: []',
  );
  assert.equal(refs(text), [
    'job-image node 4:16',
    'job-image ghcr.io/acme/ci:1 8:14',
    'service postgres:16 14:16',
    'service ${{ matrix.cache }} 16:16',
  ]);
  assert.equal(nodes(text, 'env').map((e) => `${e.source} ${e.name}=${e.value} ${at(e.valueRange ?? e.range)}`), ['with password=hunter2 11:19']);
});

test('jobs: needs (string or list), if, name; steps: uses/with/if/id; step nodes for uses', () => {
  const text = lines(
    'on: push',
    'jobs:',
    '  test:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '  publish:',
    '    name: Publish',
    '    needs: test',
    "    if: github.event_name == 'push'",
    '    steps:',
    '      - id: login',
    '        if: always()',
    '        uses: docker/login-action@v3',
    '        with:',
    '          username: bot',
    '          password: ${{ secrets.PASSWORD }}',
    '  deploy:',
    '    needs: [test, publish]',
    '    uses: acme/workflows/.github/workflows/deploy.yml@main',
    '    with:',
    '      env: prod',
  );
  const { jobs } = pipeline(text);
  assert.equal(jobs.map((j) => [j.id, j.name, j.needs, j.hasNeeds, j.condition?.value ?? null, at(j.range)]), [
    ['test', null, [], false, null, '3:3'],
    ['publish', 'Publish', ['test'], true, "github.event_name == 'push'", '7:3'],
    ['deploy', null, ['test', 'publish'], true, null, '18:3'],
  ]);
  const login = jobs[1]?.steps[0];
  assert.equal([login?.id, login?.uses?.value, login?.condition?.value, Object.keys(login?.with ?? {})], ['login', 'docker/login-action@v3', 'always()', ['username', 'password']]);
  assert.equal(login?.with.password?.range, { line: 17, column: 21, endLine: 17, endColumn: 44 });
  assert.equal(nodes(text, 'step').map((s) => `${s.job} ${s.step.uses?.value} ${at(s.range)}`), [
    'test actions/checkout@v4 6:15',
    'publish docker/login-action@v3 14:15',
    'deploy acme/workflows/.github/workflows/deploy.yml@main 20:11',
  ]);
  assert.equal(nodes(text, 'env').filter((e) => e.source === 'with').map((e) => `${e.name} ${at(e.nameRange)}`), ['username 16:11', 'password 17:11', 'env 22:7']);
});

test('run: | maps each command word to its real line and column; expressions stay in word values', () => {
  const text = lines(
    'on: push',
    'jobs:',
    '  build:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - run: |',
    '          echo "building"',
    '          docker build \\',
    '            -t ghcr.io/acme/app:${{ github.sha }} .',
    '          if [ "${{ github.event_name }}" = push ]; then',
    '            docker push ghcr.io/acme/app:${{ github.sha }}',
    '          fi',
  );
  const [step] = pipeline(text).jobs[0]?.steps ?? [];
  // `echo` runs no program a pipeline reads: that statement is not shell-parsed.
  assert.equal(step?.commands.map((c) => `${c.argv.map((w) => w.value).join(' ')} @${at(c.range)}`), [
    'docker build -t ghcr.io/acme/app:${{ github.sha }} . @8:11',
    '[ ${{ github.event_name }} = push ] @10:14',
    'docker push ghcr.io/acme/app:${{ github.sha }} @11:13',
  ]);
  assert.equal(refs(text), ['build-tag ghcr.io/acme/app:${{ github.sha }} 9:16', 'push ghcr.io/acme/app:${{ github.sha }} 11:25']);
  const [script] = nodes(text, 'script');
  assert.equal([at(script?.range ?? { line: 0, column: 0 }), script?.expressions?.length], ['6:14', 3]);
});

test('folded run: > and a single-line run keep positions; shell: pwsh/python and Windows runners are not shell-parsed', () => {
  const folded = lines('on: push', 'jobs:', '  a:', '    steps:', '      - run: >', '          docker push', '          a/b:1', '      - run: docker push "c/d:2"');
  assert.equal(refs(folded), ['push a/b:1 7:11', 'push c/d:2 8:26']);
  const other = lines(
    'on: push',
    'jobs:',
    '  a:',
    '    runs-on: windows-latest',
    '    steps:',
    '      - run: docker push a/b:1',
    '      - run: docker push c/d:1',
    '        shell: bash',
    '      - run: print("docker push e/f:1")',
    '        shell: python',
  );
  const steps = pipeline(other).jobs[0]?.steps ?? [];
  assert.equal(steps.map((s) => [s.script?.interpreter ?? 'shell', s.commands.length]), [['pwsh', 0], ['shell', 1], ['python', 0]]);
  assert.equal(refs(other), ['push c/d:1 7:26']);
});

test('uses: docker://image is a run-image reference', () => {
  assert.equal(refs(lines('on: push', 'jobs:', '  a:', '    steps:', '      - uses: docker://alpine:3.20', '      - uses: "docker://node"')), [
    'run-image alpine:3.20 5:24',
    'run-image node 6:25',
  ]);
});

test('docker/build-push-action: push true, an expression (the condition) or false; tags and labels with positions', () => {
  const text = lines(
    'on: push',
    'jobs:',
    '  a:',
    '    steps:',
    '      - uses: docker/build-push-action@v6',
    '        if: github.ref_type == \'tag\'',
    '        with:',
    '          push: true',
    '          tags: ghcr.io/acme/app:latest,ghcr.io/acme/app:1.0.0',
    '          labels: |',
    '            org.opencontainers.image.source=https://github.com/acme/app',
    '          provenance: false',
    '          sbom: true',
    '          platforms: linux/amd64,linux/arm64',
    '      - uses: docker/build-push-action@v6',
    '        with:',
    "          push: ${{ github.event_name != 'pull_request' }}",
    '          tags: |',
    '            acme/app:2',
    '      - uses: docker/build-push-action@v6',
    '        with:',
    '          tags: acme/app:local',
  );
  assert.equal(refs(text), [
    'push ghcr.io/acme/app:latest 9:17',
    'push ghcr.io/acme/app:1.0.0 9:41',
    'push acme/app:2 19:13',
    'build-tag acme/app:local 22:17',
  ]);
  const pushes = nodes(text, 'push');
  assert.equal(pushes.map((p) => [p.tool, at(p.range), p.condition ?? null, p.build]), [
    ['docker/build-push-action', '5:15', "github.ref_type == 'tag'", { provenance: 'off', sbom: 'on', platforms: ['linux/amd64', 'linux/arm64'] }],
    ['docker/build-push-action', '15:15', "${{ github.event_name != 'pull_request' }}", { provenance: 'default', sbom: 'default', platforms: null }],
  ]);
  assert.equal(pipeline(text).jobs[0]?.pushes.map((p) => p.step), [0, 1]);
  assert.equal(nodes(text, 'label').map((l) => `${l.key}=${l.value} ${at(l.keyRange)} ${at(l.valueRange)}`), [
    'org.opencontainers.image.source=https://github.com/acme/app 11:13 11:45',
  ]);
});

test('metadata-action defaults: latest=auto publishes latest (at the metadata step) for the default tag set', () => {
  const text = lines(
    'on: push',
    'jobs:',
    '  a:',
    '    steps:',
    '      - id: meta',
    '        uses: docker/metadata-action@v5',
    '        with:',
    '          images: ghcr.io/acme/app',
    '      - uses: docker/build-push-action@v6',
    '        with:',
    '          push: true',
    '          tags: ${{ steps.meta.outputs.tags }}',
    '          labels: ${{ steps.meta.outputs.labels }}',
  );
  const modelled = nodes(text, 'imageRef').map((r) => `${r.role} ${r.raw} ${r.tagKind} ${r.unresolved} ${at(r.range)}`);
  assert.equal(modelled, [
    'push ghcr.io/acme/app:nightly schedule false 6:15',
    'push ghcr.io/acme/app:{{branch}} branch true 6:15',
    'push ghcr.io/acme/app:{{tag}} tag true 6:15',
    'push ghcr.io/acme/app:pr-{{pr}} pr true 6:15',
    'push ghcr.io/acme/app:latest latest false 6:15',
  ]);
  const [push] = nodes(text, 'push');
  assert.is(push?.targets.length, 5);
  const [build] = parse(text).builds ?? [];
  assert.equal([build?.dockerfile, build?.facts.context, Object.keys(build?.facts.labels ?? {}).length], ['Dockerfile', '.', 8]);
});

test('metadata-action tags: semver/sha/raw lines at their own line; latest=false; raw latest; prefixes', () => {
  const base = (tags: string[], flavor: string[] = []) => lines(
    'on: push',
    'jobs:',
    '  a:',
    '    steps:',
    '      - id: meta',
    '        uses: docker/metadata-action@v5',
    '        with:',
    '          images: |',
    '            ghcr.io/acme/app',
    '          tags: |',
    ...tags.map((t) => `            ${t}`),
    ...(flavor.length > 0 ? ['          flavor: |', ...flavor.map((f) => `            ${f}`)] : []),
    '      - uses: docker/build-push-action@v6',
    '        with:',
    '          push: true',
    '          tags: ${{ steps.meta.outputs.tags }}',
  );
  const summary = (text: string) => nodes(text, 'imageRef').map((r) => `${r.raw} ${r.tagKind} ${at(r.range)}`);
  assert.equal(summary(base(['type=semver,pattern={{version}}', 'type=sha'])), [
    'ghcr.io/acme/app:{{version}} semver 11:13',
    'ghcr.io/acme/app:sha-{{sha}} sha 12:13',
    'ghcr.io/acme/app:latest latest 6:15',
  ]);
  assert.equal(summary(base(['type=semver,pattern={{version}}'], ['latest=false'])), ['ghcr.io/acme/app:{{version}} semver 11:13']);
  assert.equal(summary(base(['type=ref,event=branch', 'type=raw,value=latest,enable={{is_default_branch}}'])), [
    'ghcr.io/acme/app:{{branch}} branch 11:13',
    'ghcr.io/acme/app:latest latest 12:13',
  ]);
  assert.equal(summary(base(['type=ref,event=branch'], ['latest=true', 'prefix=v'])), [
    'ghcr.io/acme/app:v{{branch}} branch 11:13',
    'ghcr.io/acme/app:latest latest 13:13',
  ]);
});

test('docker/bake-action pushes with the metadata bake file as targets', () => {
  const text = lines(
    'on: push',
    'jobs:',
    '  a:',
    '    steps:',
    '      - id: meta',
    '        uses: docker/metadata-action@v5',
    '        with:',
    '          images: acme/app',
    '          tags: type=sha',
    '      - uses: docker/bake-action@v5',
    '        with:',
    '          push: true',
    '          files: |',
    '            ./docker-bake.hcl',
    '            ${{ steps.meta.outputs.bake-file }}',
  );
  const [push] = nodes(text, 'push');
  assert.equal([push?.tool, push?.targets.map((t) => t.raw), push?.build], ['docker/bake-action', ['acme/app:sha-{{sha}}'], { provenance: 'default', sbom: 'default', platforms: null }]);
});

test('composite action.yml: its steps are one job named after the action; docker actions build their Dockerfile', () => {
  const composite = lines(
    'name: publish',
    'inputs:',
    '  password:',
    '    default: hunter2',
    'runs:',
    '  using: composite',
    '  steps:',
    '    - run: docker push acme/app:1',
    '      shell: bash',
  );
  const model = parse(composite, 'actions/publish/action.yml');
  const [node] = model.nodes.filter((n): n is PipelineNode => n.type === 'pipeline');
  assert.equal(node?.jobs.map((j) => [j.id, j.steps.length, j.pushes.length]), [['publish', 1, 1]]);
  assert.equal(model.nodes.filter((n) => n.type === 'env').map((n) => (n.type === 'env' ? `${n.source} ${n.name}` : '')), ['with password']);
  const docker = parse(lines('name: x', 'runs:', '  using: docker', '  image: Dockerfile'), 'actions/x/action.yml');
  assert.equal(docker.builds?.map((b) => [b.dockerfile, b.facts.context]), [['actions/x/Dockerfile', 'actions/x']]);
});

test('cross-artifact builds: paths from the repository root, working-directory and cd; unresolved build args left out', () => {
  const text = lines(
    'on: push',
    'jobs:',
    '  a:',
    '    defaults:',
    '      run:',
    '        working-directory: services',
    '    steps:',
    '      - run: docker build --build-arg TAG=latest --build-arg SHA=${{ github.sha }} -f api/Dockerfile api',
    '      - run: cd ../web && docker build .',
    '        working-directory: services/api',
    '      - uses: docker/build-push-action@v6',
    '        with:',
    '          context: ./worker',
    '          build-args: |',
    '            MODE=prod',
    '            TOKEN=${{ secrets.TOKEN }}',
  );
  const model = parse(text, 'repo/.github/workflows/ci.yml');
  assert.equal(model.builds?.map((b) => [b.dockerfile, b.facts.context, b.facts.buildArgs]), [
    ['repo/services/api/Dockerfile', 'repo/services/api', { TAG: 'latest' }],
    ['repo/services/web/Dockerfile', 'repo/services/web', {}],
    ['repo/worker/Dockerfile', 'repo/worker', { MODE: 'prod' }],
  ]);
});

test('parse problems never throw: duplicate keys, syntax errors, a non-mapping document', () => {
  const problems = (text: string) => parse(text).parseErrors.map((p) => `${at(p.range)} ${p.message}`);
  assert.equal(problems('on: push\njobs: {}\non: pull_request\n'), ['3:1 duplicate key "on"']);
  assert.equal(problems('- a\n- b\n'), ['1:1 expected a mapping of workflow keys (on, jobs, …) at the top level']);
  assert.ok(problems('on: [push\njobs:\n  a: {}\n').length > 0);
  assert.equal(problems(''), []);
});

test('a partial model survives a duplicate key', () => {
  const text = lines('on: push', 'jobs:', '  a:', '    container: node:latest', '    container: node:latest');
  const model = parse(text);
  assert.is(model.parseErrors.length, 1);
  assert.equal(refs(text), ['job-image node:latest 5:16']);
});

test.run();
