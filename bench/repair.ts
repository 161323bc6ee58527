/**
 * Benchmark: re-replication after kill -9 of a dataserver (F1 at full size).
 *
 *   npm run bench:repair [-- --gib 2 --dead-after 4 --load]
 *
 * Five dataservers, replication 3, 64 MiB blocks. Writes --gib of data, kills -9
 * the dataserver holding the most replicas and measures the time until every
 * block is back at 3 good replicas: from the kill, and from the dead mark (the
 * repair itself), with the bytes copied per second. With --load, a reader reads
 * the files in a loop during the repair and its read throughput is printed too,
 * along with the same reads for 20 s before the kill (the baseline), and repair
 * throughput can be compared with a run without the load.
 */
import { parseArgs } from 'node:util';
import { TestCluster } from '../test/helpers/cluster.js';
import { seededBytes } from '../test/helpers/data.js';

const { values } = parseArgs({
  options: {
    gib: { type: 'string', default: '2' },
    'dead-after': { type: 'string', default: '4' },
    load: { type: 'boolean', default: false },
  },
});
const MiB = 1024 * 1024;
const BLOCK = 64 * MiB;
const FILE = 4 * BLOCK;
const files = Math.max(1, Math.round((Number(values.gib) * 1024 * MiB) / FILE));

const cluster = await TestCluster.start({
  dataservers: 5,
  blockSizeBytes: BLOCK,
  nameserverArgs: ['--stale-after', '2', '--dead-after', values['dead-after']],
});
try {
  const client = cluster.client();
  const data = seededBytes(FILE, 1);
  let start = performance.now();
  for (let i = 0; i < files; i++)
    await client.writeFile(`/bench/f${i}`, data, { createParents: true });
  const writeS = (performance.now() - start) / 1000;
  console.log(
    `wrote ${files} files of ${FILE / MiB} MiB (${(files * FILE) / MiB} MiB, r3) in ${writeS.toFixed(1)} s`,
  );

  const report = await client.report();
  const victim = report.dataservers.sort((a, b) => Number(b.blockCount) - Number(a.blockCount))[0]!;
  const victimIndex = cluster.dataservers.findIndex((d) => d?.ready.id === victim.server!.id);
  let reading = values.load;
  let readBytes = 0;
  const reader = (async () => {
    const r = cluster.client();
    // Counted as the bytes arrive: a whole 256 MiB file can take longer than the baseline window.
    for (let i = 0; reading; i++) {
      for await (const chunk of r.createReadStream(`/bench/f${i % files}`)) {
        readBytes += (chunk as Buffer).length;
        if (!reading) break;
      }
    }
  })();
  // The same reads with nothing to repair: the baseline the loss is measured against.
  let baselineMiBps = 0;
  if (values.load) {
    const t0 = performance.now();
    await new Promise((res) => setTimeout(res, 20_000));
    baselineMiBps = readBytes / MiB / ((performance.now() - t0) / 1000);
    readBytes = 0;
  }

  start = performance.now();
  await cluster.killDataServer(victimIndex);
  let deadAt = 0;
  for (;;) {
    const r = await client.report();
    const state = r.dataservers.find((d) => d.server?.id === victim.server!.id)?.state;
    if (!deadAt && state === 'dead') deadAt = performance.now();
    if (deadAt && r.underReplicatedBlocks === 0 && r.missingBlocks === 0) break;
    await new Promise((res) => setTimeout(res, 200));
  }
  const doneAt = performance.now();
  reading = false;
  await reader;
  const r = await client.report();
  const copiedMiB = Number(r.repair!.bytesRepaired) / MiB;
  const repairS = (doneAt - deadAt) / 1000;
  console.log(
    `killed ${victim.server!.id} holding ${victim.blockCount} replicas; dead mark after ${((deadAt - start) / 1000).toFixed(1)} s; ` +
      `all blocks at 3 replicas ${((doneAt - start) / 1000).toFixed(1)} s after the kill`,
  );
  console.log(
    `repair: ${r.repair!.copiesDone} copies, ${copiedMiB.toFixed(0)} MiB in ${repairS.toFixed(1)} s = ${(copiedMiB / repairS).toFixed(1)} MiB/s` +
      (values.load
        ? `; reads meanwhile ${(readBytes / MiB / ((doneAt - start) / 1000)).toFixed(1)} MiB/s, ` +
          `${baselineMiBps.toFixed(1)} MiB/s in the 20 s before the kill`
        : ''),
  );
} finally {
  await cluster.destroy();
}
