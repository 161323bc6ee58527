// Bundles the compiled CLI (dist/src/cli/main.js, built by tsc) into dist/bundle/, which
// bin/strata.js and the tests run. Every server and every CLI command is a fresh Node
// process, and loading ~700 module files one by one cost each start seconds of CPU on
// a slow machine. Code splitting keeps what a command does not use (the servers'
// code, the data plane) in chunks that only the commands that need them load.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry content hashes: clear out the previous build's.
rmSync('dist/bundle', { recursive: true, force: true });

await build({
  entryPoints: { strata: 'dist/src/cli/main.js' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  // Native addons load from node_modules as they are.
  external: ['libsql', '@node-rs/crc32'],
  // The CommonJS libraries inside call require() for Node's built-in modules.
  banner: {
    js: "import { createRequire as strataCreateRequire } from 'node:module'; const require = strataCreateRequire(import.meta.url);",
  },
  sourcemap: true,
  logLevel: 'warning',
});
