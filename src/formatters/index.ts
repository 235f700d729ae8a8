import type { Formatter } from './types.js';
import { stylish } from './stylish.js';
import { json } from './json.js';

export type FormatName = 'stylish' | 'json';
export const FORMATS: readonly FormatName[] = ['stylish', 'json'];

export function getFormatter(name: FormatName): Formatter {
  return name === 'json' ? json : stylish;
}
export type { Formatter, FormatContext } from './types.js';
