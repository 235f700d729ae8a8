// Cross-artifact facts (SPEC §2): a CI step or compose service that builds a
// Dockerfile hands it build args, labels and a context directory. Paths in a
// BuildReference are relative to the working directory with `/` separators, like
// every path pushgate reports, so the engine can match them to linted files.

import { posix } from 'node:path';
import type { BuildReference } from '../models/file.js';
import type { CommandBuild } from './push.js';
import type { Lookup } from './image-ref-node.js';
import { substitute } from './variables.js';

export interface BuildInput {
  /** The building file (FileModel path). */
  origin: string;
  /** Directory that relative paths start from (relative to cwd, `''` for cwd itself). */
  base: string;
  /** Dockerfile as written, or null for the default `Dockerfile` in the context. */
  file: string | null;
  /** True when `file` is relative to the context (compose, docker/build-push-action does not). */
  fileInContext: boolean;
  /** Context directory as written, or null for `base`. */
  context: string | null;
  buildArgs: Record<string, string>;
  labels: Record<string, string>;
}

/** Variables and expressions that name the repository root (where a CI job starts). */
const ROOT_VARIABLES = /^(?:\$\{\{\s*github\.workspace\s*\}\}|\$\{?GITHUB_WORKSPACE\}?|\$\{?CI_PROJECT_DIR\}?|\$\{?CI_BUILDS_DIR\}?\/\$\{?CI_PROJECT_PATH\}?)(?=\/|$)/;

/**
 * Resolves a path as written against `base`. Returns null when it cannot be known
 * statically: an unresolved variable, an absolute path, a URL (git or tarball context),
 * stdin (`-`).
 * `root` replaces `$CI_PROJECT_DIR`, `${{ github.workspace }}` and the like.
 */
export function resolveBuildPath(written: string, base: string, root: string, lookup?: Lookup): string | null {
  let path = written.trim();
  if (path === '' || path === '-') return null;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path) || /^git@|\.git(#|$)/.test(path) || path.startsWith('dir://')) {
    if (!path.startsWith('dir://')) return null;
    path = path.slice('dir://'.length);
  }
  const rooted = ROOT_VARIABLES.exec(path);
  if (rooted) {
    path = path.slice(rooted[0].length).replace(/^\/+/, '');
    return tidy(posix.join(root || '.', path || '.'));
  }
  if (path.includes('$')) {
    if (!lookup) return null;
    const substitution = substitute(path, lookup);
    if (substitution.unresolved) return null;
    path = substitution.text;
  }
  if (path.startsWith('/')) return null;
  return tidy(posix.join(base || '.', path));
}

function tidy(path: string): string {
  const normal = posix.normalize(path).replace(/\/+$/, '');
  return normal === '' ? '.' : normal.replace(/^\.\//, '');
}

/** The BuildReference for a build, or null when its Dockerfile cannot be located. */
export function buildReference(input: BuildInput, root = '', lookup?: Lookup): BuildReference | null {
  const context = input.context === null ? tidy(input.base || '.') : resolveBuildPath(input.context, input.base, root, lookup);
  let dockerfile: string | null;
  if (input.file === null) {
    if (context === null) return null;
    dockerfile = tidy(posix.join(context, 'Dockerfile'));
  } else if (input.fileInContext) {
    if (context === null) return null;
    dockerfile = resolveBuildPath(input.file, context, root, lookup);
  } else {
    dockerfile = resolveBuildPath(input.file, input.base, root, lookup);
  }
  if (dockerfile === null) return null;
  return {
    dockerfile,
    facts: { origin: input.origin, buildArgs: { ...input.buildArgs }, labels: { ...input.labels }, context },
  };
}

/**
 * A command's build (`docker build`, kaniko…) → BuildReference. `cwd` is the directory
 * the command runs in (relative to the working directory), `root` the repository root.
 * Build args whose value is not known statically are left out.
 */
export function commandBuildReference(build: CommandBuild, origin: string, cwd: string, root: string, lookup: Lookup): BuildReference | null {
  const buildArgs: Record<string, string> = {};
  for (const arg of build.buildArgs) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(arg.name)) continue;
    const value = arg.value === null ? lookup(arg.name) : literalValue(arg.value, lookup);
    if (typeof value === 'string') buildArgs[arg.name] = value;
  }
  const kaniko = build.tool === 'kaniko';
  return buildReference(
    {
      origin,
      base: cwd,
      file: build.file?.value ?? null,
      // kaniko reads --dockerfile relative to --context; docker reads -f relative to where it runs.
      fileInContext: kaniko,
      context: build.context?.value ?? (kaniko ? root || '.' : null),
      buildArgs,
      labels: build.labels,
    },
    root,
    lookup,
  );
}

/** A value with every variable resolved, or undefined. */
export function literalValue(value: string, lookup: Lookup): string | undefined {
  if (!value.includes('$')) return value;
  const substitution = substitute(value, lookup);
  return substitution.unresolved ? undefined : substitution.text;
}
