// loadPolicy: find the policy file, read it, validate it, resolve `extends` and
// produce the Policy the engine runs with. Every failure is a ConfigError (exit 2).
//
// Precedence, lowest first: the base ("recommended" for a policy file without
// `extends`), then each `extends` entry in order (recursively), then the file itself.
// Later wins, key by key; `ignore` and `overrides` accumulate; a rule given a severity
// alone keeps the options an earlier layer configured (like ESLint).

import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { realpathSync, statSync, type Stats } from 'node:fs';
import { rules as registryRules } from '../engine/registry.js';
import type { AnyRule } from '../engine/rule.js';
import type { Kind } from '../models/nodes.js';
import type { FailOn, Policy, PolicyOverride, RuleSetting } from '../models/policy.js';
import type { SeveritySetting } from '../models/finding.js';
import { didYouMean } from './did-you-mean.js';
import { ConfigError } from './errors.js';
import { candidateFiles, PolicyReader, type ReadResult } from './files.js';
import { PRESET_NAMES, type PresetName, type SeverityWord } from './policy-schema.js';
import { basePolicy, isPresetName, presetRules } from './presets.js';
import type { PolicyValidator } from './validate.js';

export interface LoadPolicyOptions {
  /** Working directory: `configFile` is relative to it, and messages show paths relative to it. */
  cwd: string;
  /** Where the search starts (the lint target); defaults to `cwd`. */
  searchFrom?: string;
  /** `--config FILE`: load exactly this file (relative to cwd); no search. */
  configFile?: string;
  /** `--no-config`: the built-in `recommended` preset alone. */
  noConfig?: boolean;
  /**
   * Where the upward search stops (inclusive): the repository root
   * (`git rev-parse --show-toplevel`). null: the filesystem root. Undefined: the first
   * directory holding `.git`, or the filesystem root when there is none.
   */
  repoRoot?: string | null;
}

/** Seams for tests: another rule set and the validator compiled for it. */
export interface PolicyEnvironment {
  rules?: readonly AnyRule[];
  validate?: PolicyValidator;
}

export interface LoadedPolicy extends Policy {
  /** Baseline file (absolute) named by the policy, or null for the default. */
  baseline: string | null;
  /** Directory the policy's globs (include, ignore, overrides.files) are relative to: the policy file's, or cwd. */
  baseDir: string;
  /** Every file the policy was assembled from (absolute), the found/named one first. */
  configFiles: string[];
}

type RawSetting = SeverityWord | [SeverityWord] | [SeverityWord, Record<string, unknown>];

/** A policy file after validation. */
interface PolicyFile {
  extends?: string | string[];
  failOn?: FailOn;
  include?: Partial<Record<Kind, string[]>>;
  ignore?: string[];
  rules?: Record<string, RawSetting>;
  overrides?: Array<{ files: string[]; rules?: Record<string, RawSetting> }>;
  suppressions?: { requireReason?: boolean };
  baseline?: string;
}

/** One step of the resolution: a preset, or one file's own settings. */
type Layer = { preset: PresetName } | { file: string; policy: PolicyFile };

export async function loadPolicy(options: LoadPolicyOptions, env: PolicyEnvironment = {}): Promise<LoadedPolicy> {
  const cwd = resolve(options.cwd);
  const rules = env.rules ?? registryRules;
  if (options.noConfig) return builtIn(cwd, rules);

  const reader = new PolicyReader(cwd);
  if (options.configFile !== undefined) {
    const file = resolve(cwd, options.configFile);
    const stat = statOrNull(file);
    if (!stat) throw new ConfigError({ file: reader.display(file), path: '', detail: 'config file not found' });
    if (stat.isDirectory()) {
      throw new ConfigError({ file: reader.display(file), path: '', detail: 'is a directory; expected a policy file' });
    }
    const read = await reader.read(file);
    if (read === null) {
      throw new ConfigError({ file: reader.display(file), path: '', detail: 'no "pushgate" key; expected the policy under "pushgate"' });
    }
    return resolvePolicy(file, read.data, diskFiles(reader), cwd, rules, env.validate);
  }

  for (const file of candidateFiles(resolve(cwd, options.searchFrom ?? '.'), options.repoRoot)) {
    const read = await reader.read(file);
    if (read === null) continue; // a package.json that only mentions pushgate (a dependency)
    return resolvePolicy(file, read.data, diskFiles(reader), cwd, rules, env.validate);
  }
  return builtIn(cwd, rules);
}

/**
 * Policy files that are not on disk: a commit's tree, read from git objects by the
 * pre-push gate. Paths are relative to `root` with '/' separators.
 */
export interface PolicyTree {
  /** The directory the tree stands for (the repository root); policy paths are made absolute under it. */
  root: string;
  /** The file's text; null when the tree has no such file. */
  read(path: string): Promise<string | null>;
  /** How a file of the tree is shown in messages (e.g. `1a2b3c4:.pushgaterc.yaml`). */
  display(path: string): string;
  /**
   * Files parsed and validated by earlier runs of this build (pre-push keeps them by
   * blob id: git/policy-memo.ts): what `recall` gives is taken as parsed and valid, and
   * `remember` is told what a file parsed to once it passed validation.
   */
  memo?: {
    recall(path: string): { data: unknown } | undefined;
    remember(path: string, data: unknown): void;
  };
}

/**
 * Loads the policy file `file` (relative to the tree's root) and what it extends
 * from the tree. JSON, YAML and package.json#pushgate only: JavaScript is never run
 * from text, so a JS policy (or `extends` of one) is a ConfigError here, and so is
 * an `extends` that leaves the tree. `cwd` is the working directory the policy's
 * paths are reported against (as for loadPolicy).
 */
export async function loadPolicyFromTree(
  tree: PolicyTree,
  options: { cwd: string; file: string },
  env: PolicyEnvironment = {},
): Promise<LoadedPolicy> {
  const cwd = resolve(options.cwd);
  const rules = env.rules ?? registryRules;
  const reader = new PolicyReader(cwd);
  const files = treeFiles(tree, reader);
  const file = resolve(tree.root, options.file);
  const read = await files.read(file);
  if (read === null) {
    throw new ConfigError({ file: files.display(file), path: '', detail: 'no "pushgate" key; expected the policy under "pushgate"' });
  }
  return resolvePolicy(file, read.data, files, cwd, rules, env.validate);
}

/** Where resolvePolicy reads policy files from: the disk, or a tree. */
interface PolicyFiles {
  display(file: string): string;
  /** Null only for a package.json without a "pushgate" key. */
  read(file: string): Promise<ReadResult | null>;
  /** What is at an absolute path named by `extends`. */
  locate(file: string): Promise<'file' | 'directory' | 'missing' | 'outside'>;
  /** Identity for cycle detection (real paths on disk). */
  identity(file: string): string;
  /** Whether a file read is known to be valid (a tree's memo knew it), so not validated again. */
  knownValid?(file: string): boolean;
  /** Told when a file read passed validation. */
  validated?(file: string): void;
}

function diskFiles(reader: PolicyReader): PolicyFiles {
  return {
    display: (file) => reader.display(file),
    read: (file) => reader.read(file),
    locate: async (file) => {
      const stat = statOrNull(file);
      return !stat ? 'missing' : stat.isDirectory() ? 'directory' : 'file';
    },
    identity: realpathOf,
  };
}

function treeFiles(tree: PolicyTree, reader: PolicyReader): PolicyFiles {
  const root = resolve(tree.root);
  const inside = (file: string): string | null => {
    const rel = relative(root, file);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return null;
    return rel.split(sep).join('/');
  };
  const texts = new Map<string, Promise<string | null>>();
  // Files the memo answered for (valid), and files parsed here, to remember once valid.
  const valid = new Set<string>();
  const unchecked = new Map<string, { path: string; data: unknown }>();
  const text = (path: string): Promise<string | null> => {
    let pending = texts.get(path);
    if (!pending) {
      pending = tree.read(path);
      texts.set(path, pending);
    }
    return pending;
  };
  const display = (file: string): string => {
    const path = inside(file);
    return path === null ? reader.display(file) : tree.display(path);
  };
  return {
    display,
    read: async (file) => {
      const path = inside(file);
      const known = path === null ? undefined : tree.memo?.recall(path);
      if (known) {
        valid.add(file);
        return { file, data: known.data };
      }
      const content = path === null ? null : await text(path);
      if (content === null) throw new ConfigError({ file: display(file), path: '', detail: 'cannot load the policy: no such file' });
      const parsed = await reader.parse(file, content, display(file));
      if (parsed !== null && path !== null) unchecked.set(file, { path, data: parsed.data });
      return parsed;
    },
    knownValid: (file) => valid.has(file),
    validated: (file) => {
      const read = unchecked.get(file);
      if (read) tree.memo?.remember(read.path, read.data);
    },
    locate: async (file) => {
      const path = inside(file);
      if (path === null) return 'outside';
      return (await text(path)) === null ? 'missing' : 'file';
    },
    identity: (file) => file,
  };
}

function builtIn(cwd: string, rules: readonly AnyRule[]): LoadedPolicy {
  return finish(fold([{ preset: 'recommended' }], rules), rules, null, cwd, []);
}

async function resolvePolicy(
  file: string,
  data: unknown,
  files: PolicyFiles,
  cwd: string,
  rules: readonly AnyRule[],
  validate: PolicyValidator | undefined,
): Promise<LoadedPolicy> {
  // The validator loads when a file needs it: one a tree's memo knows as valid does not
  // (a validator of the caller's own never trusts the memo, nor teaches it).
  let validation: typeof import('./validate.js') | undefined;
  const check = async (target: string, value: unknown): Promise<PolicyFile> => {
    // An empty file (or one of comments only) is an empty policy.
    const policy = value === undefined ? {} : value;
    if (validate || !files.knownValid?.(target)) {
      validation ??= await import('./validate.js');
      validation.validatePolicy(policy, files.display(target), validate ? { validate } : {});
      if (!validate) files.validated?.(target);
    }
    return policy as PolicyFile;
  };
  const sources: string[] = [];

  type Link = { path: string; real: string };
  const layersOf = async (target: string, policy: PolicyFile, root: boolean, chain: Link[]): Promise<Layer[]> => {
    sources.push(target);
    const layers: Layer[] = [];
    // The root policy builds on "recommended" unless it says otherwise; an extended
    // file without `extends` adds only its own settings (so `extends: [strict, ./team.yaml]`
    // is not pulled back to recommended by team.yaml).
    const entries = policy.extends === undefined ? (root ? ['recommended'] : []) : [policy.extends].flat();
    const isList = Array.isArray(policy.extends);
    for (const [index, entry] of entries.entries()) {
      const at = isList ? `extends[${index}]` : 'extends';
      if (isPresetName(entry)) {
        layers.push({ preset: entry });
        continue;
      }
      if (!looksLikePath(entry)) {
        const suggestion = didYouMean(entry, PRESET_NAMES);
        throw new ConfigError({
          file: files.display(target),
          path: at,
          detail: `unknown preset ${JSON.stringify(entry)}; ` + (suggestion !== undefined
            ? `did you mean ${JSON.stringify(suggestion)}?`
            : `expected "recommended", "strict" or a path starting with "./" or "../"`),
        });
      }
      const next = resolve(dirname(target), entry);
      const found = await files.locate(next);
      if (found === 'outside') {
        throw new ConfigError({
          file: files.display(target),
          path: at,
          detail: `${JSON.stringify(entry)} is outside the repository; expected a policy file in the same commit`,
        });
      }
      if (found !== 'file') {
        throw new ConfigError({
          file: files.display(target),
          path: at,
          detail: `cannot find ${JSON.stringify(entry)}${found === 'directory' ? ' (a directory)' : ''}; expected a policy file, relative to this file`,
        });
      }
      // Compare real paths, so symlinks cannot hide a cycle.
      const here = [...chain, { path: target, real: files.identity(target) }];
      const loop = here.findIndex((link) => link.real === files.identity(next));
      if (loop !== -1) {
        const cycle = [...here.slice(loop).map((link) => link.path), next].map((f) => files.display(f)).join(' → ');
        throw new ConfigError({
          file: files.display(target),
          path: at,
          detail: `circular extends (${cycle}); expected a chain without cycles`,
        });
      }
      const read = await files.read(next);
      if (read === null) {
        throw new ConfigError({ file: files.display(next), path: '', detail: 'no "pushgate" key; expected the policy under "pushgate"' });
      }
      layers.push(...(await layersOf(next, await check(next, read.data), false, here)));
    }
    layers.push({ file: target, policy });
    return layers;
  };

  const layers = await layersOf(file, await check(file, data), true, []);
  return finish(fold(layers, rules), rules, file, cwd, [...new Set(sources)]);
}

function statOrNull(file: string): Stats | null {
  try {
    return statSync(file, { throwIfNoEntry: false }) ?? null;
  } catch {
    return null; // ENOTDIR, ENAMETOOLONG, EACCES…: not a readable policy file either way
  }
}

function realpathOf(file: string): string {
  try {
    return realpathSync.native(file);
  } catch {
    return file;
  }
}

/** Preset names are bare words; anything path-like is a file relative to the policy. */
function looksLikePath(entry: string): boolean {
  return isAbsolute(entry) || /^\.\.?([\\/]|$)/.test(entry) || /[\\/]/.test(entry) || /\.(?:json|ya?ml|[cm]?js)$/i.test(entry);
}

// ---- merging -----------------------------------------------------------------------

interface Folded {
  failOn: FailOn;
  include: Map<Kind, string[]>;
  ignore: string[];
  rules: Map<string, RuleSetting>;
  /** Override rule settings; options undefined when given as a severity alone. */
  overrides: Array<{ files: string[]; rules: Map<string, { severity: SeveritySetting; options?: Record<string, unknown> }> }>;
  requireReason: boolean;
  baseline: string | null;
}

export function normaliseSeverity(word: SeverityWord): SeveritySetting {
  return word === 'warn' ? 'warning' : word;
}

function split(raw: RawSetting): { severity: SeveritySetting; options?: Record<string, unknown> } {
  if (typeof raw === 'string') return { severity: normaliseSeverity(raw) };
  const [word, options] = raw;
  return options === undefined ? { severity: normaliseSeverity(word) } : { severity: normaliseSeverity(word), options: { ...options } };
}

/** Own enumerable entries only: keys like "__proto__" stay data. */
function entriesOf<T>(record: Record<string, T> | undefined): Array<[string, T]> {
  return record === undefined ? [] : Object.entries(record);
}

function fold(layers: readonly Layer[], rules: readonly AnyRule[]): Folded {
  const base = basePolicy();
  const out: Folded = {
    failOn: base.failOn,
    include: new Map(),
    ignore: [],
    rules: new Map(),
    overrides: [],
    requireReason: base.suppressions.requireReason,
    baseline: null,
  };
  for (const layer of layers) {
    if ('preset' in layer) {
      for (const [id, setting] of entriesOf(presetRules(layer.preset, rules))) {
        out.rules.set(id, { severity: setting.severity, options: out.rules.get(id)?.options ?? {} });
      }
      continue;
    }
    const { policy, file } = layer;
    if (policy.failOn !== undefined) out.failOn = policy.failOn;
    for (const [kind, globs] of entriesOf(policy.include)) out.include.set(kind as Kind, [...(globs ?? [])]);
    for (const glob of policy.ignore ?? []) if (!out.ignore.includes(glob)) out.ignore.push(glob);
    for (const [id, raw] of entriesOf(policy.rules)) {
      const { severity, options } = split(raw);
      out.rules.set(id, { severity, options: options ?? out.rules.get(id)?.options ?? {} });
    }
    for (const override of policy.overrides ?? []) {
      out.overrides.push({
        files: [...override.files],
        rules: new Map(entriesOf(override.rules).map(([id, raw]) => [id, split(raw)])),
      });
    }
    if (policy.suppressions?.requireReason !== undefined) out.requireReason = policy.suppressions.requireReason;
    if (policy.baseline !== undefined) out.baseline = resolve(dirname(file), policy.baseline);
  }
  return out;
}

function finish(
  folded: Folded,
  rules: readonly AnyRule[],
  source: string | null,
  cwd: string,
  configFiles: string[],
): LoadedPolicy {
  // Every known rule appears, in registry order; rules no layer turned on are off.
  const settings = new Map<string, RuleSetting>();
  for (const rule of rules) settings.set(rule.meta.id, folded.rules.get(rule.meta.id) ?? { severity: 'off', options: {} });
  for (const [id, setting] of folded.rules) if (!settings.has(id)) settings.set(id, setting);
  return {
    source,
    failOn: folded.failOn,
    include: Object.fromEntries(folded.include) as Partial<Record<Kind, string[]>>,
    ignore: folded.ignore,
    rules: Object.fromEntries(settings),
    overrides: folded.overrides.map((override): PolicyOverride => ({
      files: override.files,
      // A severity alone in an override keeps the options from `rules`.
      rules: Object.fromEntries(
        [...override.rules].map(([id, setting]): [string, RuleSetting] => [
          id,
          { severity: setting.severity, options: setting.options ?? { ...(folded.rules.get(id)?.options ?? {}) } },
        ]),
      ),
    })),
    suppressions: { requireReason: folded.requireReason },
    baseline: folded.baseline,
    baseDir: source === null ? cwd : dirname(source),
    configFiles,
  };
}
