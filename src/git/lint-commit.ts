// The lint half of the pre-push gate, imported only when a push has relevant files:
// blobs from the pushed commit become lint targets, companion files (`.dockerignore`)
// come from the same commit through a FileSystemView, and each ref gets its report.
//
// FileSystemView.read is synchronous while git answers asynchronously, so the view
// serves from a cache filled ahead: the likely companions are fetched with the
// targets, and a read of anything else is recorded as a miss, fetched, and the ref
// linted again (rarely more than once; bounded).

import { decodeText } from '../io/decode.js';
import { posix } from 'node:path';
import type { FileResult, LintReport } from '../models/finding.js';
import type { LoadedPolicy } from '../config/load.js';
import { lintTargets, MAX_FILE_BYTES, SUPPORTED_KINDS, type FileSystemView, type LintTarget } from '../engine/lint.js';
import { buildReport } from '../engine/verdict.js';
import { applyBaseline, BASELINE_FILE, parseBaseline, type Baseline } from '../engine/baseline.js';
import { getFormatter } from '../formatters/index.js';
import { VERSION } from '../version.js';
import type { CatFile, GitBlob } from './cat-file.js';
import { ESCAPE_HATCH, kindFunction, type PrePushOptions, type RefPlan } from './pre-push.js';
import { companions } from './relevance.js';

/** Re-lints after fetching companion files a rule asked for: at most this many rounds. */
const MAX_ROUNDS = 4;

export async function lintPlans(plans: readonly RefPlan[], options: PrePushOptions & { root: string; cat: CatFile }): Promise<number> {
  const { cat, root } = options;
  cat.maxBytes = MAX_FILE_BYTES;
  const views = new Map<string, CommitView>();
  const format = getFormatter(options.format);
  // stylish is for people: everything on stdout, in order. Machine formats keep stdout to the report.
  const notes = options.format === 'stylish' ? options.stdout : options.stderr;
  let failed = false;
  let printed = false;

  for (const plan of plans) {
    const { ref } = plan;
    let view = views.get(ref.localSha);
    if (!view) {
      view = new CommitView(cat, ref.localSha);
      views.set(ref.localSha, view);
    }
    // git reads the candidate files and their companions while the policy is parsed
    // (a failure surfaces where they are needed, in lintCommitFiles).
    view.fetch(plan.files.flatMap((file) => [file.path, ...companions(file.path)])).catch(() => undefined);
    const policy = await plan.scope.policy();
    // The plan may hold paths the policy ignores (it was made before the policy was parsed).
    const kindOf = kindFunction(policy, root);
    const targets = plan.files.flatMap((file) => {
      const kind = kindOf(file.path);
      return kind !== null && SUPPORTED_KINDS.has(kind) ? [{ path: file.path, kind }] : [];
    });
    if (targets.length === 0) continue;
    const report = await lintCommitFiles(targets, { ...options, policy, view });
    if (report === null) continue;
    if (options.quiet) {
      for (const file of report.files) file.findings = file.findings.filter((f) => f.severity === 'error');
      report.warnings = 0;
    }
    if (printed) notes.write('\n');
    printed = true;
    notes.write(`${header(ref, options.remote, report.fileCount)}\n`);
    options.stdout.write(format(report, { color: options.color, version: VERSION, cwd: root, env: options.env }));
    if (report.verdict === 'fail') {
      failed = true;
      notes.write(`${ESCAPE_HATCH}\n`);
    }
  }
  return failed ? 1 : 0;
}

function header(ref: RefPlan['ref'], remote: string | null, files: number): string {
  const where = ref.remoteRef === ref.localRef || ref.remoteRef === 'HEAD' ? remote ?? 'remote' : `${remote ?? 'remote'} ${ref.remoteRef}`;
  return `pushgate: ${ref.localRef} → ${where} (${files} file${files === 1 ? '' : 's'})`;
}

interface LintCommitOptions extends PrePushOptions {
  root: string;
  policy: LoadedPolicy;
  view: CommitView;
}

/** Lints files of one commit; null when none of them exists there as a blob. */
async function lintCommitFiles(files: ReadonlyArray<{ path: string; kind: LintTarget['kind'] }>, options: LintCommitOptions): Promise<LintReport | null> {
  const { view, policy } = options;
  // The files themselves and the companions rules are known to read, in one round trip.
  await view.fetch([...files.flatMap((file) => [file.path, ...companions(file.path)]), baselinePath(policy, options.root)].filter(isString));
  const targets: LintTarget[] = [];
  for (const file of files) {
    const text = view.text(file.path);
    if (text !== null) targets.push({ path: file.path, kind: file.kind, text });
  }
  if (targets.length === 0) return null;

  const lintOptions = {
    cwd: options.root,
    policy,
    files: view,
    ...(options.ruleSeverities ? { ruleSeverities: options.ruleSeverities } : {}),
    ...(options.today ? { today: options.today } : {}),
  };
  let results: FileResult[] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    view.misses.clear();
    results = lintTargets(targets, lintOptions);
    if (view.misses.size === 0) break;
    await view.fetch([...view.misses]);
  }
  const baseline = readBaseline(view, baselinePath(policy, options.root));
  const baselined = baseline ? applyBaseline(results, baseline) : 0;
  return buildReport(results, { failOn: options.failOn ?? policy.failOn, maxWarnings: options.maxWarnings, fileCount: targets.length, baselined });
}

function isString(value: string | null): value is string {
  return value !== null;
}

/** The baseline file, relative to the root; null when it lies outside the repository. */
function baselinePath(policy: LoadedPolicy, root: string): string | null {
  const file = policy.baseline ?? posix.join(policy.baseDir.split('\\').join('/'), BASELINE_FILE);
  const rel = posix.relative(root.split('\\').join('/'), file.split('\\').join('/'));
  return rel === '' || rel.startsWith('..') || posix.isAbsolute(rel) ? null : rel;
}

/** The pushed commit's baseline: null when there is none; a malformed one is an error (exit 2), never ignored. */
function readBaseline(view: CommitView, path: string | null): Baseline | null {
  if (path === null) return null;
  const text = view.text(path);
  return text === null ? null : parseBaseline(text, `${view.rev.slice(0, 7)}:${path}`);
}

/** Files of one commit, read through the shared cat-file process and cached. */
class CommitView implements FileSystemView {
  readonly #cat: CatFile;
  readonly rev: string;
  readonly #texts = new Map<string, string | null>();
  readonly #inFlight = new Map<string, Promise<void>>();
  /** Paths read but not fetched yet. */
  readonly misses = new Set<string>();

  constructor(cat: CatFile, rev: string) {
    this.#cat = cat;
    this.rev = rev;
  }

  /** Fetches paths not read yet; a path already on its way is awaited, not asked for again. */
  async fetch(paths: readonly string[]): Promise<void> {
    const keys = [...new Set(paths.map(normalise))].filter((path): path is string => path !== null);
    const wanted = keys.filter((path) => !this.#texts.has(path) && !this.#inFlight.has(path));
    if (wanted.length > 0) {
      const batch = this.#cat.getAll(wanted.map((path) => `${this.rev}:${path}`)).then((blobs) => {
        wanted.forEach((path, index) => this.#texts.set(path, decodeBlob(blobs[index] ?? null)));
      });
      // Awaited by whoever needs these paths; a prefetch nobody needs must not fail the run.
      batch.catch(() => undefined);
      for (const path of wanted) this.#inFlight.set(path, batch);
    }
    await Promise.all(new Set(keys.map((path) => this.#inFlight.get(path)).filter((batch) => batch !== undefined)));
  }

  text(path: string): string | null {
    const key = normalise(path);
    return key === null ? null : (this.#texts.get(key) ?? null);
  }

  read(path: string): string | null {
    const key = normalise(path);
    if (key === null) return null;
    if (!this.#texts.has(key)) {
      this.misses.add(key);
      return null;
    }
    return this.#texts.get(key) ?? null;
  }
}

/** A path inside the commit ('/'-separated, no `./`), or null for one outside it. */
function normalise(path: string): string | null {
  const clean = posix.normalize(path.split('\\').join('/')).replace(/^\.\//, '');
  if (clean === '.' || clean === '' || clean.startsWith('../') || clean === '..' || posix.isAbsolute(clean)) return null;
  return clean.replace(/\/+$/, '');
}

/** UTF-8, or UTF-16 when a BOM says so (as the engine reads files from disk). */
function decodeBlob(blob: GitBlob | null): string | null {
  if (blob === null) return null;
  // Over the size cap: a text over the limit makes the engine report the limit, as for a file on disk.
  if (blob.data === null) return ' '.repeat(MAX_FILE_BYTES + 1);
  return decodeText(blob.data);
}
