import type { ChunkedFormatter, Formatter } from './types.js';
import { stylish, stylishChunks } from './stylish.js';
import { json, jsonChunks } from './json.js';
import { sarif, sarifChunks } from './sarif.js';
import { junit, junitChunks } from './junit.js';
import { github, githubChunks } from './github.js';
import { gitlab, gitlabChunks } from './gitlab.js';
import type { FormatName } from './names.js';

export { FORMATS, type FormatName } from './names.js';

const FORMATTERS: Readonly<Record<FormatName, Formatter>> = { stylish, json, sarif, junit, github, gitlab };
const CHUNKED: Readonly<Record<FormatName, ChunkedFormatter>> = {
  stylish: stylishChunks,
  json: jsonChunks,
  sarif: sarifChunks,
  junit: junitChunks,
  github: githubChunks,
  gitlab: gitlabChunks,
};

export function getFormatter(name: FormatName): Formatter {
  return FORMATTERS[name] ?? stylish;
}

/** The formatter that yields the report in pieces (about one per file): what the CLI writes out. */
export function getChunkedFormatter(name: FormatName): ChunkedFormatter {
  return CHUNKED[name] ?? stylishChunks;
}
export type { Formatter, ChunkedFormatter, FormatContext } from './types.js';
