// Compiled globs shared across files: rules are created once per file, and compiling
// a minimatch pattern costs more than matching with it.

import { Minimatch, type MinimatchOptions } from 'minimatch';

const compiled = new Map<string, Minimatch>();

/** One compiled glob per (pattern, options), kept for the process (policies hold few patterns). */
export function glob(pattern: string, options: MinimatchOptions = {}): Minimatch {
  const key = `${JSON.stringify(options)}\u0000${pattern}`;
  let matcher = compiled.get(key);
  if (!matcher) {
    matcher = new Minimatch(pattern, options);
    compiled.set(key, matcher);
  }
  return matcher;
}
