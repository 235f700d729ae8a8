// Real registries and real images (issue 5): images built with buildah from fixture
// Dockerfiles, stored in a temp vfs store, copied with skopeo to Debian's docker-registry
// (Distribution 2.8) on 127.0.0.1 — anonymous, htpasswd (Basic) and token (Bearer, with an
// in-process token server) — and read back by `pushgate image` from the registry, OCI
// layouts, docker-archive and oci-archive tars, and podman.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, writeFileSync } from 'node:fs';
import { pushgateImage, Registry, TokenServer, toolsAvailable, Workspace, type Run } from './image-helpers.js';

interface JsonReport {
  files: Array<{ path: string; findings: Array<{ ruleId: string; messageId: string; line: number; column: number }> }>;
}
const findings = (run: Run) => (JSON.parse(run.stdout) as JsonReport).files.map((f) => ({
  path: f.path,
  findings: f.findings.map((x) => `${x.line}:${x.column} ${x.ruleId} ${x.messageId}`),
}));
/** The findings of the root fixture image under the recommended policy, from any non-file source. */
const ROOT_FINDINGS = [
  '1:1 no-hardcoded-credentials env',
  '1:1 no-hardcoded-credentials script',
  '1:1 require-labels imageMissing',
  '1:1 require-labels imageMissing',
  '1:1 require-non-root-user imageMissing',
];

if (toolsAvailable('registry.test.ts')) {
  const ws = new Workspace();
  let plain: Registry | null = null;
  const image = (...args: string[]) => pushgateImage('image', ['--no-config', '--format', 'json', ...args], { cwd: ws.dir, env: ws.env });

  test.before(async () => {
    await setUp().catch((error: unknown) => {
      // uvu does not report a failing hook: say why, then fail.
      process.stderr.write(`registry.test.ts set-up failed: ${String(error)}\n`);
      throw error;
    });
  });
  const setUp = async () => {
    await ws.build('good', 'localhost/pushgate/good:1.0.0');
    await ws.build('root', 'localhost/pushgate/root:1.0.0');
    for (const arch of ['amd64', 'arm64']) await ws.build('root', `localhost/pushgate/root-${arch}:1.0.0`, ['--arch', arch, '--os', 'linux']);
    plain = await Registry.start(ws, 'plain');
    for (const name of ['good', 'root']) {
      await ws.skopeo('copy', '--dest-tls-verify=false', `containers-storage:localhost/pushgate/${name}:1.0.0`, `docker://${plain.host}/pushgate/${name}:1.0.0`);
    }
  };
  test.after(async () => {
    await plain?.stop();
    ws.cleanUp();
  });

  test('anonymous registry: a clean image passes, a root image fails with its findings at 1:1', async () => {
    const host = (plain as Registry).host;
    const good = await image(`registry://${host}/pushgate/good:1.0.0`);
    assert.is(good.code, 0, good.stderr + good.stdout);
    assert.equal(findings(good).flatMap((f) => f.findings), []);
    const root = await image(`registry://${host}/pushgate/root:1.0.0`);
    assert.is(root.code, 1, root.stderr);
    assert.equal(findings(root), [{ path: `registry://${host}/pushgate/root:1.0.0`, findings: ROOT_FINDINGS }]);
  });

  test('the same image from the registry, an OCI layout, docker-archive and oci-archive gives the same findings', async () => {
    const host = (plain as Registry).host;
    await ws.skopeo('copy', 'containers-storage:localhost/pushgate/root:1.0.0', `oci:${ws.path('layout')}:1.0.0`);
    await ws.skopeo('copy', 'containers-storage:localhost/pushgate/root:1.0.0', `docker-archive:${ws.path('root-docker.tar')}:pushgate/root:1.0.0`);
    await ws.skopeo('copy', 'containers-storage:localhost/pushgate/root:1.0.0', `oci-archive:${ws.path('root-oci.tar')}:1.0.0`);
    // A REF may hold a slash and a colon of its own: the file is the longest existing prefix.
    const sources = [
      `registry://${host}/pushgate/root:1.0.0`, 'layout', 'layout:1.0.0', 'oci:layout:1.0.0', 'root-docker.tar', 'root-oci.tar',
      'root-docker.tar:pushgate/root:1.0.0', 'docker-archive:root-docker.tar:pushgate/root:1.0.0', 'oci-archive:root-oci.tar:1.0.0',
      'podman://localhost/pushgate/root:1.0.0',
    ];
    const run = await image(...sources);
    assert.is(run.code, 1, run.stderr);
    const report = findings(run);
    assert.equal(report.map((f) => f.path).sort(), [...sources].sort());
    for (const file of report) assert.equal(file.findings, ROOT_FINDINGS, file.path);
  });

  test('a missing tag, a missing file and a stopped registry are exit 2 with the reason', async () => {
    const host = (plain as Registry).host;
    const missingTag = await image(`registry://${host}/pushgate/good:9.9.9`);
    assert.is(missingTag.code, 2);
    assert.match(missingTag.stderr, /has no manifest for .*pushgate\/good:9\.9\.9/);
    const missingFile = await image('no-such.tar');
    assert.is(missingFile.code, 2);
    assert.match(missingFile.stderr, /^pushgate: no-such\.tar: no such file or directory\n$/);
    const down = await Registry.start(ws, 'down');
    const downHost = down.host;
    await down.stop();
    const unreachable = await image(`registry://${downHost}/pushgate/good:1.0.0`);
    assert.is(unreachable.code, 2);
    assert.match(unreachable.stderr, /cannot reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  });

  test('a multi-platform index is judged per platform; --platform picks one; require-platforms judges the index once', async () => {
    const host = (plain as Registry).host;
    const list = `localhost/pushgate/multi:1.0.0`;
    const { mustExec } = await import('./image-helpers.js');
    await mustExec('buildah', ['manifest', 'create', list], ws.env);
    for (const arch of ['amd64', 'arm64']) await mustExec('buildah', ['manifest', 'add', list, `containers-storage:localhost/pushgate/root-${arch}:1.0.0`], ws.env);
    await mustExec('buildah', ['manifest', 'push', '--all', '--tls-verify=false', list, `docker://${host}/pushgate/multi:1.0.0`], ws.env);
    const source = `registry://${host}/pushgate/multi:1.0.0`;
    const all = await image(source);
    assert.is(all.code, 1, all.stderr);
    assert.equal(findings(all), [
      { path: `${source}#linux/amd64`, findings: ROOT_FINDINGS },
      { path: `${source}#linux/arm64`, findings: ROOT_FINDINGS },
    ]);
    const one = await image('--platform', 'linux/arm64/v8', source);
    assert.equal(findings(one).map((f) => f.path), [source]);
    ws.write('platforms.yaml', 'extends: recommended\nrules:\n  require-platforms: [error, { platforms: [linux/amd64, linux/arm64, linux/s390x] }]\n');
    const policy = await pushgateImage('image', ['--config', 'platforms.yaml', '--format', 'json', source], { cwd: ws.dir, env: ws.env });
    const platformFindings = findings(policy).flatMap((f) => f.findings.filter((x) => x.includes('require-platforms')).map((x) => `${f.path} ${x}`));
    assert.equal(platformFindings, [`${source}#linux/amd64 1:1 require-platforms imageMissing`]);
    const absent = await image('--platform', 'linux/s390x', source);
    assert.is(absent.code, 2);
    assert.match(absent.stderr, /no image for platform linux\/s390x; the index offers linux\/amd64, linux\/arm64/);
  });

  test('Basic auth (htpasswd): credentials from config.json auths and from a credential helper; refusal is exit 2', async () => {
    const secure = await Registry.start(ws, 'basic', { htpasswd: { user: 'alice', password: 's3cret-basic' } });
    try {
      await ws.skopeo('copy', '--dest-tls-verify=false', '--dest-creds', 'alice:s3cret-basic', 'containers-storage:localhost/pushgate/good:1.0.0', `docker://${secure.host}/pushgate/good:1.0.0`);
      const source = `registry://${secure.host}/pushgate/good:1.0.0`;
      const anonymous = await image(source);
      assert.is(anonymous.code, 2);
      assert.match(anonymous.stderr, /authentication required and the docker config has no credentials/);

      writeFileSync(ws.path('docker', 'config.json'), JSON.stringify({ auths: { [`http://${secure.host}`]: { auth: Buffer.from('alice:s3cret-basic').toString('base64') } } }));
      const withAuths = await image(source);
      assert.is(withAuths.code, 0, withAuths.stderr);

      writeFileSync(ws.path('docker', 'config.json'), JSON.stringify({ auths: { [secure.host]: { auth: Buffer.from('alice:wrong').toString('base64') } } }));
      const refused = await image(source);
      assert.is(refused.code, 2);
      assert.match(refused.stderr, /authentication refused/);
      assert.not.match(refused.stderr, /wrong|YWxpY2U6/);

      // docker-credential-pgtest: answers `get` for this server from its stdin, as real helpers do.
      const helper = ws.write('bin/docker-credential-pgtest', `#!/bin/sh\nread server\nif [ "$server" = "${secure.host}" ]; then printf '{"ServerURL":"%s","Username":"alice","Secret":"s3cret-basic"}' "$server"; else echo "credentials not found in native keychain"; exit 1; fi\n`);
      chmodSync(helper, 0o755);
      writeFileSync(ws.path('docker', 'config.json'), JSON.stringify({ credHelpers: { [secure.host]: 'pgtest' } }));
      const viaHelper = await image(source);
      assert.is(viaHelper.code, 0, viaHelper.stderr);
      writeFileSync(ws.path('docker', 'config.json'), JSON.stringify({ credsStore: 'pgtest' }));
      const viaStore = await image(source);
      assert.is(viaStore.code, 0, viaStore.stderr);
    } finally {
      writeFileSync(ws.path('docker', 'config.json'), '{}');
      await secure.stop();
    }
  });

  test('Bearer token auth: the registry challenges, the token server issues a scoped JWT', async () => {
    const tokens = await TokenServer.start(ws, { bob: 'token-pass' });
    // Same storage as the anonymous registry: its images are already there.
    const guarded = await Registry.start(ws, 'token', { token: tokens }, ws.path('plain-storage'));
    try {
      const source = `registry://${guarded.host}/pushgate/root:1.0.0`;
      const anonymous = await image(source);
      assert.is(anonymous.code, 2);
      assert.match(anonymous.stderr, /authentication required and the docker config has no credentials/);
      writeFileSync(ws.path('docker', 'config.json'), JSON.stringify({ auths: { [guarded.host]: { auth: Buffer.from('bob:token-pass').toString('base64') } } }));
      const authorised = await image(source);
      assert.is(authorised.code, 1, authorised.stderr);
      assert.equal(findings(authorised)[0]?.findings, ROOT_FINDINGS);
      assert.ok(tokens.requests.some((r) => r.user === 'bob' && r.scope === 'repository:pushgate/root:pull'), JSON.stringify(tokens.requests));
    } finally {
      writeFileSync(ws.path('docker', 'config.json'), '{}');
      await guarded.stop();
      await tokens.stop();
    }
  });

  test('podman:// reads the local image through podman image inspect; an unknown image is exit 2', async () => {
    const good = await image('podman://localhost/pushgate/good:1.0.0');
    assert.is(good.code, 0, good.stderr + good.stdout);
    const missing = await image('podman://localhost/pushgate/absent:1.0.0');
    assert.is(missing.code, 2);
    assert.match(missing.stderr, /podman image inspect failed/);
  });

  test.run();
} else {
  test('registry tests skipped: tools missing (see the note above)', () => undefined);
  test.run();
}

