// The README's options table and `pushgate --help` describe the same options
// (README: keep docs true; a new option is documented in both places or a test fails).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { HELP } from '../src/cli/args.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const table = readme.slice(readme.indexOf('| option | meaning |'), readme.indexOf('**What is linted.**'));
/** The options each row of the README table names in its first cell. */
const documented = [...table.matchAll(/^\| (.+?) \|/gm)].flatMap((row) => [...(row[1] as string).matchAll(/--[a-z-]+/g)].map((m) => m[0]));
/** The options `--help` lists: `  -c, --config FILE` and `      --no-config`. */
const helped = [...HELP.matchAll(/^ {2}(?: {4}|-\w, )(--[a-z-]+)/gm)].map((match) => match[1] as string);

test('every option --help lists has a row in the README options table', () => {
  assert.ok(helped.length > 20, `found ${helped.length} options in --help`);
  assert.equal(helped.filter((option) => !documented.includes(option)), []);
});

test('every option in the README options table is in --help', () => {
  assert.equal(documented.filter((option) => !helped.includes(option)), []);
});

test.run();
