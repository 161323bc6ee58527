// Runs the compiled test suites with node's test runner, building first unless the
// build is newer than every source (after `npm ci`, whose prepare step just built,
// a second build would cost CI a minute for nothing).
//
// Two runs, to keep CI within its time on 2 cores without starving what keeps time:
// - unit files, and the integration and fault files of a single nameserver, two at
//   a time: their clusters mostly wait on fsyncs and timers (about 1.2 cores busy
//   over a whole run), and their only clocks are heartbeats of a second or more;
// - then the files of a live HA pair (ha-*), one at a time: their checks hang on
//   the 2 s nameserver lease and the witness's timing.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const BUILD_OUTPUT = 'dist/bundle/strata.mjs';
const SOURCES = ['src', 'test', 'bench', 'proto', 'scripts', 'tsconfig.json', 'package-lock.json'];

function newestMtimeMs(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtimeMs(join(path, name)));
  return newest;
}

function buildIsFresh() {
  if (!existsSync(BUILD_OUTPUT)) return false;
  const built = statSync(BUILD_OUTPUT).mtimeMs;
  return SOURCES.filter((s) => existsSync(s)).every((s) => newestMtimeMs(s) <= built);
}

function run(args) {
  const result = spawnSync(args[0], args.slice(1), { stdio: 'inherit' });
  return result.status ?? 1;
}

if (buildIsFresh()) {
  console.log(`build is up to date (${BUILD_OUTPUT} is newer than every source)`);
} else if (run(['npm', 'run', 'build']) !== 0) {
  process.exit(1);
}

const suites = process.argv.slice(2);
const wanted = suites.length > 0 ? suites : ['unit', 'integration', 'fault'];
const testRun = (paths, concurrency) =>
  run([
    process.execPath,
    '--test',
    `--test-concurrency=${concurrency}`,
    '--test-reporter=spec',
    '--test-timeout=600000',
    ...paths,
  ]);

const present = (names) => names.map((s) => `dist/test/${s}`).filter((d) => existsSync(d));
// The short unit files last: they fill the slots the long cluster files leave.
const order = ['integration', 'fault', 'unit'];
const inOrder = [...wanted].sort((a, b) => order.indexOf(a) - order.indexOf(b));
const files = present(inOrder).flatMap((dir) =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.test.js'))
    .map((name) => join(dir, name)),
);
const HA_PAIR = /\/ha-[a-z-]+\.test\.js$/;
const paired = files.filter((f) => !HA_PAIR.test(f));
const alone = files.filter((f) => HA_PAIR.test(f));
let status = 0;
if (paired.length > 0) status = testRun(paired, 2) || status;
if (alone.length > 0) status = testRun(alone, 1) || status;
process.exit(status);
