// Rule documentation on disk (`rules/<id>/README.md`, shipped in the package), found
// from this module's own location so it works in every way pushgate runs:
//   src/formatters/rule-docs.ts   (sources under tsx)        → ../..
//   dist/cli.cjs                  (the CLI bundle)           → ..
//   dist/index.js, dist/chunks/*  (the library bundle)       → .. or ../..
// The package root is the nearest ancestor holding both package.json and rules/.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | null | undefined;

/** The installed package's root directory, or null when it cannot be found. */
export function packageRoot(): string | null {
  if (root !== undefined) return root;
  root = null;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let level = 0; level < 4; level++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'rules'))) {
      root = dir;
      break;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return root;
}

/** A rule's README as shipped, or null (unknown id, README missing, package files stripped). */
export function readRuleReadme(id: string): string | null {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)) return null;
  const base = packageRoot();
  if (base === null) return null;
  try {
    return readFileSync(join(base, 'rules', id, 'README.md'), 'utf8');
  } catch {
    return null;
  }
}

/** Where a rule's documentation is published (the README of the same version on unpkg). */
export function ruleHelpUri(id: string, version: string): string {
  return `https://unpkg.com/pushgate@${version}/rules/${id}/README.md`;
}
