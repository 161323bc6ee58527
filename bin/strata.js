#!/usr/bin/env node
// The `strata` command: a thin launcher for the compiled CLI (built by `npm run build`).
import '../dist/src/cli/main.js';
