/**
 * The workloads of `strata bench`, the same against any target:
 *
 * - seq-write: one large file written in 1 MiB pieces, durable at the end (dd bs=1M
 *   conv=fsync); latency is the time per piece.
 * - seq-read: that file read back (written first, untimed, if seq-write did not run).
 * - small-files: N files of S bytes created, read (and checked), stat'ed and deleted,
 *   C operations in flight, as ../shared/peers/moosefs/smallfiles.mjs does.
 * - meta: N directories made, stat'ed, listed, renamed and removed, C in flight.
 *
 * Each phase reports operations, bytes, seconds and an HDR latency summary.
 */
import { randomBytes } from 'node:crypto';
import { invalidArgument } from '../core/errors.js';
import type { BenchTarget } from './bench-target.js';
import { LatencyRecorder, type LatencySummary } from './latency.js';

export const WORKLOADS = ['seq-write', 'seq-read', 'small-files', 'meta'] as const;
export type Workload = (typeof WORKLOADS)[number];

export interface BenchOptions {
  /** Size of the seq-write / seq-read file. */
  sizeBytes: number;
  /** Files of small-files, directories of meta. */
  files: number;
  fileSizeBytes: number;
  concurrency: number;
  /** Full listings of the meta directory in its list phase. */
  listPasses: number;
  /** Runs before each read phase (e.g. dropping the page cache). */
  beforeRead?: () => Promise<void>;
}

export const BenchLimits = {
  maxSizeBytes: 64 * 1024 ** 3,
  maxFiles: 1_000_000,
  maxFileSizeBytes: 64 * 1024 ** 2,
  /** Small-file contents are kept in memory to check reads: bound their total. */
  maxSmallFilesTotalBytes: 2 * 1024 ** 3,
  maxConcurrency: 1024,
};

export interface PhaseResult {
  workload: Workload;
  phase: string;
  ops: number;
  bytes: number;
  seconds: number;
  opsPerSec: number;
  /** 10^6 bytes per second, for phases that move data. */
  mbPerSec: number | null;
  latency: LatencySummary;
}

/** Told as work is done, for a progress bar. */
export interface ProgressSink {
  phase(label: string, total: number): void;
  tick(): void;
  done(): void;
}

export function validateOptions(o: BenchOptions): void {
  const check = (ok: boolean, message: string) => {
    if (!ok) throw invalidArgument(message);
  };
  check(
    Number.isSafeInteger(o.sizeBytes) && o.sizeBytes > 0 && o.sizeBytes <= BenchLimits.maxSizeBytes,
    `--size must be between 1 byte and ${BenchLimits.maxSizeBytes / 1024 ** 3} GiB`,
  );
  check(
    Number.isSafeInteger(o.files) && o.files > 0 && o.files <= BenchLimits.maxFiles,
    `--files must be between 1 and ${BenchLimits.maxFiles}`,
  );
  check(
    Number.isSafeInteger(o.fileSizeBytes) &&
      o.fileSizeBytes >= 0 &&
      o.fileSizeBytes <= BenchLimits.maxFileSizeBytes,
    `--file-size must be between 0 and ${BenchLimits.maxFileSizeBytes / 1024 ** 2} MiB`,
  );
  check(
    o.files * o.fileSizeBytes <= BenchLimits.maxSmallFilesTotalBytes,
    `--files × --file-size must be at most ${BenchLimits.maxSmallFilesTotalBytes / 1024 ** 3} GiB`,
  );
  check(
    Number.isSafeInteger(o.concurrency) &&
      o.concurrency > 0 &&
      o.concurrency <= BenchLimits.maxConcurrency,
    `--concurrency must be between 1 and ${BenchLimits.maxConcurrency}`,
  );
  check(Number.isSafeInteger(o.listPasses) && o.listPasses > 0, '--list-passes must be at least 1');
}

const PIECE = 1024 * 1024;

/** Runs one workload under `base` (a directory the caller made) and reports its phases. */
export async function runWorkload(
  target: BenchTarget,
  workload: Workload,
  options: BenchOptions,
  base: string,
  progress: ProgressSink,
): Promise<PhaseResult[]> {
  switch (workload) {
    case 'seq-write':
      return [await seqWrite(target, options, `${base}/seq.bin`, progress)];
    case 'seq-read':
      return [await seqRead(target, options, `${base}/seq.bin`, progress)];
    case 'small-files':
      return smallFiles(target, options, `${base}/small`, progress);
    case 'meta':
      return meta(target, options, `${base}/meta`, progress);
  }
}

class Phase {
  private readonly started = process.hrtime.bigint();
  readonly latency = new LatencyRecorder();
  ops = 0;
  bytes = 0;

  constructor(
    private readonly workload: Workload,
    private readonly name: string,
  ) {}

  finish(movesData: boolean): PhaseResult {
    const seconds = Number(process.hrtime.bigint() - this.started) / 1e9;
    return {
      workload: this.workload,
      phase: this.name,
      ops: this.ops,
      bytes: this.bytes,
      seconds,
      opsPerSec: this.ops / seconds,
      mbPerSec: movesData ? this.bytes / 1e6 / seconds : null,
      latency: this.latency.summary(),
    };
  }
}

/** 16 distinct random 1 MiB pieces, repeated: the data is not all one pattern. */
function pieces(): Buffer[] {
  return Array.from({ length: 16 }, () => randomBytes(PIECE));
}

async function* largeFile(sizeBytes: number, from: Buffer[]): AsyncGenerator<Buffer> {
  for (let offset = 0, i = 0; offset < sizeBytes; offset += PIECE, i++) {
    const piece = from[i % from.length]!;
    yield offset + PIECE <= sizeBytes ? piece : piece.subarray(0, sizeBytes - offset);
  }
}

async function seqWrite(
  target: BenchTarget,
  options: BenchOptions,
  path: string,
  progress: ProgressSink,
): Promise<PhaseResult> {
  const data = pieces();
  await target.removeTree(path);
  progress.phase('seq-write', Math.ceil(options.sizeBytes / PIECE));
  const phase = new Phase('seq-write', 'write');
  let last = process.hrtime.bigint();
  phase.bytes = await target.writeLarge(path, largeFile(options.sizeBytes, data), () => {
    const now = process.hrtime.bigint();
    phase.latency.recordMicros(Number((now - last) / 1000n));
    last = now;
    phase.ops++;
    progress.tick();
  });
  progress.done();
  return phase.finish(true);
}

async function seqRead(
  target: BenchTarget,
  options: BenchOptions,
  path: string,
  progress: ProgressSink,
): Promise<PhaseResult> {
  const size = await target.size(path).catch(() => null);
  if (size !== options.sizeBytes)
    await target.writeLarge(path, largeFile(options.sizeBytes, pieces()), () => undefined);
  await options.beforeRead?.();
  progress.phase('seq-read', Math.ceil(options.sizeBytes / PIECE));
  const phase = new Phase('seq-read', 'read');
  let last = process.hrtime.bigint();
  let sinceTick = 0;
  // Taken as 'data' events, as `pipeline` (and `strata get`) takes a stream, not with
  // `for await`: a stream's async iterator costs a promise round and a read() per
  // chunk, which on two cores is CPU taken from the system measured. A fresh client
  // reading 256 MiB through `for await` used 1.1-1.3 s of CPU, through 'data' events
  // 0.8-1.0 s (`/tmp` probe, 2026-11-27). Every target is read the same way.
  await new Promise<void>((resolve, reject) => {
    const stream = target.readLarge(path);
    stream.on('data', (chunk: Buffer) => {
      phase.bytes += chunk.length;
      sinceTick += chunk.length;
      if (sinceTick >= PIECE) {
        const now = process.hrtime.bigint();
        phase.latency.recordMicros(Number((now - last) / 1000n));
        last = now;
        sinceTick -= PIECE;
        phase.ops++;
        progress.tick();
      }
    });
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  progress.done();
  if (phase.bytes !== options.sizeBytes)
    throw new Error(`seq-read: read ${phase.bytes} bytes of a ${options.sizeBytes}-byte file`);
  return phase.finish(true);
}

/** Runs fn(0..n-1) with `concurrency` in flight. */
export async function inFlight(
  n: number,
  concurrency: number,
  fn: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < n; i = next++) await fn(i);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
}

async function timedPhase(
  workload: Workload,
  name: string,
  options: BenchOptions,
  progress: ProgressSink,
  op: (i: number) => Promise<number>,
  movesData = false,
): Promise<PhaseResult> {
  progress.phase(`${workload} ${name}`, options.files);
  const phase = new Phase(workload, name);
  await inFlight(options.files, options.concurrency, async (i) => {
    // Not `phase.bytes += await …`: that reads phase.bytes before the await.
    const bytes = await phase.latency.time(() => op(i));
    phase.bytes += bytes;
    phase.ops++;
    progress.tick();
  });
  progress.done();
  return phase.finish(movesData);
}

/** Distinct, reproducible contents per file index. */
function smallFileContent(i: number, size: number): Buffer {
  const b = Buffer.allocUnsafe(size);
  let x = (i * 2654435761) >>> 0;
  for (let k = 0; k < size; k++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    b[k] = x >>> 24;
  }
  return b;
}

const fileName = (dir: string, i: number) => `${dir}/f${String(i).padStart(7, '0')}`;

async function smallFiles(
  target: BenchTarget,
  options: BenchOptions,
  dir: string,
  progress: ProgressSink,
): Promise<PhaseResult[]> {
  const contents = Array.from({ length: options.files }, (_, i) =>
    smallFileContent(i, options.fileSizeBytes),
  );
  await target.removeTree(dir);
  await target.mkdir(dir);
  const results: PhaseResult[] = [];
  const run = (name: string, op: (i: number) => Promise<number>, movesData = false) =>
    timedPhase('small-files', name, options, progress, op, movesData).then((r) => {
      results.push(r);
    });
  await run(
    'create',
    async (i) => {
      await target.createFile(fileName(dir, i), contents[i]!);
      return options.fileSizeBytes;
    },
    true,
  );
  await options.beforeRead?.();
  await run(
    'read',
    async (i) => {
      const data = await target.readFile(fileName(dir, i));
      if (!data.equals(contents[i]!)) throw new Error(`small-files: ${fileName(dir, i)} differs`);
      return data.length;
    },
    true,
  );
  await run('stat', async (i) => {
    const size = await target.size(fileName(dir, i));
    if (size !== options.fileSizeBytes)
      throw new Error(`small-files: ${fileName(dir, i)} has ${size} bytes`);
    return 0;
  });
  await run('delete', async (i) => {
    await target.removeFile(fileName(dir, i));
    return 0;
  });
  await target.removeDir(dir);
  return results;
}

async function meta(
  target: BenchTarget,
  options: BenchOptions,
  dir: string,
  progress: ProgressSink,
): Promise<PhaseResult[]> {
  await target.removeTree(dir);
  await target.mkdir(dir);
  const name = (prefix: string, i: number) => `${dir}/${prefix}${String(i).padStart(7, '0')}`;
  const results: PhaseResult[] = [];
  const run = (phase: string, op: (i: number) => Promise<unknown>) =>
    timedPhase('meta', phase, options, progress, async (i) => {
      await op(i);
      return 0;
    }).then((r) => {
      results.push(r);
    });
  await run('mkdir', (i) => target.mkdir(name('d', i)));
  await run('stat', (i) => target.size(name('d', i)));

  // Listing: whole listings of the directory, one after another; the rate is entries/s.
  progress.phase('meta list', options.listPasses);
  const listing = new Phase('meta', 'list');
  for (let pass = 0; pass < options.listPasses; pass++) {
    const n = await listing.latency.time(() => target.countEntries(dir));
    if (n !== options.files) throw new Error(`meta: listed ${n} entries of ${options.files}`);
    listing.ops += n;
    progress.tick();
  }
  progress.done();
  results.push(listing.finish(false));

  await run('rename', (i) => target.rename(name('d', i), name('r', i)));
  await run('delete', (i) => target.removeDir(name('r', i)));
  await target.removeDir(dir);
  return results;
}
