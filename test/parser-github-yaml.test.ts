// The positioned YAML layer (src/parsers/yaml.ts) every YAML kind lowers from:
// ranges, block-scalar line maps, merge keys, shared aliases, and the bounds on
// hostile input (alias bombs, deep nesting, duplicate keys, syntax errors).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { get, getScalar, MAX_ALIAS_EXPANSION, parseYaml, scalarLines, splitScalar, type YScalar } from '../src/parsers/yaml.js';
import { parseFile } from '../src/parsers/index.js';

const problems = (text: string) => parseYaml(text).problems.map((p) => `${p.range.line}:${p.range.column} ${p.message}`);
const root = (text: string) => parseYaml(text).documents[0];
const scalarAt = (text: string, ...path: string[]): YScalar => {
  let node = root(text);
  for (const key of path.slice(0, -1)) node = get(node, key);
  const scalar = getScalar(node, path[path.length - 1] as string);
  if (!scalar) throw new Error(`no scalar at ${path.join('.')}`);
  return scalar;
};

test('scalars carry 1-based ranges with an exclusive end, for plain and quoted styles', () => {
  const text = 'a: plain\nb: "double"\nc: \'single\'\n';
  assert.equal([scalarAt(text, 'a'), scalarAt(text, 'b'), scalarAt(text, 'c')].map((s) => [s.text, s.style, s.range]), [
    ['plain', 'plain', { line: 1, column: 4, endLine: 1, endColumn: 9 }],
    ['double', 'double', { line: 2, column: 4, endLine: 2, endColumn: 12 }],
    ['single', 'single', { line: 3, column: 4, endLine: 3, endColumn: 12 }],
  ]);
  // Quoted scalars' text starts after the quote.
  assert.equal(scalarLines(scalarAt(text, 'b')).lineStarts, [{ line: 2, column: 5 }]);
});

test('numbers and booleans keep their written text; empty values are null', () => {
  const text = 'v: 1.10\nb: true\ne:\n';
  assert.equal([scalarAt(text, 'v'), scalarAt(text, 'b'), scalarAt(text, 'e')].map((s) => [s.value, s.text]), [
    [1.1, '1.10'],
    [true, 'true'],
    [null, ''],
  ]);
});

test('a literal block maps its line N to file line (header + 1 + N) at the block indentation', () => {
  const text = 'jobs:\n  run: |\n    echo one\n      indented\n    echo three\n';
  const lines = scalarLines(scalarAt(text, 'jobs', 'run'));
  assert.is(lines.text, 'echo one\n  indented\necho three\n');
  assert.equal(lines.lineStarts.slice(0, 3), [{ line: 3, column: 5 }, { line: 4, column: 5 }, { line: 5, column: 5 }]);
});

test('folded blocks and multi-line plain scalars keep one text line per source line, folds as ` \\`', () => {
  const folded = scalarLines(scalarAt('x: >\n  docker build\n  -t a/b:1 .\n\n  echo next\n', 'x'));
  assert.is(folded.text, 'docker build \\\n-t a/b:1 .\n\necho next');
  assert.equal(folded.lineStarts.map((s) => s.line), [2, 3, 4, 5]);
  const plain = scalarLines(scalarAt('x: docker run\n   --rm a/b:1\n', 'x'));
  assert.is(plain.text, 'docker run \\\n--rm a/b:1');
  assert.equal(plain.lineStarts, [{ line: 1, column: 4 }, { line: 2, column: 4 }]);
});

test('splitScalar gives each item its own range and never splits inside ${{ }}', () => {
  const text = 'tags: |\n  a/b:1\n  a/b:${{ format(\'{0},{1}\', x, y) }}\nlist: a/b:1, c/d:2\n';
  assert.equal(splitScalar(scalarAt(text, 'tags'), /[\n,]/).map((i) => [i.value, i.range.line, i.range.column, i.range.endColumn]), [
    ['a/b:1', 2, 3, 8],
    ["a/b:${{ format('{0},{1}', x, y) }}", 3, 3, 37],
  ]);
  assert.equal(splitScalar(scalarAt(text, 'list'), /,/).map((i) => [i.value, i.range.column]), [['a/b:1', 7], ['c/d:2', 14]]);
});

test('merge keys: explicit keys win, earlier merges win over later ones, order is kept', () => {
  const text = 'a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc:\n  <<: [*a, *b]\n  x: 3\n';
  const c = get(root(text), 'c');
  assert.equal(c?.kind === 'map' ? c.entries.map((e) => `${e.key.text}=${e.value.kind === 'scalar' ? e.value.text : '?'}`) : [], ['y=1', 'z=2', 'x=3']);
  assert.is(getScalar(c, 'x')?.text, '3');
  assert.is(getScalar(c, 'y')?.text, '1');
});

test('aliases are the anchored node itself (no copy)', () => {
  const doc = root('a: &x {k: v}\nb: *x\n');
  assert.is(get(doc, 'a'), get(doc, 'b'));
});

test('!reference is kept as a tagged sequence; multi-document files give every document', () => {
  const file = parseYaml('spec:\n  inputs:\n    tag: {}\n---\nj:\n  script: !reference [.x, script]\n');
  assert.is(file.documents.length, 2);
  assert.is(get(get(file.documents[1], 'j'), 'script')?.tag, '!reference');
  assert.equal(file.problems, []);
});

test('duplicate keys are problems at the duplicate key, also after an empty value', () => {
  assert.equal(problems('a: 1\nb: 2\na: 3\n'), ['3:1 duplicate key "a"']);
  assert.equal(problems('on:\n  push:\n  pull_request:\n\nname: x\nname: y\n'), ['6:1 duplicate key "name"']);
  assert.equal(problems('j:\n  "k": 1\n  "k": 2\n'), ['3:3 duplicate key "k"']);
});

test('syntax errors are problems where the parser reports them, never throws', () => {
  assert.equal(problems('a: [1, 2\nb: 3\n').length > 0, true);
  assert.equal(problems('a:\n\tb: 1\n'), ['2:1 Tabs are not allowed as indentation']);
  assert.equal(problems('a: "unterminated\n').length > 0, true);
});

test('an alias bomb is one problem, bounded in time', () => {
  const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 9; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    bomb.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
  }
  // Without the cap this would expand 10^9 nodes and never return; the message shows the cap cut it.
  const result = problems(`${bomb.join('\n')}\n`);
  assert.equal(result, [`5:36 too many alias expansions (more than ${MAX_ALIAS_EXPANSION} nodes); aliases past this point are not read`]);
});

test('deep nesting is a problem, not a stack overflow', () => {
  const flow = `${'['.repeat(300)}${']'.repeat(300)}\n`;
  assert.ok(problems(flow).some((p) => p.includes('nested more than 200 levels')));
  const deeper = `a: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
  assert.ok(problems(deeper).length > 0);
  const block = Array.from({ length: 400 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
  assert.ok(problems(block).some((p) => p.includes('nested more than 200 levels')));
});

test('suppression comments are collected with their positions', () => {
  assert.equal(parseYaml('a: 1 # pushgate-ignore-next-line no-latest-tag\n').comments, [
    { text: ' pushgate-ignore-next-line no-latest-tag', line: 1, column: 6 },
  ]);
});

test('every YAML kind survives keys of the wrong shape (a partial model, never a throw)', () => {
  const shapes = [
    'on: {push: [1]}\njobs: [1, 2]\n',
    'jobs:\n  a:\n    steps: "x"\n    container: [x]\n    services: [x]\n    env: 5\n',
    'jobs:\n  a:\n    steps:\n      - run: [1]\n        with: [1]\n        uses: {a: 1}\n      - 7\n',
    'a:\n  script: {a: 1}\n  image: [x]\n  extends: {a: 1}\n  needs: 5\ninclude: 5\nvariables: [1]\n',
    'a:\n  script: !reference [.nope, script]\n  variables: !reference [.nope]\n',
    'services: x\n',
    'services:\n  a:\n    build: [1]\n    environment: 5\n    labels: [[1]]\n    image: {a: 1}\n',
    '\uFEFF--- !!binary |\n  R0lG\n',
  ];
  for (const kind of ['github-workflow', 'gitlab-ci', 'compose'] as const) {
    for (const text of shapes) assert.ok(parseFile(kind, 'x.yml', text, { readFile: () => text }).nodes.length >= 0);
  }
});

test('BOM and CRLF do not shift positions', () => {
  const scalar = scalarAt('\uFEFFa: 1\r\nimage: node:20\r\n', 'image');
  assert.equal(scalar.range, { line: 2, column: 8, endLine: 2, endColumn: 15 });
});

test.run();
