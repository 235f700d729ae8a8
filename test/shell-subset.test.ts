import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { readSubsetCommands } from '../src/parsers/shell-subset.js';
import { shellParserSpans } from '../src/parsers/shell.js';

const lines = (...l: string[]) => l.join('\n');

/** What mvdan-sh reads, or 'rejected'. */
function real(text: string, dialect: 'bash' | 'posix' = 'bash') {
  try {
    return shellParserSpans(text, dialect);
  } catch {
    return 'rejected';
  }
}

/** Texts in the subset: the reader gives exactly what mvdan-sh gives, in both dialects. */
const inSubset: Array<[string, string]> = [
  ['plain words', 'docker build -t a/b:1 .'],
  ['assignments before the command', 'DOCKER_BUILDKIT=1 X= docker build .'],
  ['assignments alone', 'A=1 B=$(docker images -q a)'],
  ['quotes, escapes and parameters', `docker run -e "A=$X" -e 'B=$Y' \\"x\\" "\${IMAGE}:$1" $@ "$_e0____" a\\ b`],
  ['a substitution in a word, in quotes and in an assignment', 'ID=$(docker create a) docker cp "$(docker ps -q)":/x $(pwd)/y'],
  ['nested substitutions', 'echo "$(cat "$(ls x)")"'],
  ['pipelines and lists', lines('echo "$P" | docker login -u u --password-stdin r', 'a && b || c; d & e')],
  ['operators at line ends carry on', lines('a &&', '', '  b |', '  c')],
  ['redirections', 'docker pull -q a 1> /dev/null 2>&1 <in >>log >&2'],
  ['comments', lines('# docker push x', 'docker ps # not # words', 'a#b a\\ #b a\\##b')],
  ['line continuations between and inside words', lines('docker run \\', '  --privileged\\', '  x a\\', 'b')],
  ['subshells', lines('(cd scripts && ./push "$T") > log', '( a; b )')],
  ['a heredoc with a literal body', lines('cat <<EOF | docker run \\', '  -i a', '  if x; then (', 'EOF', 'docker ps')],
  ['heredocs: quoted, tab-stripped, two on a line', lines("cat <<'A' <<-B; echo", '$x `y`', 'A', '\tb', '\tB', 'docker ps')],
  ['placeholders of CI expressions', 'docker push $_e0_______________/$_e1________:$_e2___'],
  ['globs and odd literals', 'ls *.txt a?b ~/x %y ^z +w @v ,u =t'],
  ['blank text', lines('', '   ', '\t')],
  ['if, elif, else', 'if a; then docker ps; elif b; then c; else d; fi > log'],
  ['while and until loops (the walk lists the condition, then the body)', lines('while IFS= read -r f; do', '  docker run -i x - < "$f" || { echo "$f"; rc=1; }', 'done < <(find . | sort)', 'until a; do b; done')],
  ['for loops (commands in the word list are not listed)', 'for t in a $(docker images -q) b; do docker push "x:$t"; done'],
  ['groups', '{ docker ps; } 2>&1 | tee log'],
  ['substitutions in redirections come after the command', 'docker save x > "$(mktemp)" 2> >(tee err)'],
];

for (const [name, text] of inSubset) {
  test(`subset: ${name}`, () => {
    const subset = readSubsetCommands(text, 'bash');
    assert.ok(subset, 'read by the subset reader');
    assert.equal(subset, real(text, 'bash'), 'bash');
    const posix = readSubsetCommands(text, 'posix');
    if (posix) assert.equal(posix, real(text, 'posix'), 'posix');
  });
}

/** Texts outside the subset (the real parser reads them, or rejects them). */
const outside: Array<[string, string]> = [
  ['case', 'case "$X" in a) docker ps ;; esac'],
  ['arithmetic for and for without in', 'for ((i = 0; i < 2; i++)); do a; done; for x; do b; done'],
  ['negation', '! docker ps'],
  ['process substitution in POSIX sh (bash only)', 'posix:a < <(b)'],
  ['an empty loop body', 'while a; do done'],
  ['test brackets', '[ -n "$X" ] && docker ps'],
  ['declarations (no calls in bash, calls in POSIX)', 'export A=$(docker ps)'],
  ['appending assignments (bash)', 'A+=1 docker ps'],
  ['a descriptor number of two digits, or after quotes', 'docker ps 12>x "a"2>y'],
  ['a continuation inside the command name', 'dock\\\ner ps'],
  ['backticks', 'echo `docker ps`'],
  ['arithmetic', 'echo $((1 + 2))'],
  ['parameter operators', 'echo ${X:-a}'],
  ['ANSI-C quotes', "echo $'a'"],
  ['a lone dollar', 'echo "cost: $"'],
  ['# after quotes or an expansion (mvdan-sh starts a comment there)', 'echo "a"#b $X#c'],
  ['process substitution', 'diff <(a) <(b)'],
  ['&> and here-strings', 'a &>/dev/null; b <<< x'],
  ['a heredoc body that expands', lines('cat <<EOF', '$X', 'EOF')],
  ['a heredoc delimiter with blanks', lines('cat <<EOF', '  EOF', 'EOF')],
  ['an unterminated heredoc', lines('cat <<EOF', 'x')],
  ['empty substitutions and subshells', 'echo $(); ()'],
  ['a comment after an operator', lines('a && # why', 'b')],
  ['redirections alone', '>log'],
  ['non-ASCII text', 'echo "é"'],
  ['unterminated quotes', 'echo "a'],
  ['a dangling operator', 'a |'],
  ['a stray closer', 'a )'],
  [';;', 'a;;'],
];

for (const [name, text] of outside) {
  test(`outside the subset: ${name}`, () => {
    const posix = text.startsWith('posix:');
    assert.is(readSubsetCommands(posix ? text.slice(6) : text, posix ? 'posix' : 'bash'), null);
  });
}

test('property: whatever the subset reader reads, mvdan-sh reads the same (bash and POSIX)', () => {
  const piece = fc.constantFrom(
    'docker', ' push', ' a/b:1', ' ', ' ', '\n', '\t', '"', "'", '"$X"', '$Y', '${Z}', '$1', '$@', '$(', ')', '(', ' )', 'X=', 'A=1 ', '=',
    ' | ', '|', ' && ', '&&', ' || ', ';', ' ; ', ' & ', '&', '\\\n', '\\', '\\ ', '# c', '#', '>f', ' 2>&1', '2>', '<in', '>>', ' <<EOF\n', '<<-\'E\' ', '\nEOF\n', 'E\n',
    'if ', 'then', 'fi', 'export ', '{', '}', '[', '`', '$((', '${X:-a}', 'cd d', 'sudo ', '*', '~', 'é', '12', '>',
    'while ', ' do ', 'done', '; done', ' then ', 'else ', '; fi', 'for x in ', '{ ', '; }', '< <(', ' in ',
  );
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
      const text = pieces.join('');
      for (const dialect of ['bash', 'posix'] as const) {
        const subset = readSubsetCommands(text, dialect);
        if (subset !== null) assert.equal(subset, real(text, dialect), `${dialect}: ${JSON.stringify(text)}`);
      }
    }),
    { numRuns: 3000, seed: 20261124 },
  );
});

test.run();
