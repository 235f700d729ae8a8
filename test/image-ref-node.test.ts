// imageRef nodes: what rules see of partly resolved references.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { imageRefNode } from '../src/analysis/image-ref-node.js';

const range = { line: 1, column: 1, endLine: 1, endColumn: 2 };
const node = (raw: string, vars: Record<string, string> = {}) => imageRefNode(raw, 'push', range, {}, (name) => vars[name]);

test('a literal tag after an unresolved variable is kept, written or substituted', () => {
  assert.equal([node('$CI_REGISTRY_IMAGE:latest').literalTag, node('$CI_REGISTRY_IMAGE:$TAG', { TAG: 'latest' }).literalTag], ['latest', 'latest']);
});

test('no literal tag when the tag itself is unresolved or the colon is a registry port', () => {
  assert.equal([node('$CI_REGISTRY_IMAGE:$TAG').literalTag, node('${REGISTRY}:5000/app').literalTag, node('${IMAGE:-node}').literalTag], [undefined, undefined, undefined]);
});

test('GitLab $[[ inputs ]] and GitHub ${{ }} are unresolved', () => {
  assert.equal([node('$[[ inputs.image ]]:1.0').unresolved, node('${{ env.IMAGE }}:1.0').unresolved], [true, true]);
});

test.run();
