/**
 * The dataserver's side of the DataServerProtocol: registration, heartbeats, full
 * and incremental block reports, and obeying the commands heartbeats bring back.
 * Keeps trying while the nameserver is away; a nameserver that restarted asks for
 * registration again, and gets a fresh full report.
 */
import * as grpc from '@grpc/grpc-js';
import { Defaults, Limits } from '../core/limits.js';
import type { Logger } from '../platform/logger.js';
import { channelOptions, strataProto } from '../rpc/proto.js';
import { unaryCall } from '../rpc/unary-call.js';
import type { BlockStore } from '../blockstore/block-store.js';
import type { ReplicaState } from '../rpc/generated/strata/v1/ReplicaState.js';
import type { HeartbeatResponse__Output } from '../rpc/generated/strata/v1/HeartbeatResponse.js';
import type { BlockReportResponse__Output } from '../rpc/generated/strata/v1/BlockReportResponse.js';
import type { StorageState } from '../rpc/generated/strata/v1/StorageState.js';
import type { MoveCommand__Output } from '../rpc/generated/strata/v1/MoveCommand.js';
import type { CopyCommand__Output } from '../rpc/generated/strata/v1/CopyCommand.js';

const RPC_TIMEOUT_MS = 10_000;

/**
 * Shared by the links to every nameserver: the highest epoch any has claimed as
 * active. Commands are obeyed only from an active of that epoch (fencing).
 */
export interface EpochFence {
  highestActiveEpoch: number;
}

export interface NameServerLinkOptions {
  nameserverAddress: string;
  fence: EpochFence;
  dataserverId: string;
  dataUrl: () => string;
  store: BlockStore;
  logger: Logger;
  activeTransfers: () => number;
  /** Carries out a copy order from the active nameserver (repair). */
  copy: (order: CopyCommand__Output) => void;
  /** Carries out a move order from the active nameserver (a replica to another medium). */
  move: (order: MoveCommand__Output) => void;
  /** Pin orders (cache directives) from the active nameserver. */
  pin: (blockId: number) => void;
  unpin: (blockId: number) => void;
  /** Whether an operator ordered this server drained (kept by the dataserver). */
  decommissioning: () => boolean;
  setDecommissioning: (on: boolean) => void;
  /** Failure-domain label sent at registration. */
  zone?: string;
  heartbeatIntervalMs?: number;
  blockReportIntervalMs?: number;
}

export class NameServerLink {
  private readonly client: grpc.Client;
  private registered = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private lastFullReportMs = 0;
  /**
   * By block id, in the order reported: one call carries both lists and the
   * nameserver applies `received` first, so a block's later event replaces its
   * earlier one here (a delete pending behind a store would undo it). Keyed, not
   * scanned: 100 ms of events at a few thousand a second.
   */
  private readonly pendingReceived = new Map<number, ReplicaState>();
  private readonly pendingDeleted = new Set<number>();
  private pendingCorrupt: ReplicaState[] = [];
  private pendingCopyFailed: number[] = [];
  private flushScheduled = false;
  private flushTimer: NodeJS.Timeout | undefined;
  /** A BlockReceived call is out: what is reported meanwhile waits and goes in the next one. */
  private flushing = false;
  private beating = false;

  constructor(private readonly options: NameServerLinkOptions) {
    const Service = strataProto().strata.v1.DataServerProtocol;
    this.client = new Service(
      options.nameserverAddress,
      grpc.credentials.createInsecure(),
      channelOptions,
    );
  }

  start(): void {
    const interval = this.options.heartbeatIntervalMs ?? Defaults.heartbeatIntervalMs;
    this.timer = setInterval(() => void this.beat(), interval);
    void this.beat();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.client.close();
  }

  /** Queues an incremental report of a new replica; sent within {@link Defaults.incrementalReportDelayMs}. */
  blockStored(replica: ReplicaState): void {
    const blockId = Number(replica.blockId);
    this.pendingDeleted.delete(blockId);
    this.pendingReceived.delete(blockId); // a newer generation goes in its own place
    this.pendingReceived.set(blockId, replica);
    this.scheduleFlush();
  }

  blockDeleted(blockId: number): void {
    this.pendingReceived.delete(blockId);
    this.pendingDeleted.add(blockId);
    this.scheduleFlush();
  }

  /** A replica found corrupt here: the nameserver replaces it, then orders it deleted. */
  replicaCorrupt(replica: ReplicaState): void {
    this.pendingCorrupt.push(replica);
    this.scheduleFlush();
  }

  copyFailed(blockId: number): void {
    this.pendingCopyFailed.push(blockId);
    this.scheduleFlush();
  }

  private hasPending(): boolean {
    return (
      this.pendingReceived.size > 0 ||
      this.pendingDeleted.size > 0 ||
      this.pendingCorrupt.length > 0 ||
      this.pendingCopyFailed.length > 0
    );
  }

  /**
   * One call at a time, gathered for {@link Defaults.incrementalReportDelayMs}: replicas finalized
   * meanwhile go together, instead of a call each (under load, one per replica per
   * nameserver). HDFS's dfs.blockreport.incremental.intervalMsec does the same.
   */
  private scheduleFlush(): void {
    if (this.flushScheduled || this.flushing || this.stopped) return;
    this.flushScheduled = true;
    this.flushTimer = setTimeout(
      () => void this.flushIncremental(),
      Defaults.incrementalReportDelayMs,
    );
  }

  private async flushIncremental(): Promise<void> {
    this.flushScheduled = false;
    this.flushTimer = undefined;
    if (this.stopped) return;
    if (!this.registered) return; // the full report at registration will carry them
    if (!this.hasPending()) return;
    this.flushing = true;
    const received = takeFirst(this.pendingReceived, Limits.maxReportEntries);
    const deleted = takeFirst(this.pendingDeleted, Limits.maxReportEntries);
    const corrupt = this.pendingCorrupt.splice(0, Limits.maxReportEntries);
    const copyFailed = this.pendingCopyFailed.splice(0, Limits.maxReportEntries);
    try {
      await this.call('BlockReceived', {
        dataserverId: this.options.dataserverId,
        received,
        deleted,
        corrupt,
        copyFailed,
      });
    } catch (err) {
      this.options.logger.warn({ err }, 'incremental block report failed; will send a full report');
      this.registered = false;
    } finally {
      this.flushing = false;
    }
    if (this.hasPending()) this.scheduleFlush();
  }

  private async beat(): Promise<void> {
    if (this.beating || this.stopped) return;
    this.beating = true;
    try {
      if (!this.registered) await this.register();
      const storages = await this.storages();
      const response = await this.call<HeartbeatResponse__Output>('Heartbeat', {
        dataserverId: this.options.dataserverId,
        storages,
        activeTransfers: this.options.activeTransfers(),
        decommissioning: this.options.decommissioning(),
        cache: cacheState(this.options.store),
        cachedBlocks: this.options.store.cache.wholeBlocks(Limits.maxCachedBlocksReported),
        pinnedBlocks: this.options.store.cache.pinnedBlocks(Limits.maxPinnedBlocks),
      });
      if (response.reregister) {
        this.registered = false;
        return;
      }
      await this.obey(response.active, response.epoch, response.deleteBlocks, response.copies);
      if (response.moves.length > 0 && this.obeys(response.active, response.epoch)) {
        for (const order of response.moves) this.options.move(order);
      }
      if (this.obeys(response.active, response.epoch)) {
        for (const id of response.unpinBlocks) this.options.unpin(Number(id));
        for (const id of response.pinBlocks) this.options.pin(Number(id));
      }
      if (response.decommission !== 0 && this.obeys(response.active, response.epoch)) {
        this.options.setDecommissioning(response.decommission === 1);
      }
      const reportEvery = this.options.blockReportIntervalMs ?? Defaults.blockReportIntervalMs;
      if (Date.now() - this.lastFullReportMs > reportEvery) await this.fullReport();
    } catch (err) {
      if (this.registered) this.options.logger.warn({ err }, 'heartbeat failed');
      this.registered = false;
    } finally {
      this.beating = false;
    }
  }

  private async register(): Promise<void> {
    await this.call('Register', {
      dataserverId: this.options.dataserverId,
      dataUrl: this.options.dataUrl(),
      storages: await this.storages(),
      zone: this.options.zone ?? '',
      decommissioning: this.options.decommissioning(),
    });
    this.pendingReceived.clear();
    this.pendingDeleted.clear();
    // Replicas that failed a check (at open, or by the scrubber): the nameserver
    // replaces them from good ones, then orders them deleted.
    this.pendingCorrupt = this.options.store.corruptReplicas().map((c) => ({
      blockId: c.blockId,
      generation: c.generation,
      length: 0,
      medium: '',
    }));
    await this.fullReport();
    this.registered = true;
    if (this.hasPending()) this.scheduleFlush();
    this.options.logger.info(
      { nameserver: this.options.nameserverAddress },
      'registered with the nameserver',
    );
  }

  private async fullReport(): Promise<void> {
    const replicas = this.options.store.list().map((r) => ({
      blockId: r.blockId,
      generation: r.generation,
      length: r.length,
      medium: r.medium,
    }));
    const partSize = Limits.maxReportEntries;
    const parts = Math.max(1, Math.ceil(replicas.length / partSize));
    for (let i = 0; i < parts; i++) {
      const response = await this.call<BlockReportResponse__Output>('BlockReport', {
        dataserverId: this.options.dataserverId,
        replicas: replicas.slice(i * partSize, (i + 1) * partSize),
        firstPart: i === 0,
        lastPart: i === parts - 1,
      });
      await this.obey(response.active, response.epoch, response.deleteBlocks, []);
    }
    this.lastFullReportMs = Date.now();
  }

  /** Whether commands from this answer count: from an active of the newest epoch seen. */
  private obeys(active: boolean, epoch: number): boolean {
    return active && epoch >= this.options.fence.highestActiveEpoch;
  }

  /** Carries out commands from an active nameserver of the newest epoch seen; others are ignored. */
  private async obey(
    active: boolean,
    epoch: number,
    deleteBlocks: number[],
    copies: CopyCommand__Output[],
  ): Promise<void> {
    if (!active) return;
    const fence = this.options.fence;
    if (epoch < fence.highestActiveEpoch) {
      if (deleteBlocks.length > 0 || copies.length > 0) {
        this.options.logger.warn(
          { epoch, highest: fence.highestActiveEpoch },
          'ignoring commands from a stale epoch',
        );
      }
      return;
    }
    fence.highestActiveEpoch = epoch;
    for (const order of copies) this.options.copy(order);
    await this.deleteBlocks(deleteBlocks);
  }

  private async deleteBlocks(blockIds: number[]): Promise<void> {
    for (const blockId of blockIds) {
      if (await this.options.store.delete(blockId)) {
        this.options.logger.debug({ blockId }, 'replica deleted');
      }
    }
  }

  private async storages(): Promise<StorageState[]> {
    const states = await this.options.store.storageStates();
    return states.map((s) => ({
      medium: s.medium,
      path: s.path,
      capacityBytes: s.capacityBytes,
      usedBytes: s.usedBytes,
      freeBytes: s.freeBytes,
      availableBytes: s.availableBytes,
      blockCount: s.blockCount,
      failed: s.failed,
      full: s.full,
    }));
  }

  private call<Res = unknown>(method: string, request: object): Promise<Res> {
    return unaryCall<Res>(this.client, method, request, RPC_TIMEOUT_MS);
  }
}

/** Takes out and returns the first `n` values of a Map or Set, in insertion order. */
function takeFirst<K, T>(
  pending: { entries(): IterableIterator<[K, T]>; delete(key: K): boolean },
  n: number,
): T[] {
  const taken: T[] = [];
  for (const [key, value] of pending.entries()) {
    if (taken.length >= n) break;
    taken.push(value);
    pending.delete(key);
  }
  return taken;
}

/** The memory pool's and the NVMe tier's figures, as one heartbeat field. */
function cacheState(store: BlockStore) {
  const nvme = store.nvmeTierStats();
  return {
    ...store.cache.stats(),
    nvmeCapacityBytes: nvme.capacityBytes,
    nvmeUsedBytes: nvme.usedBytes,
    nvmeBlocks: nvme.blocks,
    nvmeHits: nvme.hits,
    nvmePromotions: nvme.promotions,
    nvmeDemotions: nvme.demotions,
  };
}
