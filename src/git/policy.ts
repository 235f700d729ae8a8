// The policy file of a pushed commit, found in its tree (SPEC §2, §4): the first policy
// file at the repository root in SEARCH_PLACES order, as `pushgate` would find it in
// a checkout of that commit; and what can be told about it without parsing it. Loading
// it is commit-policy.ts's work. Nothing here loads the config machinery: the hook's
// fast path (quick.ts) uses it.

import { ConfigError } from '../config/errors.js';
import { hasPolicyKey, MODULE_NAME, SEARCH_PLACES } from '../config/files.js';
import type { CatFile, GitBlob } from './cat-file.js';
import type { ChangedPaths, Trees } from './changes.js';

/** A JavaScript policy file: never parsed from its text. */
export const JS_PLACE = /\.[cm]?js$/;

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

/**
 * Whether a push changes the pushed commit's policy: one of `policyFiles` (the policy
 * places at the root, and the files the policy extends) changed, or for package.json
 * its "pushgate" key did.
 */
export async function changesPolicy(change: ChangedPaths, rev: string, policyFiles: ReadonlySet<string>, cat: CatFile): Promise<boolean> {
  for (const path of [...change.paths, ...change.removed]) {
    if (!policyFiles.has(path)) continue;
    if (path !== 'package.json') return true;
    // package.json changes for many reasons; only its "pushgate" key is the policy.
    const [before, after] = await cat.getAll([`${change.base ?? rev}:package.json`, `${rev}:package.json`]);
    const now = packagePolicyText(after ?? null);
    if (change.base === null) {
      if (now !== undefined) return true; // no single base to compare with: a policy package.json changed
      continue;
    }
    if (packagePolicyText(before ?? null) !== now) return true;
  }
  return false;
}
