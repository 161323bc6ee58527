/**
 * Benchmark: put and get of a 1 GiB file (replication 3) on a fresh local cluster,
 * beside `cp` of the same file on the same disk. Prints MB/s (10^6 bytes/s) for
 * each run and the median of the runs.
 *
 *   npm run bench:put-get [-- --size-mib 1024 --runs 3]
 */
import { execFileSync } from 'node:child_process';
import {
  createReadStream,
  createWriteStream,
  rmSync,
  writeFileSync,
  openSync,
  fsyncSync,
  closeSync,
} from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { TestCluster } from '../test/helpers/cluster.js';
import { seededBytes } from '../test/helpers/data.js';

const { values } = parseArgs({
  options: {
    'size-mib': { type: 'string', default: '1024' },
    runs: { type: 'string', default: '3' },
  },
});
const sizeBytes = Number(values['size-mib']) * 1024 * 1024;
const runs = Number(values.runs);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mbps = (bytes: number, ms: number) => bytes / 1e6 / (ms / 1000);

const cluster = await TestCluster.start({ dataservers: 3, blockSizeBytes: 64 * 1024 * 1024 });
try {
  const source = join(cluster.dir, 'source.bin');
  // Write the source in 64 MiB pieces of seeded bytes (not all in memory at once).
  const fd = openSync(source, 'w');
  closeSync(fd);
  for (let off = 0; off < sizeBytes; off += 64 * 1024 * 1024) {
    writeFileSync(
      source,
      seededBytes(Math.min(64 * 1024 * 1024, sizeBytes - off), off / 65536 + 1),
      { flag: 'a' },
    );
  }
  const client = cluster.client();
  const results = { put: [] as number[], get: [] as number[], cp: [] as number[] };
  for (let run = 0; run < runs; run++) {
    let t = performance.now();
    await pipeline(
      createReadStream(source, { highWaterMark: 1024 * 1024 }),
      client.createWriteStream(`/bench/f${run}`, { createParents: true }),
    );
    results.put.push(mbps(sizeBytes, performance.now() - t));

    const out = join(cluster.dir, 'out.bin');
    t = performance.now();
    await pipeline(client.createReadStream(`/bench/f${run}`), createWriteStream(out));
    results.get.push(mbps(sizeBytes, performance.now() - t));
    rmSync(out);
    await client.delete(`/bench/f${run}`);

    const copy = join(cluster.dir, 'copy.bin');
    t = performance.now();
    execFileSync('cp', [source, copy]);
    const cfd = openSync(copy, 'r');
    fsyncSync(cfd); // put acknowledges only after fsync on every replica; give cp the same
    closeSync(cfd);
    results.cp.push(mbps(sizeBytes, performance.now() - t));
    rmSync(copy);
    console.log(
      `run ${run + 1}: put ${results.put[run]!.toFixed(1)} MB/s, get ${results.get[run]!.toFixed(1)} MB/s, cp+fsync ${results.cp[run]!.toFixed(1)} MB/s`,
    );
  }
  const line = (name: string, xs: number[]) =>
    `${name.padEnd(22)} median ${median(xs).toFixed(1).padStart(8)} MB/s   [${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}]`;
  console.log(`\n${(sizeBytes / 1024 / 1024).toFixed(0)} MiB, replication 3, ${runs} runs`);
  console.log(line('strata put', results.put));
  console.log(line('strata get', results.get));
  console.log(line('cp + fsync (1 copy)', results.cp));
  console.log(
    `put / cp: ${(median(results.put) / median(results.cp)).toFixed(2)}   get / cp: ${(median(results.get) / median(results.cp)).toFixed(2)}`,
  );
} finally {
  await cluster.destroy();
}
