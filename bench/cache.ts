/**
 * Benchmark: reads from a dataserver's memory cache pool against reads from a
 * slow medium, and the pool's memory bound under a working set 4x its size.
 *
 *   npm run bench:cache [-- --cache-mib 64 --latency-ms 8 --mibps 150 --runs 3]
 *
 * One dataserver (replication 1, so every read goes to it) whose storage dirs get
 * an HDD-like profile (--latency-ms per read of up to 1 MiB, --mibps). Phase 1
 * writes a working set of half the pool and reads it three times: the first pass
 * comes from the slow disk (cold), the later ones from memory. Phase 2 writes 4x
 * the pool and reads it twice while the dataserver's RSS is sampled: the pool's
 * own figure must stay within its bound, and RSS must not grow by much more.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { TestCluster } from '../test/helpers/cluster.js';
import { seededBytes } from '../test/helpers/data.js';
import type { StrataClient } from '../src/client/strata-client.js';

const { values } = parseArgs({
  options: {
    'cache-mib': { type: 'string', default: '64' },
    'latency-ms': { type: 'string', default: '8' },
    mibps: { type: 'string', default: '150' },
    runs: { type: 'string', default: '3' },
  },
});
const MiB = 1024 * 1024;
const BLOCK = 4 * MiB;
const cacheMiB = Number(values['cache-mib']);
const profile = `${values['latency-ms']}:${values.mibps}`;

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
const cold: number[] = [];
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
      `hdd:${profile}`,
      '--medium-profile',
      `nvme:${profile}`,
    ],
  });
  try {
    const client = cluster.client();
    const pid = cluster.dataservers[0]!.child.pid!;
    const small = await writeSet(client, '/small', cacheMiB / 2);
    cold.push(await readAll(client, small));
    warm.push(Math.max(await readAll(client, small), await readAll(client, small)));

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
      `run ${run + 1}: cold ${cold[run]!.toFixed(0)} MiB/s, cached ${warm[run]!.toFixed(0)} MiB/s; ` +
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
console.log(
  `| read of a ${cacheMiB / 2} MiB working set | MiB/s, median of ${cold.length} | range |`,
);
console.log('|---|---|---|');
console.log(
  `| cold, from a dir with profile ${profile} (ms:MiB/s) | ${median(cold).toFixed(0)} | ${Math.min(...cold).toFixed(0)}–${Math.max(...cold).toFixed(0)} |`,
);
console.log(
  `| memory cache pool | ${median(warm).toFixed(0)} | ${Math.min(...warm).toFixed(0)}–${Math.max(...warm).toFixed(0)} |`,
);
console.log(`| ratio cached / cold | ${(median(warm) / median(cold)).toFixed(1)}x | |`);
