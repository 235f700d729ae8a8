import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { judgeAssignment } from './src/analysis/secrets/index.js';
const root = '/work/shared/corpus';
const files: string[] = [];
const walk = (d: string) => { for (const e of readdirSync(d)) { const p = join(d, e); statSync(p).isDirectory() ? walk(p) : files.push(p); } };
walk(root);
let n = 0;
for (const f of files) {
  const lines = readFileSync(f, 'utf8').split('\n');
  lines.forEach((line, i) => {
    let m = /^\s*(?:ENV|ARG)\s+([A-Za-z_][\w.-]*)(?:=|\s+)(.*?)\s*\\?$/i.exec(line) ?? /^\s*-?\s*([A-Za-z_][\w.-]*)\s*(?::\s+|=)(.*?)\s*$/.exec(line);
    if (!m) return;
    const value = m[2]!.replace(/\s+#.*$/, '');
    const r = judgeAssignment(m[1]!, value);
    if (r) { n++; console.log(`${f.replace(root + '/', '').slice(0, 60)}:${i + 1} [${r.detector}/${r.kind}] ${m[1]} = ${value.slice(0, 70)}`); }
  });
}
console.error('findings', n);
