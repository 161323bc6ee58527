/**
 * `strata bench` runs every workload against a real cluster and against a plain
 * directory, reports each phase with its latency percentiles, leaves nothing behind,
 * and refuses bad options before it touches anything.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TestCluster } from '../helpers/cluster.js';
import type { BenchReport } from '../../src/bench/report.js';

let cluster: TestCluster;
let strata: ReturnType<TestCluster['cli']>;

before(async () => {
  cluster = await TestCluster.start({ dataservers: 3 });
  strata = cluster.cli();
});
after(async () => {
  await cluster.destroy();
});

const FILES = 16;
const SMALL = [
  '--size',
  '3MiB',
  '--files',
  String(FILES),
  '--file-size',
  '1000',
  '--concurrency',
  '4',
];
const PHASES = [
  'seq-write write',
  'seq-read read',
  'small-files create',
  'small-files read',
  'small-files stat',
  'small-files delete',
  'meta mkdir',
  'meta stat',
  'meta list',
  'meta rename',
  'meta delete',
];

function checkReport(report: BenchReport): void {
  assert.deepEqual(
    report.results.map((r) => `${r.workload} ${r.phase}`),
    PHASES,
  );
  for (const r of report.results) {
    const what = `${r.workload} ${r.phase}`;
    const expectedOps = r.workload === 'seq-write' || r.workload === 'seq-read' ? 3 : FILES;
    assert.equal(r.ops, r.phase === 'list' ? FILES * 5 : expectedOps, `${what} ops`);
    assert.ok(r.seconds > 0 && r.opsPerSec > 0, `${what} rate`);
    const l = r.latency;
    assert.ok(l.p50Ms <= l.p90Ms && l.p90Ms <= l.p99Ms && l.p99Ms <= l.maxMs, `${what} latency`);
  }
  const bytes = (name: string) => report.results.find((r) => `${r.workload} ${r.phase}` === name)!;
  assert.equal(bytes('seq-write write').bytes, 3 * 1024 * 1024);
  assert.equal(bytes('seq-read read').bytes, 3 * 1024 * 1024);
  assert.equal(bytes('small-files read').bytes, FILES * 1000);
}

test('strata bench runs every workload against the cluster and leaves no file behind', async () => {
  const { stdout } = await strata('bench', ...SMALL, '--replication', '2', '--json');
  const report = JSON.parse(stdout) as BenchReport;
  checkReport(report);
  assert.match(report.target, /^strata \(127\.0\.0\.1:\d+\)$/);
  assert.equal(report.options.replication, 2);
  assert.equal((await strata('ls', '/')).stdout.trim(), '');

  // The table a person reads: a row per phase and the notes under it.
  const table = (await strata('bench', 'meta', '--files', '8')).stdout;
  assert.match(table, /^WORKLOAD +PHASE +OPS +SECONDS +OPS\/S +MB\/S +P50 MS/m);
  assert.match(table, /^meta +mkdir +8 /m);
  assert.match(table, /^meta +list +40 /m);
});

test('strata bench runs the same workloads against a plain directory, after a warm-up', async () => {
  const dir = join(cluster.dir, 'plain');
  mkdirSync(dir);
  const { stdout } = await strata(
    'bench',
    'all',
    '--target',
    `dir:${dir}`,
    ...SMALL,
    '--warmup',
    '12',
    '--json',
  );
  const report = JSON.parse(stdout) as BenchReport;
  // The warm-up's phases are not reported, nor counted in the measured ones.
  checkReport(report);
  assert.equal(report.target, `dir:${dir}`);
  assert.equal(report.options.replication, null);
  assert.equal(report.options.warmupFiles, 12);
  assert.deepEqual(readdirSync(dir), []);
});

test('strata bench refuses bad options and writes nothing', async () => {
  const refusals: [string[], RegExp][] = [
    [['--files', '0'], /--files must be between 1 and 1000000/],
    [['--concurrency', 'lots'], /--concurrency: not a whole number: "lots"/],
    [['--size', '12 parsecs'], /--size: not a size/],
    [['--files', '1000000', '--file-size', '64MiB'], /--files × --file-size must be at most 2 GiB/],
    [['--target', 'nfs:/x'], /--target: strata or dir:PATH, not "nfs:\/x"/],
    [['fast-writes'], /no such workload: fast-writes/],
    [['--warmup', 'some'], /--warmup: not a whole number: "some"/],
    [['--warmup', '1000001'], /--warmup must be at most 1000000 files/],
  ];
  // Side by side: each is a CLI process that mostly waits on Node's start-up.
  await Promise.all(
    refusals.map(([args, message]) =>
      assert.rejects(strata('bench', ...args), (err: { stderr: string; code: number }) => {
        assert.match(err.stderr, message);
        assert.equal(err.code, 1);
        return true;
      }),
    ),
  );
  assert.equal((await strata('ls', '/')).stdout.trim(), '');
});
