import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { copiesFromEarlierStage, effectiveUser, finalStage, inheritedLabels, rootStage, stageChain } from '../src/analysis/stages.js';
import { parseDockerfile } from '../src/parsers/dockerfile.js';
import type { DockerfileNode } from '../src/models/nodes.js';

function dockerfile(code: string): DockerfileNode {
  const node = parseDockerfile('Dockerfile', code).nodes.find((n) => n.type === 'dockerfile');
  if (node?.type !== 'dockerfile') throw new Error('no dockerfile node');
  return node;
}

const df = dockerfile(
  [
    'FROM alpine:3.20 AS base', //   0
    'LABEL a=1 b=1',
    'USER base',
    'FROM golang:1.22 AS build', //  1
    'USER builder',
    'FROM base AS mid', //           2
    'LABEL b=2',
    'COPY --from=build /out /out',
    'COPY --from=nginx:1.27 /etc/nginx /etc/nginx',
    'FROM mid', //                   3
    'LABEL c=3',
    '',
  ].join('\n'),
);

test('finalStage is the last stage', () => {
  assert.is(finalStage(df)?.index, 3);
  assert.is(finalStage({ ...df, stages: [] }), null);
});

test('stageChain follows FROM <alias>, nearest first', () => {
  assert.equal(stageChain(df, 3).map((s) => s.index), [3, 2, 0]);
  assert.equal(stageChain(df, 1).map((s) => s.index), [1]);
  assert.is(rootStage(df, 3)?.index, 0);
});

test('stageChain is cycle-safe', () => {
  const [a, b] = dockerfile('FROM alpine:3.20 AS a\nFROM a AS b\n').stages;
  assert.ok(a && b);
  const cyclic = { ...df, stages: [{ ...a, baseStage: 1 }, b] };
  assert.equal(stageChain(cyclic, 1).map((s) => s.index), [1, 0]);
});

test('effectiveUser is the nearest USER in the chain; builder stages do not count', () => {
  assert.is(effectiveUser(df, 3)?.resolved, 'base');
  assert.is(effectiveUser(df, 1)?.resolved, 'builder');
});

test('inheritedLabels merges the chain, later wins', () => {
  const labels = inheritedLabels(df, 3);
  assert.equal(Object.fromEntries([...labels].map(([k, v]) => [k, v.value])), { a: '1', b: '2', c: '3' });
});

test('copiesFromEarlierStage keeps stage copies, not image copies', () => {
  const mid = df.stages[2];
  assert.ok(mid);
  assert.equal(copiesFromEarlierStage(mid).map((c) => c.fromStage), [1]);
});

test.run();
