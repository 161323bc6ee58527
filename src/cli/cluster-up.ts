/**
 * `strata cluster up`: a whole local cluster as separate processes on loopback —
 * one nameserver and N dataservers, each dataserver with an `nvme` and an `hdd`
 * storage dir — with data under one directory. Writes DIR/cluster.json for every
 * other command, prints where everything listens, and stops every process it
 * started on Ctrl-C or SIGTERM. Started again on the same DIR, it serves the same data.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, renameSync, writeFileSync, closeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { failedPrecondition, invalidArgument, unavailable } from '../core/errors.js';
import type { ClusterFile } from '../client/cluster-file.js';
import { NameServerClient } from '../client/nameserver-client.js';
import { freePort } from '../platform/free-port.js';

export interface ClusterUpOptions {
  dir: string;
  ha: boolean;
  dataservers: string;
  host: string;
  replication?: string;
  blockSize?: string;
}

/** The script this process runs (bin/strata.js or the bundle): each server runs the same CLI. */
const MAIN = process.argv[1]!;
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

interface Started {
  name: string;
  child: ChildProcess;
  ready: Record<string, string>;
}

export async function clusterUp(opts: ClusterUpOptions): Promise<void> {
  const dir = resolve(opts.dir);
  const count = Number(opts.dataservers);
  if (!Number.isInteger(count) || count < 1 || count > 64) {
    throw invalidArgument(`--dataservers takes 1..64, not ${opts.dataservers}`);
  }
  mkdirSync(join(dir, 'logs'), { recursive: true });
  refuseIfRunning(dir);

  const started: Started[] = [];
  let stopping = false;
  const stopAll = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    console.log('stopping the cluster...');
    await Promise.all(started.map((s) => stopChild(s.child)));
    console.log('cluster stopped');
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  try {
    // HA by default: an active and a standby nameserver and a witness (the third voter).
    const nameservers: Started[] = [];
    let witness: Started | null = null;
    const extra: string[] = [];
    if (opts.replication) extra.push('--replication', opts.replication);
    if (opts.blockSize) extra.push('--block-size', opts.blockSize);
    if (opts.ha) {
      const nsPorts = [await freePort(opts.host), await freePort(opts.host)];
      witness = await startServer(
        'witness',
        ['witness', '--dir', join(dir, 'witness'), '--host', opts.host, '--port', '0'],
        dir,
      );
      started.push(witness);
      console.log(`witness      ${witness.ready.address}   (pid ${witness.child.pid})`);
      const pair = await Promise.all(
        [0, 1].map((i) =>
          startServer(
            `ns${i + 1}`,
            [
              'nameserver',
              '--dir',
              join(dir, `ns${i + 1}`),
              '--id',
              `ns${i + 1}`,
              '--host',
              opts.host,
              '--port',
              String(nsPorts[i]),
              '--peer',
              `ns${2 - i}=${opts.host}:${nsPorts[1 - i]}`,
              '--witness',
              witness!.ready.address!,
              ...extra,
            ],
            dir,
          ),
        ),
      );
      nameservers.push(...pair);
    } else {
      nameservers.push(
        await startServer(
          'nameserver',
          [
            'nameserver',
            '--dir',
            join(dir, 'nameserver'),
            '--host',
            opts.host,
            '--port',
            '0',
            ...extra,
          ],
          dir,
        ),
      );
    }
    started.push(...nameservers);
    const nsAddresses = nameservers.map((n) => n.ready.address!);
    for (const n of nameservers) {
      console.log(`nameserver   ${n.ready.address}   ${n.ready.id}   (pid ${n.child.pid})`);
    }

    const dataservers = await Promise.all(
      Array.from({ length: count }, (_, i) => {
        const dsDir = join(dir, `ds${i + 1}`);
        return startServer(`ds${i + 1}`, dataServerArgs(dsDir, nsAddresses, opts.host), dir);
      }),
    );
    started.push(...dataservers);
    for (const ds of dataservers) {
      console.log(`dataserver   ${ds.ready.dataUrl}   ${ds.ready.id}   (pid ${ds.child.pid})`);
    }
    await waitForRegistrations(nsAddresses, count);

    const clusterFile: ClusterFile = {
      version: 1,
      dir,
      nameservers: nameservers.map((n) => ({ address: n.ready.address!, pid: n.child.pid! })),
      ...(witness ? { witness: { address: witness.ready.address!, pid: witness.child.pid! } } : {}),
      dataservers: dataservers.map((ds, i) => ({
        id: ds.ready.id!,
        dataUrl: ds.ready.dataUrl!,
        pid: ds.child.pid!,
        dir: join(dir, `ds${i + 1}`),
      })),
      supervisorPid: process.pid,
    };
    const path = join(dir, 'cluster.json');
    writeFileSync(`${path}.tmp`, JSON.stringify(clusterFile, null, 2) + '\n');
    renameSync(`${path}.tmp`, path);
    console.log(`logs         ${join(dir, 'logs')}`);
    console.log(
      `cluster ready: ${opts.ha ? 'active + standby nameserver, witness' : '1 nameserver'}, ${count} dataservers; cluster file ${path}`,
    );
    process.send?.({ type: 'ready', clusterFile: path });
  } catch (err) {
    await Promise.all(started.map((s) => stopChild(s.child)));
    throw err;
  }

  // A server that dies is reported; the rest keep serving (that is what replication is for).
  for (const s of started) {
    s.child.on('exit', (code, signal) => {
      if (!stopping)
        console.log(`${s.name} exited (${signal ?? `code ${code}`}); the others keep serving`);
    });
  }
}

/** The arguments of one dataserver of a local cluster: its dir, both media, every nameserver. */
export function dataServerArgs(dsDir: string, nameservers: string[], host: string): string[] {
  return [
    'dataserver',
    '--dir',
    dsDir,
    ...nameservers.flatMap((a) => ['--nameserver', a]),
    '--host',
    host,
    '--port',
    '0',
    '--storage',
    `nvme:${join(dsDir, 'nvme')}`,
    '--storage',
    `hdd:${join(dsDir, 'hdd')}`,
  ];
}

function refuseIfRunning(dir: string): void {
  try {
    const previous = JSON.parse(readFileSync(join(dir, 'cluster.json'), 'utf8')) as ClusterFile;
    if (
      previous.supervisorPid &&
      previous.supervisorPid !== process.pid &&
      isAlive(previous.supervisorPid)
    ) {
      throw failedPrecondition(
        `a cluster is already running in ${dir} (pid ${previous.supervisorPid})`,
      );
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || err instanceof SyntaxError) return;
    throw err;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function startServer(name: string, args: string[], dir: string): Promise<Started> {
  const log = openSync(join(dir, 'logs', `${name}.log`), 'a');
  const child = fork(MAIN, args, { stdio: ['ignore', log, log, 'ipc'] });
  closeSync(log);
  const ready = await new Promise<Record<string, string>>((resolvePromise, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          unavailable(
            `${name} did not start within ${READY_TIMEOUT_MS} ms; see ${join(dir, 'logs', `${name}.log`)}`,
          ),
        ),
      READY_TIMEOUT_MS,
    );
    child.once('message', (message: Record<string, string>) => {
      clearTimeout(timer);
      resolvePromise(message);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        unavailable(
          `${name} exited with code ${code} while starting; see ${join(dir, 'logs', `${name}.log`)}`,
        ),
      );
    });
  });
  return { name, child, ready };
}

/** Waits until a nameserver is active and sees every dataserver live. */
async function waitForRegistrations(addresses: string[], count: number): Promise<void> {
  const client = new NameServerClient({ addresses, timeoutMs: 5_000 });
  try {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const report = await client.clusterReport();
      if (report.dataservers.filter((d) => d.state === 'live').length >= count) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw unavailable('dataservers did not register with the nameserver in time');
  } finally {
    client.close();
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
