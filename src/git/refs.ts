// What is being pushed: git's pre-push protocol (one `<local ref> <local sha>
// <remote ref> <remote sha>` line per ref on stdin, githooks(5)), or the refs the
// pre-commit framework hands over in PRE_COMMIT_* variables (it reads stdin itself).

export interface PushedRef {
  localRef: string;
  /** The object pushed (a commit, or an annotated tag that peels to one). */
  localSha: string;
  remoteRef: string;
  /** What the remote has now; null when the ref is new there. */
  remoteSha: string | null;
  /**
   * Set for pre-commit's "everything" case (a new branch that includes a root
   * commit): lint every relevant file of the commit, not a diff.
   */
  all?: boolean;
}

/** What the pre-commit framework exports to a pre-push hook (read by the CLI from the environment). */
export interface PreCommitRefs {
  /** PRE_COMMIT=1: running under pre-commit, which has read git's stdin itself. */
  active?: boolean;
  fromRef?: string;
  toRef?: string;
  localBranch?: string;
  remoteBranch?: string;
  remoteName?: string;
}

const ZERO = /^0+$/;
const OID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

export class RefLineError extends Error {}

/**
 * Parses every ref line. Deletions (local sha all zeros) are dropped: nothing is
 * published. Blank lines are ignored; anything else malformed is an error (the gate
 * fails closed rather than guess).
 */
export function parseRefLines(text: string): PushedRef[] {
  const refs: PushedRef[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') continue;
    // Ref names cannot contain spaces, so the last three fields are unambiguous.
    const parts = line.split(' ');
    if (parts.length < 4) throw new RefLineError(`unexpected pre-push input line ${JSON.stringify(line)}; expected "<local ref> <local sha> <remote ref> <remote sha>"`);
    const remoteSha = parts.pop() as string;
    const remoteRef = parts.pop() as string;
    const localSha = parts.pop() as string;
    const localRef = parts.join(' ');
    if (!OID.test(localSha) || !OID.test(remoteSha)) {
      throw new RefLineError(`unexpected pre-push input line ${JSON.stringify(line)}; expected full object ids`);
    }
    if (ZERO.test(localSha)) continue; // a deletion
    refs.push({ localRef, localSha, remoteRef, remoteSha: ZERO.test(remoteSha) ? null : remoteSha });
  }
  return refs;
}

/**
 * The refs from pre-commit's variables, or null when they are not set (then stdin
 * is read). FROM and TO: the diff FROM..TO, linted at TO. pre-commit leaves both
 * unset when the pushed commits reach a root commit (it runs hooks on all files then),
 * and sets PRE_COMMIT_LOCAL_BRANCH: lint everything at that ref. Under pre-commit with
 * neither (`pre-commit run --hook-stage pre-push` by hand) stdin is not git's (it may
 * be a terminal): lint everything at HEAD.
 */
export function preCommitRefs(env: PreCommitRefs): PushedRef[] | null {
  const remoteRef = env.remoteBranch ?? 'HEAD';
  if (env.fromRef && env.toRef) {
    const localRef = env.localBranch ?? env.toRef;
    if (ZERO.test(env.toRef)) return [];
    return [{ localRef, localSha: env.toRef, remoteRef, remoteSha: ZERO.test(env.fromRef) ? null : env.fromRef }];
  }
  if (env.localBranch) return [{ localRef: env.localBranch, localSha: env.localBranch, remoteRef, remoteSha: null, all: true }];
  if (env.active) return [{ localRef: 'HEAD', localSha: 'HEAD', remoteRef, remoteSha: null, all: true }];
  return null;
}
