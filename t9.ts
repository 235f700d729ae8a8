import { readFileSync, readdirSync } from 'node:fs';
import { parseYaml } from './src/parsers/yaml.js';
import { parseDocument } from 'yaml';
import * as shell from './src/parsers/shell.js';
import { parseFile } from './src/parsers/index.js';
const dir = '/tmp/yc/.github/workflows/';
const texts = readdirSync(dir).map((f) => readFileSync(dir + f, 'utf8'));
for (let round = 0; round < 4; round++) {
  let t = performance.now();
  for (const text of texts) parseDocument(text);
  const a = performance.now() - t; t = performance.now();
  for (const text of texts) parseYaml(text);
  const b = performance.now() - t; t = performance.now();
  let scripts = 0, parsed = 0;
  for (const text of texts) { const m = parseFile('github-workflow', '.github/workflows/x.yml', text); for (const n of m.nodes) if (n.type === 'script') scripts++; }
  const c = performance.now() - t;
  console.log(`parseDocument ${a.toFixed(0)} parseYaml ${b.toFixed(0)} parseFile ${c.toFixed(0)} scripts ${scripts}`);
}
