/**
 * Benchmark: what the disk allows a dataserver for small replicas, by how a replica
 * is laid out in files. No Strata process runs: each protocol writes 4 KiB
 * replicas, `--in-flight` at a time, straight to a temp dir on this disk, every one
 * durable before it counts. It bounds the small-file create rate from below the
 * software (issue 6: creates are far from their target).
 *
 *   npm run bench:replica-files [-- --replicas 400 --in-flight 16 --runs 3]
 *
 * Protocols:
 * - `two files`: how Strata's block store keeps a replica over 256 KiB (and kept
 *   every replica before needles): a .data and a .meta temp file, both fsynced,
 *   both renamed into place, the directory fsynced.
 * - `one file`: the CRCs in a header of the data file: one file created, fsynced,
 *   renamed, the directory fsynced.
 * - `shared volume`: appended to one volume file, one fdatasync covering every
 *   append made before it (group commit), as Haystack and SeaweedFS store small
 *   needles, and as the block store now keeps a replica of up to 256 KiB
 *   (src/blockstore/volume-set.ts).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { open, rename, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    replicas: { type: 'string', default: '400' },
    'in-flight': { type: 'string', default: '16' },
    runs: { type: 'string', default: '3' },
  },
});
const replicas = Number(values.replicas);
const inFlight = Number(values['in-flight']);
const runs = Number(values.runs);
const DATA = Buffer.alloc(4096, 5);
/** A .meta of one chunk: header and one CRC, as the block store writes it. */
const META = Buffer.alloc(36, 1);

type Protocol = (dir: string, i: number) => Promise<void>;

async function fsyncDir(path: string): Promise<void> {
  const dir = await open(path, 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

async function durableFile(path: string, bytes: Buffer): Promise<void> {
  const file = await open(path, 'wx');
  try {
    await file.write(bytes);
    await file.sync();
  } finally {
    await file.close();
  }
}

const twoFiles: Protocol = async (dir, i) => {
  await Promise.all([
    durableFile(join(dir, 'tmp', `${i}.data`), DATA),
    durableFile(join(dir, 'tmp', `${i}.meta`), META),
  ]);
  await rename(join(dir, 'tmp', `${i}.data`), join(dir, 'current', `${i}.data`));
  await rename(join(dir, 'tmp', `${i}.meta`), join(dir, 'current', `${i}.meta`));
  await fsyncDir(join(dir, 'current'));
};

const oneFile: Protocol = async (dir, i) => {
  await durableFile(join(dir, 'tmp', `${i}.blk`), Buffer.concat([META, DATA]));
  await rename(join(dir, 'tmp', `${i}.blk`), join(dir, 'current', `${i}.blk`));
  await fsyncDir(join(dir, 'current'));
};

/** Appends to one volume; whoever finds no sync running starts one for all waiting. */
function sharedVolume(): { protocol: Protocol; close: () => Promise<void> } {
  let volume: Promise<FileHandle> | null = null;
  let end = 0;
  let waiting: (() => void)[] = [];
  let syncing: Promise<void> | null = null;
  const syncAll = async (file: FileHandle) => {
    while (waiting.length > 0) {
      const done = waiting;
      waiting = [];
      await file.datasync();
      for (const resolve of done) resolve();
    }
    syncing = null;
  };
  return {
    protocol: async (dir) => {
      volume ??= open(join(dir, 'volume'), 'w');
      const file = await volume;
      const needle = Buffer.concat([META, DATA]);
      const at = end;
      end += needle.length;
      await file.write(needle, 0, needle.length, at);
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        syncing ??= syncAll(file);
      });
    },
    close: async () => (await volume)?.close(),
  };
}

async function rate(protocol: Protocol): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-replica-files-'));
  mkdirSync(join(dir, 'tmp'));
  mkdirSync(join(dir, 'current'));
  try {
    let next = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < replicas) await protocol(dir, next++);
      }),
    );
    return replicas / ((performance.now() - start) / 1000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const results: Record<string, number[]> = { 'two files': [], 'one file': [], 'shared volume': [] };
for (let run = 1; run <= runs; run++) {
  // One protocol after another within a run, so that a slow spell of the disk shows in all.
  results['two files']!.push(await rate(twoFiles));
  results['one file']!.push(await rate(oneFile));
  const shared = sharedVolume();
  results['shared volume']!.push(await rate(shared.protocol));
  await shared.close();
  console.log(
    `run ${run}: ` +
      Object.entries(results)
        .map(([name, xs]) => `${name} ${xs[xs.length - 1]!.toFixed(0)}/s`)
        .join(', '),
  );
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const base = median(results['two files']!);
console.log(
  `\n4 KiB replicas, ${inFlight} in flight, each durable; median of ${runs} runs (lowest–highest):`,
);
for (const [name, xs] of Object.entries(results)) {
  console.log(
    `  ${name.padEnd(14)} ${median(xs).toFixed(0).padStart(6)}/s (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})  ${(median(xs) / base).toFixed(1)}× two files`,
  );
}
