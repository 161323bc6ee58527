/**
 * `strata nameserver` and `strata dataserver`: run one server in the foreground.
 * Under `strata cluster up` (an IPC channel to the parent), a server reports
 * readiness over IPC and stops when its parent goes away.
 */
import { resolve } from 'node:path';
import { invalidArgument } from '../core/errors.js';
import { Defaults, MiB } from '../core/limits.js';
import type { MediumProfile, StorageDirConfig } from '../blockstore/block-store.js';
import type { Medium } from '../core/media.js';
import { createLogger } from '../platform/logger.js';
import { watchLoopStalls } from '../platform/loop-stall-watch.js';

export interface NameServerCommandOptions {
  dir: string;
  id: string;
  peer?: string;
  witness?: string;
  host: string;
  port: string;
  replication?: string;
  blockSize?: string;
  journalRetention?: string;
  staleAfter?: string;
  deadAfter?: string;
  reservationTtl?: string;
}

export async function runNameServer(opts: NameServerCommandOptions): Promise<void> {
  if ((opts.peer === undefined) !== (opts.witness === undefined)) {
    throw invalidArgument('--peer and --witness go together (an HA pair needs both)');
  }
  // Each server's code is imported by its own command: a nameserver does not load the
  // dataserver's HTTP stack, which cost every start a few hundred ms here.
  const { NameServer } = await import('../nameserver/nameserver.js');
  const server = new NameServer({
    dir: resolve(opts.dir),
    id: opts.id,
    ...(opts.peer ? { peer: parsePeer(opts.peer), witnessAddress: opts.witness! } : {}),
    host: opts.host,
    port: parsePort(opts.port),
    ...(opts.replication
      ? { defaultReplication: parsePositive(opts.replication, 'replication') }
      : {}),
    ...(opts.blockSize
      ? { defaultBlockSizeBytes: parsePositive(opts.blockSize, 'block size') }
      : {}),
    ...(opts.journalRetention
      ? { journalRetentionEntries: parsePositive(opts.journalRetention, 'journal retention') }
      : {}),
    ...livenessBounds(opts),
    blockReservationTtlMs: parseSeconds(
      opts.reservationTtl,
      Defaults.blockReservationTtlMs,
      'reservation-ttl',
    ),
  });
  await server.start();
  const address = `${opts.host}:${server.port}`;
  console.log(
    JSON.stringify({
      msg: 'nameserver ready',
      address,
      id: server.id,
      clusterId: server.clusterId,
    }),
  );
  process.send?.({ type: 'ready', role: 'nameserver', address, id: server.id });
  watchLoopStalls(createLogger('nameserver'));
  stopOn(() => server.stop());
}

function livenessBounds(opts: NameServerCommandOptions) {
  const staleAfterMs = parseSeconds(opts.staleAfter, Defaults.staleAfterMs, 'stale-after');
  const deadAfterMs = parseSeconds(opts.deadAfter, Defaults.deadAfterMs, 'dead-after');
  if (deadAfterMs <= staleAfterMs) {
    throw invalidArgument('--dead-after must be longer than --stale-after');
  }
  return { staleAfterMs, deadAfterMs };
}

function parseSeconds(text: string | undefined, fallbackMs: number, what: string): number {
  if (text === undefined) return fallbackMs;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 86_400) {
    throw invalidArgument(`bad --${what}: ${text} (seconds, at most a day)`);
  }
  return Math.round(seconds * 1000);
}

/** `ID=HOST:PORT`. */
function parsePeer(spec: string): { id: string; address: string } {
  const match = /^([A-Za-z0-9._-]{1,64})=(.+:\d+)$/.exec(spec);
  if (!match) throw invalidArgument(`--peer takes ID=HOST:PORT, not ${JSON.stringify(spec)}`);
  return { id: match[1]!, address: match[2]! };
}

export interface WitnessCommandOptions {
  dir: string;
  host: string;
  port: string;
}

export async function runWitness(opts: WitnessCommandOptions): Promise<void> {
  const { Witness } = await import('../witness/witness.js');
  const witness = new Witness({
    dir: resolve(opts.dir),
    host: opts.host,
    port: parsePort(opts.port),
  });
  await witness.start();
  const address = `${opts.host}:${witness.port}`;
  console.log(JSON.stringify({ msg: 'witness ready', address }));
  process.send?.({ type: 'ready', role: 'witness', address });
  watchLoopStalls(createLogger('witness'));
  stopOn(() => witness.stop());
}

export interface DataServerCommandOptions {
  dir: string;
  nameserver: string[];
  storage: string[];
  host: string;
  port: string;
  zone?: string;
  repairBandwidth?: string;
  scrubRate?: string;
  scrubInterval?: string;
  leaveFree?: string;
  cache?: string;
  cachePinned?: string;
  nvmeCache?: string;
  mediumProfile?: string[];
}

export async function runDataServer(opts: DataServerCommandOptions): Promise<void> {
  if (opts.nameserver.length === 0) throw invalidArgument('--nameserver is required');
  const dir = resolve(opts.dir);
  const profiles = new Map((opts.mediumProfile ?? []).map(parseMediumProfile));
  const storage: StorageDirConfig[] = (
    opts.storage.length > 0
      ? opts.storage.map(parseStorage)
      : [{ medium: 'hdd' as const, path: resolve(dir, 'data') }]
  ).map((s) => {
    const profile = profiles.get(s.medium);
    return profile ? { ...s, profile } : s;
  });
  const { DataServer } = await import('../dataserver/dataserver.js');
  const server = new DataServer({
    dir,
    storage,
    nameserverAddresses: opts.nameserver,
    host: opts.host,
    port: parsePort(opts.port),
    ...(opts.zone ? { zone: parseZone(opts.zone) } : {}),
    ...(opts.repairBandwidth !== undefined
      ? {
          repairBandwidthBytesPerSecond: parseRate(opts.repairBandwidth, 'repair-bandwidth', false),
        }
      : {}),
    ...(opts.scrubRate !== undefined
      ? { scrubBytesPerSecond: parseRate(opts.scrubRate, 'scrub-rate', true) }
      : {}),
    ...(opts.scrubInterval !== undefined
      ? { scrubPassIntervalMs: parseSeconds(opts.scrubInterval, 0, 'scrub-interval') }
      : {}),
    ...(opts.leaveFree !== undefined
      ? { leaveFreeBytes: parseMiB(opts.leaveFree, 'leave-free') }
      : {}),
    ...(opts.cache !== undefined ? { cacheBytes: parseMiB(opts.cache, 'cache') } : {}),
    ...(opts.cachePinned !== undefined
      ? { pinnedCacheBytes: parseMiB(opts.cachePinned, 'cache-pinned') }
      : {}),
    ...(opts.nvmeCache !== undefined
      ? { nvmeCacheBytes: parseMiB(opts.nvmeCache, 'nvme-cache') }
      : {}),
  });
  await server.start();
  console.log(JSON.stringify({ msg: 'dataserver ready', id: server.id, dataUrl: server.dataUrl }));
  process.send?.({ type: 'ready', role: 'dataserver', id: server.id, dataUrl: server.dataUrl });
  watchLoopStalls(createLogger('dataserver'));
  stopOn(() => server.stop());
}

function parseZone(zone: string): string {
  if (!/^[A-Za-z0-9._:-]{1,64}$/.test(zone)) {
    throw invalidArgument(
      `--zone takes up to 64 letters, digits and . _ : -, not ${JSON.stringify(zone)}`,
    );
  }
  return zone;
}

/** MiB on the command line (0 allowed), bytes inside. */
function parseMiB(text: string, what: string): number {
  const mib = Number(text);
  if (!Number.isFinite(mib) || mib < 0 || mib > 1_000_000) {
    throw invalidArgument(`bad --${what}: ${text} (MiB)`);
  }
  return Math.round(mib * MiB);
}

/** MiB/s on the command line, bytes/s inside. */
function parseRate(text: string, what: string, zeroAllowed: boolean): number {
  const mib = Number(text);
  if (!Number.isFinite(mib) || mib < 0 || (mib === 0 && !zeroAllowed) || mib > 100_000) {
    throw invalidArgument(`bad --${what}: ${text} (MiB/s${zeroAllowed ? ', 0 for off' : ''})`);
  }
  return Math.round(mib * MiB);
}

/** `nvme:/path` or `hdd:/path`. */
export function parseStorage(spec: string): StorageDirConfig {
  const match = /^(nvme|hdd):(.+)$/.exec(spec);
  if (!match)
    throw invalidArgument(
      `--storage takes MEDIUM:PATH with MEDIUM nvme or hdd, not ${JSON.stringify(spec)}`,
    );
  return { medium: match[1] as 'nvme' | 'hdd', path: resolve(match[2]!) };
}

/** `hdd:LATENCY_MS:MIBPS`: an artificial speed for every dir of a medium (0 MiB/s: unlimited). */
function parseMediumProfile(spec: string): [Medium, MediumProfile] {
  const match = /^(nvme|hdd):([0-9]+(?:\.[0-9]+)?):([0-9]+(?:\.[0-9]+)?)$/.exec(spec);
  const latencyMs = Number(match?.[2]);
  const mibps = Number(match?.[3]);
  if (!match || latencyMs > 10_000 || mibps > 100_000)
    throw invalidArgument(
      `--medium-profile takes MEDIUM:LATENCY_MS:MIB_PER_S (e.g. hdd:8:150), not ${JSON.stringify(spec)}`,
    );
  return [match[1] as Medium, { latencyMs, bytesPerSecond: Math.round(mibps * MiB) }];
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw invalidArgument(`bad port: ${text}`);
  return port;
}

function parsePositive(text: string, what: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0) throw invalidArgument(`bad ${what}: ${text}`);
  return value;
}

function stopOn(stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  // Under `cluster up`: a supervisor that is gone leaves nobody to stop us.
  process.on('disconnect', shutdown);
}
