/**
 * The nameserver process shell: wires the pure namespace, block map, leases and
 * dataserver registry to the durable store and the gRPC services.
 *
 * A mutation is planned and applied in memory synchronously (so that requests
 * arriving in the same tick see each other), then made durable by group commit;
 * the caller gets success only after the commit. A failed commit stops the
 * process: memory is then ahead of disk, and recovery from the store is the only
 * safe state to serve from.
 */
import * as grpc from '@grpc/grpc-js';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomInt } from 'node:crypto';
import { failedPrecondition, invalidArgument, notFound, unavailable } from '../core/errors.js';
import type { BlockId, DataServerId, InodeId } from '../core/ids.js';
import { Defaults, Limits } from '../core/limits.js';
import { parsePath } from '../core/paths.js';
import { GroupCommitter } from '../journal/group-commit.js';
import { MetadataStore, type JournalEntry } from '../journal/metadata-store.js';
import { BlockMap } from '../namespace/block-map.js';
import { LeaseManager } from '../namespace/lease-manager.js';
import { Namespace } from '../namespace/namespace.js';
import type { Effect, FileInode, JournalOp } from '../namespace/types.js';
import { systemClock, type Clock } from '../platform/clock.js';
import { createLogger, type Logger } from '../platform/logger.js';
import { unaryHandler } from '../rpc/handlers.js';
import { serverOptions, strataProto } from '../rpc/proto.js';
import type { DataServerInfo } from '../rpc/generated/strata/v1/DataServerInfo.js';
import type { LocatedBlock } from '../rpc/generated/strata/v1/LocatedBlock.js';
import type { FsckBlock } from '../rpc/generated/strata/v1/FsckBlock.js';
import type { FsckFile } from '../rpc/generated/strata/v1/FsckFile.js';
import type { NameServiceHandlers } from '../rpc/generated/strata/v1/NameService.js';
import type { DataServerProtocolHandlers } from '../rpc/generated/strata/v1/DataServerProtocol.js';
import type { StorageState__Output } from '../rpc/generated/strata/v1/StorageState.js';
import type { ReplicaState__Output } from '../rpc/generated/strata/v1/ReplicaState.js';
import { DataServerRegistry, totals, type StorageSnapshot } from './dataserver-registry.js';
import { chooseTargets } from './placement.js';
import { childPath, fileStatusOf } from './status.js';

export interface NameServerOptions {
  dir: string;
  host: string;
  port: number;
  defaultReplication?: number;
  defaultBlockSizeBytes?: number;
  staleAfterMs?: number;
  deadAfterMs?: number;
  leaseHardLimitMs?: number;
  clock?: Clock;
  logger?: Logger;
}

/** Until the epoch machine of the HA issue lands, a single nameserver runs in epoch 1. */
const EPOCH = 1;
/** Journal entries kept in the store for catching up; older ones are pruned. */
const JOURNAL_RETENTION_ENTRIES = 100_000;
const MAX_FSCK_FILES = 10_000;

export class NameServer {
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly store: MetadataStore;
  private readonly ns: Namespace;
  private readonly blockMap = new BlockMap();
  private readonly registry: DataServerRegistry;
  private readonly leases: LeaseManager;
  private readonly committer: GroupCommitter;
  private readonly server = new grpc.Server(serverOptions);
  private readonly fullReportsInProgress = new Map<DataServerId, Set<BlockId>>();
  private lastTxid: number;
  private timer: NodeJS.Timeout | undefined;
  private boundPort = 0;

  constructor(private readonly options: NameServerOptions) {
    this.logger = options.logger ?? createLogger('nameserver');
    this.clock = options.clock ?? systemClock;
    mkdirSync(options.dir, { recursive: true });
    this.store = new MetadataStore(join(options.dir, 'metadata.sqlite'));
    this.ns = new Namespace({
      defaultReplication: options.defaultReplication ?? Defaults.replication,
      defaultBlockSizeBytes: options.defaultBlockSizeBytes ?? Defaults.blockSizeBytes,
    });
    const loadStart = this.clock.monotonicMs();
    this.store.loadInto(this.ns);
    this.lastTxid = this.store.lastTxid;
    this.registry = new DataServerRegistry({
      staleAfterMs: options.staleAfterMs ?? Defaults.staleAfterMs,
      deadAfterMs: options.deadAfterMs ?? Defaults.deadAfterMs,
    });
    this.leases = new LeaseManager(options.leaseHardLimitMs ?? Defaults.leaseHardLimitMs);
    // Files left open by writers before a restart get a fresh lease period to finish or expire.
    for (const inode of this.ns.allInodes()) {
      if (inode.kind === 'file' && inode.leaseHolder !== null) {
        this.leases.add(inode.leaseHolder, inode.id, this.clock.monotonicMs());
      }
    }
    this.committer = new GroupCommitter(
      this.store,
      (err) => {
        this.logger.fatal({ err }, 'journal commit failed; stopping (fail-stop)');
        process.exit(70);
      },
      Defaults.maxGroupCommitEntries,
    );
    const counts = this.ns.counts();
    this.logger.info(
      {
        ...counts,
        lastTxid: this.lastTxid,
        loadMs: Math.round(this.clock.monotonicMs() - loadStart),
      },
      'namespace loaded',
    );
  }

  get port(): number {
    return this.boundPort;
  }

  get clusterId(): string {
    return this.store.clusterId;
  }

  async start(): Promise<void> {
    const proto = strataProto().strata.v1;
    this.server.addService(proto.NameService.service, this.nameServiceHandlers());
    this.server.addService(proto.DataServerProtocol.service, this.dataServerHandlers());
    this.boundPort = await new Promise<number>((resolve, reject) => {
      this.server.bindAsync(
        `${this.options.host}:${this.options.port}`,
        grpc.ServerCredentials.createInsecure(),
        (err, port) => (err ? reject(err) : resolve(port)),
      );
    });
    this.timer = setInterval(() => this.tick(), 1_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await new Promise<void>((resolve) => this.server.tryShutdown(() => resolve()));
    this.committer.flush();
    this.store.close();
  }

  // ---- mutations ----

  /**
   * Applies planned operations in memory now and resolves once they are durable.
   * Must be called synchronously after planning, with no await in between.
   */
  private mutate(ops: JournalOp[]): Promise<void> {
    if (ops.length === 0) return Promise.resolve();
    const entries: JournalEntry[] = [];
    const allEffects: Effect[] = [];
    for (const op of ops) {
      const holderBefore = op.op === 'complete' ? this.leaseHolderOf(op.fileId) : null;
      const effects = this.ns.apply(op);
      entries.push({ txid: ++this.lastTxid, epoch: EPOCH, op });
      this.afterApply(op, effects, holderBefore);
      for (const effect of effects) allEffects.push(effect);
    }
    return this.committer.appendMany(entries, allEffects);
  }

  /** Side effects outside the namespace: leases, and replicas of deleted blocks. */
  private afterApply(op: JournalOp, effects: Effect[], holderBefore: string | null): void {
    for (const effect of effects) {
      if (effect.kind !== 'deleteBlock') continue;
      for (const server of this.blockMap.removeBlock(effect.id)) {
        this.registry.queueDelete(server, effect.id);
      }
    }
    if (op.op === 'create') this.leases.add(op.clientName, op.id, this.clock.monotonicMs());
    if (op.op === 'complete' && holderBefore) this.leases.remove(holderBefore, op.fileId);
  }

  private leaseHolderOf(fileId: InodeId): string | null {
    const file = this.ns.get(fileId);
    return file?.kind === 'file' ? file.leaseHolder : null;
  }

  private tick(): void {
    const expired = this.leases.takeExpired(this.clock.monotonicMs());
    for (const fileId of expired) {
      const file = this.ns.get(fileId);
      if (!file || file.kind !== 'file' || file.leaseHolder === null) continue;
      const lastId = file.blocks[file.blocks.length - 1];
      let lastLength: number | null = null;
      if (lastId !== undefined) {
        const lengths = [...this.blockMap.holders(lastId).values()];
        lastLength = lengths.length > 0 ? Math.min(...lengths) : null;
      }
      const ops = this.ns.planRecoverLease(fileId, lastLength, this.clock.wallMs());
      this.logger.warn({ fileId, lastLength }, 'lease expired; closing the file');
      this.mutate(ops).catch((err: unknown) => this.logger.error({ err }, 'lease recovery failed'));
    }
    if (this.lastTxid > JOURNAL_RETENTION_ENTRIES && this.lastTxid % 1000 < 5) {
      this.store.pruneJournal(this.lastTxid - JOURNAL_RETENTION_ENTRIES);
    }
  }

  // ---- helpers ----

  private statusOf(path: string) {
    const parts = parsePath(path);
    const inode = this.ns.lookup(parts);
    return fileStatusOf(inode, '/' + parts.join('/'), this.inheritedFor(inode.parentId));
  }

  private inheritedFor(dirId: InodeId): number {
    const dir = this.ns.get(dirId);
    return dir?.kind === 'dir' ? this.ns.inheritedReplication(dir) : Defaults.replication;
  }

  private serverInfo(id: DataServerId): DataServerInfo | undefined {
    const entry = this.registry.get(id);
    return entry ? { id, dataUrl: entry.dataUrl } : undefined;
  }

  /** Replicas worth handing to a reader: not dead, not known corrupt; live ones first, in random order. */
  private readableLocations(blockId: BlockId): DataServerInfo[] {
    const now = this.clock.monotonicMs();
    const live: DataServerInfo[] = [];
    const stale: DataServerInfo[] = [];
    for (const server of this.blockMap.holders(blockId).keys()) {
      if (this.blockMap.isCorrupt(blockId, server)) continue;
      const entry = this.registry.get(server);
      if (!entry) continue;
      const state = this.registry.liveness(entry, now);
      if (state === 'dead') continue;
      (state === 'live' ? live : stale).push({ id: server, dataUrl: entry.dataUrl });
    }
    for (let i = live.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [live[i], live[j]] = [live[j]!, live[i]!];
    }
    return [...live, ...stale];
  }

  private recordStoredOn(blockId: BlockId, length: number, servers: string[]): void {
    for (const server of servers) {
      if (this.registry.get(server)) this.blockMap.add(blockId, server, length);
    }
  }

  private fileForWriter(fileId: number, clientName: string): FileInode {
    const file = this.ns.fileForWriter(fileId, clientName);
    this.leases.renew(clientName, this.clock.monotonicMs());
    return file;
  }

  private liveReplicaCount(blockId: BlockId, now: number): number {
    let n = 0;
    for (const server of this.blockMap.holders(blockId).keys()) {
      if (this.blockMap.isCorrupt(blockId, server)) continue;
      if (this.registry.isUsable(server, now)) n++;
    }
    return n;
  }

  // ---- NameService ----

  private nameServiceHandlers(): NameServiceHandlers {
    const h = <Req, Res>(name: string, fn: (req: Req) => Promise<Res> | Res) =>
      unaryHandler<Req, Res>(this.logger, name, fn);
    return {
      Mkdir: h('Mkdir', async (req) => {
        const parts = parsePath(req.path);
        await this.mutate(this.ns.planMkdir(parts, req.parents, this.clock.wallMs()));
        return { status: this.statusOf(req.path) };
      }),

      Create: h('Create', async (req) => {
        const parts = parsePath(req.path);
        const ops = this.ns.planCreate({
          path: parts,
          clientName: req.clientName,
          replication: req.replication,
          blockSizeBytes: req.blockSize,
          overwrite: req.overwrite,
          createParents: req.createParents,
          nowMs: this.clock.wallMs(),
        });
        await this.mutate(ops);
        return { status: this.statusOf(req.path) };
      }),

      AddBlock: h('AddBlock', async (req) => {
        const file = this.fileForWriter(req.fileId, req.clientName);
        const previous = req.previousBlockId
          ? { blockId: req.previousBlockId, length: req.previousLength }
          : null;
        const op = this.ns.planAddBlock(file.id, req.clientName, previous);
        if (previous) {
          if (
            req.previousStoredOn.length === 0 &&
            this.blockMap.holders(previous.blockId).size === 0
          ) {
            throw failedPrecondition(`block ${previous.blockId} has no replica`);
          }
        }
        const now = this.clock.monotonicMs();
        const exclude = new Set(req.exclude);
        const candidates = this.registry
          .all()
          .filter((e) => !exclude.has(e.id) && this.registry.liveness(e, now) === 'live')
          .map((e) => ({
            id: e.id,
            freeBytes: totals(e.storages).freeBytes,
            activeTransfers: e.activeTransfers,
          }));
        const targets = chooseTargets(
          candidates,
          file.replication,
          file.blockSizeBytes,
          Math.random,
        );
        if (targets.length === 0) {
          throw unavailable('no live dataserver with room for a block; try again later');
        }
        if (previous) this.recordStoredOn(previous.blockId, previous.length, req.previousStoredOn);
        const offset =
          file.length +
          (previous && !this.ns.getBlock(previous.blockId)?.committed ? previous.length : 0);
        await this.mutate([op]);
        assertAddBlock(op);
        const located: LocatedBlock = {
          blockId: op.blockId,
          generation: op.generation,
          offset,
          length: 0,
          locations: targets.map((id) => this.serverInfo(id)!),
        };
        return { block: located };
      }),

      AbandonBlock: h('AbandonBlock', async (req) => {
        this.fileForWriter(req.fileId, req.clientName);
        await this.mutate([this.ns.planAbandonBlock(req.fileId, req.clientName, req.blockId)]);
        return {};
      }),

      Complete: h('Complete', async (req) => {
        const file = this.fileForWriter(req.fileId, req.clientName);
        const last = req.lastBlockId ? { blockId: req.lastBlockId, length: req.lastLength } : null;
        const op = this.ns.planComplete(file.id, req.clientName, last, this.clock.wallMs());
        if (
          last &&
          req.lastStoredOn.length === 0 &&
          this.blockMap.holders(last.blockId).size === 0
        ) {
          throw failedPrecondition(`block ${last.blockId} has no replica`);
        }
        if (last) this.recordStoredOn(last.blockId, last.length, req.lastStoredOn);
        await this.mutate([op]);
        return { status: fileStatusOf(file, this.ns.pathOf(file.id), 0) };
      }),

      RenewLease: h('RenewLease', (req) => {
        this.leases.renew(req.clientName, this.clock.monotonicMs());
        return {};
      }),

      GetBlockLocations: h('GetBlockLocations', (req) => {
        const parts = parsePath(req.path);
        const inode = this.ns.lookup(parts);
        if (inode.kind !== 'file') throw failedPrecondition(`is a directory: ${req.path}`);
        const blocks: LocatedBlock[] = [];
        let offset = 0;
        for (const blockId of inode.blocks) {
          const block = this.ns.getBlock(blockId)!;
          if (!block.committed) break; // a file being written reads up to its last committed block
          blocks.push({
            blockId,
            generation: block.generation,
            offset,
            length: block.length,
            locations: this.readableLocations(blockId),
          });
          offset += block.length;
        }
        return { status: fileStatusOf(inode, '/' + parts.join('/'), 0), blocks };
      }),

      Stat: h('Stat', (req) => ({ status: this.statusOf(req.path) })),

      List: h('List', (req) => {
        const parts = parsePath(req.path);
        const inode = this.ns.lookup(parts);
        const dirPath = '/' + parts.join('/');
        if (inode.kind !== 'dir') {
          return { entries: [fileStatusOf(inode, dirPath, 0)], hasMore: false };
        }
        const limit = Math.min(req.limit || Limits.maxListPageEntries, Limits.maxListPageEntries);
        const page = this.ns.list(inode, req.startAfter, limit);
        const inherited = this.ns.inheritedReplication(inode);
        return {
          entries: page.entries.map((e) => fileStatusOf(e, childPath(dirPath, e.name), inherited)),
          hasMore: page.hasMore,
        };
      }),

      Delete: h('Delete', async (req) => {
        await this.mutate([
          this.ns.planDelete(parsePath(req.path), req.recursive, this.clock.wallMs()),
        ]);
        return {};
      }),

      Rename: h('Rename', async (req) => {
        const op = this.ns.planRename(
          parsePath(req.source),
          parsePath(req.destination),
          this.clock.wallMs(),
        );
        await this.mutate([op]);
        return {};
      }),

      SetReplication: h('SetReplication', async (req) => {
        await this.mutate([this.ns.planSetReplication(parsePath(req.path), req.replication)]);
        return {};
      }),

      ReportBadReplica: h('ReportBadReplica', (req) => {
        if (!this.ns.getBlock(req.blockId)) throw notFound(`no such block: ${req.blockId}`);
        if (!this.blockMap.holders(req.blockId).has(req.dataserverId)) {
          throw invalidArgument(
            `dataserver ${req.dataserverId} holds no replica of block ${req.blockId}`,
          );
        }
        this.blockMap.markCorrupt(req.blockId, req.dataserverId);
        this.logger.warn(
          { blockId: req.blockId, dataserver: req.dataserverId, reason: req.reason.slice(0, 200) },
          'replica reported corrupt',
        );
        return {};
      }),

      ClusterReport: h('ClusterReport', () => this.clusterReport()),

      Fsck: h('Fsck', (req) => this.fsck(req.path, req.maxFiles)),
    };
  }

  private clusterReport() {
    const now = this.clock.monotonicMs();
    let underReplicated = 0;
    let missing = 0;
    for (const block of this.ns.allBlocks()) {
      if (!block.committed) continue;
      const file = this.ns.get(block.fileId) as FileInode | undefined;
      const live = this.liveReplicaCount(block.id, now);
      if (live === 0) missing++;
      else if (file && live < file.replication) underReplicated++;
    }
    const counts = this.ns.counts();
    return {
      clusterId: this.store.clusterId,
      files: counts.files,
      directories: counts.directories,
      blocks: counts.blocks,
      underReplicatedBlocks: underReplicated,
      missingBlocks: missing,
      corruptReplicas: this.blockMap.corruptReplicaCount(),
      lastTxid: this.lastTxid,
      dataservers: this.registry.all().map((e) => {
        const t = totals(e.storages);
        return {
          server: { id: e.id, dataUrl: e.dataUrl },
          state: this.registry.liveness(e, now),
          capacityBytes: t.capacityBytes,
          usedBytes: t.usedBytes,
          freeBytes: t.freeBytes,
          blockCount: this.blockMap.blocksOn(e.id).size,
          lastHeartbeatMsAgo: Math.round(now - e.lastHeartbeatMs),
          storages: e.storages.map((s) => ({ ...s })),
        };
      }),
    };
  }

  private fsck(path: string, maxFiles: number) {
    const parts = parsePath(path);
    const root = this.ns.lookup(parts);
    const limit = Math.min(maxFiles || MAX_FSCK_FILES, MAX_FSCK_FILES);
    const files = this.ns.filesUnder(root, limit + 1);
    const truncated = files.length > limit;
    let totalBlocks = 0;
    let healthy = 0;
    let under = 0;
    let missing = 0;
    const out: FsckFile[] = files.slice(0, limit).map((file) => {
      const blocks: FsckBlock[] = file.blocks.map((blockId) => {
        const block = this.ns.getBlock(blockId)!;
        const live = this.readableLocations(blockId);
        let health = 'healthy';
        if (!block.committed) health = 'under-construction';
        else if (live.length === 0) health = 'missing';
        else if (live.length < file.replication) health = 'under-replicated';
        if (block.committed) {
          totalBlocks++;
          if (health === 'healthy') healthy++;
          else if (health === 'missing') missing++;
          else under++;
        }
        return {
          blockId,
          generation: block.generation,
          length: block.length,
          expectedReplicas: file.replication,
          liveReplicas: live.sort((a, b) => (a.id ?? '').localeCompare(b.id ?? '')),
          corruptOn: this.blockMap.corruptOn(blockId),
          health,
        };
      });
      return { status: fileStatusOf(file, this.ns.pathOf(file.id), 0), blocks };
    });
    return {
      files: out,
      totalFiles: out.length,
      totalBlocks,
      healthyBlocks: healthy,
      underReplicatedBlocks: under,
      missingBlocks: missing,
      truncated,
      healthy: under === 0 && missing === 0,
    };
  }

  // ---- DataServerProtocol ----

  private dataServerHandlers(): DataServerProtocolHandlers {
    const h = <Req, Res>(name: string, fn: (req: Req) => Promise<Res> | Res) =>
      unaryHandler<Req, Res>(this.logger, name, fn);
    return {
      Register: h('Register', (req) => {
        validateDataServerId(req.dataserverId);
        let url: URL;
        try {
          url = new URL(req.dataUrl);
        } catch {
          throw invalidArgument(`bad data URL: ${JSON.stringify(req.dataUrl)}`);
        }
        if (url.protocol !== 'http:' && url.protocol !== 'https:') {
          throw invalidArgument(`bad data URL: ${req.dataUrl}`);
        }
        this.registry.register(
          req.dataserverId,
          req.dataUrl,
          storagesOf(req.storages),
          this.clock.monotonicMs(),
        );
        this.logger.info(
          { dataserver: req.dataserverId, dataUrl: req.dataUrl },
          'dataserver registered',
        );
        return {
          clusterId: this.store.clusterId,
          heartbeatIntervalMs: Defaults.heartbeatIntervalMs,
        };
      }),

      Heartbeat: h('Heartbeat', (req) => {
        const known = this.registry.heartbeat(
          req.dataserverId,
          storagesOf(req.storages),
          req.activeTransfers,
          this.clock.monotonicMs(),
        );
        if (!known) return { deleteBlocks: [], reregister: true };
        return { deleteBlocks: this.registry.takeDeletes(req.dataserverId), reregister: false };
      }),

      BlockReport: h('BlockReport', (req) => {
        if (!this.registry.get(req.dataserverId)) {
          throw failedPrecondition(`dataserver ${req.dataserverId} is not registered`);
        }
        if (req.replicas.length > Limits.maxReportEntries) {
          throw invalidArgument(
            `a report part may carry at most ${Limits.maxReportEntries} replicas`,
          );
        }
        if (req.firstPart) this.fullReportsInProgress.set(req.dataserverId, new Set());
        const seen = this.fullReportsInProgress.get(req.dataserverId);
        const deleteBlocks = this.acceptReplicas(req.dataserverId, req.replicas, seen);
        if (req.lastPart && seen) {
          // Replicas the map had for this server but the full report lacks are gone.
          for (const blockId of [...this.blockMap.blocksOn(req.dataserverId)]) {
            if (!seen.has(blockId)) this.blockMap.remove(blockId, req.dataserverId);
          }
          this.fullReportsInProgress.delete(req.dataserverId);
          this.logger.info(
            { dataserver: req.dataserverId, replicas: seen.size },
            'full block report',
          );
        }
        return { deleteBlocks };
      }),

      BlockReceived: h('BlockReceived', (req) => {
        if (!this.registry.get(req.dataserverId)) {
          throw failedPrecondition(`dataserver ${req.dataserverId} is not registered`);
        }
        const deletes = this.acceptReplicas(req.dataserverId, req.received, undefined);
        for (const blockId of deletes) this.registry.queueDelete(req.dataserverId, blockId);
        for (const blockId of req.deleted) this.blockMap.remove(blockId, req.dataserverId);
        return {};
      }),
    };
  }

  /** Adds reported replicas to the block map; returns those the server should delete. */
  private acceptReplicas(
    server: DataServerId,
    replicas: ReplicaState__Output[],
    seen: Set<BlockId> | undefined,
  ): BlockId[] {
    const deletes: BlockId[] = [];
    for (const r of replicas) {
      const block = this.ns.getBlock(r.blockId);
      if (!block || r.generation < block.generation) {
        deletes.push(r.blockId); // a deleted file's block, or a stale generation
        continue;
      }
      seen?.add(r.blockId);
      this.blockMap.add(r.blockId, server, r.length);
      if (block.committed && r.length !== block.length)
        this.blockMap.markCorrupt(r.blockId, server);
    }
    return deletes;
  }
}

function assertAddBlock(op: JournalOp): asserts op is Extract<JournalOp, { op: 'addBlock' }> {
  if (op.op !== 'addBlock') throw new Error('expected an addBlock operation');
}

function validateDataServerId(id: string): void {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(id))
    throw invalidArgument(`bad dataserver id: ${JSON.stringify(id)}`);
}

function storagesOf(states: StorageState__Output[]): StorageSnapshot[] {
  return states.slice(0, 64).map((s) => ({
    medium: s.medium,
    path: s.path,
    capacityBytes: s.capacityBytes,
    usedBytes: s.usedBytes,
    freeBytes: s.freeBytes,
    blockCount: s.blockCount,
    failed: s.failed,
  }));
}
