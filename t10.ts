import { readFileSync, readdirSync } from 'node:fs';
import { parseFile } from './src/parsers/index.js';
import { parseCommands } from './src/parsers/shell.js';
import { mentionsImageTools } from './src/parsers/pipeline-script.js';
const dir = '/tmp/yc/.github/workflows/';
const texts = readdirSync(dir).map((f) => readFileSync(dir + f, 'utf8'));
const scripts: any[] = [];
for (const text of texts) for (const n of parseFile('github-workflow', '.github/workflows/x.yml', text).nodes) if (n.type === 'script') scripts.push(n);
const img = scripts.filter(mentionsImageTools);
console.log(scripts.length, img.length, img.reduce((a, s) => a + s.text.length, 0), scripts.reduce((a, s) => a + s.text.length, 0));
for (let r = 0; r < 3; r++) { const t = performance.now(); for (const s of img) parseCommands(s); console.log('mvdan img', performance.now() - t); }
for (let r = 0; r < 2; r++) { const t = performance.now(); for (const s of scripts) parseCommands(s); console.log('mvdan all', performance.now() - t); }
