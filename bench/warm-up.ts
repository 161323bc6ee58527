/**
 * Benchmark: how a fresh cluster warms up. One client process writes, reads and
 * deletes rounds of small files at C in flight on a fresh cluster (active and
 * standby nameserver, witness, 3 dataservers), and prints each round's rates with
 * the CPU every process spent an operation. `strata bench` measures processes only
 * a few thousand requests old; this shows how far that is from their steady state.
 *
 *   npm run bench:warm-up [-- --files 3000 --rounds 5 --file-size 4096 --concurrency 16]
 *
 * CPU is read from /proc/PID/stat (Linux): user + system time of each process over
 * the phase, in µs an operation. The client's is this process's own.
 */
import { parseArgs } from 'node:util';
import { TestCluster } from '../test/helpers/cluster.js';
import { namedServers } from './lib/cluster-processes.js';
import type { StrataClient } from '../src/client/index.js';
import { inFlight } from '../src/bench/workloads.js';
import { processCpuMicros } from './lib/process-cpu.js';

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '3000' },
    rounds: { type: 'string', default: '5' },
    'file-size': { type: 'string', default: '4096' },
    concurrency: { type: 'string', default: '16' },
  },
});
const files = Number(values.files);
const rounds = Number(values.rounds);
const fileSize = Number(values['file-size']);
const concurrency = Number(values.concurrency);
for (const [name, n] of Object.entries({ files, rounds, fileSize, concurrency })) {
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer`);
}

/** user + system CPU of `pid` in µs, or NaN where /proc cannot tell. */
function cpuMicros(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    return processCpuMicros(pid);
  } catch {
    return NaN;
  }
}

const cluster = await TestCluster.start({ ha: true, dataservers: 3 });
try {
  const servers = namedServers(cluster);
  const client: StrataClient = cluster.client();
  const body = Buffer.alloc(fileSize, 7);

  /** Runs one phase and prints its rate and each process's CPU an operation. */
  async function phase(round: number, name: string, op: (i: number) => Promise<unknown>) {
    const before = servers.map(([, s]) => cpuMicros(s?.child.pid));
    const ownBefore = process.cpuUsage();
    const started = performance.now();
    await inFlight(files, concurrency, async (i) => {
      await op(i);
    });
    const seconds = (performance.now() - started) / 1000;
    const own = process.cpuUsage(ownBefore);
    const perOp = servers.map(
      ([label, s], i) => `${label} ${((cpuMicros(s?.child.pid) - before[i]!) / files).toFixed(0)}`,
    );
    console.log(
      `round ${round} ${name.padEnd(6)} ${(files / seconds).toFixed(0).padStart(6)}/s  ` +
        `CPU µs/op: client ${((own.user + own.system) / files).toFixed(0)} ${perOp.join(' ')}`,
    );
  }

  console.log(
    `${files} files of ${fileSize} B a round, ${concurrency} in flight, one client process`,
  );
  for (let round = 0; round < rounds; round++) {
    const dir = `/warm-up/r${round}`;
    await client.mkdir(dir, { parents: true });
    const path = (i: number) => `${dir}/f${i}`;
    await phase(round, 'create', (i) => client.writeFile(path(i), body));
    await phase(round, 'read', async (i) => {
      const data = await client.readFile(path(i));
      if (data.length !== fileSize) throw new Error(`${path(i)}: ${data.length} bytes`);
    });
    await phase(round, 'delete', (i) => client.delete(path(i)));
  }
} finally {
  await cluster.destroy();
}
