import { readFileSync } from 'node:fs';
import { parseGithubWorkflow } from './src/parsers/github-workflow.js';
const m = parseGithubWorkflow('.github/workflows/ci.yml', readFileSync('/tmp/wf.yml', 'utf8'));
console.log(m.parseErrors);
for (const n of m.nodes) {
  const { type, range } = n as any;
  const extra = n.type === 'imageRef' ? `${n.role} ${n.raw} unresolved=${n.unresolved} lt=${n.literalTag} kind=${n.tagKind}` : n.type === 'push' ? `${n.tool} ${n.targets.map(t => t.raw).join(' ')} cond=${n.condition} ${JSON.stringify(n.build)}` : n.type === 'env' ? `${n.source} ${n.name}=${n.value}` : n.type === 'script' ? JSON.stringify(n.text) : n.type === 'step' ? n.step.uses?.value : n.type === 'label' ? n.key : '';
  console.log(type, `${range.line}:${range.column}-${range.endLine}:${range.endColumn}`, extra);
}
console.log(JSON.stringify(m.builds));
const p = m.nodes[0] as any; console.log(p.triggers, p.tagOnly, p.jobs.map((j: any) => [j.id, j.steps.length, j.pushes.length, j.steps[4]?.commands.map((c: any) => c.argv.map((w: any) => w.value).join(' '))]));
