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
import { fileURLToPath } from 'node:url';
import { failedPrecondition, invalidArgument, unavailable } from '../core/errors.js';
import type { ClusterFile } from '../client/cluster-file.js';
import { NameServerClient } from '../client/nameserver-client.js';

export interface ClusterUpOptions {
  dir: string;
  dataservers: string;
  host: string;
  replication?: string;
  blockSize?: string;
}

const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));
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
    const nsArgs = [
      'nameserver',
      '--dir',
      join(dir, 'nameserver'),
      '--host',
      opts.host,
      '--port',
      '0',
    ];
    if (opts.replication) nsArgs.push('--replication', opts.replication);
    if (opts.blockSize) nsArgs.push('--block-size', opts.blockSize);
    const ns = await startServer('nameserver', nsArgs, dir);
    started.push(ns);
    const nsAddress = ns.ready.address!;
    console.log(`nameserver   ${nsAddress}   (pid ${ns.child.pid})`);

    const dataservers = await Promise.all(
      Array.from({ length: count }, (_, i) => {
        const dsDir = join(dir, `ds${i + 1}`);
        return startServer(
          `ds${i + 1}`,
          [
            'dataserver',
            '--dir',
            dsDir,
            '--nameserver',
            nsAddress,
            '--host',
            opts.host,
            '--port',
            '0',
            '--storage',
            `nvme:${join(dsDir, 'nvme')}`,
            '--storage',
            `hdd:${join(dsDir, 'hdd')}`,
          ],
          dir,
        );
      }),
    );
    started.push(...dataservers);
    for (const ds of dataservers) {
      console.log(`dataserver   ${ds.ready.dataUrl}   ${ds.ready.id}   (pid ${ds.child.pid})`);
    }
    await waitForRegistrations(nsAddress, count);

    const clusterFile: ClusterFile = {
      version: 1,
      dir,
      nameservers: [{ address: nsAddress, pid: ns.child.pid! }],
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
    console.log(`cluster ready: 1 nameserver, ${count} dataservers; cluster file ${path}`);
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

async function waitForRegistrations(address: string, count: number): Promise<void> {
  const client = new NameServerClient({ addresses: [address], timeoutMs: 5_000 });
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
