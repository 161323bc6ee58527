/**
 * Benchmark: reads from HDD, from NVMe, from the NVMe tier's copies of HDD blocks
 * (promoted by reads) and from a dataserver's memory cache pool, side by side, and
 * the pool's memory bound under a working set 4x its size.
 *
 *   npm run bench:cache [-- --cache-mib 64 --hdd 8:150 --nvme 0.1:2000 --runs 3]
 *
 * One dataserver (replication 1, so every read goes to it) whose hdd dir gets an
 * HDD-like profile and whose nvme dir an NVMe-like one (MS:MIBPS: latency per disk
 * read or write of up to 1 MiB, and bandwidth). Phase 1 writes two working sets of
 * a quarter of the pool each, one under a `cold` directory (on HDD) and one under
 * a `hot` one (on NVMe), reads each once from disk, then each again from memory.
 * The promoted phase writes twice the pool under `cold` (too much for memory),
 * reads it three times (the third promotes every block to the NVMe tier), waits
 * for the copies, and reads it again: from the tier. Phase 2 writes 4x the pool and reads it twice while the dataserver's RSS is
 * sampled: the pool's own figure must stay within its bound, and RSS must not
 * grow by much more.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { TestCluster } from '../test/helpers/cluster.js';
import { seededBytes } from '../test/helpers/data.js';
import type { StrataClient } from '../src/client/strata-client.js';

const { values } = parseArgs({
  options: {
    'cache-mib': { type: 'string', default: '64' },
    hdd: { type: 'string', default: '8:150' },
    nvme: { type: 'string', default: '0.1:2000' },
    runs: { type: 'string', default: '3' },
  },
});
const MiB = 1024 * 1024;
const BLOCK = 4 * MiB;
const cacheMiB = Number(values['cache-mib']);

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

async function readAll(client: StrataClient, paths: string[]): Promise<number> {
  const start = performance.now();
  let bytes = 0;
  for (const p of paths) bytes += (await client.readFile(p)).length;
  return bytes / MiB / ((performance.now() - start) / 1000);
}

async function writeSet(client: StrataClient, prefix: string, mib: number): Promise<string[]> {
  const paths: string[] = [];
  const data = seededBytes(BLOCK, 5);
  for (let i = 0; i < Math.ceil(mib / (BLOCK / MiB)); i++) {
    const path = `${prefix}/f${i}`;
    await client.writeFile(path, data, { createParents: true });
    paths.push(path);
  }
  return paths;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fromHdd: number[] = [];
const fromNvme: number[] = [];
const promoted: number[] = [];
const warm: number[] = [];
const rows: string[] = [];
for (let run = 0; run < Number(values.runs); run++) {
  const cluster = await TestCluster.start({
    dataservers: 1,
    replication: 1,
    blockSizeBytes: BLOCK,
    dataserverArgs: () => [
      '--cache',
      String(cacheMiB),
      '--medium-profile',
      `hdd:${values.hdd}`,
      '--medium-profile',
      `nvme:${values.nvme}`,
    ],
  });
  try {
    const client = cluster.client();
    const pid = cluster.dataservers[0]!.child.pid!;
    await client.mkdir('/hdd', { parents: true });
    await client.setStoragePolicy('/hdd', 'cold');
    await client.mkdir('/nvme', { parents: true });
    await client.setStoragePolicy('/nvme', 'hot');
    const onHdd = await writeSet(client, '/hdd', cacheMiB / 4);
    const onNvme = await writeSet(client, '/nvme', cacheMiB / 4);
    fromHdd.push(await readAll(client, onHdd));
    fromNvme.push(await readAll(client, onNvme));
    const both = [...onHdd, ...onNvme];
    warm.push(Math.max(await readAll(client, both), await readAll(client, both)));

    const hot = await writeSet(client, '/hdd/promoted', 2 * cacheMiB);
    const promotions = async () =>
      Number((await client.report()).dataservers[0]!.cache!.nvmePromotions);
    const before = await promotions();
    for (let pass = 0; pass < 3; pass++) await readAll(client, hot);
    const deadline = Date.now() + 120_000;
    while ((await promotions()) - before < hot.length) {
      if (Date.now() > deadline) throw new Error('the set was not promoted within 2 minutes');
      await new Promise((r) => setTimeout(r, 500));
    }
    promoted.push(await readAll(client, hot));

    const baseline = rssMiB(pid);
    const big = await writeSet(client, '/big', 4 * cacheMiB);
    let maxRss = baseline;
    let maxPool = 0;
    const sampler = setInterval(() => {
      maxRss = Math.max(maxRss, rssMiB(pid));
    }, 50);
    for (let pass = 0; pass < 2; pass++) {
      await readAll(client, big);
      const cache = (await client.report()).dataservers[0]!.cache!;
      maxPool = Math.max(maxPool, Number(cache.usedBytes) / MiB);
    }
    clearInterval(sampler);
    const cache = (await client.report()).dataservers[0]!.cache!;
    rows.push(
      `run ${run + 1}: HDD ${fromHdd[run]!.toFixed(0)} MiB/s, NVMe ${fromNvme[run]!.toFixed(0)} MiB/s, ` +
        `NVMe-promoted ${promoted[run]!.toFixed(0)} MiB/s (${2 * cacheMiB} MiB), ` +
        `cached ${warm[run]!.toFixed(0)} MiB/s; ` +
        `4x working set (${4 * cacheMiB} MiB): pool at most ${maxPool.toFixed(1)} of ${cacheMiB} MiB, ` +
        `dataserver RSS ${baseline.toFixed(0)} -> at most ${maxRss.toFixed(0)} MiB; ` +
        `hits ${cache.hits}, misses ${cache.misses}, evictions ${cache.evictions}`,
    );
    console.log(rows[rows.length - 1]);
  } finally {
    await cluster.destroy();
  }
}
console.log('');
const row = (name: string, xs: number[]) =>
  console.log(
    `| ${name} | ${median(xs).toFixed(0)} | ${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)} |`,
  );
console.log(
  `| read of a ${cacheMiB / 4} MiB working set | MiB/s, median of ${warm.length} | range |`,
);
console.log('|---|---|---|');
row(`HDD (cold policy; profile ${values.hdd} ms:MiB/s)`, fromHdd);
row(`NVMe (hot policy; profile ${values.nvme} ms:MiB/s)`, fromNvme);
row(`NVMe-promoted HDD blocks (a ${2 * cacheMiB} MiB set read 3 times)`, promoted);
row('memory cache pool', warm);
console.log(
  `ratios: NVMe / HDD ${(median(fromNvme) / median(fromHdd)).toFixed(1)}x, ` +
    `NVMe-promoted / HDD ${(median(promoted) / median(fromHdd)).toFixed(1)}x, ` +
    `memory / HDD ${(median(warm) / median(fromHdd)).toFixed(1)}x`,
);
