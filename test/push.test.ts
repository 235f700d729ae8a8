// `pushgate push IMAGE --engine podman` against a real registry: the push happens only
// when the policy passes, and no-overwrite-release-tag refuses to move a semver tag that
// already names another image. What reached the registry is checked with skopeo.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exec, mustExec, pushgateImage, Registry, toolsAvailable, Workspace } from './image-helpers.js';

if (toolsAvailable('push.test.ts')) {
  const ws = new Workspace();
  let registry: Registry | null = null;
  const host = () => (registry as Registry).host;
  const push = (image: string, ...args: string[]) => pushgateImage('push', ['--no-config', '--engine', 'podman', ...args, image], { cwd: ws.dir, env: ws.env });
  const remoteDigest = async (reference: string): Promise<string | null> => {
    const run = await exec('skopeo', ['inspect', '--tls-verify=false', '--format', '{{.Digest}}', `docker://${reference}`], ws.env);
    return run.code === 0 ? run.stdout.trim() : null;
  };
  const podman = (...args: string[]) => mustExec('podman', args, ws.env);

  test.before(async () => {
    try {
      await ws.build('good', 'localhost/pushgate/good:1.0.0');
      await ws.build('good-v2', 'localhost/pushgate/good-v2:1.0.1');
      await ws.build('root', 'localhost/pushgate/root:1.0.0');
      registry = await Registry.start(ws, 'push');
    } catch (error) {
      process.stderr.write(`push.test.ts set-up failed: ${String(error)}\n`);
      throw error;
    }
  });
  test.after(async () => {
    await registry?.stop();
    ws.cleanUp();
  });

  test('policy failure: exit 1, the report names the problems, nothing is pushed', async () => {
    const target = `${host()}/pushgate/root:1.0.0`;
    await podman('tag', 'localhost/pushgate/root:1.0.0', target);
    const run = await push(target);
    assert.is(run.code, 1, run.stderr);
    assert.match(run.stdout, /require-non-root-user/);
    assert.match(run.stdout, /no-hardcoded-credentials/);
    assert.match(run.stderr, new RegExp(`not pushing ${target.replace(/[.]/g, '\\.')}: the policy failed`));
    assert.is(await remoteDigest(target), null);
  });

  test('policy pass: podman push runs, its output streamed, and the image is in the registry', async () => {
    const target = `${host()}/pushgate/app:1.0.0`;
    await podman('tag', 'localhost/pushgate/good:1.0.0', target);
    const run = await push(target);
    assert.is(run.code, 0, run.stderr + run.stdout);
    assert.match(run.stderr, /policy passed; running "podman push/);
    assert.match(run.stderr + run.stdout, /Writing manifest|Storing signatures|Copying/);
    assert.ok(await remoteDigest(target));
    // Pushing the same image again does not move the tag: allowed.
    const again = await push(target);
    assert.is(again.code, 0, again.stderr + again.stdout);
  });

  test('no-overwrite-release-tag: another image under an existing semver tag is refused', async () => {
    const target = `${host()}/pushgate/app:1.0.0`;
    const before = await remoteDigest(target);
    assert.ok(before, 'the previous test pushed 1.0.0');
    await podman('tag', 'localhost/pushgate/good-v2:1.0.1', target);
    const run = await push(target, '--format', 'json');
    assert.is(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout) as { files: Array<{ findings: Array<{ ruleId: string; message: string }> }> };
    const moved = report.files.flatMap((f) => f.findings).filter((f) => f.ruleId === 'no-overwrite-release-tag');
    assert.is(moved.length, 1);
    assert.match(moved[0]?.message ?? '', /Tag "1\.0\.0" already exists in 127\.0\.0\.1:\d+\/pushgate\/app as sha256:/);
    assert.is(await remoteDigest(target), before, 'the tag still names the first image');
    // A tag that is not a release may move; turning the rule off lets the release move too.
    const branch = `${host()}/pushgate/app:main`;
    await podman('tag', 'localhost/pushgate/good-v2:1.0.1', branch);
    assert.is((await push(branch)).code, 0);
  });

  test('an image the engine does not have is exit 2, nothing pushed', async () => {
    const target = `${host()}/pushgate/absent:1.0.0`;
    const run = await push(target);
    assert.is(run.code, 2);
    assert.match(run.stderr, /^pushgate: not pushing .*podman image inspect failed/);
    assert.is(await remoteDigest(target), null);
  });

  test('a registry that cannot be asked about a release tag stops the push (fail closed)', async () => {
    const down = await Registry.start(ws, 'gone');
    const target = `${down.host}/pushgate/app:2.0.0`;
    await down.stop();
    await podman('tag', 'localhost/pushgate/good:1.0.0', target);
    const run = await push(target);
    assert.is(run.code, 2);
    assert.match(run.stderr, /cannot check whether tag 2\.0\.0 already exists: cannot reach/);
  });

  test.run();
} else {
  test('push tests skipped: tools missing (see the note above)', () => undefined);
  test.run();
}
