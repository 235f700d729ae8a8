// Issue 5 bar: `pushgate image registry://…` on a loopback registry within 1.5× of
// `node -e 0` plus the HTTP round trips (the manifest and the config blob, fetched
// with curl). Starts Debian's docker-registry (as the tests do), pushes a small image
// built with buildah, then times the rows side by side with bench/timer.mjs
// (alternating rounds, medians):
//   node -e 0    Node's start-up
//   http         curl fetching what pushgate fetches: the manifest, then the config
//   pushgate     pushgate image --no-config registry://HOST/pushgate/good:1.0.0
// Ratio: median(pushgate) / (median(node -e 0) + median(http)).
//
// Two environments, one after the other: the machine's own (primary, as the other
// bench scripts measure), and the same without NODE_EXTRA_CA_CERTS when it is set
// (that variable makes every Node start load a CA bundle, ~38 ms here, which hides
// how much of the wall time is pushgate's own).
//
//   node --import tsx bench/registry.ts
// Needs docker-registry, buildah, skopeo, curl, hyperfine (or the node timer).
// Env: PUSHGATE_BENCH_RUNS (30), PUSHGATE_BENCH_WARMUP (5), PUSHGATE_BENCH_TIMER.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Registry, ROOT, Workspace } from '../test/image-helpers.js';

const TARGET = 1.5;

/** A command to completion, its stdout collected and stderr passed through. */
function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { stdio: ['ignore', 'pipe', 'inherit'], env });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}
const runs = process.env.PUSHGATE_BENCH_RUNS ?? '30';
const warmup = process.env.PUSHGATE_BENCH_WARMUP ?? '5';

const ws = new Workspace();
let registry: Registry | undefined;
try {
  await ws.build('good', 'localhost/pushgate/good:1.0.0');
  registry = await Registry.start(ws, 'bench');
  await ws.skopeo('copy', '--dest-tls-verify=false', 'containers-storage:localhost/pushgate/good:1.0.0', `docker://${registry.host}/pushgate/good:1.0.0`);
  const base = `http://${registry.host}/v2/pushgate/good`;
  const accept = 'application/vnd.oci.image.manifest.v1+json,application/vnd.docker.distribution.manifest.v2+json';
  // The same requests pushgate makes: the manifest, then the config blob it names.
  const manifest = JSON.parse(spawnSync('curl', ['-fsS', '-H', `Accept: ${accept}`, `${base}/manifests/1.0.0`], { encoding: 'utf8' }).stdout) as { config: { digest: string } };
  const http = ['curl', '-fsS', '--max-time', '10', '-H', `Accept: ${accept}`, '-o', '/dev/null', `${base}/manifests/1.0.0`, '-o', '/dev/null', `${base}/blobs/${manifest.config.digest}`];
  const pushgate = ['node', join(ROOT, 'bin', 'pushgate.cjs'), 'image', '--no-config', `registry://${registry.host}/pushgate/good:1.0.0`];

  const machine: NodeJS.ProcessEnv = { ...process.env, ...ws.env };
  const check = spawnSync(pushgate[0] as string, pushgate.slice(1), { encoding: 'utf8', env: machine });
  if (check.status !== 0) throw new Error(`pushgate image failed (exit ${check.status}): ${check.stderr}${check.stdout}`);
  const commit = spawnSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
  console.log(`date ${new Date().toISOString().slice(0, 19)}Z · commit ${commit} · node ${process.version} · ${runs} runs, ${warmup} warm-up`);
  console.log(`pushgate: ${check.stdout.trim()}`);

  const environments: Array<[string, NodeJS.ProcessEnv]> = [['the machine\'s environment', machine]];
  if (machine.NODE_EXTRA_CA_CERTS !== undefined) {
    const stripped = { ...machine };
    delete stripped.NODE_EXTRA_CA_CERTS;
    environments.push(['without NODE_EXTRA_CA_CERTS', stripped]);
  } else {
    console.log('(NODE_EXTRA_CA_CERTS is not set here: one environment only)');
  }
  for (const [label, env] of environments) {
    const json = join(ws.dir, 'timer.json');
    // Asynchronously: this process must keep reading the registry's log meanwhile, or
    // the registry blocks on a full pipe and a request hangs.
    const timer = await run(process.execPath, [
      join(ROOT, 'bench', 'timer.mjs'), '--runs', runs, '--warmup', warmup, '--json', json,
      '--cmd', 'node -e 0', 'node', '-e', '0',
      '--cmd', 'http', ...http,
      '--cmd', 'pushgate', ...pushgate,
    ], env);
    console.log(`\n== ${label} ==\n${timer.stdout.trimEnd()}`);
    if (timer.code !== 0) throw new Error('the timer failed');
    const summary = JSON.parse(readFileSync(json, 'utf8')) as { commands: Array<{ name: string; median: number }> };
    const median = (name: string) => (summary.commands.find((c) => c.name === name)?.median ?? NaN) * 1000;
    const [node, curl, lint] = [median('node -e 0'), median('http'), median('pushgate')];
    const ratio = lint / (node + curl);
    console.log(`pushgate ${lint.toFixed(1)} ms / (node -e 0 ${node.toFixed(1)} ms + HTTP ${curl.toFixed(1)} ms) = ${ratio.toFixed(2)}× (target ≤ ${TARGET}×: ${ratio <= TARGET ? 'PASS' : 'MISS'})`);
  }
} finally {
  await registry?.stop();
  ws.cleanUp();
}
