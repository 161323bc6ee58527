/**
 * Benchmark: where a warm cluster's small-file creates spend their system calls and
 * CPU. Starts a fresh cluster (active and standby nameserver, witness, 3
 * dataservers), warms it up with rounds of create / read / delete, then creates
 * files at C in flight and, for a window of S seconds in the middle of that, counts
 * every process's system calls with `perf stat` (Linux tracepoints: needs the `perf`
 * tool, and root to read them) and reads its CPU from /proc. Prints, per process, the
 * calls and the CPU a create cost; the calls of a process's other threads (mostly
 * libuv's thread pool: its file writes and fsyncs) apart from its main thread's.
 *
 *   npm run bench:syscalls [-- --warmup-rounds 5 --files 2000 --seconds 5 --concurrency 16]
 *
 * Group commits show as calls a create: a dataserver's O_DSYNC `pwritev` is one
 * commit of its volume, a nameserver's `fsync` one commit of its store. Counting every
 * system call costs CPU too: the CPU figures are a little above an untraced run's.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
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
// Fails now, not after minutes of warm-up, without perf or the right to trace.
const probe = spawnSync('perf', ['stat', '-e', 'syscalls:sys_enter_write', '--', 'true'], {
  encoding: 'utf8',
});
if (probe.status !== 0) {
  throw new Error(
    'this bench needs the perf tool (Debian: apt-get install linux-perf) and root: ' +
      (probe.error?.message ?? probe.stderr.trim()),
  );
}

/** Each thread id of the processes, mapped to its process id. */
function threadsOf(pids: number[]): Map<number, number> {
  const owner = new Map<number, number>();
  for (const pid of pids) {
    for (const tid of readdirSync(`/proc/${pid}/task`)) owner.set(Number(tid), pid);
  }
  return owner;
}

interface SyscallCount {
  tid: number;
  syscall: string;
  count: number;
}

/**
 * `perf stat` attached to the processes with its counting off, switched on and off
 * through its control descriptors (`--control fd:3,4`) so that the window is exactly
 * the one the bench times: opening a counter for every thread takes perf a while.
 */
class PerfStat {
  private readonly perf: ChildProcess;
  private output = '';
  private readonly exited: Promise<number | null>;
  private exitCode: number | null | undefined;
  /** Acknowledgements perf has sent on its ack descriptor. */
  private acks = 0;

  constructor(pids: number[]) {
    const events = SYSCALLS.map((s) => `syscalls:sys_enter_${s}`).join(',');
    this.perf = spawn(
      'perf',
      [
        'stat',
        '--per-thread',
        '-x',
        ',',
        '--delay',
        '-1',
        '--control',
        'fd:3,4',
        '-e',
        events,
        '-p',
        pids.join(','),
      ],
      { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
    );
    this.perf.stderr!.setEncoding('utf8').on('data', (d: string) => (this.output += d));
    (this.perf.stdio[4] as Readable).setEncoding('utf8').on('data', (d: string) => {
      this.acks += d.split('ack').length - 1;
    });
    this.exited = new Promise((resolve, reject) => {
      this.perf.on('error', reject);
      this.perf.on('close', (code) => {
        this.exitCode = code;
        resolve(code);
      });
    });
    this.exited.catch(() => undefined); // an exec failure surfaces from finish()
  }

  /**
   * Sends a control command and waits for perf to acknowledge one. A command sent
   * while perf is still opening its counters (one a thread and event) is lost, so
   * `enable` is sent again every 500 ms until one is acknowledged; by the time of
   * `disable`, perf answers every command.
   */
  private async command(what: 'enable' | 'disable'): Promise<void> {
    const before = this.acks;
    let sentAt = -Infinity;
    while (this.acks === before) {
      if (this.exitCode !== undefined)
        throw new Error(`perf stat ended before it counted: ${this.output.trim()}`);
      if (sentAt === -Infinity || (what === 'enable' && Date.now() - sentAt >= 500)) {
        (this.perf.stdio[3] as Writable).write(`${what}\n`);
        sentAt = Date.now();
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  enable(): Promise<void> {
    return this.command('enable');
  }

  disable(): Promise<void> {
    return this.command('disable');
  }

  /** Ends perf (attached, it counts until interrupted); resolves with the count of each system call of each thread. */
  async finish(): Promise<SyscallCount[]> {
    this.perf.kill('SIGINT');
    const code = await this.exited; // null: ended by the signal, as asked
    // CSV: "<comm>-<tid>,<count>,,syscalls:sys_enter_<name>,...". A thread that made
    // no such call while counting says "<not counted>": none.
    const rows: SyscallCount[] = [];
    for (const line of this.output.split('\n')) {
      const m = /^.*-(\d+),(\d+),[^,]*,syscalls:sys_enter_(\w+)/.exec(line.trim());
      if (m) rows.push({ tid: Number(m[1]), count: Number(m[2]), syscall: m[3]! });
    }
    if ((code !== 0 && code !== null) || rows.length === 0)
      throw new Error(`perf stat failed (${code}): ${this.output.trim().slice(0, 2000)}`);
    return rows;
  }

  /** Stops perf, whatever state it is in (a failed run). */
  kill(): void {
    this.perf.kill('SIGKILL');
  }
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

  // Creates at C in flight until the window has closed; those that end inside it count.
  await client.mkdir('/syscalls/steady', { parents: true });
  let created = 0;
  let counting = false;
  let stop = false;
  let next = 0;
  const writer = async () => {
    while (!stop) {
      await client.writeFile(`/syscalls/steady/f${next++}`, body);
      if (counting) created++;
    }
  };
  const creating = Promise.all(Array.from({ length: concurrency }, writer));
  // A failed create stops the others, and is thrown below rather than left unhandled.
  creating.catch(() => (stop = true));
  let counts: SyscallCount[];
  let windowSeconds: number;
  let cpuBefore: number[];
  let cpuAfter: number[];
  const owner = threadsOf(pids);
  const perf = new PerfStat(pids);
  try {
    await perf.enable();
    counting = true;
    cpuBefore = pids.map((pid) => processCpuMicros(pid));
    const started = performance.now();
    await Promise.race([new Promise((resolve) => setTimeout(resolve, seconds * 1000)), creating]);
    await perf.disable();
    counting = false;
    windowSeconds = (performance.now() - started) / 1000;
    cpuAfter = pids.map((pid) => processCpuMicros(pid));
    counts = await perf.finish();
  } catch (err) {
    perf.kill();
    throw err;
  } finally {
    stop = true;
    await creating;
  }
  if (created === 0) throw new Error(`no create ended within the ${seconds} s window`);
  const unknown = new Set(counts.filter((c) => !owner.has(c.tid)).map((c) => c.tid));
  if (unknown.size > 0)
    console.log(`(${unknown.size} threads started during the run are left out of the figures)`);

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
