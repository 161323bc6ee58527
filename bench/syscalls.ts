/**
 * Benchmark: where a warm cluster's small-file creates spend their system calls and
 * CPU. Starts a fresh cluster (active and standby nameserver, witness, 3
 * dataservers), warms it up with rounds of create / read / delete, then creates
 * files at C in flight and, for a window in the middle of that, counts every
 * process's system calls with `perf stat` (Linux tracepoints; needs the `perf` tool
 * and permission to trace: root, or kernel.perf_event_paranoid <= 1) and reads its
 * CPU from /proc. Prints, per process, the calls and the CPU a create cost, with a
 * process's libuv thread pool (its file writes and fsyncs) apart from its main thread.
 *
 *   npm run bench:syscalls [-- --warmup-rounds 5 --files 2000 --seconds 5 --concurrency 16]
 *
 * Group commits show as calls a create: a dataserver's O_DSYNC `pwritev` is one
 * commit of its volume, a nameserver's `fsync` one commit of its store.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { TestCluster } from '../test/helpers/cluster.js';
import { namedServers } from './lib/cluster-processes.js';
import { inFlight } from '../src/bench/workloads.js';
import { processCpuMicros } from './lib/process-cpu.js';

/** The calls counted: disk writes and flushes, socket writes and reads, loop wake-ups. */
const SYSCALLS = [
  'pwrite64',
  'pwritev',
  'fdatasync',
  'fsync',
  'writev',
  'write',
  'read',
  'epoll_pwait',
] as const;

const { values } = parseArgs({
  options: {
    'warmup-rounds': { type: 'string', default: '5' },
    files: { type: 'string', default: '2000' },
    seconds: { type: 'string', default: '5' },
    'file-size': { type: 'string', default: '4096' },
    concurrency: { type: 'string', default: '16' },
  },
});
const warmupRounds = Number(values['warmup-rounds']);
const files = Number(values.files);
const seconds = Number(values.seconds);
const fileSize = Number(values['file-size']);
const concurrency = Number(values.concurrency);
for (const [name, n] of Object.entries({ files, seconds, fileSize, concurrency })) {
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer`);
}
if (!Number.isInteger(warmupRounds) || warmupRounds < 0)
  throw new Error('warmup-rounds must be a whole number');
const probe = spawnSync('perf', ['--version'], { encoding: 'utf8' });
if (probe.status !== 0)
  throw new Error('this bench needs the perf tool (Debian: apt-get install linux-perf)');

/** Each thread id of the processes, mapped to its process id. */
function threadsOf(pids: number[]): Map<number, number> {
  const owner = new Map<number, number>();
  for (const pid of pids) {
    for (const tid of readdirSync(`/proc/${pid}/task`)) owner.set(Number(tid), pid);
  }
  return owner;
}

/** Runs `perf stat` on the processes for `seconds`; resolves with its per-thread counts. */
function perfStat(pids: number[]): Promise<{ tid: number; syscall: string; count: number }[]> {
  const events = SYSCALLS.map((s) => `syscalls:sys_enter_${s}`).join(',');
  const perf = spawn(
    'perf',
    [
      'stat',
      '--per-thread',
      '-x',
      ',',
      '-e',
      events,
      '-p',
      pids.join(','),
      '--',
      'sleep',
      String(seconds),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let text = '';
  perf.stderr.setEncoding('utf8').on('data', (d: string) => (text += d));
  return new Promise((resolve, reject) => {
    perf.on('error', reject);
    perf.on('close', (code) => {
      if (code !== 0) return reject(new Error(`perf stat failed (${code}): ${text.trim()}`));
      // CSV: "<comm>-<tid>,<count>,,syscalls:sys_enter_<name>,..."
      const rows = [];
      for (const line of text.split('\n')) {
        const m = /^.*-(\d+),(\d+),[^,]*,syscalls:sys_enter_(\w+)/.exec(line.trim());
        if (m) rows.push({ tid: Number(m[1]), count: Number(m[2]), syscall: m[3]! });
      }
      resolve(rows);
    });
  });
}

const cluster = await TestCluster.start({ ha: true, dataservers: 3 });
try {
  const servers = namedServers(cluster);
  const active = `ns${(await cluster.waitForActive()) + 1}`;
  const named = new Map<number, string>([[process.pid, 'client']]);
  for (const [name, s] of servers) {
    const role = name === active ? ' (active)' : name.startsWith('ns') ? ' (standby)' : '';
    if (s?.child.pid !== undefined) named.set(s.child.pid, name + role);
  }
  const pids = [...named.keys()];
  const client = cluster.client();
  const body = Buffer.alloc(fileSize, 7);

  for (let round = 0; round < warmupRounds; round++) {
    const dir = `/syscalls/warm-up-${round}`;
    await client.mkdir(dir, { parents: true });
    const path = (i: number) => `${dir}/f${i}`;
    await inFlight(files, concurrency, async (i) => {
      await client.writeFile(path(i), body);
    });
    await inFlight(files, concurrency, async (i) => {
      await client.readFile(path(i));
    });
    await inFlight(files, concurrency, async (i) => {
      await client.delete(path(i));
    });
  }

  // Creates until the window has closed; the ones that end inside it are counted.
  await client.mkdir('/syscalls/steady', { parents: true });
  let created = 0;
  let counting = false;
  let stop = false;
  let next = 0;
  const creating = inFlight(concurrency, concurrency, async () => {
    while (!stop) {
      await client.writeFile(`/syscalls/steady/f${next++}`, body);
      if (counting) created++;
    }
  });
  await new Promise((resolve) => setTimeout(resolve, 1000)); // past the first batches
  const owner = threadsOf(pids);
  const cpuBefore = pids.map((pid) => processCpuMicros(pid));
  counting = true;
  const started = performance.now();
  const counts = await perfStat(pids);
  counting = false;
  const windowSeconds = (performance.now() - started) / 1000;
  const cpuAfter = pids.map((pid) => processCpuMicros(pid));
  stop = true;
  await creating;

  console.log(
    `${created} creates of ${fileSize} B in ${windowSeconds.toFixed(1)} s ` +
      `(${(created / windowSeconds).toFixed(0)}/s, ${concurrency} in flight, after ` +
      `${warmupRounds} warm-up rounds of ${files}): system calls and CPU a create`,
  );
  const perCreate = (n: number) => (n / created).toFixed(2);
  pids.forEach((pid, i) => {
    const cpu = (cpuAfter[i]! - cpuBefore[i]!) / created;
    for (const pool of [false, true]) {
      const calls = new Map<string, number>();
      for (const { tid, syscall, count } of counts) {
        if (owner.get(tid) !== pid || (tid !== pid) !== pool) continue;
        calls.set(syscall, (calls.get(syscall) ?? 0) + count);
      }
      const shown = SYSCALLS.filter((s) => (calls.get(s) ?? 0) / created >= 0.01);
      const label = `${named.get(pid)!}${pool ? ' threads' : ''}`.padEnd(16);
      const cpuText = pool ? '' : `CPU ${cpu.toFixed(0)} µs  `;
      if (shown.length > 0 || !pool)
        console.log(
          `${label}${cpuText}${shown.map((s) => `${s} ${perCreate(calls.get(s)!)}`).join('  ')}`,
        );
    }
  });
} finally {
  await cluster.destroy();
}
