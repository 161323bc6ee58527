#!/usr/bin/env node
// The `strata` command: a thin launcher for the bundled CLI (built by `npm run build`).
import '../dist/bundle/strata.mjs';
