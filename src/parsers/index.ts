// Kind → parser. Parsers for heavier kinds are loaded on first use.

import type { FileModel } from '../models/file.js';
import type { Kind } from '../models/nodes.js';
import { parseDockerfile, type DockerfileParseOptions } from './dockerfile.js';
import { parseShellFile } from './shell-file.js';
import { pointRange } from './text.js';

export type ParseOptions = DockerfileParseOptions;

export function parseFile(kind: Kind, path: string, text: string, options: ParseOptions = {}): FileModel {
  switch (kind) {
    case 'dockerfile':
      return parseDockerfile(path, text, options);
    case 'shell':
      return parseShellFile(path, text);
    default:
      // Kinds whose parsers are not built yet are reported, never silently passed.
      return {
        path,
        kind,
        nodes: [],
        comments: [],
        parseErrors: [{ message: `pushgate cannot lint ${kind} files yet`, range: pointRange(1, 1) }],
      };
  }
}
