// Finding and reading policy files.
//
// Discovery is a cheap synchronous walk (one readdir per directory) from the search
// start up to the repository root; cosmiconfig is imported only once a candidate file
// exists, and then only to load that file. We do not let cosmiconfig walk: its
// `global` strategy (the only one that climbs to a `stopDir`) also reads the user's OS
// config directory (~/.config/pushgate/config*), which would make a gate's verdict
// depend on who runs it; `none` looks in one directory and `project` stops at the
// first package.json.

import { importModule, lazyRequire } from '../io/import.js';
import { pathToFileURL } from 'node:url';
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ConfigError } from './errors.js';

export const MODULE_NAME = 'pushgate';

/** Where a policy may live, in the order they are tried in each directory (SPEC §2). */
export const SEARCH_PLACES: readonly string[] = [
  'package.json',
  '.pushgaterc',
  '.pushgaterc.json',
  '.pushgaterc.yaml',
  '.pushgaterc.yml',
  '.pushgaterc.js',
  '.pushgaterc.cjs',
  '.pushgaterc.mjs',
  'pushgate.config.js',
  'pushgate.config.cjs',
  'pushgate.config.mjs',
];

function realpath(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return resolve(path);
  }
}

/**
 * Candidate policy files from `from` upward, nearest first, in SEARCH_PLACES order
 * within a directory. The walk ends after `stopDir` (the repository root). With
 * `stopDir` undefined it ends at the first directory holding `.git` (a directory, or a
 * file in worktrees and submodules), which is where `git rev-parse --show-toplevel`
 * points; with null it goes on to the filesystem root. A package.json is a candidate
 * only when it mentions "pushgate" at all (whether it has the key is for the loader).
 */
export function* candidateFiles(from: string, stopDir?: string | null): Generator<string> {
  const stop = typeof stopDir === 'string' ? realpath(stopDir) : null;
  let dir = realpath(from);
  for (;;) {
    let names: Set<string> | null;
    try {
      names = new Set(readdirSync(dir));
    } catch {
      names = null; // not a directory (a file given as search start) or unreadable
    }
    if (names !== null) {
      for (const place of SEARCH_PLACES) {
        if (!names.has(place)) continue;
        const file = join(dir, place);
        if (place === 'package.json' && !mentionsPushgate(file)) continue;
        yield file;
      }
    }
    if (stop !== null ? dir === stop : stopDir === undefined && names?.has('.git') === true) return;
    const parent = dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

function mentionsPushgate(file: string): boolean {
  try {
    return hasPolicyKey(readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * A package.json holds a policy only with a top-level "pushgate" key (the string may be
 * a name or a dependency). Malformed JSON stays a candidate so that the loader reports it.
 */
export function hasPolicyKey(text: string): boolean {
  if (!text.includes(`"${MODULE_NAME}"`)) return false;
  try {
    const data: unknown = JSON.parse(text);
    return data !== null && typeof data === 'object' && Object.hasOwn(data, MODULE_NAME);
  } catch {
    return true;
  }
}

/** A path as shown in messages: relative to cwd with `/` when inside it, else absolute. */
export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  if (rel === '') return basename(file);
  if (rel.startsWith('..') || isAbsolute(rel)) return file;
  return rel.split(sep).join('/');
}

// ---- reading ----------------------------------------------------------------------

/** What a policy file holds: its data (undefined for an empty file) or null when a package.json has no "pushgate" key. */
export interface ReadResult {
  file: string;
  data: unknown;
}

type Loader = (filepath: string, content: string) => unknown;

interface Explorer {
  load(filepath: string): Promise<{ config: unknown; filepath: string; isEmpty?: boolean } | null>;
}

/**
 * A CJS package's namespace: in an esbuild ESM bundle a dynamic import of CJS has only
 * `default`; under Node (and tsx) the named exports are there too.
 */
function interop<T extends object>(namespace: T, probe: keyof T): T {
  const value = namespace as Partial<T> & { default?: T };
  return typeof value[probe] === 'function' ? namespace : (value.default ?? namespace);
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/**
 * Reads policy files through cosmiconfig (JS modules, package.json#pushgate) with our own
 * JSON and YAML loaders: positions in syntax errors, duplicate YAML keys rejected, and
 * the `yaml` package the parsers use instead of cosmiconfig's js-yaml.
 */
export class PolicyReader {
  #explorer: Promise<Explorer> | undefined;
  readonly #cwd: string;

  constructor(cwd: string) {
    this.#cwd = cwd;
  }

  display(file: string): string {
    return this.#shownAs.get(file) ?? displayPath(file, this.#cwd);
  }

  /** Names given by `parse` for files that are not on disk. */
  readonly #shownAs = new Map<string, string>();

  /**
   * Parses a policy file's text that does not come from disk (a git object), with the
   * loaders `read` uses and without cosmiconfig: JSON, YAML, extension-less
   * (`.pushgaterc`) and package.json#pushgate. JavaScript is never run from text: a
   * `.js`/`.cjs`/`.mjs` file is a ConfigError. `shownAs` names the file in messages.
   * Null only for a package.json without a "pushgate" key.
   */
  async parse(file: string, content: string, shownAs: string): Promise<ReadResult | null> {
    this.#shownAs.set(file, shownAs);
    const name = basename(file);
    const extension = /\.[^.]*$/.exec(name)?.[0].toLowerCase() ?? '';
    if (['.js', '.cjs', '.mjs', '.ts', '.mts', '.cts'].includes(extension)) {
      throw new ConfigError({
        file: shownAs,
        path: '',
        detail: 'a JavaScript policy is never run from git objects; expected .json, .yaml, .yml or package.json#pushgate',
      });
    }
    if (stripBom(content).trim() === '') return { file, data: undefined };
    if (name === 'package.json') {
      const data = this.#parseJson(file, content);
      if (data === null || typeof data !== 'object' || !Object.hasOwn(data, MODULE_NAME)) return null;
      this.#checkImport(file, data);
      return { file, data: (data as Record<string, unknown>)[MODULE_NAME] };
    }
    const value =
      extension === '.json' ? this.#parseJson(file, content) :
      extension === '.yaml' || extension === '.yml' ? await this.#parseYaml(file, content) :
      stripBom(content).trimStart().startsWith('{') ? this.#parseJson(file, content) : await this.#parseYaml(file, content);
    return { file, data: this.#checkImport(file, value) };
  }

  /** Loads one file. Null only for a package.json without a "pushgate" key. */
  async read(file: string): Promise<ReadResult | null> {
    const explorer = await this.#getExplorer();
    let result: Awaited<ReturnType<Explorer['load']>>;
    try {
      result = await explorer.load(file);
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      const code = (error as NodeJS.ErrnoException | null)?.code;
      const reason =
        code === 'ENOENT' ? 'no such file' :
        code === 'EACCES' || code === 'EPERM' ? 'permission denied' :
        code === 'EISDIR' ? 'it is a directory' :
        error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new ConfigError({ file: this.display(file), path: '', detail: `cannot load the policy: ${reason}` });
    }
    if (result === null) return null;
    return { file, data: result.config };
  }

  #getExplorer(): Promise<Explorer> {
    this.#explorer ??= this.#createExplorer().catch((error: unknown) => {
      // cosmiconfig reads its own "meta" config (package.json#cosmiconfig,
      // .config/config.*) from the process's working directory when created.
      const file = (error as { filepath?: unknown } | null)?.filepath;
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new ConfigError({
        file: typeof file === 'string' ? this.display(file) : 'cosmiconfig',
        path: '',
        detail: `cannot set up policy loading: ${message}`,
      });
    });
    return this.#explorer;
  }

  async #createExplorer(): Promise<Explorer> {
    // Required, not imported: the CLI bundle leaves cosmiconfig to a bundle of its own
    // (dist/vendor/, loaded by bin/pushgate.cjs only when a policy is searched for).
    const lib = interop(lazyRequire('cosmiconfig') as typeof import('cosmiconfig'), 'cosmiconfig');
    // Our own module loader instead of cosmiconfig's: inside the CLI bundle a bare
    // import() has no loader (see src/io/import.ts), and the default export is the policy.
    const jsModule: Loader = async (filepath) => {
      const namespace = (await importModule(pathToFileURL(filepath).href)) as { default?: unknown };
      return namespace.default !== undefined ? namespace.default : namespace;
    };
    const js = jsModule;
    const mjs = jsModule;
    const cjs = jsModule;
    const json: Loader = (filepath, content) => this.#checkImport(filepath, this.#parseJson(filepath, content));
    const yaml: Loader = async (filepath, content) => this.#checkImport(filepath, await this.#parseYaml(filepath, content));
    const jsonOrYaml: Loader = (filepath, content) =>
      stripBom(content).trimStart().startsWith('{') ? json(filepath, content) : yaml(filepath, content);
    const module_ = (load: Loader): Loader => async (filepath, content) => {
      let value: unknown;
      try {
        value = await load(filepath, content);
      } catch (error) {
        const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
        throw new ConfigError({ file: this.display(filepath), path: '', detail: `cannot load the policy module: ${message}` });
      }
      return this.#checkImport(filepath, value);
    };
    const typescript: Loader = (filepath) => {
      throw new ConfigError({
        file: this.display(filepath),
        path: '',
        detail: 'TypeScript policy files are not supported; expected .json, .yaml, .yml, .js, .cjs or .mjs',
      });
    };
    return lib.cosmiconfig(MODULE_NAME, {
      searchStrategy: 'none',
      searchPlaces: [...SEARCH_PLACES],
      ignoreEmptySearchPlaces: false,
      cache: false,
      loaders: {
        '.json': json,
        '.yaml': yaml,
        '.yml': yaml,
        '.js': module_(js),
        '.mjs': module_(mjs),
        '.cjs': module_(cjs),
        '.ts': typescript,
        '.mts': typescript,
        '.cts': typescript,
        noExt: jsonOrYaml,
        default: jsonOrYaml,
      },
    }) as Explorer;
  }

  /** cosmiconfig merges files named by a `$import` key; pushgate's way is `extends`. */
  #checkImport(filepath: string, value: unknown): unknown {
    const inPackage = basename(filepath) === 'package.json';
    // In package.json only the "pushgate" key is ours.
    const own = inPackage && value !== null && typeof value === 'object'
      ? (value as Record<string, unknown>)[MODULE_NAME]
      : value;
    if (own !== null && typeof own === 'object' && Object.hasOwn(own, '$import')) {
      throw new ConfigError({
        file: this.display(filepath),
        path: inPackage ? MODULE_NAME : '',
        detail: 'unexpected property "$import"; expected "extends" to build on another policy file',
      });
    }
    return value;
  }

  #parseJson(filepath: string, content: string): unknown {
    const text = stripBom(content);
    try {
      return JSON.parse(text);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const position = /in JSON at position (\d+)/.exec(message);
      const detail = message
        .replace(/ in JSON at position \d+.*$/s, '')
        .replace(/, ".*" is not valid JSON$/s, '');
      const where = position ? lineColumn(text, Number(position[1])) : {};
      throw new ConfigError({ file: this.display(filepath), path: '', detail: `invalid JSON: ${detail}`, ...where });
    }
  }

  async #parseYaml(filepath: string, content: string): Promise<unknown> {
    const YAML = interop(lazyRequire('yaml') as typeof import('yaml'), 'parseDocument');
    const doc = YAML.parseDocument(stripBom(content), { uniqueKeys: true, prettyErrors: true });
    const fail = (detail: string, pos?: { line: number; col: number }): never => {
      throw new ConfigError({
        file: this.display(filepath),
        path: '',
        detail: `invalid YAML: ${detail}`,
        ...(pos ? { line: pos.line, column: pos.col } : {}),
      });
    };
    const first = doc.errors[0];
    if (first) fail(first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''), first.linePos?.[0]);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
    }
    // A document of comments only is an empty policy, like an empty file.
    return value === null ? undefined : value;
  }
}
