// The pre-push hook's fast path: a bundle of its own (dist/hook.cjs, with its own V8
// code cache) that bin/pushgate.cjs runs for `pushgate pre-push` before the CLI. The
// common push changes no file that could be linted, and then this is all that runs:
// no argv parser, no policy loader, no glob compiler, no lint machinery, nothing
// written to stdout — a few kB of code next to the CLI's ~800.
//
// It answers only "nothing relevant" (exit 0), and only in the plain case: `pushgate
// pre-push [REMOTE [URL]]` without options or PRE_COMMIT_* variables, every pushed
// ref an update or a new branch whose changed paths include no policy file (see
// policy.ts's changesPolicy) and no name a default include glob might match
// (relevance.ts), under a policy that keeps the default globs (none, or one that
// keepsDefaultKinds). Anything else, including any error, goes to the full CLI with
// what was read so far (handoff.ts); the CLI then decides as if this had not run.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SEARCH_PLACES } from '../config/files.js';
import { BASELINE_FILE } from '../engine/baseline.js';
import { findRepositoryRoot } from '../io/repository.js';
import { CatFile, DEFAULT_MAX_BLOB_BYTES } from './cat-file.js';
import { changedPaths, Trees } from './changes.js';
import type { Env, GitContext } from './exec.js';
import type { PrePushHandoff } from './handoff.js';
import { changesPolicy, keepsDefaultKinds, probePolicy } from './policy.js';
import { parseRefLines, type PushedRef } from './refs.js';
import { companions, mayMatchDefaultGlobs } from './relevance.js';

export interface QuickIo {
  /** The CLI's arguments, `pre-push` first. */
  argv: readonly string[];
  env: Env;
  cwd: string;
}

const ROOT_PLACES: ReadonlySet<string> = new Set(SEARCH_PLACES);

/**
 * The exit code when the push certainly has nothing to lint; otherwise what the full
 * CLI needs to carry on (null: nothing read yet, run it as usual).
 */
export async function quickPrePush(io: QuickIo): Promise<number | PrePushHandoff | null> {
  const args = io.argv.slice(1);
  if (io.argv[0] !== 'pre-push' || args.length > 2 || args.some((arg) => arg.startsWith('-'))) return null;
  if (Object.keys(io.env).some((name) => name.startsWith('PRE_COMMIT'))) return null;
  const root = findRepositoryRoot(io.cwd) ?? resolve(io.cwd);
  const context: GitContext = { cwd: root, env: io.env };
  // git starts while the ref lines are read.
  const cat = new CatFile(context, DEFAULT_MAX_BLOB_BYTES);
  const trees = new Trees(cat);
  let input: string;
  try {
    // One synchronous read, as git hands the lines through a pipe; anything else
    // (a terminal) is left to the CLI.
    input = readFileSync(0, 'utf8');
  } catch {
    return { root, cat, trees };
  }
  try {
    const refs = parseRefLines(input);
    const ahead = refs.length === 0 ? null : await firstRelevant(refs, args[0] ?? null, context, cat, trees);
    if (ahead === null) {
      cat.close();
      return 0;
    }
    // git reads what the CLI will ask for first while the CLI loads.
    cat.prefetch(ahead);
  } catch {
    // Malformed input, a git failure, a policy that cannot be probed: the CLI reports it.
  }
  return { root, input, cat, trees };
}

/**
 * Null when no pushed ref has anything relevant; otherwise, for the first ref that may,
 * the git objects the CLI will read first (its policy file, the candidate files, their
 * companions and the default baseline).
 */
async function firstRelevant(refs: readonly PushedRef[], remote: string | null, context: GitContext, cat: CatFile, trees: Trees): Promise<string[] | null> {
  for (const ref of refs) {
    // The policy is probed while the trees are compared (its blob rides along with
    // the subtrees); the CLI probes a touched ref too, and fails on a broken policy.
    const probing = probePolicy(cat, trees, ref.localSha);
    probing.catch(() => undefined);
    const change = await changedPaths(ref, remote, context, trees);
    if (change.paths.length === 0 && change.removed.length === 0) continue;
    const probe = await probing;
    const policy = probe.place === null ? [] : [probe.blob.oid];
    if (probe.place !== null && !keepsDefaultKinds(probe.place, probe.blob)) return policy;
    if (await changesPolicy(change, ref.localSha, ROOT_PLACES, cat)) return policy;
    const candidates = change.paths.filter(mayMatchDefaultGlobs);
    if (candidates.length > 0) {
      const paths = new Set([...candidates.flatMap((path) => [path, ...companions(path)]), BASELINE_FILE]);
      return [...policy, ...[...paths].map((path) => `${ref.localSha}:${path}`)];
    }
  }
  return null;
}
