// `JSON.stringify(value, null, 2)` in pieces, for reports whose bulk is one array:
// the array's elements are stringified one at a time instead of the whole value at once.

/**
 * Yields exactly `JSON.stringify(skeleton-with-items, null, 2)`, where `skeleton`
 * holds the array as `[]` and that array is the last property (or element) at every
 * level above it, so only closing brackets follow it.
 */
export function* stringifyWithArray(skeleton: unknown, items: Iterable<unknown>): Generator<string> {
  const text = JSON.stringify(skeleton, null, 2);
  const at = text.lastIndexOf('[]');
  const tail = text.slice(at + 2);
  if (at === -1 || !/^[\s\]}]*$/.test(tail)) throw new Error('stringifyWithArray: the array must come last in the skeleton');
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const indent = /^ */.exec(text.slice(lineStart))?.[0] ?? '';
  const itemIndent = `\n${indent}  `;
  let count = 0;
  for (const item of items) {
    const body = JSON.stringify(item, null, 2).replace(/\n/g, itemIndent);
    yield count === 0 ? `${text.slice(0, at)}[${itemIndent}${body}` : `,${itemIndent}${body}`;
    count++;
  }
  yield count === 0 ? text : `\n${indent}]${tail}`;
}

/** The pieces, then the final newline every report ends with. */
export function* withNewline(chunks: Iterable<string>): Generator<string> {
  yield* chunks;
  yield '\n';
}
