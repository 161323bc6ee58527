// Runs the compiled test suites with node's test runner, building first unless the
// build is newer than every source (after `npm ci`, whose prepare step just built,
// a second build would cost CI a minute for nothing).
//
// Two lanes, to keep CI within its time on 2 cores: each lane runs one test file at a
// time, the unit files last to fill the gaps. At most one file of a live HA pair
// (ha-*) runs at a time, beside one other file, never beside another HA pair: their
// checks hang on the 2 s nameserver lease and the witness's timing. They go first, so
// that the shorter files fill the other lane around them. Each file's output is
// printed whole when it ends.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';

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
const filesOf = (suite) => {
  const dir = `dist/test/${suite}`;
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.test.js'))
    .map((name) => join(dir, name));
};
const HA_PAIR = /\/ha-[a-z-]+\.test\.js$/;
const clusterFiles = ['integration', 'fault'].filter((s) => wanted.includes(s)).flatMap(filesOf);
const unitFiles = wanted.includes('unit') ? filesOf('unit') : [];
/** Test files in start order: the HA pair's files, the other cluster files, the unit files. */
const jobs = [
  ...clusterFiles.filter((file) => HA_PAIR.test(file)).map((file) => ({ file, ha: true })),
  ...clusterFiles.filter((file) => !HA_PAIR.test(file)).map((file) => ({ file, ha: false })),
  ...unitFiles.map((file) => ({ file, ha: false })),
];

const LANES = 2;
const results = [];

function runJob(job) {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--test', '--test-reporter=spec', '--test-timeout=600000', job.file],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output = [];
  child.stdout.on('data', (d) => output.push(d));
  child.stderr.on('data', (d) => output.push(d));
  return new Promise((resolve) => {
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      const name = job.file;
      process.stdout.write(
        `\n# ${name}: ${code === 0 ? 'passed' : 'FAILED'} in ${seconds.toFixed(1)} s\n`,
      );
      process.stdout.write(Buffer.concat(output));
      results.push({ name, ok: code === 0, seconds });
      resolve();
    });
  });
}

const queue = [...jobs];
let haRunning = false;
/** The next job a free lane may start: not an HA file while another one runs. */
function nextJob() {
  const i = queue.findIndex((job) => !(job.ha && haRunning));
  return i < 0 ? undefined : queue.splice(i, 1)[0];
}

async function lane() {
  for (;;) {
    const job = nextJob();
    if (!job) {
      // An HA file may still wait for the one running; this lane then has nothing to do.
      return;
    }
    if (job.ha) haRunning = true;
    await runJob(job);
    if (job.ha) haRunning = false;
  }
}

const began = performance.now();
// A lane that finds only HA files waiting ends; the lane running one takes the rest
// in turn, so the queue is empty when both have ended.
await Promise.all(Array.from({ length: LANES }, lane));
if (queue.length > 0) throw new Error(`test files left unscheduled: ${queue.map((j) => j.file)}`);
const failed = results.filter((r) => !r.ok);
console.log(
  `\n# ${results.length - failed.length} of ${results.length} test jobs passed in ${((performance.now() - began) / 1000).toFixed(0)} s`,
);
for (const r of failed) console.log(`# FAILED: ${r.name}`);
process.exit(failed.length > 0 ? 1 : 0);
