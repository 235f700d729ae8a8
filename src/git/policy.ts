// The policy of a pushed commit, read from its tree (SPEC §2, §4): the first policy
// file at the repository root in SEARCH_PLACES order, as `pushgate` would find it in
// a checkout of that commit.
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
import { hasPolicyKey, MODULE_NAME, SEARCH_PLACES } from '../config/files.js';
import { lazyRequire } from '../io/import.js';
import type { CatFile, GitBlob } from './cat-file.js';
import type { Trees } from './changes.js';

const JS_PLACE = /\.[cm]?js$/;

/** The policy file a commit has at its root, found without loading any of the config machinery. */
export type PolicyProbe = { place: null } | { place: string; blob: GitBlob };

/**
 * Looks at the commit's root tree (usually read already for the diff) and reads only
 * the candidates that exist: a commit without a policy file costs no request at all.
 */
export async function probePolicy(cat: CatFile, trees: Trees, rev: string): Promise<PolicyProbe> {
  const root = await trees.root(rev);
  if (root === null) throw new Error(`git: cannot read the tree of ${rev}`);
  for (const place of SEARCH_PLACES) {
    const entry = root.get(place);
    if (!entry) continue;
    if (entry.mode === '120000') {
      // On disk the link would be followed; in git objects it is only its target's name.
      throw new ConfigError({ file: `${rev.slice(0, 7)}:${place}`, path: '', detail: 'is a symbolic link, which cannot be followed in git objects; commit the policy file itself' });
    }
    if (!entry.mode.startsWith('100')) continue;
    const blob = await cat.get(entry.oid);
    if (blob === null) continue;
    if (place === 'package.json' && !hasPushgateKey(blob)) continue;
    return { place, blob };
  }
  return { place: null };
}

/** A package.json is a policy only with a top-level "pushgate" key. */
function hasPushgateKey(blob: GitBlob): boolean {
  return blob.data === null || hasPolicyKey(blob.data.toString('utf8'));
}

/**
 * Whether a policy file certainly leaves the include globs at their defaults, told
 * from its text without parsing it: no `include` anywhere (not even in a comment), no
 * backslash (no escaped key), and `extends` naming presets only (an extended file
 * could set `include`). Anything else, and JavaScript, is "maybe not": the policy is
 * then loaded before deciding which pushed files are relevant.
 */
export function keepsDefaultKinds(place: string, blob: GitBlob): boolean {
  if (JS_PLACE.test(place) || blob.data === null) return false;
  let text = blob.data.toString('utf8');
  if (place === 'package.json') {
    try {
      text = JSON.stringify((JSON.parse(text) as Record<string, unknown>)[MODULE_NAME]) ?? '';
    } catch {
      return false;
    }
  }
  if (text.includes('\\') || text.includes('include')) return false;
  for (const match of text.matchAll(/extends/g)) {
    const rest = text.slice((match.index ?? 0) + 'extends'.length);
    if (!/^["']?[ \t]*:[ \t]*["']?(?:recommended|strict)["']?[ \t]*(?:[,}\r\n#]|$)/.test(rest)) return false;
  }
  return true;
}

/** The `pushgate` key of a package.json blob as JSON text (undefined when absent or unreadable), to compare two versions. */
export function packagePolicyText(blob: GitBlob | null): string | undefined {
  if (blob === null || blob.data === null) return undefined;
  try {
    const data = JSON.parse(blob.data.toString('utf8')) as Record<string, unknown> | null;
    return data !== null && typeof data === 'object' && Object.hasOwn(data, MODULE_NAME) ? JSON.stringify(data[MODULE_NAME]) : undefined;
  } catch {
    return 'malformed';
  }
}

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
