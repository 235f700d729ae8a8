// Issue 5 bar: `pushgate image registry://…` on a loopback registry vs `node -e 0`
// plus the HTTP round trips. Starts Debian's docker-registry (as the tests do),
// pushes a small image built with buildah, then times both side by side with hyperfine.
// Run: node --import tsx bench/registry.ts   (needs docker-registry, buildah, skopeo, hyperfine)
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Registry, ROOT, Workspace } from '../test/image-helpers.js';

const ws = new Workspace();
await ws.build('good', 'localhost/pushgate/good:1.0.0');
const registry = await Registry.start(ws, 'bench');
try {
  await ws.skopeo('copy', '--dest-tls-verify=false', 'containers-storage:localhost/pushgate/good:1.0.0', `docker://${registry.host}/pushgate/good:1.0.0`);
  const base = `http://${registry.host}/v2/pushgate/good`;
  const accept = 'application/vnd.oci.image.manifest.v1+json,application/vnd.docker.distribution.manifest.v2+json';
  // The same requests pushgate makes: the manifest, then the config blob it names.
  const manifest = JSON.parse(spawnSync('curl', ['-fsS', '-H', `Accept: ${accept}`, `${base}/manifests/1.0.0`], { encoding: 'utf8' }).stdout) as { config: { digest: string } };
  const http = `curl -fsS -o /dev/null -H 'Accept: ${accept}' ${base}/manifests/1.0.0 -o /dev/null ${base}/blobs/${manifest.config.digest}`;
  const pushgate = `node ${join(ROOT, 'bin', 'pushgate.cjs')} image --no-config registry://${registry.host}/pushgate/good:1.0.0`;
  const run = spawnSync('hyperfine', ['-N', '-i', '-w', '5', '-r', '30', 'node -e 0', http, pushgate, '--export-json', join(ws.dir, 'h.json')], { stdio: ['ignore', 'ignore', 'inherit'], env: ws.env });
  if (run.status !== 0) throw new Error('hyperfine failed');
  const { results } = (await import(join(ws.dir, 'h.json'), { with: { type: 'json' } })).default as { results: Array<{ times: number[] }> };
  const median = (times: number[]) => [...times].sort((a, b) => a - b)[times.length >> 1] ?? 0;
  const [node, curl, lint] = results.map((r) => median(r.times) * 1000) as [number, number, number];
  console.log(`node -e 0 ${node.toFixed(1)} ms · HTTP round trips (curl) ${curl.toFixed(1)} ms · pushgate image registry:// ${lint.toFixed(1)} ms`);
  console.log(`ratio pushgate / (node -e 0 + HTTP) = ${(lint / (node + curl)).toFixed(2)}× (target ≤ 1.5×)`);
} finally {
  await registry.stop();
}
