/**
 * Starts real Strata processes for a test: a nameserver and N dataservers on
 * free loopback ports, data in a fresh temp dir. Every process is started here,
 * killed only by its own pid, and the temp dir (and any fault proxy) is removed
 * by `destroy()`.
 */
import { execFile, fork, type ChildProcess } from 'node:child_process';
import {
  mkdtempSync,
  openSync,
  closeSync,
  rmSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StrataClient, type StrataClientOptions } from '../../src/client/strata-client.js';
import { freePort } from '../../src/platform/free-port.js';
import { dataServerArgs } from '../../src/cli/cluster-up.js';
import { haStatus } from './ha-status.js';
import { FaultProxy } from './fault-proxy.js';

const run = promisify(execFile);

/** The bundled CLI (scripts/bundle.mjs), as bin/strata.js runs it. */
export const CLI_MAIN = fileURLToPath(new URL('../../bundle/strata.mjs', import.meta.url));

export interface ClusterOptions {
  /** Two nameservers (active + standby) and a witness, instead of one nameserver. */
  ha?: boolean;
  /**
   * With `ha`: each nameserver reaches its peer and the witness through a FaultProxy
   * (one per directed link), so that a test can partition them (`partitionNameServer`).
   * Clients and dataservers still reach the nameservers directly.
   */
  faultProxies?: boolean;
  dataservers?: number;
  blockSizeBytes?: number;
  replication?: number;
  /** Extra arguments for every nameserver (e.g. `--journal-retention 200`). */
  nameserverArgs?: string[];
  /** Extra arguments for dataserver i (e.g. `--scrub-rate 50`). */
  dataserverArgs?: (i: number) => string[];
  /** How long a server may take to say it is ready (a benchmark's big namespace: longer). */
  startTimeoutMs?: number;
}

export interface ServerProcess {
  name: string;
  child: ChildProcess;
  ready: Record<string, string>;
}

export class TestCluster {
  readonly dir: string;
  nameserver: ServerProcess | null = null;
  /** With `ha`: both nameservers (index 0 is ns1) and the witness. */
  readonly nameservers: (ServerProcess | null)[] = [];
  witness: ServerProcess | null = null;
  private haPorts: { ns: number[]; witness: number } | null = null;
  /** The single nameserver's port, known before it is ready (dataservers start beside it). */
  private nameserverPort = 0;
  /** With `faultProxies`: the links ns1->ns2, ns1->witness, ns2->ns1, ns2->witness. */
  private readonly links = new Map<string, FaultProxy>();
  readonly dataservers: (ServerProcess | null)[] = [];
  private clients: StrataClient[] = [];

  private constructor(private readonly options: Required<ClusterOptions>) {
    this.dir = mkdtempSync(join(tmpdir(), 'strata-test-'));
    mkdirSync(join(this.dir, 'logs'));
  }

  static async start(options: ClusterOptions = {}): Promise<TestCluster> {
    const cluster = new TestCluster({
      ha: options.ha ?? false,
      faultProxies: options.faultProxies ?? false,
      dataservers: options.dataservers ?? 3,
      blockSizeBytes: options.blockSizeBytes ?? 1024 * 1024,
      replication: options.replication ?? 3,
      nameserverArgs: options.nameserverArgs ?? [],
      dataserverArgs: options.dataserverArgs ?? (() => []),
      startTimeoutMs: options.startTimeoutMs ?? 30_000,
    });
    try {
      // Every server starts at once: a process takes 1-4 s to load here, and a
      // dataserver keeps calling its nameservers until they answer.
      if (cluster.options.ha) {
        cluster.haPorts = { ns: [await freePort(), await freePort()], witness: await freePort() };
        if (cluster.options.faultProxies) await cluster.startLinks();
        await allStarted([
          cluster.startWitness(),
          cluster.startHaNameServer(0),
          cluster.startHaNameServer(1),
          cluster.startDataServers(),
        ]);
      } else {
        const port = await freePort();
        cluster.nameserverPort = port;
        await allStarted([cluster.startNameServer(port), cluster.startDataServers()]);
      }
      await cluster.waitForLiveDataServers(cluster.options.dataservers);
    } catch (err) {
      // The caller never gets the cluster to destroy: stop what did start, or it outlives the test.
      await cluster.destroy();
      throw err;
    }
    return cluster;
  }

  get nameserverAddress(): string {
    return this.nameserver?.ready.address ?? `127.0.0.1:${this.nameserverPort}`;
  }

  /**
   * Writes a cluster.json for the CLI (its nameservers) and returns a runner of
   * `strata --cluster that-file ARGS…` that resolves to its stdout and stderr.
   */
  cli(): (...args: string[]) => Promise<{ stdout: string; stderr: string }> {
    const file = join(this.dir, 'cluster.json');
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        dir: this.dir,
        nameservers: this.nameserverAddresses.map((address) => ({ address })),
        dataservers: [],
      }),
    );
    return (...args: string[]) =>
      run(process.execPath, [CLI_MAIN, '--cluster', file, ...args], {
        maxBuffer: 64 * 1024 * 1024,
      });
  }

  /** Every nameserver address (one, or two with `ha`). */
  get nameserverAddresses(): string[] {
    if (this.haPorts) return this.haPorts.ns.map((p) => `127.0.0.1:${p}`);
    return [this.nameserverAddress];
  }

  async startWitness(): Promise<void> {
    this.witness = await this.spawn('witness', [
      'witness',
      '--dir',
      join(this.dir, 'witness'),
      '--host',
      '127.0.0.1',
      '--port',
      String(this.haPorts!.witness),
    ]);
  }

  /** One FaultProxy per directed link from a nameserver to its peer and to the witness. */
  private async startLinks(): Promise<void> {
    const { ns, witness } = this.haPorts!;
    for (let i = 0; i < 2; i++) {
      const from = `ns${i + 1}`;
      this.links.set(`${from}->ns${2 - i}`, await FaultProxy.start(`127.0.0.1:${ns[1 - i]}`));
      this.links.set(`${from}->witness`, await FaultProxy.start(`127.0.0.1:${witness}`));
    }
  }

  /** The proxy of the link `from` -> `to` (ids ns1, ns2, witness); needs `faultProxies`. */
  link(from: string, to: string): FaultProxy {
    const proxy = this.links.get(`${from}->${to}`);
    if (!proxy) throw new Error(`no fault proxy for ${from}->${to} (start with faultProxies)`);
    return proxy;
  }

  /**
   * Cuts nameserver i off from its peer and the witness, both ways, while clients
   * and dataservers still reach it (F3). The witness only answers calls, so the
   * links the nameservers open carry every exchange.
   */
  partitionNameServer(i: number): void {
    const self = `ns${i + 1}`;
    const peer = `ns${2 - i}`;
    for (const proxy of [this.link(self, peer), this.link(self, 'witness'), this.link(peer, self)])
      proxy.partition();
  }

  /** Heals every partitioned link. */
  healLinks(): void {
    for (const proxy of this.links.values()) proxy.heal();
  }

  /** Starts nameserver i (0 or 1) of the HA pair on its fixed port. */
  async startHaNameServer(i: number): Promise<void> {
    const ports = this.haPorts!;
    const other = 1 - i;
    const self = `ns${i + 1}`;
    const peerAddress =
      this.links.get(`${self}->ns${other + 1}`)?.address ?? `127.0.0.1:${ports.ns[other]}`;
    const witnessAddress =
      this.links.get(`${self}->witness`)?.address ?? `127.0.0.1:${ports.witness}`;
    this.nameservers[i] = await this.spawn(self, [
      'nameserver',
      '--dir',
      join(this.dir, self),
      '--id',
      self,
      '--host',
      '127.0.0.1',
      '--port',
      String(ports.ns[i]),
      '--peer',
      `ns${other + 1}=${peerAddress}`,
      '--witness',
      witnessAddress,
      '--replication',
      String(this.options.replication),
      '--block-size',
      String(this.options.blockSizeBytes),
      ...this.options.nameserverArgs,
    ]);
  }

  async killHaNameServer(i: number): Promise<void> {
    const ns = this.nameservers[i];
    if (ns) await kill9(ns.child);
    this.nameservers[i] = null;
  }

  /**
   * Stops nameserver i of the HA pair cleanly (SIGTERM) and says how it went: by
   * itself, or SIGKILLed after 5 s.
   */
  async stopHaNameServer(i: number): Promise<{ byItself: boolean; ms: number }> {
    const ns = this.nameservers[i];
    this.nameservers[i] = null;
    if (!ns) return { byItself: true, ms: 0 };
    const started = Date.now();
    await stop(ns.child);
    return { byItself: ns.child.signalCode !== 'SIGKILL', ms: Date.now() - started };
  }

  /** Waits until the active counts its standby in sync (so that it may be promoted). */
  async waitForStandbyInSync(timeoutMs = 15_000): Promise<void> {
    const client = new StrataClient({ nameservers: this.nameserverAddresses });
    try {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const report = await client.report().catch(() => null);
        if (report?.nameservers.some((n) => n.role === 'standby' && n.inSync)) return;
        if (Date.now() > deadline) throw new Error('the standby did not get in sync');
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await client.close();
    }
  }

  /** The index of the nameserver that says it is active, waiting up to `timeoutMs` for one. */
  async waitForActive(timeoutMs = 15_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (let i = 0; i < this.nameserverAddresses.length; i++) {
        if (this.nameservers[i] === null && this.haPorts) continue;
        const status = await haStatus(this.nameserverAddresses[i]!).catch(() => null);
        if (status?.role === 'active') return i;
      }
      if (Date.now() > deadline) {
        const seen = await Promise.all(
          this.nameserverAddresses.map((a) =>
            haStatus(a).then(
              (s) => `${s.id} ${s.role} epoch ${s.epoch}`,
              (e: Error) => e.message,
            ),
          ),
        );
        throw new Error(
          `no nameserver became active: ${seen.join('; ')}; logs in ${this.dir}/logs`,
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  dataserverDir(i: number): string {
    return join(this.dir, `ds${i + 1}`);
  }

  /**
   * Starts the single nameserver on `port`, else on the port it had (a restart after a
   * kill: clients and dataservers know that address), else on a fresh one below the
   * ephemeral range.
   */
  async startNameServer(port?: number): Promise<void> {
    port ??= this.nameserverPort || (await freePort());
    this.nameserverPort = port;
    this.nameserver = await this.spawn('nameserver', [
      'nameserver',
      '--dir',
      join(this.dir, 'nameserver'),
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--replication',
      String(this.options.replication),
      '--block-size',
      String(this.options.blockSizeBytes),
      ...this.options.nameserverArgs,
    ]);
  }

  /** Starts every dataserver, side by side. */
  async startDataServers(): Promise<void> {
    await allStarted(
      Array.from({ length: this.options.dataservers }, (_, i) => this.startDataServer(i)),
    );
  }

  async startDataServer(i: number): Promise<void> {
    const dsDir = this.dataserverDir(i);
    this.dataservers[i] = await this.spawn(`ds${i + 1}`, [
      ...dataServerArgs(dsDir, this.nameserverAddresses, '127.0.0.1'),
      ...this.options.dataserverArgs(i),
    ]);
  }

  /** kill -9 of one dataserver. */
  async killDataServer(i: number): Promise<void> {
    const ds = this.dataservers[i];
    if (!ds) return;
    await kill9(ds.child);
    this.dataservers[i] = null;
  }

  async killNameServer(): Promise<void> {
    if (this.nameserver) await kill9(this.nameserver.child);
    this.nameserver = null;
  }

  /** Stops the nameserver cleanly (SIGTERM: it finishes what it is doing and closes its store). */
  async stopNameServer(): Promise<void> {
    if (this.nameserver) await stop(this.nameserver.child);
    this.nameserver = null;
  }

  async killAll(): Promise<void> {
    await this.killNameServer();
    for (let i = 0; i < this.dataservers.length; i++) await this.killDataServer(i);
  }

  /** Starts every server again on the same dirs (the nameserver on its previous port). */
  async restartAll(): Promise<void> {
    const port = Number(this.nameserver?.ready.address?.split(':')[1] ?? 0);
    await this.killAll();
    await allStarted([this.startNameServer(port), this.startDataServers()]);
    await this.waitForLiveDataServers(this.options.dataservers);
  }

  /** A client of this cluster (of every nameserver unless `nameservers` says otherwise). */
  client(options: Partial<StrataClientOptions> = {}): StrataClient {
    const client = new StrataClient({ nameservers: this.nameserverAddresses, ...options });
    this.clients.push(client);
    return client;
  }

  async waitForLiveDataServers(count: number, timeoutMs = 20_000): Promise<void> {
    const client = new StrataClient({ nameservers: this.nameserverAddresses });
    try {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const report = await client.report();
        if (report.dataservers.filter((d) => d.state === 'live').length >= count) return;
        if (Date.now() > deadline)
          throw new Error(`only ${report.dataservers.length} dataservers registered`);
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await client.close();
    }
  }

  async destroy(): Promise<void> {
    for (const c of this.clients) await c.close().catch(() => undefined);
    this.clients = [];
    const all = [this.nameserver, this.witness, ...this.nameservers, ...this.dataservers].filter(
      (s): s is ServerProcess => s !== null,
    );
    await Promise.all(all.map((s) => stop(s.child)));
    await Promise.all([...this.links.values()].map((proxy) => proxy.close()));
    this.links.clear();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async spawn(name: string, args: string[]): Promise<ServerProcess> {
    const log = openSync(join(this.dir, 'logs', `${name}.log`), 'a');
    const child = fork(CLI_MAIN, args, {
      stdio: ['ignore', log, log, 'ipc'],
      env: { ...process.env, STRATA_LOG_LEVEL: process.env.STRATA_LOG_LEVEL ?? 'warn' },
    });
    closeSync(log);
    const ready = await new Promise<Record<string, string>>((resolve, reject) => {
      const timer = setTimeout(() => {
        // Not ready is not started: nobody else would stop it, and it would outlive the run.
        child.kill('SIGKILL');
        reject(new Error(`${name} did not start; see ${this.dir}/logs`));
      }, this.options.startTimeoutMs);
      child.once('message', (m: Record<string, string>) => {
        clearTimeout(timer);
        resolve(m);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        // The log goes with the test's dir: keep its end in the error, which CI prints.
        const tail = readLogTail(join(this.dir, 'logs', `${name}.log`));
        reject(new Error(`${name} exited with ${code}${tail ? `; its log ends:\n${tail}` : ''}`));
      });
    });
    return { name, child, ready };
  }
}

/**
 * Waits for every start, then throws the first failure: a sibling still starting
 * when another fails must be recorded before destroy() runs, or it outlives the test.
 */
async function allStarted(starts: Promise<void>[]): Promise<void> {
  const failed = (await Promise.allSettled(starts)).find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
}

function readLogTail(path: string, lines = 20): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export async function kill9(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGKILL');
  await exited;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
