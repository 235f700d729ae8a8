import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { createRequire } from 'node:module';
import { reduceScript } from '../src/parsers/shell-segments.js';
import { parseCommands } from '../src/parsers/shell.js';
import type { ScriptNode } from '../src/models/nodes.js';

const WANTED: ReadonlySet<string> = new Set(['docker', 'cd', 'cosign']);

function script(text: string): ScriptNode {
  const lineStarts = text.split('\n').map((_, i) => ({ line: i + 1, column: 1 }));
  return { type: 'script', text, lineStarts, dialect: 'bash', range: { line: 1, column: 1, endLine: 1, endColumn: 1 }, context: { kind: 'shell', path: 's.sh' } } as ScriptNode;
}

/** Lines (1-based) of the script that the reduction keeps: not blank in the reduced text while not blank before. */
function keptLines(text: string): number[] | null | 'all' | 'none' {
  const reduced = reduceScript(text, WANTED);
  if (reduced === null) return null;
  if (reduced === text) return 'all';
  if (reduced === '') return 'none';
  assert.is(reduced.length, text.length, 'offsets are kept');
  const before = text.split('\n');
  return reduced.split('\n').flatMap((line, i) => (line.trim() !== '' && (before[i] ?? '').trim() !== '' ? [i + 1] : []));
}

const lines = (...l: string[]) => l.join('\n');

const cases: Array<[string, string, ReturnType<typeof keptLines>]> = [
  ['only wanted statements', lines('set -e', 'npm ci', 'docker build -t a/b:1 .', 'npm test'), [3]],
  ['every statement wanted', lines('docker build -t a/b:1 .', 'docker push a/b:1'), 'all'],
  ['nothing wanted', lines('npm ci', 'npm test'), 'none'],
  ['a word inside a string is no command', lines('echo "docker push a/b:1"', "printf '%s' 'docker'", 'make'), 'none'],
  ['a heredoc body is no command', lines('cat <<EOF > x', 'docker push a/b:1', 'EOF', 'docker build .'), [4]],
  ['quoted and indented heredoc delimiters', lines('cat <<-"END"', '\tdocker push x', '\tEND', 'cd app'), [4]],
  ['a heredoc inside a kept statement stays whole', lines('docker login --password-stdin <<EOF', 'secret', 'EOF', 'npm ci'), [1, 2, 3]],
  ['comments are no commands', lines('# docker push a/b:1', 'npm ci'), 'none'],
  ['continuations join lines', lines('npm run \\', '  docker', 'docker build \\', '  -t a/b:1 .'), [3, 4]],
  ['a pipe at the end of a line carries on', lines('cat token |', '  docker login -u u --password-stdin', 'npm ci'), [1, 2]],
  ['&& and || carry on', lines('npm ci &&', '  docker build .', 'make ||', '  true'), [1, 2]],
  ['if/fi is one statement', lines('if [ -n "$T" ]; then', '  echo yes', '  docker push a/b:$T', 'fi', 'npm ci'), [1, 2, 3, 4]],
  ['loops and case are one statement each', lines('for t in 1 2; do', '  docker push a/b:$t', 'done', 'case "$X" in', '  a) echo a ;;', '  (b|c) npm ci ;;', 'esac', 'while read l; do echo "$l"; done < f'), [1, 2, 3]],
  ['a case pattern that names a program is not a command', lines('case "$X" in', '  docker) echo d ;;', 'esac'), 'none'],
  ['functions and groups', lines('build() {', '  docker build -t "$1" .', '}', 'function other {', '  npm ci', '}', '{ echo a; echo b; } > out'), [1, 2, 3]],
  ['sudo, env and time wrap the program', lines('sudo -E docker push a/b:1', 'env A=1 cosign sign x', 'time make', 'X=1 docker build .'), [1, 2, 4]],
  ['a command substitution runs commands', lines('ID=$(docker images -q a/b)', 'echo "$(date)"', 'X="$(', '  cd sub && pwd', ')"'), [1, 3, 4, 5]],
  ['backticks and process substitution', lines('V=`docker version`', 'diff <(sort a) <(sort b)'), [1]],
  ['arithmetic is no command', lines('(( n = 1 << 2 ))', 'echo $(( 3 << 1 ))', 'cd /app'), [3]],
  ['subshells', lines('(cd web && npm ci)', '( npm test )'), [1]],
  ['arrays and extglob', lines('TAGS=(a b c)', 'ls @(x|y)', 'docker push "a/b:${TAGS[0]}"'), [3]],
  ['program paths count by their last component', lines('/usr/bin/docker push a/b:1', 'npm ci'), [1]],
  ['&> is a redirection', lines('npm ci &> log', 'docker push a/b:1'), [2]],
  ['redirections before the command', lines('>log docker push a/b:1', '2>err cd x', '<in 3>&1 docker ps', 'echo >docker'), [1, 2, 3]],
  ['here-strings are not heredocs', lines('docker login --password-stdin <<< "$P"', 'npm ci'), [1]],
  ['ANSI-C quoting', lines("echo $'it\\'s docker'", 'cd x'), [2]],
  ['parameter expansions with braces and quotes', lines('echo "${X:-"a}b"}"', 'echo ${Y//\\}/x}', 'docker push a/b:1'), [3]],
  ['closers right after closers', lines('{ [ -z "$F" ] || { echo no; exit 1; } }', 'if true; then { docker ps; } fi'), [2]],
  ['a comment inside backticks ends at the backtick', lines('mkdir a && `# docker push x` ls', 'cd b'), [2]],
  ['an unterminated quote gives up', lines('echo "abc', 'docker push a/b:1'), null],
  ['an unterminated heredoc gives up', lines('cat <<EOF', 'docker push a/b:1'), null],
  ['a stray closer gives up', lines('npm ci', 'fi', 'docker push a/b:1'), null],
  ['an unclosed compound gives up', lines('if true; then', '  docker push a/b:1'), null],
];

for (const [name, text, expected] of cases) {
  test(`reduceScript: ${name}`, () => {
    assert.equal(keptLines(text), expected);
  });
}

const key = (c: { argv: Array<{ value: string }>; range: { line: number; column: number } }) => `${c.argv.map((w) => w.value).join(' ')} @${c.range.line}:${c.range.column}`;

const wantedCommands = (commands: ReturnType<typeof parseCommands>) =>
  commands.filter((c) => WANTED.has((c.argv[0]?.value ?? '').split('/').pop() ?? '')).map(key);

test('commands of wanted programs are the same whether the script is reduced or not', () => {
  for (const [, text] of cases) {
    const all = parseCommands(script(text));
    const some = parseCommands(script(text), WANTED);
    assert.equal(wantedCommands(some), wantedCommands(all), text);
    for (const k of some.map(key)) assert.ok(all.map(key).includes(k), `${k} is a command of the whole script too`);
  }
});

test('keywords after ";" open and close compound commands', () => {
  const text = lines('x=1; for f in a; do :; done', 'docker push a/b:1');
  assert.equal(parseCommands(script(text), WANTED).map(key), ['docker push a/b:1 @2:1']);
});

test('nesting deeper than the lexer follows leaves the script to the real parser', () => {
  const text = `${'"$('.repeat(80)}docker ps${')"'.repeat(80)}`;
  assert.is(reduceScript(text, WANTED), null);
});

test('property: on any script the shell accepts, the reduction keeps every command of a wanted program', () => {
  const { syntax } = createRequire(import.meta.url)('mvdan-sh') as { syntax: { NewParser(...a: unknown[]): { Parse(s: string, n: string): unknown }; KeepComments(k: boolean): unknown; Variant(l: unknown): unknown; LangBash: unknown } };
  const parser = syntax.NewParser(syntax.KeepComments(false), syntax.Variant(syntax.LangBash));
  const accepted = (text: string) => {
    try {
      parser.Parse(text, 's');
      return true;
    } catch {
      return false;
    }
  };
  const piece = fc.constantFrom(
    'docker push a', ' ', '\n', '"', "'", '$(', ')', '(', '`', '{ ', ' }', '${x}', 'cat <<EOF\n', '\nEOF\n', 'if true; then ', ' fi',
    'case x in a) ', ';; esac', ';', ' | ', ' && ', '\\\n', '# c', 'for i in 1; do ', '; done', 'echo', '=', '$((1))', ' & ', '>f', '2>', 'cd d', 'sudo ', 'f() { ',
  );
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 25 }), (pieces) => {
      const text = pieces.join('');
      if (!accepted(text)) return;
      assert.equal(wantedCommands(parseCommands(script(text), WANTED)), wantedCommands(parseCommands(script(text))), JSON.stringify(text));
    }),
    { numRuns: 1200, seed: 20261124 },
  );
});

test.run();
