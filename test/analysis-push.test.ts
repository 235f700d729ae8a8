// What a command does to images (src/analysis/push.ts): pushes and their targets,
// build/tag targets, consumed images, build settings and the Dockerfile build it runs.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyseCommand, type CommandFacts } from '../src/analysis/push.js';
import type { Lookup } from '../src/analysis/image-ref-node.js';
import type { ScriptNode } from '../src/models/nodes.js';
import { parseCommands } from '../src/parsers/shell.js';

function script(text: string): ScriptNode {
  const lines = text.split('\n');
  return {
    type: 'script',
    text,
    lineStarts: lines.map((_, i) => ({ line: i + 1, column: 1 })),
    dialect: 'bash',
    range: { line: 1, column: 1, endLine: lines.length, endColumn: 1 },
    context: { job: 'j', step: 0 },
  };
}

const noVariables: Lookup = () => undefined;

function facts(text: string, lookup: Lookup = noVariables): CommandFacts[] {
  return parseCommands(script(text)).map((command) => analyseCommand(command, lookup));
}

/** `tool -> target@line:col, …` for each push, in order. */
function pushes(text: string, lookup?: Lookup): string[] {
  return facts(text, lookup).flatMap((f) =>
    f.push ? [`${f.push.tool} -> ${f.push.targets.map((t) => `${t.raw}@${t.range.line}:${t.range.column}`).join(', ')}`] : [],
  );
}

/** `role raw@line:col` for every reference. */
function refs(text: string, lookup?: Lookup): string[] {
  return facts(text, lookup).flatMap((f) => f.refs.map((r) => `${r.role} ${r.raw}@${r.range.line}:${r.range.column}`));
}

test('docker push, docker image push, podman/buildah push with a destination, nerdctl', () => {
  assert.equal(pushes('docker push ghcr.io/acme/app:1.0'), ['docker push -> ghcr.io/acme/app:1.0@1:13']);
  assert.equal(pushes('docker --config /tmp/cfg image push acme/app:1'), ['docker push -> acme/app:1@1:37']);
  assert.equal(pushes('podman push --tls-verify=false localhost/app docker://quay.io/acme/app:2'), ['podman push -> quay.io/acme/app:2@1:55']);
  assert.equal(pushes('buildah push --creds "$U:$P" app:1 quay.io/acme/app:1'), ['buildah push -> quay.io/acme/app:1@1:36']);
  assert.equal(pushes('podman push app oci-archive:/tmp/app.tar'), []);
  assert.equal(pushes('nerdctl push acme/app:1'), ['nerdctl push -> acme/app:1@1:14']);
});

test('buildx build pushes with --push, --output type=registry and -o type=image,push=true', () => {
  assert.equal(pushes('docker buildx build --push -t acme/app:1 --tag=acme/app:latest .'), [
    'docker buildx build -> acme/app:1@1:31, acme/app:latest@1:48',
  ]);
  assert.equal(pushes('docker buildx build --output type=registry -t acme/app:1 .'), ['docker buildx build -> acme/app:1@1:47']);
  assert.equal(pushes('docker buildx build -o type=image,name=acme/app:2,push=true .'), ['docker buildx build -> acme/app:2@1:40']);
  assert.equal(pushes('docker build --push -t acme/app:1 .'), ['docker build -> acme/app:1@1:24']);
  assert.equal(pushes('docker buildx build --load -t acme/app:1 .'), []);
});

test('build and tag targets that are not pushed are build-tag references; docker tag names only the new tag', () => {
  assert.equal(refs('docker build -t acme/app:1 -f docker/Dockerfile .\ndocker tag acme/app:1 acme/app:latest'), [
    'build-tag acme/app:1@1:17',
    'build-tag acme/app:latest@2:23',
  ]);
});

test('bake, imagetools create, manifest push, compose push, skopeo copy, crane', () => {
  assert.equal(pushes('docker buildx bake --push'), ['docker buildx bake -> ']);
  assert.equal(pushes('docker buildx bake --set "*.tags=acme/app:1" --set *.output=type=registry'), ['docker buildx bake -> acme/app:1@1:34']);
  assert.equal(pushes('docker buildx imagetools create -t acme/app:1 acme/app:1-amd64 acme/app:1-arm64'), ['docker buildx imagetools create -> acme/app:1@1:36']);
  assert.equal(pushes('docker manifest push acme/app:1'), ['docker manifest push -> acme/app:1@1:22']);
  assert.equal(pushes('docker compose push'), ['docker compose push -> ']);
  assert.equal(pushes('skopeo copy --dest-creds "$C" docker-archive:app.tar docker://quay.io/acme/app:3'), ['skopeo copy -> quay.io/acme/app:3@1:63']);
  assert.equal(pushes('skopeo copy docker://a/b:1 oci:/tmp/x'), []);
  assert.equal(pushes('crane push app.tar acme/app:1\ncrane copy acme/app:1 ghcr.io/acme/app:1'), ['crane push -> acme/app:1@1:20', 'crane copy -> ghcr.io/acme/app:1@2:23']);
});

test('kaniko: every --destination (both spellings); --no-push builds without pushing', () => {
  assert.equal(pushes('/kaniko/executor --context . --destination acme/app:1 --destination=acme/app:latest'), [
    'kaniko -> acme/app:1@1:44, acme/app:latest@1:69',
  ]);
  assert.equal(pushes('executor --no-push -d acme/app:1'), []);
  assert.equal(refs('executor --no-push -d acme/app:1'), ['build-tag acme/app:1@1:23']);
});

test('docker run/pull/create: the image is the first positional after options with values', () => {
  assert.equal(refs('docker run --rm -p 80:80 -v "$PWD:/src" -e A=1 --name web --network host -it node:20 npm test'), ['run-image node:20@1:78']);
  assert.equal(refs('docker run -dp 8080:80 nginx:1.27'), ['run-image nginx:1.27@1:24']);
  assert.equal(refs('docker pull --platform linux/arm64 alpine:3.20\ndocker container create --name x redis'), [
    'run-image alpine:3.20@1:36',
    'run-image redis@2:34',
  ]);
  assert.equal(refs('docker run --entrypoint=/bin/sh busybox:1.36 -c "echo hi"'), ['run-image busybox:1.36@1:33']);
});

test('build settings: provenance, sbom, attest and platforms', () => {
  const [build] = facts('docker buildx build --push --provenance=false --sbom=true --platform linux/amd64,linux/arm64 -t a/b:1 .');
  assert.equal(build?.push?.build, { provenance: 'off', sbom: 'on', platforms: ['linux/amd64', 'linux/arm64'] });
  const [attest] = facts('docker buildx build --push --attest type=provenance,mode=max --attest type=sbom -t a/b:1 .');
  assert.equal(attest?.push?.build, { provenance: 'on', sbom: 'on', platforms: null });
  const [plain] = facts('docker buildx build --push -t a/b:1 .');
  assert.equal(plain?.push?.build, { provenance: 'default', sbom: 'default', platforms: null });
  const [dynamic] = facts('docker buildx build --push --provenance="$P" -t a/b:1 .');
  assert.is(dynamic?.push?.build?.provenance, 'unknown');
  const [push] = facts('docker push a/b:1');
  assert.is(push?.push?.build, undefined);
});

test('the build a command runs: file, context, build args (K=V and K), labels', () => {
  const [docker] = facts('docker build --build-arg TAG=latest --build-arg FROM_ENV -f docker/api/Dockerfile --label org.opencontainers.image.source=https://x .');
  assert.equal(docker?.build && {
    tool: docker.build.tool,
    file: docker.build.file?.value,
    context: docker.build.context?.value,
    buildArgs: docker.build.buildArgs,
    labels: docker.build.labels,
  }, {
    tool: 'docker build',
    file: 'docker/api/Dockerfile',
    context: '.',
    buildArgs: [{ name: 'TAG', value: 'latest', dynamic: false }, { name: 'FROM_ENV', value: null, dynamic: false }],
    labels: { 'org.opencontainers.image.source': 'https://x' },
  });
  assert.equal(docker?.labels.map((l) => [l.key, l.keyRange.column, l.keyRange.endColumn, l.valueRange.column]), [
    ['org.opencontainers.image.source', 91, 122, 123],
  ]);
  const [kaniko] = facts('/kaniko/executor --context "$CI_PROJECT_DIR" --dockerfile "$CI_PROJECT_DIR/Dockerfile" --destination a/b:1');
  assert.equal([kaniko?.build?.tool, kaniko?.build?.file?.value, kaniko?.build?.context?.value], ['kaniko', '$CI_PROJECT_DIR/Dockerfile', '$CI_PROJECT_DIR']);
  const [buildah] = facts('buildah bud -f Containerfile -t a/b:1 ctx');
  assert.equal([buildah?.build?.tool, buildah?.build?.file?.value, buildah?.build?.context?.value], ['buildah build', 'Containerfile', 'ctx']);
});

test('variables in targets resolve through the lookup; unresolved ones keep a literal tag', () => {
  const lookup: Lookup = (name) => (name === 'TAG' ? '1.2.3' : undefined);
  const [resolved] = facts('docker push "acme/app:$TAG"', lookup);
  assert.equal([resolved?.refs[0]?.resolved, resolved?.refs[0]?.unresolved], ['acme/app:1.2.3', false]);
  const [literal] = facts('docker push "$CI_REGISTRY_IMAGE:latest"');
  assert.equal([literal?.refs[0]?.unresolved, literal?.refs[0]?.literalTag], [true, 'latest']);
});

test('commands that are not image tools, and sudo/env wrappers', () => {
  assert.equal(pushes('echo docker push a/b:1\ngit push origin main'), []);
  assert.equal(pushes('sudo -E docker push a/b:1'), ['docker push -> a/b:1@1:21']);
});

test.run();
