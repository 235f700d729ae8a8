// Temporary directory trees for tests: `{ 'path/to/file': content }`, paths ending
// in `/` are created as empty directories. The caller keeps `temps` and removes them.

import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export function tempTree(prefix: string, files: Record<string, string | Buffer>, temps: string[]): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  temps.push(root);
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    if (path.endsWith('/')) {
      mkdirSync(full, { recursive: true });
      continue;
    }
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return root;
}
