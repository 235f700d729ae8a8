import { readFileSync } from 'node:fs';
import { parseGitlabCi } from './src/parsers/gitlab-ci.js';
const m = parseGitlabCi('.gitlab-ci.yml', readFileSync('/tmp/gl/.gitlab-ci.yml', 'utf8'), { readFile: (p) => { try { return readFileSync('/tmp/gl/' + p, 'utf8') } catch { return null } } });
console.log(m.parseErrors);
for (const n of m.nodes) {
  const { type, range } = n as any;
  const extra = n.type === 'imageRef' ? `${n.role} ${n.raw} unresolved=${n.unresolved} lt=${n.literalTag} res=${n.resolved}` : n.type === 'push' ? `${n.tool} ${n.targets.map(t => t.raw).join(' ')}` : n.type === 'env' ? `${n.source} ${n.name}=${n.value}` : n.type === 'script' ? JSON.stringify(n.text) + JSON.stringify(n.lineStarts) : '';
  console.log(type, `${range.line}:${range.column}-${range.endLine}:${range.endColumn}`, JSON.stringify(n.context), extra);
}
console.log(JSON.stringify(m.builds));
const p = m.nodes[0] as any; console.log(p.stages, JSON.stringify(p.jobs.map((j: any) => [j.id, j.stage, j.needs, j.hasNeeds, j.condition, j.range.line, j.steps.map((s: any) => [s.name, s.commands.map((c: any) => c.argv.map((w: any) => w.value).join(' '))]), j.pushes.map((x: any) => [x.step, x.push.tool, x.push.range.line])]), null, 1));
