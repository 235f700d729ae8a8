import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { findSecretsInText } from './src/analysis/secrets/index.js';
const root = '/work/shared/corpus';
const files: string[] = [];
const walk = (d: string) => { for (const e of readdirSync(d)) { const p = join(d, e); statSync(p).isDirectory() ? walk(p) : files.push(p); } };
walk(root);
let n = 0; const t0 = performance.now();
for (const f of files) {
  const text = readFileSync(f, 'utf8');
  for (const m of findSecretsInText(text)) {
    n++;
    const line = text.slice(0, m.start).split('\n').length;
    const ctx = text.slice(Math.max(0, m.start - 50), m.end + 10).replace(/\n/g, '⏎');
    console.log(`${f.replace(root + '/', '').slice(0, 70)}:${line} [${m.detector}] ${ctx.slice(0, 140)}`);
  }
}
console.error('files', files.length, 'findings', n, 'ms', Math.round(performance.now() - t0));
