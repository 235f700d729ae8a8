import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { excludes } from '../src/analysis/dockerignore.js';

const cases: Array<{ content: string; path: string; expected: boolean; name: string }> = [
  { content: '.git\n', path: '.git/HEAD', expected: true, name: 'a directory pattern excludes what is inside' },
  { content: '.git/\n', path: '.git/HEAD', expected: true, name: 'trailing slash is cleaned' },
  { content: '/.git\n', path: '.git/HEAD', expected: true, name: 'leading slash is the context root' },
  { content: '**/.git\n', path: '.git/HEAD', expected: true, name: '** matches zero directories' },
  { content: '*/.git\n', path: '.git/HEAD', expected: false, name: '* needs one directory' },
  { content: '.GIT\n', path: '.git/HEAD', expected: false, name: 'case-sensitive' },
  { content: '.env*\n', path: '.env', expected: true, name: '* matches nothing' },
  { content: '.env*\n!.env.example\n', path: '.env', expected: true, name: 're-including the example keeps .env out' },
  { content: '.env*\n!.env\n', path: '.env', expected: false, name: '! re-includes' },
  { content: '!.env\n.env*\n', path: '.env', expected: true, name: 'the last matching pattern wins' },
  { content: '*\n!src\n', path: '.git/HEAD', expected: true, name: 'allow-list style' },
  { content: '# .env\n', path: '.env', expected: false, name: 'comments are not patterns' },
  { content: '  .env  \n', path: '.env', expected: true, name: 'surrounding spaces are trimmed' },
  { content: '\uFEFF.env\r\n.git\r\n', path: '.env', expected: true, name: 'BOM and CRLF' },
  { content: '', path: '.env', expected: false, name: 'an empty file excludes nothing' },
  { content: '.env\n', path: './.env', expected: true, name: 'the probe path is cleaned too' },
];

for (const c of cases) {
  test(`excludes: ${c.name}`, () => {
    assert.is(excludes(c.content, c.path), c.expected);
  });
}

test.run();
