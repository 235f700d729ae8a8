// Policy files remembered across pre-push runs, in the git directory. Parsing the YAML
// of a policy and validating it against the schema are most of what loading it costs a
// push that lints one file (the `yaml` library and the precompiled validator, cold, for
// a ten-line document), and a repository's policy changes rarely. The memo maps a
// policy file's path and git blob id to what parsing it gave, once that passed
// validation: a later run takes it as parsed and valid. Keyed by the blob id, it never
// answers for other content; keyed by pushgate's version and the schema's hash
// (generated/policy-schema-id.js), it holds only what this very build validated. A
// policy that fails validation is never remembered, so it fails every push.
//
// Best effort throughout: a memo that cannot be read is empty, one that cannot be
// written is not written, and a write is a rename of a complete file, so concurrent
// pushes never see half of one.

import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gitDirectory } from '../io/repository.js';
import { VERSION } from '../version.js';
import { POLICY_SCHEMA_ID } from '../../generated/policy-schema-id.js';

/** Where a run's memo lives in the git directory. */
export const MEMO_FILE = 'pushgate-policy-memo.json';

/** Entries kept: one per policy file and branch someone pushes from, in practice. */
const MAX_ENTRIES = 8;

/** The build whose parser and schema made the entries. */
export const BUILD = `${VERSION} ${POLICY_SCHEMA_ID}`;

export interface PolicyMemo {
  /** What parsing the file at `path` gave, when this content was parsed and found valid before. */
  recall(path: string): { data: unknown } | undefined;
  /**
   * Remembers what parsing the file at `path` gave, once it passed validation (values
   * JSON cannot hold exactly are not kept).
   */
  remember(path: string, data: unknown): void;
}

interface MemoFile {
  /** BUILD of the run that wrote it. */
  version: string;
  /** `<blob id> <path>` → parsed value, oldest first. */
  entries: Record<string, unknown>;
}

/**
 * The memo of the work tree at `root`, for the files whose blob ids are known
 * (`blobs`: path → blob id); a file not listed is never recalled or remembered.
 */
export function openPolicyMemo(root: string, blobs: ReadonlyMap<string, string>): PolicyMemo {
  const dir = gitDirectory(root);
  const file = dir === null ? null : join(dir, MEMO_FILE);
  let memo: MemoFile | undefined;
  const load = (): MemoFile => (memo ??= readMemo(file));
  const key = (path: string): string | undefined => {
    const blob = blobs.get(path);
    return blob === undefined ? undefined : `${blob} ${path}`;
  };
  return {
    recall(path) {
      const at = key(path);
      if (at === undefined || file === null) return undefined;
      const entries = load().entries;
      return Object.hasOwn(entries, at) ? { data: entries[at] } : undefined;
    },
    remember(path, data) {
      const at = key(path);
      if (at === undefined || file === null || !isExactJson(data)) return;
      const { entries } = load();
      delete entries[at];
      entries[at] = data;
      const keys = Object.keys(entries);
      for (const old of keys.slice(0, Math.max(0, keys.length - MAX_ENTRIES))) delete entries[old];
      writeMemo(file, { version: BUILD, entries });
    },
  };
}

function readMemo(file: string | null): MemoFile {
  const empty: MemoFile = { version: BUILD, entries: Object.create(null) as Record<string, unknown> };
  if (file === null) return empty;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<MemoFile> | null;
    if (parsed?.version !== BUILD || parsed.entries === null || typeof parsed.entries !== 'object' || Array.isArray(parsed.entries)) return empty;
    return { version: BUILD, entries: Object.assign(Object.create(null) as Record<string, unknown>, parsed.entries) };
  } catch {
    return empty;
  }
}

function writeMemo(file: string, memo: MemoFile): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, JSON.stringify(memo));
    renameSync(temporary, file);
  } catch {
    // A read-only repository, a full disk: the next run parses again.
  }
}

/**
 * Whether JSON gives `value` back exactly: plain objects and arrays, strings,
 * booleans, null and finite numbers other than -0. Not kept: NaN and infinities
 * (JSON writes null), undefined, a `__proto__` key (JSON.parse makes it an own
 * property where the parser may not have), anything with a prototype of its own.
 */
export function isExactJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      if (!(index in value) || !isExactJson(value[index])) return false;
    }
    return true;
  }
  if (typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return false;
  for (const key of Object.keys(value)) {
    if (key === '__proto__' || !isExactJson((value as Record<string, unknown>)[key])) return false;
  }
  return Object.getOwnPropertySymbols(value).length === 0;
}
