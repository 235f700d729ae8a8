// The report formats by name, apart from the formatters themselves: argv parsing needs
// the names at start-up, and importing the formatters would load every rule (sarif
// describes them all) before any command runs.

export type FormatName = 'stylish' | 'json' | 'sarif' | 'junit' | 'github' | 'gitlab';

/** In the order `--help` lists them; `stylish` is the default. */
export const FORMATS: readonly FormatName[] = ['stylish', 'json', 'sarif', 'junit', 'github', 'gitlab'];
