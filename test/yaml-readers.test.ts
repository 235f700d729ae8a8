// The two YAML readers (src/parsers/yaml-fast.ts on js-yaml, yaml-full.ts on `yaml`)
// must build the same tree for every file the fast one accepts and report the same
// problems: the fast one reports duplicate keys as the complete one does, and declines
// every file with any other problem.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { readYamlFast } from '../src/parsers/yaml-fast.js';
import { readYamlFull } from '../src/parsers/yaml-full.js';
import { lineStartOffsets } from '../src/parsers/text.js';
import type { ParseProblem } from '../src/models/file.js';

function both(text: string) {
  const starts = lineStartOffsets(text);
  const fast = readYamlFast(text, starts, undefined);
  const problems: ParseProblem[] = [];
  const full = readYamlFull(text, starts, problems, undefined);
  // Through JSON: NaN and shared (aliased) nodes compare as written.
  const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
  return { fast: fast && { documents: plain(fast.documents), problems: fast.problems }, full: plain(full), problems };
}

const lines = (...l: string[]) => `${l.join('\n')}\n`;

const accepted: Array<[string, string]> = [
  ['a workflow', lines('on: push', 'jobs:', '  build:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/checkout@v4', '      - run: |', '          docker build -t a/b:1 .', '          docker push a/b:1')],
  ['comments after values and between entries', lines('env:', '  A: x   # why', '    # more', '  B: "y" # c', '', '  # before C', '  C: z', '# end')],
  ['empty values, with spaces and comments after them', lines('on:', '  workflow_dispatch:', '  # schedule:', '  push:    ', 'jobs:', '  a:  # nothing')],
  ['block scalars: keep a more-indented blank line, clip blank lines after', lines('a:', '  b: |', '    x', '     ', '  c: >', '    folded', '    text', '', '', '  d: 1')],
  ['a block scalar at the end of the file without a line break', 'a:\n  script: |\n    echo hi\n    }'],
  ['flow collections as sequence entries and values', lines('include:', '  - { local: a.yml }', '  - [x, y]', '  - [[nested]]', 'b: {c: [1, 2], d: "e"}')],
  ['core schema scalars', lines('a: 1', 'b: -2.5e3', 'c: 0x1F', 'd: 0o17', 'e: true', 'f: False', 'g: ~', 'h: null', 'i: .inf', 'j: .nan', 'k: 1.10', 'l: "1"', "m: '007'", 'n: 1_000', 'o: yes')],
  ['anchors, aliases and merge keys', lines('.base: &base', '  image: node:20', '  variables: &vars', '    A: "1"', 'job:', '  <<: *base', '  variables:', '    <<: *vars', '    B: "2"', 'other:', '  <<: [*base]', '  image: alpine:3')],
  ['GitLab !reference and compose !reset', lines('job:', '  script:', '    - !reference [.setup, script]', '    - echo', 'svc:', '  ports: !reset []', '  env: !override', '    A: b')],
  ['several documents', lines('spec:', '  inputs:', '    tag: {default: "1"}', '---', 'build:', '  script: [make]')],
  ['a leading document marker', lines('---', 'name: x')],
  ['a flow sequence over several lines, indented', lines('svc:', '  command: [', '    "serve",', '    "--port=1",', '    ]')],
  ['a comment-only file has no document', lines('# nothing here', '')],
  ['quoted keys and values with escapes', lines('"a b": "x\\ty\\u00e9"', "'c''d': 'it''s'", 'e: "#not a comment"')],
  ['a plain scalar with colons and hashes inside', lines('url: http://x:80/a#b', 'cmd: echo a:b c#d')],
  ['a sequence of mappings, compact', lines('steps:', '- name: a', '  run: make', '- name: b', '  uses: x/y@v1', '  with:', '    k: v')],
  ['a top-level block scalar', lines('|', '  just text')],
  ['duplicate keys, nested, reported in document order', lines('a: 1', 'b:', '  c: 1', '  c: 2', 'a: 3', 'd: {e: 1, e: 2}', '1: x', '01: y', 'true: x', 'True: y', '"1": z')],
  ['multi-line flow scalars, indented deeper than their collection', lines('script:', '  - echo one', '    two', '  - "a', '     b"', 'k: \'x', ' y\'')],
  ['further lines of a plain scalar starting with characters that only start a node', lines('script:', '  - ./wait.py', '      --mr="$IID"', '      || code=$?', '  - echo', '      &x *y !z |w >v %u @t `s`', '      \'quoted\' "too"')],
  ['a flow sequence on the lines below its key', lines('svc:', '  - name: x', '    command:', '      [', '        "bash",', '      ]')],
  ['a closing bracket at its key\'s indentation', lines('svc:', '  command: [', '    "dex",', '  ]', '  env: {', '    A: b', '  }')],
  ['a tagged string and an anchored scalar', lines('a: !!str 12', 'b: &x k', 'c: *x')],
];

for (const [name, text] of accepted) {
  test(`fast reader accepts, same tree: ${name}`, () => {
    const { fast, full, problems } = both(text);
    assert.ok(fast, 'the fast reader accepts it');
    assert.equal(fast.problems, problems, 'the same problems (duplicate keys)');
    assert.equal(fast.documents, full);
  });
}

const declined: Array<[string, string]> = [
  ['a quoted duplicate key', lines('"a": 1', '"a": 2')],
  ['two merge keys', lines('a: &a {x: 1}', 'b:', '  <<: *a', '  <<: *a')],
  ['a syntax error', lines('a: [1, 2', 'b: 3')],
  ['an unterminated quote', lines('image: "node:latest')],
  ['an unknown tag', lines('a: !custom x')],
  ['an explicit key', lines('? a', ': b')],
  ['an explicit key inside a flow sequence', lines('a: [? b, c]')],
  ['a single pair inside a flow sequence', lines('a: [b: c]')],
  ['a complex key', lines('{a: b}: c')],
  ['an empty sequence entry', lines('a:', '  -', '  - b')],
  ['a multi-line quoted scalar not indented under its key', lines('x:', '  a: "one', '  two"')],
  ['a multi-line plain scalar not indented under its entry', lines('x:', '  - a: one', '    two')],
  ['a multi-line key', lines('"a', ' b": 1')],
  ['a directive', lines('%YAML 1.2', '---', 'a: 1')],
  ['a document end marker', lines('a: 1', '...', 'b: 2')],
  ['a flow collection not indented under its key', lines('b: [1', ', 2]')],
  ['a closing bracket left of its key', lines('x:', '  a: [', '    1', ' ]')],
  ['an implicit key longer than 1024 characters', lines(`${'k'.repeat(1030)}: v`)],
  ['a byte order mark inside the text', lines('a: 1', '\ufeffb: 2')],
  ['a property glued to its node', lines('a: &x[1]')],
  ['properties over two lines', lines('a: &x', '  !reset', '  b: 1')],
  ['a duplicate key the complete reader words differently', lines('\u00a0a: 1', '\u00a0a: 2')],
  ['a tab in the indentation', lines('a:', '\tb: 1')],
  ['an empty document after ---', lines('a: 1', '---')],
  ['a marker glued to content', lines('---&a', 'b: 1')],
  ['keep chomping', lines('a: |+', '  x', '', 'b: 1')],
  ['an indentation indicator', lines('a: |2', '    x')],
  ['nesting deeper than the fast reader goes', `${'['.repeat(130)}${']'.repeat(130)}\n`],
];

for (const [name, text] of declined) {
  test(`fast reader declines: ${name}`, () => {
    assert.is(both(text).fast, null);
  });
}

test('duplicate keys are reported by the key as written, where it is', () => {
  const { fast } = both(lines('a: 1', 'b:', '  c: 1', '  c: 2', 'a: 3', '1: x', '01: y'));
  assert.equal(fast?.problems.map((p) => `${p.range.line}:${p.range.column}-${p.range.endColumn} ${p.message}`), [
    '4:3-4 duplicate key "c"',
    '5:1-2 duplicate key "a"',
    '7:1-3 duplicate key "01"',
  ]);
});

test('property: on mutated pipelines, an accepted file has no problem and the same tree', () => {
  const seeds = accepted.map(([, text]) => text);
  const pieces = [':', ' ', '\n', '- ', '"', "'", '#', '{', '}', '[', ']', ',', '&a ', '*a', '!x ', '|', '>', '\t', '? ', '  ', 'k: v\n', '---\n', '...\n', '<<: *a\n', '\\', '%'];
  const mutation = fc.record({ at: fc.nat(), remove: fc.nat({ max: 4 }), insert: fc.option(fc.constantFrom(...pieces), { nil: undefined }) });
  fc.assert(
    fc.property(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 3 }), (seed, mutations) => {
      let text = seed;
      for (const { at, remove, insert } of mutations) {
        const i = at % (text.length + 1);
        text = text.slice(0, i) + (insert ?? '') + text.slice(i + (insert === undefined ? remove + 1 : 0));
      }
      const { fast, full, problems } = both(text);
      if (!fast) return;
      assert.equal(fast.problems, problems, `accepted, but the complete reader finds other problems in ${JSON.stringify(text)}`);
      assert.equal(fast.documents, full, `trees differ for ${JSON.stringify(text)}`);
    }),
    { numRuns: 1500, seed: 20261124 },
  );
});

test.run();
