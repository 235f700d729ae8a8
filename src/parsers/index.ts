// Kind → parser. Heavy libraries load on first use: `yaml` inside src/parsers/yaml.ts,
// the shell parser inside src/parsers/shell.ts, so a Dockerfile-only run loads neither.

import type { FileModel } from '../models/file.js';
import type { Kind } from '../models/nodes.js';
import { parseDockerfile, type DockerfileParseOptions } from './dockerfile.js';
import { parseShellFile } from './shell-file.js';
import { parseGithubWorkflow } from './github-workflow.js';
import { parseGitlabCi } from './gitlab-ci.js';
import { parseCompose } from './compose.js';
import { parseImage } from './image.js';
import { pointRange } from './text.js';

export interface ParseOptions extends DockerfileParseOptions {
  /**
   * Reads another file of the run by path relative to cwd (null when missing). GitLab
   * `include: local` files and a compose file's `.env` are read through it; without it
   * they are not read.
   */
  readFile?: (path: string) => string | null;
}

export function parseFile(kind: Kind, path: string, text: string, options: ParseOptions = {}): FileModel {
  switch (kind) {
    case 'dockerfile':
      return parseDockerfile(path, text, options);
    case 'shell':
      return parseShellFile(path, text);
    case 'github-workflow':
      return parseGithubWorkflow(path, text);
    case 'gitlab-ci':
      return parseGitlabCi(path, text, options.readFile ? { readFile: options.readFile } : {});
    case 'compose':
      return parseCompose(path, text, options.readFile ? { readFile: options.readFile } : {});
    case 'image':
      return parseImage(path, text);
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
