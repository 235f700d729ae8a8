// What the hook's fast path (quick.ts) hands to the full CLI when a push needs more
// than it decides: git's ref lines (stdin can be read only once) and the running
// `git cat-file` process with the trees it has read. The two are separate bundles
// (dist/hook.cjs, dist/cli.cjs), so bin/pushgate.cjs passes the handoff from one to
// the other through a global, as it lends `import()` (src/io/import.ts). Both bundles
// are built from these same sources: the objects keep working across them.

import type { CatFile } from './cat-file.js';
import type { Trees } from './changes.js';

export interface PrePushHandoff {
  /** The work tree root, where the cat-file process runs. */
  root: string;
  /** git's ref lines; absent when stdin was not read (then the CLI reads it). */
  input?: string;
  cat: CatFile;
  trees: Trees;
}

const KEY = '__pushgatePrePush';

/** The handoff the launcher left, if any; taken once. */
export function takePrePushHandoff(): PrePushHandoff | undefined {
  const holder = globalThis as { [KEY]?: PrePushHandoff };
  const handoff = holder[KEY];
  delete holder[KEY];
  return handoff;
}
