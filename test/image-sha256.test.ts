// The image readers' SHA-256 (src/image/sha256.ts) against node:crypto: the padding
// boundaries, random bodies of every small size, and the hand-over to node:crypto
// for large bodies.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { sha256Hex, SMALL_BODY_BYTES } from '../src/image/sha256.js';

const reference = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

test('known vectors: empty, "abc", the two-block FIPS example', () => {
  assert.is(sha256Hex(new Uint8Array()), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.is(sha256Hex(Buffer.from('abc')), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.is(sha256Hex(Buffer.from('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')), '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
});

test('every length around the padding boundaries matches node:crypto', () => {
  const data = Buffer.alloc(300);
  for (let i = 0; i < data.length; i++) data[i] = (i * 131 + 7) & 0xff;
  for (let length = 0; length <= data.length; length++) {
    const body = data.subarray(0, length);
    assert.is(sha256Hex(body), reference(body), `length ${length}`);
  }
});

test('random bodies match node:crypto (property)', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 4096 }), (body) => sha256Hex(body) === reference(body)), { numRuns: 300 });
});

test('bodies at and over the small-body limit match node:crypto', () => {
  for (const length of [SMALL_BODY_BYTES, SMALL_BODY_BYTES + 1, 3 * SMALL_BODY_BYTES]) {
    const body = Buffer.alloc(length, 0x5a);
    assert.is(sha256Hex(body), reference(body), `length ${length}`);
  }
});

test.run();
