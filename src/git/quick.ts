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
import { findRepositoryRoot } from '../io/repository.js';
import { CatFile, DEFAULT_MAX_BLOB_BYTES } from './cat-file.js';
import { changedPaths, Trees } from './changes.js';
import type { Env, GitContext } from './exec.js';
import type { PrePushHandoff } from './handoff.js';
import { changesPolicy, keepsDefaultKinds, probePolicy } from './policy.js';
import { parseRefLines, type PushedRef } from './refs.js';
import { mayMatchDefaultGlobs } from './relevance.js';

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
    if (refs.length === 0 || (await nothingRelevant(refs, args[0] ?? null, context, cat, trees))) {
      cat.close();
      return 0;
    }
  } catch {
    // Malformed input, a git failure, a policy that cannot be probed: the CLI reports it.
  }
  return { root, input, cat, trees };
}

async function nothingRelevant(refs: readonly PushedRef[], remote: string | null, context: GitContext, cat: CatFile, trees: Trees): Promise<boolean> {
  for (const ref of refs) {
    // The policy is probed while the trees are compared (its blob rides along with
    // the subtrees); the CLI probes a touched ref too, and fails on a broken policy.
    const probing = probePolicy(cat, trees, ref.localSha);
    probing.catch(() => undefined);
    const change = await changedPaths(ref, remote, context, trees);
    if (change.paths.length === 0 && change.removed.length === 0) continue;
    const probe = await probing;
    if (probe.place !== null && !keepsDefaultKinds(probe.place, probe.blob)) return false;
    if (await changesPolicy(change, ref.localSha, ROOT_PLACES, cat)) return false;
    if (change.paths.some(mayMatchDefaultGlobs)) return false;
  }
  return true;
}
