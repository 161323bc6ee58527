/**
 * The dataserver process shell: its persistent identity, the block store, the HTTP
 * data plane and the link to the nameserver.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { readDurableJson, writeDurableJson } from '../ha/durable-json.js';
import { BlockStore, type StorageDirConfig } from '../blockstore/block-store.js';
import { createLogger, type Logger } from '../platform/logger.js';
import { BlockHttpServer } from './block-http.js';
import { NameServerLink } from './nameserver-link.js';
import { BlockCopier } from './block-copier.js';
import { Scrubber } from './scrubber.js';
import { Defaults, Limits } from '../core/limits.js';
import { ReplicaMover } from './replica-mover.js';
import { ReplicaPinner } from './replica-pinner.js';

export interface DataServerOptions {
  /** Holds the server's identity file; storage dirs may live anywhere. */
  dir: string;
  storage: StorageDirConfig[];
  /** Every nameserver (active and standby): all get registrations, heartbeats and reports. */
  nameserverAddresses: string[];
  host: string;
  port: number;
  heartbeatIntervalMs?: number;
  /** Failure-domain label (rack, room): the nameserver spreads replicas across zones. */
  zone?: string;
  /** Re-replication copies into this server, all together, bytes per second. */
  repairBandwidthBytesPerSecond?: number;
  /** Scrubber read rate, bytes per second (0: off), and the pause between passes. */
  scrubBytesPerSecond?: number;
  scrubPassIntervalMs?: number;
  /** Bytes left free on each storage dir's file system (default 64 MiB). */
  leaveFreeBytes?: number;
  /** Bytes of the memory cache pool (default 128 MiB; 0: none). */
  cacheBytes?: number;
  /** Bytes of replicas cache directives may pin in memory (default 256 MiB; 0: none). */
  pinnedCacheBytes?: number;
  nvmeCacheBytes?: number;
  logger?: Logger;
}

export class DataServer {
  readonly id: string;
  private readonly logger: Logger;
  private store: BlockStore | undefined;
  private http: BlockHttpServer | undefined;
  private links: NameServerLink[] = [];
  private copier: BlockCopier | undefined;
  private mover: ReplicaMover | undefined;
  private pinner: ReplicaPinner | undefined;
  private scrubber: Scrubber | undefined;
  private boundPort = 0;

  constructor(private readonly options: DataServerOptions) {
    this.logger = options.logger ?? createLogger('dataserver');
    mkdirSync(options.dir, { recursive: true });
    this.id = loadOrCreateId(options.dir);
  }

  get port(): number {
    return this.boundPort;
  }

  get dataUrl(): string {
    return `http://${this.options.host}:${this.boundPort}`;
  }

  async start(): Promise<void> {
    const store = await BlockStore.open(this.options.storage, {
      ...(this.options.leaveFreeBytes !== undefined
        ? { leaveFreeBytes: this.options.leaveFreeBytes }
        : {}),
      ...(this.options.cacheBytes !== undefined ? { cacheBytes: this.options.cacheBytes } : {}),
      ...(this.options.pinnedCacheBytes !== undefined
        ? { pinnedCacheBytes: this.options.pinnedCacheBytes }
        : {}),
      ...(this.options.nvmeCacheBytes !== undefined
        ? { nvmeCacheBytes: this.options.nvmeCacheBytes }
        : {}),
    });
    this.store = store;
    for (const bad of store.corruptReplicas()) {
      this.logger.warn(bad, 'replica failed its startup check; not reported as good');
    }
    const fence = { highestActiveEpoch: 0 };
    // The operator's drain order, kept here so it outlives restarts and reaches
    // both nameservers with every heartbeat.
    const adminPath = join(this.options.dir, 'admin.json');
    let admin = readDurableJson<{ decommissioning: boolean }>(adminPath) ?? {
      decommissioning: false,
    };
    const copier = new BlockCopier({
      store,
      logger: this.logger,
      bandwidthBytesPerSecond:
        this.options.repairBandwidthBytesPerSecond ?? Defaults.repairBandwidthBytesPerSecond,
      maxConcurrentCopies: Defaults.maxConcurrentCopies,
      maxQueuedCopies: Defaults.maxRepairOrdersPerRound,
      onStored: ({ blockId, generation, length, medium }) => {
        for (const link of this.links) link.blockStored({ blockId, generation, length, medium });
      },
      onFailed: (order) => {
        for (const link of this.links) link.copyFailed(order.blockId);
      },
    });
    this.copier = copier;
    const mover = new ReplicaMover({
      store,
      logger: this.logger,
      maxQueued: Limits.maxQueuedMoves,
      onMoved: ({ blockId, generation, length, medium }) => {
        for (const link of this.links) link.blockStored({ blockId, generation, length, medium });
      },
    });
    this.mover = mover;
    const pinner = new ReplicaPinner({
      store,
      logger: this.logger,
      maxQueued: Limits.maxPinnedBlocks,
    });
    this.pinner = pinner;
    const links = this.options.nameserverAddresses.map(
      (address) =>
        new NameServerLink({
          nameserverAddress: address,
          fence,
          dataserverId: this.id,
          dataUrl: () => this.dataUrl,
          store,
          logger: this.logger,
          activeTransfers: () => (this.http?.activeTransfers ?? 0) + copier.pending,
          copy: (order) =>
            copier.submit({
              blockId: order.blockId,
              generation: order.generation,
              length: order.length,
              sourceUrl: order.sourceUrl,
            }),
          move: (order) => mover.submit(order),
          pin: (blockId) => pinner.pin(blockId),
          unpin: (blockId) => pinner.unpin(blockId),
          decommissioning: () => admin.decommissioning,
          setDecommissioning: (on) => {
            if (admin.decommissioning === on) return;
            admin = { decommissioning: on };
            writeDurableJson(adminPath, admin);
            this.logger.info({ decommissioning: on }, on ? 'draining' : 'no longer draining');
          },
          ...(this.options.zone ? { zone: this.options.zone } : {}),
          ...(this.options.heartbeatIntervalMs
            ? { heartbeatIntervalMs: this.options.heartbeatIntervalMs }
            : {}),
        }),
    );
    this.links = links;
    this.http = new BlockHttpServer({
      dataserverId: this.id,
      store,
      logger: this.logger,
      onBlockStored: (blockId, generation, length, medium) => {
        for (const link of links) link.blockStored({ blockId, generation, length, medium });
      },
      maxConcurrentWrites: 256,
      maxPipelineHops: 15,
    });
    this.boundPort = await this.http.listen(this.options.host, this.options.port);
    for (const link of links) link.start();
    this.scrubber = new Scrubber({
      store,
      logger: this.logger,
      bytesPerSecond: this.options.scrubBytesPerSecond ?? Defaults.scrubBytesPerSecond,
      passIntervalMs: this.options.scrubPassIntervalMs ?? Defaults.scrubPassIntervalMs,
      onCorrupt: (c) => {
        const replica = { blockId: c.blockId, generation: c.generation, length: 0, medium: '' };
        for (const link of links) link.replicaCorrupt(replica);
      },
    });
    this.scrubber.start();
    this.logger.info(
      { id: this.id, dataUrl: this.dataUrl, replicas: store.list().length },
      'dataserver started',
    );
  }

  async stop(): Promise<void> {
    this.copier?.close();
    this.mover?.close();
    this.pinner?.close();
    this.scrubber?.stop();
    for (const link of this.links) link.stop();
    await this.http?.close();
    await this.store?.close();
  }
}

/** The id is made once and kept in the server's dir, so a restart is the same server. */
function loadOrCreateId(dir: string): string {
  const path = join(dir, 'dataserver.json');
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { id?: unknown };
    if (typeof parsed.id === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(parsed.id)) return parsed.id;
    throw new Error(`${path} holds no valid id`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const id = `ds-${randomUUID().slice(0, 8)}`;
  writeFileSync(`${path}.tmp`, JSON.stringify({ id }) + '\n');
  renameSync(`${path}.tmp`, path);
  return id;
}
