import type { Formatter } from './types.js';
import { stylish } from './stylish.js';
import { json } from './json.js';
import { sarif } from './sarif.js';
import { junit } from './junit.js';
import { github } from './github.js';
import { gitlab } from './gitlab.js';
import type { FormatName } from './names.js';

export { FORMATS, type FormatName } from './names.js';

const FORMATTERS: Readonly<Record<FormatName, Formatter>> = { stylish, json, sarif, junit, github, gitlab };

export function getFormatter(name: FormatName): Formatter {
  return FORMATTERS[name] ?? stylish;
}
export type { Formatter, FormatContext } from './types.js';
