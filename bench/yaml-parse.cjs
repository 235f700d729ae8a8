#!/usr/bin/env node
'use strict';
// The YAML baseline of SPEC §6: `yaml`'s own parseDocument over the given files,
// one process, reading each file as pushgate does (UTF-8, whole). bench/yaml.sh
// times this against pushgate linting the same files.
const { readFileSync } = require('node:fs');
const { parseDocument } = require('yaml');

let errors = 0;
for (const file of process.argv.slice(2)) errors += parseDocument(readFileSync(file, 'utf8')).errors.length;
process.exitCode = errors > 0 ? 1 : 0;
