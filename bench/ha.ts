/**
 * Benchmark: the cost of synchronous journal shipping and the failover time.
 *
 *   npm run bench:ha [-- --creates 2000 --failovers 5]
 *
 * 1. Creates/s (empty files: create + complete, concurrency 16) on an HA pair
 *    with the standby in sync, then with the standby killed (the active goes on
 *    alone once the witness has taken it out of the in-sync set), then on a
 *    single nameserver without HA.
 * 2. Failover: kill -9 of the active while a writer creates files in a loop; the
 *    time from the kill to the first acknowledged create begun after it. Median of N.
 */
import { parseArgs } from 'node:util';
import { TestCluster } from '../test/helpers/cluster.js';

const { values } = parseArgs({
  options: {
    creates: { type: 'string', default: '2000' },
    failovers: { type: 'string', default: '5' },
  },
});
const creates = Number(values.creates);
const failovers = Number(values.failovers);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function createRate(cluster: TestCluster, prefix: string): Promise<number> {
  const client = cluster.client();
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < creates)
        await client.writeFile(`${prefix}/f${next++}`, Buffer.alloc(0), { createParents: true });
    }),
  );
  return creates / ((performance.now() - start) / 1000);
}

const ha = await TestCluster.start({ ha: true, dataservers: 1, replication: 1 });
try {
  const active = await ha.waitForActive();
  await ha.waitForStandbyInSync();
  await createRate(ha, '/warmup');
  const withStandby = await createRate(ha, '/with');
  await ha.killHaNameServer(1 - active);
  await ha.client().mkdir('/alone'); // waits out the standby's removal from the in-sync set
  const alone = await createRate(ha, '/alone');
  await ha.startHaNameServer(1 - active);
  await ha.waitForStandbyInSync();

  const times: number[] = [];
  for (let i = 0; i < failovers; i++) {
    const current = await ha.waitForActive();
    await ha.waitForStandbyInSync();
    const client = ha.client();
    let killedAt = 0;
    let firstAck = 0;
    let n = 0;
    const writer = (async () => {
      while (firstAck === 0) {
        const begun = performance.now();
        await client.writeFile(`/failover${i}/f${n++}`, Buffer.alloc(0), { createParents: true });
        if (killedAt > 0 && begun > killedAt) firstAck = performance.now();
      }
    })();
    await new Promise((r) => setTimeout(r, 500));
    killedAt = performance.now();
    await ha.killHaNameServer(current);
    await writer;
    times.push(firstAck - killedAt);
    console.log(`failover ${i + 1}: ${(firstAck - killedAt).toFixed(0)} ms`);
    await ha.startHaNameServer(current);
  }
  console.log(`\ncreates/s (create+complete of empty files, concurrency 16, ${creates} each):`);
  console.log(`  HA pair, standby in sync:  ${withStandby.toFixed(0)}`);
  console.log(`  HA pair, standby down:     ${alone.toFixed(0)}`);
  console.log(
    `  shipping cost:             ${((1 - withStandby / alone) * 100).toFixed(0)} % fewer creates/s`,
  );
  console.log(
    `failover (kill -9 of the active → first ack of a create begun after it): median ${median(times).toFixed(0)} ms [${Math.min(...times).toFixed(0)}–${Math.max(...times).toFixed(0)}] over ${times.length}`,
  );
} finally {
  await ha.destroy();
}

const single = await TestCluster.start({ dataservers: 1, replication: 1 });
try {
  await createRate(single, '/warmup');
  console.log(
    `  single nameserver (no HA): ${(await createRate(single, '/single')).toFixed(0)} creates/s`,
  );
} finally {
  await single.destroy();
}
