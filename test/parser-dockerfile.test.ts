// The Dockerfile model: what rules can rely on (stages, ARG scoping, references,
// scripts with file positions, parse problems).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseDockerfile } from '../src/parsers/dockerfile.js';
import { parseCommands } from '../src/parsers/shell.js';
import type { ImageRefNode, ModelNode, NodeOfType, NodeType, ScriptNode } from '../src/models/nodes.js';

const nodes = <T extends NodeType>(text: string, type: T, buildArgs?: Record<string, string>): Array<NodeOfType<T>> =>
  parseDockerfile('Dockerfile', text, buildArgs ? { buildArgs } : {}).nodes.filter((n: ModelNode): n is NodeOfType<T> => n.type === type);
const refs = (text: string, buildArgs?: Record<string, string>) =>
  nodes(text, 'imageRef', buildArgs).map((n: ImageRefNode) => ({ role: n.role, resolved: n.resolved, unresolved: n.unresolved, line: n.range.line, column: n.range.column }));
const problems = (text: string) => parseDockerfile('Dockerfile', text).parseErrors.map((p) => `${p.range.line}:${p.range.column} ${p.message}`);

test('global ARG defaults resolve FROM; stage ARGs resolve COPY --from', () => {
  assert.equal(refs('ARG V=3.20\nFROM alpine:${V}\nARG IMG=busybox:1.36\nCOPY --from=${IMG} /bin/sh /sh\n'), [
    { role: 'base', resolved: 'alpine:3.20', unresolved: false, line: 2, column: 6 },
    { role: 'copy-from', resolved: 'busybox:1.36', unresolved: false, line: 4, column: 13 },
  ]);
});

test('a stage ARG without default re-imports the global default; a stage ARG does not reach FROM', () => {
  assert.equal(refs('ARG V=1\nFROM a/b:${V}\nARG V\nARG W=9\nFROM c/d:${W}\n').map((r) => r.resolved), ['a/b:1', 'c/d:${W}']);
});

test('build args override ARG defaults but only for declared ARGs', () => {
  assert.equal(refs('ARG TAG=1\nFROM a/b:${TAG}\nFROM c/d:${OTHER}\n', { TAG: '2', OTHER: 'x' }).map((r) => r.resolved), ['a/b:2', 'c/d:${OTHER}']);
});

test('platform ARGs are set but unknown: ${TARGETARCH:+…} stays unresolved', () => {
  const [ref] = refs('FROM quay.io/x/busybox${TARGETARCH:+@sha256:00}\n');
  assert.is(ref?.unresolved, true);
});

test('stage names are case-insensitive, may come from ARGs, and FROM <index> names a stage', () => {
  const text = 'ARG FIRST=one\nFROM alpine:3.20 AS ${FIRST}\nFROM ONE AS two\nFROM 1\nCOPY --from=TWO /a /a\nCOPY --from=0 /b /b\n';
  const stages = nodes(text, 'stage');
  assert.equal(stages.map((s) => [s.name, s.baseStage]), [['one', null], ['two', 0], [null, 1]]);
  assert.equal(nodes(text, 'copy').map((c) => c.fromStage), [1, 0]);
  assert.equal(refs(text).length, 1);
});

test('quoted flag values and --from via a variable naming a stage', () => {
  const text = 'FROM golang:1.22 AS build\nFROM alpine:3.20\nARG SRC=build\nCOPY --from=${SRC} /a /b\nCOPY --from="nginx:1.27" /c /d\n';
  assert.equal(nodes(text, 'copy').map((c) => c.fromStage), [0, null]);
  assert.equal(refs(text).map((r) => r.resolved), ['golang:1.22', 'alpine:3.20', 'nginx:1.27']);
});

test('RUN --mount=from=<image> is a reference; from=<stage> is not', () => {
  const text = 'FROM golang:1.22 AS b\nFROM alpine:3.20\nRUN --mount=type=bind,from=b,target=/b --mount=type=cache,from=busybox:1.36,target=/c true\n';
  assert.equal(refs(text).filter((r) => r.role === 'mount-from'), [{ role: 'mount-from', resolved: 'busybox:1.36', unresolved: false, line: 3, column: 64 }]);
});

test('LABEL values follow Docker word rules: quotes removed, single quotes and \\$ stay literal', () => {
  const labels = nodes('FROM a/b:1\nARG Y=1.0.0\nLABEL a="v $Y" b=\'$Y\' c=\\$Y d=$Y \\\n  e="multi word"\n', 'label');
  assert.equal(labels.map((l) => [l.key, l.value, l.unresolved, l.keyRange.line, l.keyRange.column]), [
    ['a', 'v 1.0.0', false, 3, 7],
    ['b', '$Y', false, 3, 16],
    ['c', '$Y', false, 3, 23],
    ['d', '1.0.0', false, 3, 29],
    ['e', 'multi word', false, 4, 3],
  ]);
});

test('USER resolves through ARG and ENV, inherited ENV crosses stages', () => {
  const users = nodes('FROM a/b:1 AS base\nENV APP_USER=app\nFROM base\nUSER ${APP_USER}\nARG U=root\nUSER "$U"\n', 'user');
  assert.equal(users.map((u) => [u.resolved, u.unresolved]), [['app', false], ['root', false]]);
});

test('the escape directive changes continuations and escapes', () => {
  const text = '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022 `\n  AS base\nARG P=C:\\tools\nRUN echo `\n  hi\n';
  const df = parseDockerfile('Dockerfile', text);
  assert.equal(df.parseErrors, []);
  const stage = nodes(text, 'stage')[0];
  assert.is(stage?.name, 'base');
  const script = nodes(text, 'script')[0] as ScriptNode;
  assert.equal(parseCommands(script).map((c) => c.argv.map((w) => `${w.value}@${w.range.line}:${w.range.column}`)), [['echo@5:5', 'hi@6:3']]);
});

test('shell-form RUN maps command words to file lines across continuations and comment lines', () => {
  const text = 'FROM a/b:1\nRUN apt-get update \\\n  # a comment inside the continuation\n  && docker login -u me -p "$P" registry.example.com\n';
  const [script] = nodes(text, 'script');
  const commands = parseCommands(script as ScriptNode);
  assert.equal(commands.map((c) => `${c.argv[0]?.value}@${c.range.line}:${c.range.column}`), ['apt-get@2:5', 'docker@4:6']);
  const p = commands[1]?.argv[5];
  assert.equal([p?.value, p?.dynamic, p?.range.line, p?.range.column], ['$P', true, 4, 28]);
});

test('heredoc RUN: a bare heredoc body is the script, with its own lines', () => {
  const text = 'FROM a/b:1\nRUN <<EOF\nset -e\nsudo -E docker push a/b:1\nEOF\nRUN python3 <<PY\nprint("x")\nPY\n';
  const scripts = nodes(text, 'script');
  assert.is(scripts.length, 2);
  const commands = scripts.flatMap((s) => parseCommands(s));
  assert.equal(commands.map((c) => `${c.argv.map((w) => w.value).join(' ')}@${c.range.line}:${c.range.column}`), [
    'set -e@3:1',
    'docker push a/b:1@4:9',
    'python3@6:5',
  ]);
});

test('heredocs on a file descriptor (BuildKit `5<<EOF`) are bodies, not instructions (corpus: buildah tests)', () => {
  const text = [
    'FROM a/b:1',
    'RUN cat /proc/self/fd/5 /proc/self/fd/6 5<<FILE1 6<<FILE2 > out.txt',
    'this is part one',
    'FILE1',
    'this is part two',
    'FILE2',
    'RUN echo $((1<<2))',
    'USER app',
    '',
  ].join('\n');
  assert.equal(problems(text), []);
  const [first] = nodes(text, 'script');
  assert.equal(parseCommands(first as ScriptNode).map((c) => `${c.argv[0]?.value}@${c.range.line}:${c.range.column}`), ['cat@2:5']);
  assert.equal(nodes(text, 'user').length, 1);
});

test('exec-form RUN becomes one command without a shell', () => {
  const [script] = nodes('FROM a/b:1\nRUN ["docker", "login", "-p", "x"]\n', 'script');
  assert.equal(parseCommands(script as ScriptNode).map((c) => c.argv.map((w) => w.value)), [['docker', 'login', '-p', 'x']]);
});

test('scripts the shell parser rejects still yield commands (fallback splitter)', () => {
  const [script] = nodes('FROM a/b:1\nRUN echo "unterminated && docker login -p x\n', 'script');
  assert.ok(parseCommands(script as ScriptNode).length > 0);
});

test('parse problems: unknown instructions once per file, heredoc at its opening, instructions before FROM, empty', () => {
  assert.equal(problems('<html>\n<body>\n</body>\n'), ['1:1 unknown instruction "<html>" (and 2 more unknown instructions)']);
  assert.equal(problems('FROM a/b:1\nRUN <<EOF\necho hi\n'), ['2:5 unterminated heredoc "EOF"']);
  assert.equal(problems('RUN echo\nFROM a/b:1\n'), ['1:1 RUN before the first FROM']);
  assert.equal(problems('# only a comment\n'), ['1:1 the Dockerfile has no instructions']);
  assert.equal(problems('ARG A=1\nFROM a/b:$A\n'), []);
});

test('BOM and CRLF do not shift positions', () => {
  assert.equal(refs('\uFEFFFROM a/b:1\r\nCOPY --from=c/d:2 /x /y\r\n').map((r) => `${r.line}:${r.column}`), ['1:6', '2:13']);
});

test.run();
