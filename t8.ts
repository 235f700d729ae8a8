import { readFileSync, readdirSync } from 'node:fs';
import { parseFile } from './src/parsers/index.js';
const dir = '/tmp/yc/.github/workflows/';
const texts = readdirSync(dir).map((f) => readFileSync(dir + f, 'utf8'));
for (let round = 0; round < 2; round++) {
  const t = performance.now();
  for (const text of texts) parseFile('github-workflow', '.github/workflows/x.yml', text);
  console.log(performance.now() - t);
}
