import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { parseFile } from './src/parsers/index.js';
import { kindFromName } from './src/discover/index.js';
const files: string[] = [];
const walk = (d: string) => { for (const e of readdirSync(d)) { if (e === '.git') continue; const p = join(d, e); if (statSync(p).isDirectory()) walk(p); else files.push(p); } };
walk('/tmp/yc');
const texts = files.map((f) => [f.slice(8), readFileSync(f, 'utf8')] as const);
const kindOf = (p: string) => p.startsWith('.github') ? 'github-workflow' : p.startsWith('gitlab') ? 'gitlab-ci' : 'compose';
for (let round = 0; round < 3; round++) {
  let t = performance.now();
  for (const [, text] of texts) parseDocument(text);
  const a = performance.now() - t;
  t = performance.now();
  const per: Record<string, number> = {};
  for (const [p, text] of texts) { const s = performance.now(); parseFile(kindOf(p) as any, p, text); per[kindOf(p)] = (per[kindOf(p)] ?? 0) + performance.now() - s; }
  const b = performance.now() - t;
  console.log(`parseDocument ${a.toFixed(0)} ms, parseFile ${b.toFixed(0)} ms`, per);
}
