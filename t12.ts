import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { parseYaml } from './src/parsers/yaml.js';
const src = readFileSync('/tmp/yc/.github/workflows/ossf_scorecard__checks__raw__testdata__.github__workflows__github-pysa-workflow.yaml', 'utf8');
const docs = parseAllDocuments(src, { uniqueKeys: true, merge: true, prettyErrors: false }) as any;
for (const d of docs) console.log(d.errors.map((e: any) => [e.code, e.pos, JSON.stringify(src.slice(e.pos[0], e.pos[1] + 8))]));
console.log(parseYaml(src).problems);
