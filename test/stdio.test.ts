import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syncOutput } from '../src/cli/stdio.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'pushgate.cjs');

test('syncOutput writes everything to a file descriptor, which is not a terminal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pushgate-output-'));
  try {
    const fd = openSync(join(dir, 'out'), 'w');
    const out = syncOutput(fd);
    const big = 'x'.repeat(300_000);
    out.write('é\n');
    out.write(big);
    closeSync(fd);
    assert.is(out.isTTY, false);
    assert.is(readFileSync(join(dir, 'out'), 'utf8'), `é\n${big}`);
    const devNull = openSync('/dev/null', 'w');
    assert.is(syncOutput(devNull).isTTY, false, '/dev/null is a character device but no terminal');
    closeSync(devNull);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a reader that goes away early does not change the verdict or print an error', async () => {
  // Enough findings to overflow a pipe buffer: the reader closes after the first bytes.
  const child = spawn(process.execPath, [BIN, '--no-config', '--format', 'json', join(ROOT, 'fixtures', 'demo')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.is(code, 1);
  assert.is(stderr, '');
});

test('a report larger than a pipe buffer arrives whole through a pipe', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pushgate-output-'));
  try {
    for (let i = 0; i < 150; i++) {
      mkdirSync(join(dir, `s${i}`));
      writeFileSync(join(dir, `s${i}`, 'Dockerfile'), 'FROM node\nCOPY . /app\n');
    }
    const result = spawnSync(process.execPath, [BIN, '--no-config', '--format', 'json', dir], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.is(result.status, 1);
    assert.ok(result.stdout.length > 4 * 65_536, `report of ${result.stdout.length} bytes`);
    assert.is((JSON.parse(result.stdout) as { files: unknown[] }).files.length, 150);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
