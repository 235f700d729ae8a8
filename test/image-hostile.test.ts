// Hostile image sources (SPEC §6): archive path traversal, decompression bombs,
// oversized and looping registry answers, servers that never answer, plain HTTP to
// remote hosts, and credentials that must never reach a message. The servers here are
// small in-process fakes of a hostile registry (a real registry does not misbehave on
// demand); short limits come in through the commands' test seam. The fuzzer's cases
// (test/helpers/fuzz-archives.ts) that found bugs are kept here as fixed tests.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pushgateImage, ROOT, selfSignedCertificate } from './image-helpers.js';
import { archiveEntries, imageConfig, ociFiles, writeTar, type TarEntrySpec } from './helpers/fuzz-archives.js';
import { assertSecretAbsent } from './helpers/fuzz.js';
import { tokens } from './helpers/tokens.js';
import { httpRequest } from '../src/image/http.js';
import { openTar, safeEntryName } from '../src/image/tar.js';
import { DEFAULT_LIMITS } from '../src/image/errors.js';

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'pushgate-hostile-')));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const env = { PATH: process.env.PATH, HOME: join(dir, 'home'), DOCKER_CONFIG: join(dir, 'docker'), NO_COLOR: '1' };

/** A ustar archive from name → content (test/helpers/fuzz-archives.ts writes the headers by hand). */
const tar = (entries: TarEntrySpec[]): Buffer => writeTar(entries);

const CONFIG = JSON.stringify({ os: 'linux', architecture: 'amd64', config: { User: '10001' } });

async function withServer(handler: RequestListener, work: (host: string, server: Server) => Promise<void>, server: Server = createServer(handler)): Promise<void> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  try {
    await work(`127.0.0.1:${port}`, server);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

test('archive names that could escape are never matched', () => {
  assert.is(safeEntryName('../evil.json'), null);
  assert.is(safeEntryName('a/../../evil'), null);
  assert.is(safeEntryName('/etc/passwd'), null);
  assert.is(safeEntryName('a\\..\\b'), null);
  assert.is(safeEntryName('./blobs/sha256/abc'), 'blobs/sha256/abc');
});

test('a docker-archive whose config lies outside the archive is a parse-error, nothing is read from outside', async () => {
  const archive = join(dir, 'traversal.tar');
  writeFileSync(join(dir, 'outside.json'), CONFIG);
  writeFileSync(archive, tar([
    { name: '../outside.json', data: CONFIG },
    { name: 'link.json', data: '', type: '2', link: '../outside.json' },
    { name: 'manifest.json', data: JSON.stringify([{ Config: '../outside.json', RepoTags: ['acme/app:1.0.0'], Layers: [] }]) },
  ]));
  const run = await pushgateImage('image', ['--no-config', '--format', 'json', 'traversal.tar'], { cwd: dir, env });
  assert.is(run.code, 1, run.stderr);
  const report = JSON.parse(run.stdout) as { files: Array<{ path: string; findings: Array<{ ruleId: string; message: string }> }> };
  assert.equal(report.files.map((f) => f.path), ['traversal.tar']);
  assert.equal(report.files[0]?.findings.map((f) => f.ruleId), ['parse-error']);
  assert.match(report.files[0]?.findings[0]?.message ?? '', /is not a file inside the archive/);
  // The symlink entry is ignored, and so is the `..` entry.
  const opened = await openTar(archive, DEFAULT_LIMITS);
  assert.equal([...opened.entries.keys()], ['manifest.json']);
  await opened.close();
});

test('a gzip bomb stops at the inflate cap: parse-error, no crash, no exhaustion', async () => {
  // A layer of 8 MiB of zeros, then manifest.json: the reader must inflate through the layer.
  const bomb = gzipSync(tar([{ name: 'layer.tar', data: Buffer.alloc(8 * 1024 * 1024) }, { name: 'manifest.json', data: '[]' }]));
  assert.ok(bomb.length < 64 * 1024, 'the bomb is small');
  writeFileSync(join(dir, 'bomb.tar.gz'), bomb);
  const run = await pushgateImage('image', ['--no-config', 'bomb.tar.gz'], { cwd: dir, env, seams: { limits: { maxInflatedBytes: 1024 * 1024 } } });
  assert.is(run.code, 1, run.stderr);
  assert.match(run.stdout, /inflates past the 1048576-byte limit/);
  assert.match(run.stdout, /parse-error/);
});

test('a truncated or non-tar archive is a parse-error', async () => {
  writeFileSync(join(dir, 'truncated.tar'), tar([{ name: 'manifest.json', data: '[]' }]).subarray(0, 700));
  const run = await pushgateImage('image', ['--no-config', 'truncated.tar'], { cwd: dir, env });
  assert.is(run.code, 1, run.stderr);
  assert.match(run.stdout, /truncated tar archive|lists no images/);
});

// ---- found by the fuzzer (test/helpers/fuzz-archives.ts) ---------------------------------

test('an entry named "." names no file: it is not listed', async () => {
  assert.is(safeEntryName('.'), null);
  assert.is(safeEntryName('././'), null);
  const archive = join(dir, 'dot.tar');
  writeFileSync(archive, tar([{ name: '.', data: '{}' }, { name: 'manifest.json', data: '[]' }]));
  const opened = await openTar(archive, DEFAULT_LIMITS);
  assert.equal([...opened.entries.keys()], ['manifest.json']);
  await opened.close();
});

test('a config that is not JSON is a parse-error that quotes none of it (V8 quotes the input after the fault)', async () => {
  const secret = tokens.npm();
  const config = Buffer.from(`{"architecture": "amd64", "os": "linux", "config": {"Env": ["PATH=/usr/bin", ${secret}]}}`);
  writeFileSync(join(dir, 'unquoted.tar'), tar(archiveEntries('docker-legacy', config)));
  const run = await pushgateImage('image', ['--no-config', '--format', 'json', 'unquoted.tar'], { cwd: dir, env });
  assert.is(run.code, 1, run.stderr);
  const report = JSON.parse(run.stdout) as { files: Array<{ findings: Array<{ ruleId: string; message: string }> }> };
  assert.equal(report.files[0]?.findings.map((f) => f.ruleId), ['parse-error']);
  assert.match(report.files[0]?.findings[0]?.message ?? '', /\.json is not valid JSON \(Unexpected token '.'\)\.$/);
  assertSecretAbsent(secret, { stdout: run.stdout, stderr: run.stderr }, 4, 6);
});

test('--platform picks the matching image of a docker-archive, and names what the archive holds when none matches', async () => {
  const config = (architecture: string) => JSON.stringify({ architecture, os: 'linux', config: { User: architecture === 'arm64' ? '10001' : '' } });
  writeFileSync(join(dir, 'two-platforms.tar'), tar([
    { name: 'amd64.json', data: config('amd64') },
    { name: 'arm64.json', data: config('arm64') },
    { name: 'manifest.json', data: JSON.stringify([
      { Config: 'amd64.json', RepoTags: ['acme/app:1.0.0-amd64'], Layers: [] },
      { Config: 'arm64.json', RepoTags: ['acme/app:1.0.0-arm64'], Layers: [] },
    ]) },
  ]));
  const all = await pushgateImage('image', ['--no-config', '--format', 'json', 'two-platforms.tar'], { cwd: dir, env });
  assert.is((JSON.parse(all.stdout) as { files: unknown[] }).files.length, 2, all.stderr);
  const arm = await pushgateImage('image', ['--no-config', '--format', 'json', '--platform', 'linux/arm64/v8', 'two-platforms.tar'], { cwd: dir, env });
  const report = JSON.parse(arm.stdout) as { files: Array<{ findings: Array<{ ruleId: string }> }> };
  assert.is(report.files.length, 1, arm.stderr);
  assert.not.ok(report.files[0]?.findings.some((f) => f.ruleId === 'require-non-root-user'), 'the arm64 image, which runs as 10001');
  const none = await pushgateImage('image', ['--no-config', '--platform', 'linux/s390x', 'two-platforms.tar'], { cwd: dir, env });
  assert.is(none.code, 2);
  assert.match(none.stderr, /no image for platform linux\/s390x; the archive holds linux\/amd64, linux\/arm64/);
});

test('a missing config is named as manifest.json writes it (normalised, a secret there would escape the mask)', async () => {
  const hook = tokens.slackWebhook();
  writeFileSync(join(dir, 'hook.tar'), tar([{ name: 'manifest.json', data: JSON.stringify([{ Config: hook, RepoTags: ['acme/app:1.0.0'], Layers: [] }]) }]));
  const run = await pushgateImage('image', ['--no-config', '--format', 'json', 'hook.tar'], { cwd: dir, env });
  assert.is(run.code, 1, run.stderr);
  const report = JSON.parse(run.stdout) as { files: Array<{ findings: Array<{ ruleId: string; message: string }> }> };
  assert.match(report.files[0]?.findings[0]?.message ?? '', /: manifest\.json entry 0: config "http…" is missing from the archive\.$/);
  assertSecretAbsent(hook, { stdout: run.stdout, stderr: run.stderr }, 34, 6);
});

/** An OCI layout directory: `files` by path, then `links` (path → symbolic link target), then FIFOs. */
function layoutDir(name: string, files: Map<string, Buffer>, links: Record<string, string> = {}, fifos: string[] = []): string {
  const root = join(dir, name);
  rmSync(root, { recursive: true, force: true });
  for (const [path, data] of [...files, ...Object.keys(links).map((path) => [path, null] as const)]) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    if (data) writeFileSync(join(root, path), data);
  }
  for (const [path, target] of Object.entries(links)) symlinkSync(target, join(root, path));
  for (const path of fifos) {
    rmSync(join(root, path));
    assert.is(spawnSync('mkfifo', [join(root, path)]).status, 0, 'mkfifo');
  }
  return root;
}

/** The built CLI with a time limit: a hang is a failure, not a stuck test run. */
function cliImage(source: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin', 'pushgate.cjs'), 'image', '--no-config', '--format', 'json', source], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** What the parse-error findings of a JSON report say (the problem, without the message template around it). */
const parseErrors = (stdout: string): string[] =>
  (JSON.parse(stdout) as { files: Array<{ findings: Array<{ ruleId: string; message: string }> }> }).files.flatMap((f) =>
    f.findings.filter((x) => x.ruleId === 'parse-error').map((x) => x.message.replace(/^Cannot parse this file: (.*)\.$/s, '$1')),
  );

test('an OCI layout whose blob links to a file outside the layout is a parse-error; that file is never read', async () => {
  const marker = randomBytes(16).toString('hex');
  const outside = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Labels: { 'outside.marker': marker }, Env: [`OUTSIDE=${marker}`] } }));
  writeFileSync(join(dir, 'outside-config.json'), outside);
  const digest = createHash('sha256').update(outside).digest('hex');
  // The manifest names the outside file's true digest: followed, it would pass verification.
  const files = ociFiles([outside], { configDigest: `sha256:${digest}` });
  const relativeLink = layoutDir('layout-rel', files, { [`blobs/sha256/${digest}`]: '../../../outside-config.json' });
  const absoluteLink = layoutDir('layout-abs', files, { [`blobs/sha256/${digest}`]: join(dir, 'outside-config.json') });
  for (const layout of [relativeLink, absoluteLink]) {
    const run = await pushgateImage('image', ['--no-config', '--format', 'json', `oci:${layout}`], { cwd: dir, env });
    assert.is(run.code, 1, run.stderr);
    assert.equal(parseErrors(run.stdout), [`blobs/sha256/${digest} links to a file outside the layout; not read`]);
    assert.not.ok(run.stdout.includes(marker), 'the outside file was read');
  }
});

test('a FIFO or a loop of links where a blob should be is a parse-error, not a hang and not exit 2', () => {
  const config = imageConfig(null, 0);
  const files = ociFiles([config]);
  const blob = `blobs/sha256/${createHash('sha256').update(config).digest('hex')}`;
  layoutDir('layout-fifo', files, {}, [blob]);
  const fifo = cliImage('oci:layout-fifo');
  assert.is(fifo.code, 1, fifo.stderr);
  assert.match(parseErrors(fifo.stdout).join('\n'), /^config sha256:[0-9a-f]{64} is missing from the layout$/);
  const others = new Map([...files].filter(([path]) => path !== blob));
  layoutDir('layout-loop', others, { [blob]: blob.split('/').pop() as string });
  const loop = cliImage('oci:layout-loop');
  assert.is(loop.code, 1, loop.stderr);
  assert.equal(parseErrors(loop.stdout), [`${blob} is a loop of symbolic links`]);
});

test('an oversized manifest is refused at the cap (parse-error), not buffered', async () => {
  let sent = 0;
  await withServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' });
    // No Content-Length: the cap must hold while streaming.
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let closed = false;
    res.on('close', () => (closed = true));
    const pump = () => {
      while (!closed && sent < 16 * 1024 * 1024) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  }, async (host) => {
    const run = await pushgateImage('image', ['--no-config', `registry://${host}/acme/app:1.0.0`], { cwd: dir, env, seams: { limits: { maxJsonBytes: 256 * 1024 } } });
    assert.is(run.code, 1, run.stderr);
    assert.match(run.stdout, /over the 262144-byte limit/);
  });
  assert.ok(sent < 4 * 1024 * 1024, `the client stopped reading early (server sent ${sent} bytes)`);
});

test('a redirect loop stops after 5 hops: exit 2 with the reason', async () => {
  let hops = 0;
  await withServer((req, res) => {
    hops++;
    res.writeHead(302, { location: req.url ?? '/' }).end();
  }, async (host) => {
    const run = await pushgateImage('image', ['--no-config', `registry://${host}/acme/app:1.0.0`], { cwd: dir, env });
    assert.is(run.code, 2);
    assert.match(run.stderr, /more than 5 redirects/);
  });
  // One TLS attempt fails first (plain-HTTP server), then 1 request + 5 redirects.
  assert.ok(hops <= 7, `hops: ${hops}`);
});

/** A registry holding one image, acme/app:1.0.0 (an OCI manifest and its config). */
function oneImageRegistry(): RequestListener {
  const digest = `sha256:${createHash('sha256').update(CONFIG).digest('hex')}`;
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest, size: Buffer.byteLength(CONFIG) },
    layers: [],
  });
  return (req, res) => {
    if (req.url === '/v2/acme/app/manifests/1.0.0') res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }).end(manifest);
    else if (req.url === `/v2/acme/app/blobs/${digest}`) res.writeHead(200).end(CONFIG);
    else res.writeHead(404).end();
  };
}

test('a loopback registry is asked over plain HTTP first: no TLS handshake reaches a plain one', async () => {
  await withServer(oneImageRegistry(), async (host, server) => {
    let garbled = 0;
    server.on('clientError', () => garbled++);
    const run = await pushgateImage('image', ['--no-config', `registry://${host}/acme/app:1.0.0`], { cwd: dir, env });
    assert.is(run.code, 0, run.stderr);
    assert.is(garbled, 0, 'a TLS handshake was sent to the plain-HTTP registry');
  });
});

test('a loopback registry that speaks only TLS is read over HTTPS; its certificate is still checked', async () => {
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const tls = createHttpsServer({ key: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), cert: selfSignedCertificate(pair.privateKey, pair.publicKey) }, oneImageRegistry());
  await withServer(oneImageRegistry(), async (host) => {
    const insecure = await pushgateImage('image', ['--no-config', '--insecure', `registry://${host}/acme/app:1.0.0`], { cwd: dir, env });
    assert.is(insecure.code, 0, insecure.stderr);
    const checked = await pushgateImage('image', ['--no-config', `registry://${host}/acme/app:1.0.0`], { cwd: dir, env });
    assert.is(checked.code, 2, checked.stdout);
    assert.match(checked.stderr, /SELF_SIGNED|certificate/i);
  }, tls as unknown as Server);
});

test('a loopback registry that answers 400 over plain HTTP and has no TLS: the 400 stands (exit 2)', async () => {
  await withServer((req, res) => res.writeHead(400).end('bad request'), async (host) => {
    const run = await pushgateImage('image', ['--no-config', `registry://${host}/acme/app:1.0.0`], { cwd: dir, env });
    assert.is(run.code, 2, run.stdout);
    assert.match(run.stderr, /HTTP 400/);
  });
});

test('a server that never answers times out: exit 2', async () => {
  await withServer(() => undefined, async (host) => {
    const started = Date.now();
    const run = await pushgateImage('image', ['--no-config', `registry://${host}/acme/app:1.0.0`], { cwd: dir, env, seams: { limits: { timeoutMs: 300 } } });
    assert.is(run.code, 2);
    assert.match(run.stderr, /no complete answer from 127\.0\.0\.1:\d+ within 0\.3 s/);
    assert.ok(Date.now() - started < 5000);
  });
});

test('plain HTTP goes only to loopback hosts unless --insecure (refused before connecting)', async () => {
  const options = { timeoutMs: 1000, maxBytes: 1024, maxRedirects: 5, insecure: false };
  try {
    await httpRequest(new URL('http://192.0.2.1/v2/'), { method: 'GET', headers: {} }, options);
    assert.unreachable('plain HTTP to a remote host must be refused');
  } catch (error) {
    assert.match((error as Error).message, /refusing plain HTTP to 192\.0\.2\.1/);
  }
  try {
    await httpRequest(new URL('file:///etc/passwd'), { method: 'GET', headers: {} }, options);
    assert.unreachable('file URLs must be refused');
  } catch (error) {
    assert.match((error as Error).message, /unsupported URL scheme/);
  }
});

test('bearer challenge: credentials go to the token realm, never into messages; refusal is exit 2', async () => {
  const password = 'correct-horse-battery-staple-9';
  const seen: string[] = [];
  await withServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push(`${req.method} ${url.pathname} ${req.headers.authorization ? 'auth' : 'anon'}`);
    if (url.pathname === '/token') {
      res.writeHead(401).end('{"details":"nope"}');
      return;
    }
    res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${req.headers.host}/token",service="fake",scope="repository:acme/app:pull"` }).end();
  }, async (host) => {
    writeFileSync(join(dir, 'config.json'), '');
    const docker = join(dir, 'docker-bearer');
    rmSync(docker, { recursive: true, force: true });
    mkdirSync(docker);
    writeFileSync(join(docker, 'config.json'), JSON.stringify({ auths: { [host]: { auth: Buffer.from(`alice:${password}`).toString('base64') } } }));
    const run = await pushgateImage('image', ['--no-config', `registry://${host}/acme/app:1.0.0`], { cwd: dir, env: { ...env, DOCKER_CONFIG: docker } });
    assert.is(run.code, 2);
    assert.match(run.stderr, /the token service refused the credentials/);
    for (const text of [run.stdout, run.stderr]) {
      assert.not.ok(text.includes(password), 'password in output');
      assert.not.ok(text.includes(Buffer.from(`alice:${password}`).toString('base64')), 'basic credentials in output');
    }
  });
  assert.ok(seen.includes('GET /token auth'), seen.join('\n'));
});

test.run();
