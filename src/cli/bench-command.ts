/**
 * `strata bench`: the same workloads against a Strata cluster or a plain directory
 * (local disk, or a mounted peer such as MooseFS), with HDR latency percentiles, a
 * table or JSON, and a progress bar on a terminal.
 */
import { cpus } from 'node:os';
import { writeFileSync } from 'node:fs';
import cliProgress from 'cli-progress';
import { invalidArgument } from '../core/errors.js';
import { StrataClient } from '../client/strata-client.js';
import { clusterFilePath, readClusterFile } from '../client/cluster-file.js';
import type { BenchTarget } from '../bench/bench-target.js';
import { DirTarget } from '../bench/dir-target.js';
import { StrataTarget } from '../bench/strata-target.js';
import { reportTable, type BenchReport } from '../bench/report.js';
import {
  BenchLimits,
  WORKLOADS,
  runWorkload,
  validateOptions,
  type BenchOptions,
  type ProgressSink,
  type Workload,
} from '../bench/workloads.js';
import { parseSize } from './units.js';

export interface BenchCommandOptions {
  target: string;
  size: string;
  files: string;
  fileSize: string;
  concurrency: string;
  replication: string;
  listPasses: string;
  warmup: string;
  dropCaches?: boolean;
  json?: boolean;
}

function integer(text: string, what: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n))
    throw invalidArgument(`${what}: not a whole number: ${JSON.stringify(text)}`);
  return n;
}

/** Drops the kernel's page cache (needs root), so reads come from the disk. */
async function dropPageCache(): Promise<void> {
  const { execFileSync } = await import('node:child_process');
  execFileSync('sync');
  try {
    writeFileSync('/proc/sys/vm/drop_caches', '3\n');
  } catch (err) {
    process.stderr.write(`strata bench: could not drop the page cache: ${String(err)}\n`);
  }
}

/**
 * The warm-up's deletes reach the dataservers on heartbeats (1 s), which then delete
 * the replicas and compact their volumes: let that land before measuring. With 3 s,
 * `bench all --files 200 --warmup 2000` wrote 89-91 MB/s in seq-write against
 * 98-106 for the sequential workloads alone; with 15 s, 98-120 against 98-102
 * (fresh clusters alternated, 2 rounds each).
 */
const WARMUP_SETTLE_MS = 15_000;

/**
 * Largest file the warm-up writes and reads for the sequential workloads, which
 * otherwise use the measured size. Fresh dataservers spent 2-3 s of CPU between
 * them compiling the write path over their first 256 MiB, and wrote the next
 * 256 MiB at 76-83 against 45-51 MB/s; a 64 MiB warm-up left seq-write at 72-75
 * MB/s, a full-size one gave 99-110 (fresh clusters alternated, 3 rounds).
 */
const WARMUP_SEQ_MAX_BYTES = 1024 * 1024 * 1024;

/**
 * The chosen workloads, unmeasured (`files` small files, the sequential ones' file
 * up to {@link WARMUP_SEQ_MAX_BYTES}), in this process against this target: a server
 * runs for days, and so does a client library. A fresh Node.js process spends its
 * first thousands of requests compiling its hot code (in a profile of a fresh bench
 * client, 30 % of its CPU went to compiler threads), and on two cores that
 * compiling competes with the servers being measured. A fresh client's first
 * 256 MiB read took 1.2-1.5 s of CPU, its next ones 0.4-0.5 s: most of the
 * difference was TurboFan compiling the read path on background threads.
 */
async function warmUp(
  target: BenchTarget,
  workloads: readonly Workload[],
  options: BenchOptions,
  base: string,
  progress: ProgressSink,
): Promise<void> {
  const warm: BenchOptions = {
    sizeBytes: Math.min(options.sizeBytes, WARMUP_SEQ_MAX_BYTES),
    files: options.files,
    fileSizeBytes: options.fileSizeBytes,
    concurrency: options.concurrency,
    listPasses: options.listPasses,
  };
  const labelled: ProgressSink = {
    phase: (label, total) => progress.phase(`warm-up ${label}`, total),
    tick: () => progress.tick(),
    done: () => progress.done(),
  };
  await target.mkdir(base);
  for (const workload of workloads) await runWorkload(target, workload, warm, base, labelled);
  await target.removeTree(base);
  await new Promise((settled) => setTimeout(settled, WARMUP_SETTLE_MS));
}

function progressBar(): ProgressSink {
  if (!process.stderr.isTTY) return { phase() {}, tick() {}, done() {} };
  let bar: cliProgress.SingleBar | null = null;
  return {
    phase(label, total) {
      bar = new cliProgress.SingleBar(
        {
          format: `${label.padEnd(18)} [{bar}] {value}/{total} {eta_formatted}`,
          stream: process.stderr,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0);
    },
    tick() {
      bar?.increment();
    },
    done() {
      bar?.stop();
      bar = null;
    },
  };
}

function openTarget(
  spec: string,
  replication: number,
  clusterFile: string | undefined,
): BenchTarget {
  if (spec.startsWith('dir:')) {
    const root = spec.slice('dir:'.length);
    if (root === '') throw invalidArgument('--target dir:PATH needs a path');
    return new DirTarget(root);
  }
  if (spec !== 'strata')
    throw invalidArgument(`--target: strata or dir:PATH, not ${JSON.stringify(spec)}`);
  const nameservers = readClusterFile(clusterFilePath(clusterFile)).nameservers.map(
    (n) => n.address,
  );
  return new StrataTarget(new StrataClient({ nameservers }), replication, nameservers);
}

export async function bench(
  workloads: string[],
  opts: BenchCommandOptions,
  clusterFile: string | undefined,
): Promise<void> {
  const chosen = (workloads.length === 0 || workloads.includes('all') ? WORKLOADS : workloads).map(
    (w) => {
      if (!(WORKLOADS as readonly string[]).includes(w))
        throw invalidArgument(`no such workload: ${w} (${WORKLOADS.join(', ')}, all)`);
      return w as Workload;
    },
  );
  const replication = integer(opts.replication, '--replication');
  const options: BenchOptions = {
    sizeBytes: parseSize(opts.size, '--size'),
    files: integer(opts.files, '--files'),
    fileSizeBytes: parseSize(opts.fileSize, '--file-size'),
    concurrency: integer(opts.concurrency, '--concurrency'),
    listPasses: integer(opts.listPasses, '--list-passes'),
    ...(opts.dropCaches ? { beforeRead: dropPageCache } : {}),
  };
  validateOptions(options);
  const warmupFiles = integer(opts.warmup, '--warmup');
  if (
    warmupFiles > BenchLimits.maxFiles ||
    warmupFiles * options.fileSizeBytes > BenchLimits.maxSmallFilesTotalBytes
  ) {
    throw invalidArgument(
      `--warmup must be at most ${BenchLimits.maxFiles} files and --warmup × --file-size at most ${BenchLimits.maxSmallFilesTotalBytes / 1024 ** 3} GiB`,
    );
  }
  const target = openTarget(opts.target, replication, clusterFile);
  const base = `/strata-bench-${process.pid}-${Date.now()}`;
  const report: BenchReport = {
    target: target.label,
    startedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, node: process.versions.node, platform: process.platform },
    options: {
      sizeBytes: options.sizeBytes,
      files: options.files,
      fileSizeBytes: options.fileSizeBytes,
      concurrency: options.concurrency,
      replication: target instanceof StrataTarget ? replication : null,
      warmupFiles,
    },
    results: [],
  };
  const progress = progressBar();
  try {
    await target.mkdir(base);
    if (warmupFiles > 0)
      await warmUp(target, chosen, { ...options, files: warmupFiles }, `${base}/warm-up`, progress);
    for (const workload of chosen)
      report.results.push(...(await runWorkload(target, workload, options, base, progress)));
  } finally {
    progress.done();
    await target.removeTree(base).catch(() => undefined);
    await target.close();
  }
  console.log(opts.json ? JSON.stringify(report, null, 2) : reportTable(report));
}
