import { readFileSync } from 'node:fs';
import { parseCompose } from './src/parsers/compose.js';
const m = parseCompose('deploy/compose.yaml', readFileSync('/tmp/compose.yaml', 'utf8'));
console.log(m.parseErrors);
for (const n of m.nodes) {
  const { type, range } = n as any;
  const extra = n.type === 'imageRef' ? `${n.role} ${n.raw} unresolved=${n.unresolved} res=${n.resolved} ref=${n.ref?.tag}` : n.type === 'env' ? `${n.source} ${n.name}=${n.value} ${JSON.stringify(n.nameRange)} ${JSON.stringify(n.valueRange)}` : n.type === 'label' ? `${n.key}=${n.value} ${JSON.stringify(n.keyRange)}` : '';
  console.log(type, `${range.line}:${range.column}-${range.endLine}:${range.endColumn}`, JSON.stringify(n.context), extra);
}
console.log(JSON.stringify(m.builds, null, 1));
