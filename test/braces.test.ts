// Plain brace expansion (src/discover/braces.ts) against minimatch's braceExpand: the
// default include globs, and random globs wherever the plain form answers.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { braceExpand } from 'minimatch';
import { expandPlainBraces } from '../src/discover/braces.js';
import { DEFAULT_INCLUDE } from '../src/discover/globs.js';

test('the default include globs expand as minimatch expands them', () => {
  for (const glob of Object.values(DEFAULT_INCLUDE).flat()) assert.equal(expandPlainBraces(glob), braceExpand(glob), glob);
});

test('nesting, escapes, ranges, single choices and ${ are left to minimatch', () => {
  for (const glob of ['**/{a,{b,c}}.yml', '**/\\{x,y}.yml', 'f{1..3}', 'a{b}c', '${a,b}', 'a}{b,c}']) assert.is(expandPlainBraces(glob), null, glob);
});

test('wherever it answers, it answers as braceExpand (property)', () => {
  const glob = fc.array(fc.constantFrom('a', 'b', '1', '{', '}', ',', '.', '$', '\\', '*', '/', '-'), { maxLength: 14 }).map((chars) => chars.join(''));
  fc.assert(fc.property(glob, (text) => {
    const plain = expandPlainBraces(text);
    return plain === null || JSON.stringify(plain) === JSON.stringify(braceExpand(text));
  }), { numRuns: 20000 });
});

test.run();
