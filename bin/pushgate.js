#!/usr/bin/env node
// Thin launcher: the bundled CLI lives in dist/ (built by `npm run build`, run on `npm ci`).
import { main } from '../dist/cli.js';
main();
