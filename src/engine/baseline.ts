// The baseline for adopting pushgate in an existing repository: `pushgate baseline`
// records today's findings by fingerprint (rule + message + the offending line's
// text, not its number), and later runs report only findings not recorded.

import { readFileSync } from 'node:fs';
import type { FileResult } from '../models/finding.js';
import { writeFileAtomic } from '../io/atomic.js';

export const BASELINE_FILE = '.pushgate-baseline.json';

export interface BaselineEntry {
  path: string;
  ruleId: string;
  fingerprint: string;
}

export interface Baseline {
  version: 1;
  entries: BaselineEntry[];
}

export class BaselineError extends Error {}

export function createBaseline(results: readonly FileResult[]): Baseline {
  const entries: BaselineEntry[] = [];
  for (const file of results) {
    for (const finding of file.findings) {
      if (finding.fingerprint) entries.push({ path: file.path, ruleId: finding.ruleId, fingerprint: finding.fingerprint });
    }
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.fingerprint < b.fingerprint ? -1 : 1));
  return { version: 1, entries };
}

export function writeBaseline(path: string, baseline: Baseline): void {
  writeFileAtomic(path, `${JSON.stringify(baseline, null, 2)}\n`);
}

/** Reads a baseline; null when the file does not exist. A malformed one is an error, never ignored. */
export function readBaseline(path: string): Baseline | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new BaselineError(`${path}: cannot read the baseline (${(error as NodeJS.ErrnoException).code ?? 'EIO'})`);
  }
  return parseBaseline(text, path);
}

/**
 * A baseline from its text, wherever it was read (a file, a git object); `where` names
 * it in errors. Malformed JSON or another document is a BaselineError; entries that
 * are not `{path, ruleId, fingerprint}` strings are dropped.
 */
export function parseBaseline(text: string, where: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new BaselineError(`${where}: the baseline is not valid JSON; regenerate it with "pushgate baseline"`);
  }
  const entries = (data as { entries?: unknown } | null)?.entries;
  if ((data as { version?: unknown } | null)?.version !== 1 || !Array.isArray(entries)) {
    throw new BaselineError(`${where}: not a pushgate baseline (expected {"version": 1, "entries": [...]}); regenerate it with "pushgate baseline"`);
  }
  const valid = entries.filter(
    (e): e is BaselineEntry =>
      typeof e === 'object' && e !== null && typeof e.path === 'string' && typeof e.ruleId === 'string' && typeof e.fingerprint === 'string',
  );
  return { version: 1, entries: valid };
}

/** Drops findings the baseline records; returns how many were dropped. */
export function applyBaseline(results: FileResult[], baseline: Baseline): number {
  const known = new Set(baseline.entries.map((e) => `${e.path}\u0000${e.ruleId}\u0000${e.fingerprint}`));
  let dropped = 0;
  for (const file of results) {
    const before = file.findings.length;
    file.findings = file.findings.filter((f) => !f.fingerprint || !known.has(`${file.path}\u0000${f.ruleId}\u0000${f.fingerprint}`));
    dropped += before - file.findings.length;
  }
  return dropped;
}
