// Loading the policy of a pushed commit (SPEC §2, §4), once policy.ts has found it.
//
// JavaScript policies are never run from git objects: that would execute code
// from whatever is being pushed. A JS policy in the commit is accepted only when the
// work tree holds the very same file (same blob id), and then the work-tree file is
// loaded — the user's own config, as `pushgate lint` would run it; every file it
// `extends` inside the repository must match the commit too. Otherwise the gate
// fails closed with a message saying how to get going again.

import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { LoadedPolicy } from '../config/load.js';
import { ConfigError } from '../config/errors.js';
import { lazyRequire } from '../io/import.js';
import type { CatFile } from './cat-file.js';
import { JS_PLACE, type PolicyProbe } from './policy.js';
import { openPolicyMemo } from './policy-memo.js';

export interface CommitPolicyOptions {
  root: string;
  rev: string;
  probe: PolicyProbe & { place: string };
  cat: CatFile;
}

/** Loads the probed policy file of a commit (and what it extends) from the commit. */
export async function loadCommitPolicy(options: CommitPolicyOptions): Promise<LoadedPolicy> {
  const { root, rev, probe, cat } = options;
  const short = rev.slice(0, 7);
  const { loadPolicy, loadPolicyFromTree } = await import('../config/load.js');
  if (!JS_PLACE.test(probe.place)) {
    return loadPolicyFromTree(
      {
        root,
        read: async (path) => {
          const blob = path === probe.place ? probe.blob : await cat.get(`${rev}:${path}`);
          return blob?.data ? blob.data.toString('utf8') : null;
        },
        display: (path) => `${short}:${path}`,
        memo: openPolicyMemo(root, new Map([[probe.place, probe.blob.oid]])),
      },
      { cwd: root, file: probe.place },
    );
  }
  const onDisk = join(root, probe.place);
  if (blobId(onDisk, probe.blob.oid) !== probe.blob.oid) {
    throw new ConfigError({
      file: `${short}:${probe.place}`,
      path: '',
      detail:
        'a JavaScript policy is never run from git objects, and the work tree\'s copy differs from the pushed one; ' +
        'check out the pushed commit (or commit the work tree\'s policy) and push again, or use a .pushgaterc.yaml / .json policy',
    });
  }
  const policy = await loadPolicy({ cwd: root, configFile: onDisk });
  for (const file of policy.configFiles) {
    if (file === onDisk) continue;
    const rel = relative(root, file);
    const path = rel.split(sep).join('/');
    if (rel.startsWith('..') || isAbsolute(rel)) {
      throw new ConfigError({ file: `${short}:${probe.place}`, path: 'extends', detail: `"${file}" is outside the repository; expected a policy file in the same commit` });
    }
    const blob = await cat.get(`${rev}:${path}`);
    if (blob === null || blobId(file, blob.oid) !== blob.oid) {
      throw new ConfigError({
        file: `${short}:${path}`,
        path: '',
        detail: 'the JavaScript policy is loaded from the work tree, whose copy of this file differs from the pushed one; commit it or check out the pushed commit',
      });
    }
  }
  return policy;
}

/**
 * The git blob id of a work-tree file (`git hash-object`, in the object format of
 * `like`: SHA-1 or SHA-256), or null when it cannot be read.
 */
function blobId(file: string, like: string): string | null {
  let content: Buffer;
  try {
    content = readFileSync(file);
  } catch {
    return null;
  }
  const { createHash } = lazyRequire('node:crypto') as typeof import('node:crypto');
  return createHash(like.length === 64 ? 'sha256' : 'sha1')
    .update(`blob ${content.length}\0`)
    .update(content)
    .digest('hex');
}
