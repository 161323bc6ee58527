// Runs the compiled test suites with node's test runner: unit tests first (fast),
// then the integration and fault tests, which start real processes. Test files run
// one at a time: each starts its own cluster, and the machine has 2 cores.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const suites = process.argv.slice(2);
const dirs = (suites.length > 0 ? suites : ['unit', 'integration', 'fault'])
  .map((s) => `dist/test/${s}`)
  .filter((d) => existsSync(d));
const result = spawnSync(
  process.execPath,
  ['--test', '--test-concurrency=1', '--test-reporter=spec', '--test-timeout=600000', ...dirs],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
