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
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  failedPrecondition,
  invalidArgument,
  reservationUnknown,
  notActive,
  notFound,
  resourceExhausted,
  unavailable,
} from '../core/errors.js';
import {
  MAX_DETACHED_EPOCH,
  isDetachedBlockId,
  type BlockId,
  type DataServerId,
  type InodeId,
} from '../core/ids.js';
import { Defaults, Limits } from '../core/limits.js';
import { isMedium, MEDIA } from '../core/media.js';
import { parsePath } from '../core/paths.js';
import { GroupCommitter } from '../journal/group-commit.js';
import { MetadataStore, type JournalEntry } from '../journal/metadata-store.js';
import { BlockMap } from '../namespace/block-map.js';
import { LeaseManager } from '../namespace/lease-manager.js';
import { Namespace } from '../namespace/namespace.js';
import { DEFAULT_CACHE_POOL } from '../namespace/cache-directives.js';
import type {
  BlockRecord,
  Effect,
  FileInode,
  Inode,
  JournalOp,
  StoragePolicy,
} from '../namespace/types.js';
import type { FileStatus } from '../rpc/generated/strata/v1/FileStatus.js';
import { systemClock, type Clock } from '../platform/clock.js';
import { createLogger, type Logger } from '../platform/logger.js';
import { unaryHandler, type CallContext } from '../rpc/handlers.js';
import type { VoterHandlers } from '../rpc/generated/strata/v1/Voter.js';
import type { JournalShippingHandlers } from '../rpc/generated/strata/v1/JournalShipping.js';
import type { ReplicateRequest__Output } from '../rpc/generated/strata/v1/ReplicateRequest.js';
import type { ReplicateResponse } from '../rpc/generated/strata/v1/ReplicateResponse.js';
import type { SnapshotChunk__Output } from '../rpc/generated/strata/v1/SnapshotChunk.js';
import type { SnapshotHeader__Output } from '../rpc/generated/strata/v1/SnapshotHeader.js';
import type { InstallSnapshotResponse } from '../rpc/generated/strata/v1/InstallSnapshotResponse.js';
import type { NameServerReport } from '../rpc/generated/strata/v1/NameServerReport.js';
import type { HaStatusResponse__Output } from '../rpc/generated/strata/v1/HaStatusResponse.js';
import { unaryCall } from '../rpc/unary-call.js';
import { channelOptions } from '../rpc/proto.js';
import { Voter, type JournalEnd, type VoterDurableState } from '../ha/voter.js';
import { HaDefaults } from '../ha/constants.js';
import { clusterVerdict, divergence, journalPruneThrough } from '../ha/catch-up.js';
import { SnapshotAssembler } from '../journal/snapshot-codec.js';
import type { LoadReport, SnapshotCounts } from '../journal/metadata-store.js';
import { HaCoordinator, type HaPeer } from './ha-coordinator.js';
import { DetachedBlocks, type Reservation } from './detached-blocks.js';
import { JournalShipper } from './journal-shipper.js';
import { GrpcRemoteVoters } from './grpc-remote-voters.js';
import { RetryCache } from './retry-cache.js';
import { serverOptions, strataProto } from '../rpc/proto.js';
import type { DataServerInfo } from '../rpc/generated/strata/v1/DataServerInfo.js';
import type { LocatedBlock } from '../rpc/generated/strata/v1/LocatedBlock.js';
import type { FsckBlock } from '../rpc/generated/strata/v1/FsckBlock.js';
import type { FsckFile } from '../rpc/generated/strata/v1/FsckFile.js';
import type { NameServiceHandlers } from '../rpc/generated/strata/v1/NameService.js';
import type { BatchRequest__Output } from '../rpc/generated/strata/v1/BatchRequest.js';
import { BATCHABLE_METHODS, runBatch, serveCallStream } from '../rpc/batch-server.js';
import { serveSeqStream, type ServedSeqStream } from '../rpc/seq-stream.js';
import type { BatchMethod, CallFunction } from '../rpc/batch-server.js';
import type { DataServerProtocolHandlers } from '../rpc/generated/strata/v1/DataServerProtocol.js';
import type { StorageState__Output } from '../rpc/generated/strata/v1/StorageState.js';
import type { ReplicaState__Output } from '../rpc/generated/strata/v1/ReplicaState.js';
import { DataServerRegistry, totals, type StorageSnapshot } from './dataserver-registry.js';
import { planBalance, type BalanceBlock } from './balance-planner.js';
import { RepairMonitor, type RepairSources } from './repair-monitor.js';
import { assessBlock, type BlockView, type ServerView } from './repair-planner.js';
import {
  chooseTargetsOnMedia,
  mediaForPolicy,
  type Target as PlacementTarget,
} from './placement.js';
import { planBlockMoves, type PlacedReplica } from './migration-planner.js';
import { MoveTracker } from './move-tracker.js';
import { PinCoordinator } from './pin-coordinator.js';
import type { MigrateResponse__Output } from '../rpc/generated/strata/v1/MigrateResponse.js';
import { childPath, fileStatusOf, type Inherited } from './status.js';

export interface NameServerOptions {
  dir: string;
  /** This nameserver's name in an HA pair (default ns1). */
  id?: string;
  /** The other nameserver of an HA pair; with `witnessAddress`, turns HA on. */
  peer?: HaPeer;
  witnessAddress?: string;
  host: string;
  port: number;
  defaultReplication?: number;
  defaultBlockSizeBytes?: number;
  staleAfterMs?: number;
  deadAfterMs?: number;
  leaseHardLimitMs?: number;
  /** Journal entries kept for catching a standby up; one further behind gets a snapshot. */
  journalRetentionEntries?: number;
  /** How long a reserved block waits for its CreateComplete (Defaults.blockReservationTtlMs). */
  blockReservationTtlMs?: number;
  /** How often the active plans re-replication and replica deletion. */
  repairIntervalMs?: number;
  /** Copies one dataserver takes part in at once, as source or target. */
  maxTransfersPerServer?: number;
  clock?: Clock;
  logger?: Logger;
}

interface BalanceRun {
  thresholdPercent: number;
  moves: number;
  meanPercent: number;
  idleRounds: number;
}

/** A nameserver without an HA peer is always active, in epoch 1. */
const SINGLE_EPOCH = 1;
/** Journal entries kept in the store for catching up (default); older ones are pruned. */
const JOURNAL_RETENTION_ENTRIES = 100_000;
/** A standby refusing a foreign cluster's records says so in its log at most this often. */
const FOREIGN_CLUSTER_LOG_INTERVAL_MS = 60_000;
const MAX_FSCK_FILES = 10_000;
/** A repair round is at least this many times its own cost after the last (a tenth of the loop). */
const REPAIR_ROUND_GAP_PER_COST = 10;
const MAX_POSTPONED_REPLICAS = 100_000;
/** Every reserved block's generation: its id is never handed out again (core/ids.ts). */
const RESERVED_BLOCK_GENERATION = 1;
/** Not active: a standby hands out no reserved ids. */
const NO_EPOCH = 0;
/** Blocks one ReserveBlock call may reserve (a writer's supply for the files to come). */
const MAX_RESERVED_PER_CALL = 64;
/** A stopping nameserver waits this long for its drained streams to end. */
const STOP_GRACE_MS = 5_000;
/** ...and then this long for its connections to close, before closing them itself. */
const STOP_FORCE_AFTER_MS = 1_000;

export class NameServer {
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly store: MetadataStore;
  private ns: Namespace;
  readonly id: string;
  private readonly ha: HaCoordinator | null = null;
  private readonly voter: Voter | null = null;
  private shipper: JournalShipper | null = null;
  private retryCache: RetryCache;
  /**
   * Until this epoch's first entry is acknowledged, client calls wait on this (Raft's
   * rule for a new leader). The journal may end in entries a previous term committed
   * here but never acknowledged (a batch is committed locally beside its shipping,
   * src/journal/group-commit.ts); answering from them (a retry cache hit, a read)
   * before the standby holds them could acknowledge what a failover then loses.
   */
  private epochConfirmed: Promise<void> | null = null;
  private readonly journalRetention: number;
  /** The journal is pruned up to here already. */
  private prunedThrough = 0;
  /** The snapshot this standby is receiving (one at a time). */
  private snapshotReceiving: { epoch: number; abort: (reason: string) => void } | null = null;
  private snapshotsInstalled = 0;
  private foreignClusterLoggedAtMs = -Infinity;
  /** Replica reports a standby got before the journal entry of their block; by block/server. */
  private readonly postponed = new Map<
    string,
    { server: DataServerId; replica: ReplicaState__Output; atMs: number }
  >();
  private peerClient: grpc.Client | null = null;
  /** Blocks reserved for small files not created yet (ReserveBlock, CreateComplete). */
  private readonly detached: DetachedBlocks<ReplicaState__Output>;
  private reservedIdsExhaustedLogged = false;
  private readonly reservationTtlMs: number;
  /** Every change to a block's replicas puts it before the repair monitor again. */
  private readonly blockMap = new BlockMap((blockId) => this.touchForRepair(blockId));
  /** Replica moves ordered by admin migrate, until reported done. */
  private readonly moves = new MoveTracker(Limits.maxQueuedMoves);
  private readonly pins = new PinCoordinator({
    ns: () => this.ns,
    liveHolders: (id) => this.liveHolders(id),
    wallMs: () => this.clock.wallMs(),
    monotonicMs: () => this.clock.monotonicMs(),
  });
  private readonly registry: DataServerRegistry;
  private readonly repair: RepairMonitor;
  /** Balancing started by an operator (on this active; lost on failover, like HDFS's balancer run). */
  private balance: BalanceRun | null = null;
  /** The last run that ended, for the report. */
  private lastBalance: BalanceRun | null = null;
  private lastRepairRoundMs = 0;
  /** How long the last repair round held the event loop. */
  private lastRepairRoundCostMs = 0;
  private earlyRound: NodeJS.Timeout | undefined;
  private leases: LeaseManager;
  private readonly committer: GroupCommitter;
  private readonly server = new grpc.Server(serverOptions);
  /** The Calls and ReplicateStream streams being served: stop() drains them. */
  private readonly openStreams = new Set<ServedSeqStream>();
  private stopping = false;
  private readonly fullReportsInProgress = new Map<DataServerId, Set<BlockId>>();
  private lastTxid: number;
  /** The txid of the last checkpoint image written or loaded (0: none). */
  private imageTxid = 0;
  private checkpointing: Promise<void> | undefined;
  /**
   * An operation failed part-way through being applied (a broken invariant): memory
   * may differ from the store, and must not be written as an image until reloaded.
   */
  private namespaceTainted = false;
  private loadReport: LoadReport | undefined;
  private timer: NodeJS.Timeout | undefined;
  private boundPort = 0;

  constructor(private readonly options: NameServerOptions) {
    this.logger = options.logger ?? createLogger('nameserver');
    this.clock = options.clock ?? systemClock;
    this.id = options.id ?? 'ns1';
    mkdirSync(options.dir, { recursive: true });
    this.store = new MetadataStore(join(options.dir, 'metadata.sqlite'));
    const loadStart = this.clock.monotonicMs();
    this.ns = this.loadNamespace();
    this.lastTxid = this.store.lastTxid;
    this.retryCache = this.loadRetryCache();
    this.journalRetention = options.journalRetentionEntries ?? JOURNAL_RETENTION_ENTRIES;
    this.reservationTtlMs = options.blockReservationTtlMs ?? Defaults.blockReservationTtlMs;
    this.detached = new DetachedBlocks({
      maxReservations: Limits.maxReservedBlocks,
      maxPerClient: Limits.maxReservedBlocksPerClient,
      ttlMs: this.reservationTtlMs,
      maxHeldReplicas: Limits.maxReplication,
    });
    this.registry = new DataServerRegistry({
      staleAfterMs: options.staleAfterMs ?? Defaults.staleAfterMs,
      deadAfterMs: options.deadAfterMs ?? Defaults.deadAfterMs,
    });
    this.repair = new RepairMonitor(this.repairSources(), {
      maxTransfersPerServer: options.maxTransfersPerServer ?? Defaults.maxTransfersPerServer,
      maxOrdersPerRound: Defaults.maxRepairOrdersPerRound,
      copyTimeoutMs: Defaults.copyTimeoutMs,
      fullWalkIntervalMs: Defaults.repairFullWalkIntervalMs,
      minCopyBytesPerSecond: Defaults.minCopyBytesPerSecond,
    });
    this.leases = this.leasesFromNamespace();
    this.committer = new GroupCommitter(
      this.store,
      (err) => {
        this.logger.fatal({ err }, 'journal commit failed; stopping (fail-stop)');
        process.exit(70);
      },
      (err) => this.ha?.stepDown(`a batch could not be shipped: ${err.message}`),
      // Everything applied is committed: the moment a checkpoint may be taken, even
      // under a load that keeps a batch in flight at every tick.
      () => this.checkpointIfDue(),
    );
    if (options.peer && options.witnessAddress) {
      const saved = this.store.getMeta('voter');
      const state: VoterDurableState = saved
        ? (JSON.parse(saved) as VoterDurableState)
        : { promisedEpoch: 0, leaderId: null, standbyId: null, standbyInSync: false };
      this.voter = new Voter(
        state,
        HaDefaults.leaseMs,
        this.clock.monotonicMs(),
        (next) => this.store.setMeta('voter', JSON.stringify(next)),
        () => this.journalEnd(),
      );
      const peer = options.peer;
      this.ha = new HaCoordinator({
        selfId: this.id,
        remotes: new GrpcRemoteVoters(peer.address, options.witnessAddress),
        voter: this.voter,
        clock: this.clock,
        logger: this.logger,
        journalEnd: () => this.journalEnd(),
        onBecomeActive: (epoch) => this.becomeActive(epoch),
        onStepDown: () => this.becomeStandby(),
      });
    } else {
      this.detached.startTerm(this.nextSingleTerm());
    }
    const counts = this.ns.counts();
    this.logger.info(
      {
        ...counts,
        lastTxid: this.lastTxid,
        loadMs: Math.round(this.clock.monotonicMs() - loadStart),
        loadedFrom: this.loadReport?.from,
        replayed: this.loadReport?.replayed,
      },
      'namespace loaded',
    );
  }

  get port(): number {
    return this.boundPort;
  }

  /**
   * A nameserver without a peer is active in epoch 1 every time it starts; its
   * reserved block ids come from a range of their own per start instead, counted
   * durably, and down from the top so as never to meet an HA epoch's range (a
   * cluster may be given a standby later).
   */
  private nextSingleTerm(): number {
    const starts = Number(this.store.getMeta('single_starts') ?? 0) + 1;
    this.store.setMeta('single_starts', String(starts));
    return MAX_DETACHED_EPOCH - starts;
  }

  private loadNamespace(): Namespace {
    const { ns, report } = this.store.load(
      () =>
        new Namespace({
          defaultReplication: this.options.defaultReplication ?? Defaults.replication,
          defaultBlockSizeBytes: this.options.defaultBlockSizeBytes ?? Defaults.blockSizeBytes,
        }),
    );
    this.imageTxid = report.imageTxid;
    if (report.unusable) this.logger.warn({ reason: report.unusable }, 'checkpoint image not used');
    this.loadReport = report;
    return ns;
  }

  /**
   * The role, not the lease (isActive): an active whose lease lapsed for a moment
   * and was renewed keeps its repair monitor (no reset, no full walk), so what
   * changed meanwhile must still reach it.
   */
  private holdsActiveRole(): boolean {
    return !this.ha || this.ha.role === 'active';
  }

  /**
   * Puts a block before the repair monitor's next round. Only the active plans
   * repairs; a standby's monitor starts from a walk of every block when it takes
   * over, so what it would note meanwhile is not kept.
   */
  private touchForRepair(blockId: BlockId): void {
    if (this.holdsActiveRole()) this.repair.touch(blockId);
  }

  /** Applies one operation to the namespace, marking it tainted if the apply throws. */
  private applyOp(op: JournalOp): Effect[] {
    try {
      return this.ns.apply(op);
    } catch (err) {
      this.namespaceTainted = true;
      throw err;
    }
  }

  /**
   * Writes a checkpoint image once enough has been committed since the last one, so
   * that a restart reads the image and replays at most that many journal entries
   * (which the kept journal must still hold). Only when memory holds exactly the
   * committed state; one at a time.
   */
  private checkpointIfDue(): void {
    const every = Math.max(1, Math.floor(this.journalRetention / 2));
    if (this.checkpointing || this.lastTxid - this.imageTxid < every) return;
    this.checkpoint();
  }

  private checkpoint(): Promise<void> {
    if (this.checkpointing) return this.checkpointing;
    if (
      this.namespaceTainted ||
      this.store.lastTxid !== this.lastTxid ||
      this.lastTxid === this.imageTxid
    ) {
      return Promise.resolve();
    }
    const started = this.clock.monotonicMs();
    this.checkpointing = this.store
      .writeImage(this.ns)
      .then((txid) => {
        this.imageTxid = txid;
        this.logger.info(
          { txid, ms: Math.round(this.clock.monotonicMs() - started) },
          'checkpoint image written',
        );
      })
      .catch((err: unknown) => this.logger.error({ err }, 'checkpoint image not written'))
      .finally(() => (this.checkpointing = undefined));
    return this.checkpointing;
  }

  /** Request ids of the kept journal: a retry of any of them is answered, not applied again. */
  private loadRetryCache(): RetryCache {
    const cache = new RetryCache();
    for (const { requestId, op } of this.store.requestsInJournal()) cache.record(requestId, op);
    return cache;
  }

  /** Files left open by writers get a fresh lease period to finish or expire. */
  private leasesFromNamespace(): LeaseManager {
    const leases = new LeaseManager(this.options.leaseHardLimitMs ?? Defaults.leaseHardLimitMs);
    for (const [fileId, holder] of this.ns.filesUnderConstruction()) {
      leases.add(holder, fileId, this.clock.monotonicMs());
    }
    return leases;
  }

  /** Where the durable journal ends, for elections. */
  private journalEnd(): JournalEnd {
    const txid = this.store.lastTxid;
    return { txid, epoch: this.store.epochAt(txid) ?? 0 };
  }

  private get epoch(): number {
    return this.ha ? this.ha.epoch : SINGLE_EPOCH;
  }

  isActive(): boolean {
    return this.ha ? this.ha.isActive() : true;
  }

  get role(): 'active' | 'standby' {
    return this.isActive() ? 'active' : 'standby';
  }

  /**
   * Active, with this epoch's first entry acknowledged: only then does the nameserver
   * order dataservers to delete, copy or move replicas. Before it, its namespace may
   * hold an earlier term's entries that were never acknowledged (a delete, a lower
   * replication) and that a failover would undo, so acting on them could cost data.
   */
  private confirmedActive(): boolean {
    return this.isActive() && this.epochConfirmed === null;
  }

  private requireActive(): void {
    if (!this.isActive()) {
      throw notActive(`${this.id} is not the active nameserver`);
    }
  }

  private becomeActive(epoch: number): void {
    this.leases = this.leasesFromNamespace();
    // Reserved ids from this epoch's range; a previous term's reservations are gone
    // (their held replicas too: reported again, they are unknown then).
    this.detached.startTerm(epoch);
    this.reservedIdsExhaustedLogged = false;
    this.retryPostponed();
    this.postponed.clear(); // blocks still unknown now were never committed: orphans
    const peer = this.options.peer!;
    this.shipper = new JournalShipper({
      selfId: this.id,
      epoch,
      peer,
      witnessAddress: this.options.witnessAddress!,
      store: this.store,
      logger: this.logger,
      handedOutTxid: () => this.lastTxid,
    });
    const shipper = this.shipper;
    this.committer.setShipBatch((entries) => shipper.shipBatch(entries));
    shipper.start();
    const confirmed: Promise<void> = this.mutate([{ op: 'epochStart', epoch }]).then(
      () => {
        if (this.epochConfirmed === confirmed) this.epochConfirmed = null;
      },
      (err: unknown) => {
        this.logger.warn({ err, epoch }, "this epoch's first entry was not acknowledged");
        // Failed shipping steps down by itself (GroupCommitter's onShipFailure); a lease
        // that lapsed meanwhile does not, and an active that cannot confirm its journal
        // must give the role up rather than refuse every call for the rest of its term.
        if (this.epochConfirmed === confirmed)
          this.ha?.stepDown(`could not confirm its journal in epoch ${epoch}`);
        throw notActive(`${this.id} could not confirm its journal in epoch ${epoch}`);
      },
    );
    confirmed.catch(() => undefined);
    this.epochConfirmed = confirmed;
  }

  /**
   * Leaves the active role: nothing more is acknowledged, and memory (which may
   * hold mutations that were applied but never committed) is rebuilt from the store.
   */
  private becomeStandby(): void {
    this.detached.startTerm(NO_EPOCH);
    this.repair.reset();
    this.moves.clear();
    this.epochConfirmed = null;
    this.committer.setShipBatch(null);
    this.shipper?.stop();
    this.shipper = null;
    // No batch in flight may be committed from here on; then memory is rebuilt from the store.
    this.committer.failPending(notActive(`${this.id} stepped down`));
    this.reloadFromStore();
  }

  /**
   * Rebuilds the in-memory state from the store: after stepping down (memory may
   * hold mutations that were never committed, and their request ids) and after
   * installing a snapshot.
   */
  private reloadFromStore(): void {
    this.ns = this.loadNamespace();
    this.namespaceTainted = false;
    this.lastTxid = this.store.lastTxid;
    this.leases = this.leasesFromNamespace();
    this.retryCache = this.loadRetryCache();
    for (const blockId of [...this.blockMap.blockIds()]) {
      if (!this.ns.getBlock(blockId)) this.blockMap.removeBlock(blockId);
    }
  }

  get clusterId(): string {
    return this.store.clusterId;
  }

  async start(): Promise<void> {
    const proto = strataProto().strata.v1;
    this.server.addService(proto.NameService.service, this.nameServiceHandlers());
    this.server.addService(proto.DataServerProtocol.service, this.dataServerHandlers());
    if (this.ha) {
      this.server.addService(proto.Voter.service, this.voterHandlers());
      this.server.addService(proto.JournalShipping.service, this.shippingHandlers());
      this.peerClient = new proto.JournalShipping(
        this.options.peer!.address,
        grpc.credentials.createInsecure(),
        channelOptions,
      );
    }
    this.boundPort = await new Promise<number>((resolve, reject) => {
      this.server.bindAsync(
        `${this.options.host}:${this.options.port}`,
        grpc.ServerCredentials.createInsecure(),
        (err, port) => (err ? reject(err) : resolve(port)),
      );
    });
    this.timer = setInterval(() => this.tick(), 1_000);
    this.timer.unref();
    this.ha?.start();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    clearTimeout(this.earlyRound);
    // A graceful shutdown waits for every open stream, so clients' Calls and the
    // active's shipping are ended first, each once what it has under way is answered
    // (with the shipping and the lease still working, so that it is answered well).
    // A stream opened meanwhile is drained at once.
    this.stopping = true;
    for (const stream of this.openStreams) stream.drain();
    const deadline = Date.now() + STOP_GRACE_MS;
    while (this.openStreams.size > 0 && Date.now() < deadline) await sleep(20);
    this.ha?.stop();
    this.shipper?.stop();
    this.peerClient?.close();
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        this.logger.warn('connections still open after the grace period: closing them');
        this.server.forceShutdown();
        resolve();
      }, STOP_FORCE_AFTER_MS);
      this.server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
    this.committer.flushLocal();
    // A clean stop leaves an image of the final state: the next start replays nothing.
    // One under way may be of an earlier txid: it ends first.
    await this.checkpointing;
    await this.checkpoint();
    this.store.close();
  }

  /** A stream opened while the nameserver stops is drained at once (drain is idempotent). */
  private drainIfStopping(): void {
    if (this.stopping) for (const stream of this.openStreams) stream.drain();
  }

  // ---- mutations ----

  /**
   * Applies planned operations in memory now and resolves once they are durable.
   * Must be called synchronously after planning, with no await in between.
   */
  private async mutate(ops: JournalOp[], requestId?: string): Promise<void> {
    if (ops.length === 0) return;
    this.requireActive();
    const entries: JournalEntry[] = [];
    const allEffects: Effect[] = [];
    const deletedBlocks: { blockId: BlockId; holders: DataServerId[] }[] = [];
    for (const op of ops) {
      const holderBefore = op.op === 'complete' ? this.leaseHolderOf(op.fileId) : null;
      const effects = this.applyOp(op);
      entries.push({
        txid: ++this.lastTxid,
        epoch: this.epoch,
        op,
        ...(requestId ? { requestId } : {}),
      });
      this.retryCache.record(requestId, op);
      this.afterApply(op, effects, holderBefore, deletedBlocks);
      for (const effect of effects) allEffects.push(effect);
    }
    await this.committer.appendMany(entries, allEffects);
    // Replicas are deleted only once the deletion is acknowledged: a delete that never
    // is (a deposed active's) must not cost data.
    for (const { blockId, holders } of deletedBlocks) {
      for (const server of holders) this.registry.queueDelete(server, blockId);
    }
    // I-3: a nameserver whose lease ran out during the commit acknowledges nothing.
    this.requireActive();
  }

  /** Side effects outside the namespace: leases, and the replicas of deleted blocks. */
  private afterApply(
    op: JournalOp,
    effects: Effect[],
    holderBefore: string | null,
    deletedBlocks: { blockId: BlockId; holders: DataServerId[] }[] | null,
  ): void {
    for (const effect of effects) {
      // A block committed (perhaps with fewer replicas than its target), or a file
      // whose replication changed: the repair monitor looks at the blocks again.
      if (effect.kind === 'putBlock') this.touchForRepair(effect.block.id);
      if (
        op.op === 'setReplication' &&
        effect.kind === 'putInode' &&
        effect.inode.kind === 'file'
      ) {
        for (const blockId of effect.inode.blocks) this.touchForRepair(blockId);
      }
      if (effect.kind !== 'deleteBlock') continue;
      this.touchForRepair(effect.id); // so that it leaves the monitor's sets
      const holders = this.blockMap.removeBlock(effect.id);
      deletedBlocks?.push({ blockId: effect.id, holders });
    }
    if (op.op === 'create') this.leases.add(op.clientName, op.id, this.clock.monotonicMs());
    if (op.op === 'complete' && holderBefore) this.leases.remove(holderBefore, op.fileId);
  }

  private repairRound(now: number): void {
    this.lastRepairRoundMs = now;
    this.repair.round(now);
    if (this.balance) this.balanceRound(now);
    this.lastRepairRoundCostMs = this.clock.monotonicMs() - now;
  }

  /**
   * A round that walks every block (the first, then about once a minute; the rest
   * look only at the blocks events named) runs on the event loop: with a million
   * blocks that took 0.5–7 s here. Rounds are spaced so that they take at most a
   * tenth of the time.
   */
  private repairRoundGapMs(): number {
    return Math.max(
      this.options.repairIntervalMs ?? Defaults.repairIntervalMs,
      REPAIR_ROUND_GAP_PER_COST * this.lastRepairRoundCostMs,
    );
  }

  /**
   * A copy ended: plan the next ones shortly instead of at the next regular round,
   * so that repair slots do not sit idle for most of a round (the orders still
   * ride on the target's next heartbeat). Rounds stay at least
   * {@link Defaults.minRepairRoundGapMs} apart.
   */
  private repairRoundSoon(): void {
    if (this.earlyRound || !this.repair.wantsEarlyRound()) return;
    const sinceLast = this.clock.monotonicMs() - this.lastRepairRoundMs;
    this.earlyRound = setTimeout(
      () => {
        this.earlyRound = undefined;
        if (this.confirmedActive() && this.repair.wantsEarlyRound())
          this.repairRound(this.clock.monotonicMs());
      },
      Math.max(
        0,
        Defaults.minRepairRoundGapMs - sinceLast,
        REPAIR_ROUND_GAP_PER_COST * this.lastRepairRoundCostMs - sinceLast,
      ),
    );
    this.earlyRound.unref();
  }

  private leaseHolderOf(fileId: InodeId): string | null {
    const file = this.ns.get(fileId);
    return file?.kind === 'file' ? file.leaseHolder : null;
  }

  private tick(): void {
    this.pruneJournal();
    this.checkpointIfDue();
    const now = this.clock.monotonicMs();
    for (const reservation of this.detached.expire(now)) this.orphanReservation(reservation);
    this.dropStalePostponed(now);
    if (!this.confirmedActive()) return;
    if (now - this.lastRepairRoundMs >= this.repairRoundGapMs()) this.repairRound(now);
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
  }

  /**
   * A reservation that ended without its file: the replicas reported for it are
   * orphans, deleted as unknown ones are (by a confirmed active only). Replicas
   * reported later are unknown, and deleted then.
   */
  private orphanReservation(reservation: Reservation<ReplicaState__Output>): void {
    if (!this.confirmedActive() || this.ns.getBlock(reservation.blockId)) return;
    for (const { server } of reservation.held)
      this.registry.queueDelete(server, reservation.blockId);
  }

  /** Keeps the last `journalRetention` entries (and what a standby being caught up needs). */
  private pruneJournal(): void {
    const through = journalPruneThrough(
      this.store.lastTxid,
      this.journalRetention,
      this.shipper?.keepJournalFrom ?? null,
    );
    if (through <= this.prunedThrough) return;
    this.store.pruneJournal(through);
    this.prunedThrough = through;
  }

  // ---- helpers ----

  private statusOf(path: string) {
    const parts = parsePath(path);
    const inode = this.ns.lookup(parts);
    return this.status(inode, '/' + parts.join('/'));
  }

  private status(inode: Inode, path: string): FileStatus {
    return fileStatusOf(inode, path, this.inheritedFrom(inode.parentId));
  }

  /** What a directory hands down to its entries. */
  private inheritedFrom(dirId: InodeId): Inherited {
    const dir = this.ns.get(dirId);
    if (dir?.kind !== 'dir') return { replication: Defaults.replication, storagePolicy: null };
    return {
      replication: this.ns.inheritedReplication(dir),
      storagePolicy: this.ns.effectiveStoragePolicy(dir).policy,
    };
  }

  private serverInfo(id: DataServerId): DataServerInfo | undefined {
    const entry = this.registry.get(id);
    return entry ? { id, dataUrl: entry.dataUrl } : undefined;
  }

  /**
   * Replicas worth handing to a reader: not dead, not known corrupt; live ones
   * first, those holding the whole block in memory first of all, otherwise in
   * random order (so that readers spread).
   */
  private readableLocations(blockId: BlockId): DataServerInfo[] {
    // Every small file's read asks this: one pass, no generator, no crypto-grade
    // randomness (it only spreads readers), was 10 % of the lookup's CPU before.
    const now = this.clock.monotonicMs();
    const cached: DataServerInfo[] = [];
    const live: DataServerInfo[] = [];
    const stale: DataServerInfo[] = [];
    for (const server of this.blockMap.holders(blockId).keys()) {
      if (this.blockMap.isCorrupt(blockId, server)) continue;
      const entry = this.registry.get(server);
      if (!entry) continue;
      const state = this.registry.liveness(entry, now);
      if (state === 'dead') continue;
      const location = { id: server, dataUrl: entry.dataUrl };
      if (state === 'stale') stale.push(location);
      else (entry.cachedBlocks.has(blockId) ? cached : live).push(location);
    }
    shuffle(cached);
    shuffle(live);
    for (const location of live) cached.push(location);
    for (const location of stale) cached.push(location);
    return cached;
  }

  /** Holders of a replica not known to be corrupt, on servers not dead, with their state. */
  private *readableHolders(
    blockId: BlockId,
  ): Generator<{ server: DataServerId; dataUrl: string; state: 'live' | 'stale' }> {
    const now = this.clock.monotonicMs();
    for (const server of this.blockMap.holders(blockId).keys()) {
      if (this.blockMap.isCorrupt(blockId, server)) continue;
      const entry = this.registry.get(server);
      if (!entry) continue;
      const state = this.registry.liveness(entry, now);
      if (state !== 'dead') yield { server, dataUrl: entry.dataUrl, state };
    }
  }

  /** Live (not stale) holders of a readable replica: where cache directives pin. */
  private liveHolders(blockId: BlockId): DataServerId[] {
    return [...this.readableHolders(blockId)]
      .filter((h) => h.state === 'live')
      .map((h) => h.server);
  }

  private recordStoredOn(blockId: BlockId, length: number, servers: string[]): void {
    for (const server of servers) {
      if (this.registry.get(server)) this.blockMap.add(blockId, server, length);
    }
  }

  /** Where a new block's replicas go: live servers with room, on the media of the policy. */
  private chooseBlockTargets(
    replication: number,
    blockSizeBytes: number,
    policy: StoragePolicy | null,
    exclude: readonly string[],
  ): PlacementTarget[] {
    const now = this.clock.monotonicMs();
    const excluded = new Set(exclude);
    const candidates = this.registry
      .all()
      .filter(
        (e) =>
          !excluded.has(e.id) && !e.decommissioning && this.registry.liveness(e, now) === 'live',
      )
      .map((e) => ({
        id: e.id,
        ...placementSpace(e.storages),
        activeTransfers: e.activeTransfers,
      }));
    const targets = chooseTargetsOnMedia(
      candidates,
      mediaForPolicy(policy, replication),
      blockSizeBytes,
      Math.random,
    );
    if (targets.length === 0) {
      // Full everywhere is the caller's to fix (delete, add servers); nobody alive is a wait.
      if (candidates.length > 0)
        throw resourceExhausted(
          `every live dataserver is full: none has ${blockSizeBytes} bytes available in one storage dir`,
        );
      throw unavailable('no live dataserver to write to; try again later');
    }
    return targets;
  }

  /** The answer to a new block: where to write it. */
  private locatedNewBlock(op: JournalOp, targets: PlacementTarget[], offset: number): LocatedBlock {
    assertAddBlock(op);
    return {
      blockId: op.blockId,
      generation: op.generation,
      offset,
      length: 0,
      locations: targets.map((t) => this.serverInfo(t.id)!),
      // All or nothing: a pipeline either places every replica by medium or none.
      media: targets.some((t) => t.medium) ? targets.map((t) => t.medium ?? '') : [],
    };
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
    // Every client call is for the active only (a standby's view may trail by a batch).
    const definitions = strataProto().strata.v1.NameService.service;
    const batchable = new Map<string, BatchMethod>();
    const h = <Req, Res>(name: string, fn: (req: Req, ctx: CallContext) => Promise<Res> | Res) => {
      const active = (req: Req, ctx: CallContext): Promise<Res> | Res => {
        this.requireActive();
        if (this.epochConfirmed) return this.epochConfirmed.then(() => active(req, ctx));
        // A retry of a request carried out already is answered from the retry cache,
        // but only once what the first try changed is durable: answered sooner, a
        // retry could be acknowledged while the first try's commit is still failing.
        if (this.retryCache.get(ctx.requestId)) {
          return this.committer.whenDurable().then(() => {
            this.requireActive();
            return fn(req, ctx);
          });
        }
        return fn(req, ctx);
      };
      if (BATCHABLE_METHODS.has(name))
        batchable.set(name, {
          fn: active as CallFunction,
          definition: definitions[name as keyof typeof definitions] as BatchMethod['definition'],
        });
      return unaryHandler<Req, Res>(this.logger, name, active);
    };
    return {
      Batch: h('Batch', (req: BatchRequest__Output) => runBatch(batchable, req, this.logger)),
      // Each call is checked for being on the active as it runs, as in a Batch.
      Calls: (stream) => {
        serveCallStream(stream, batchable, this.logger, this.openStreams);
        this.drainIfStopping();
      },

      Mkdir: h('Mkdir', async (req, ctx) => {
        const parts = parsePath(req.path);
        if (this.retryCache.get(ctx.requestId)) return { status: this.statusOf(req.path) };
        await this.mutate(
          this.ns.planMkdir(parts, req.parents, this.clock.wallMs()),
          ctx.requestId,
        );
        return { status: this.statusOf(req.path) };
      }),

      Create: h('Create', async (req, ctx) => {
        const parts = parsePath(req.path);
        const done = this.retryCache.get(ctx.requestId);
        const ops =
          done ??
          this.ns.planCreate({
            path: parts,
            clientName: req.clientName,
            replication: req.replication,
            blockSizeBytes: req.blockSize,
            overwrite: req.overwrite,
            createParents: req.createParents,
            nowMs: this.clock.wallMs(),
          });
        const create = ops.find((o) => o.op === 'create');
        // The first block rides along only into an existing directory: its storage
        // policy (where the replicas go) is then known before anything is applied.
        const parent = create && this.ns.get(create.parentId);
        let first: { op: JournalOp; targets: PlacementTarget[] } | null = null;
        if (req.allocateFirstBlock && create && parent && !ops.some((o) => o.op === 'mkdir')) {
          const targets = this.chooseBlockTargets(
            create.replication,
            create.blockSizeBytes,
            this.ns.effectiveStoragePolicy(parent).policy,
            [],
          );
          const op = ops.find((o) => o.op === 'addBlock') ?? this.ns.planFirstBlock(create);
          first = { op, targets };
          if (!done) ops.push(op);
        }
        if (!done) await this.mutate(ops, ctx.requestId);
        const status = this.statusOf(req.path);
        if (!first) return { status };
        return { status, firstBlock: this.locatedNewBlock(first.op, first.targets, 0) };
      }),

      ReserveBlock: h('ReserveBlock', (req) => {
        this.requireActive();
        // Planned, not applied: the checks a Create would make (it exists, no parent).
        const ops = this.ns.planCreate({
          path: parsePath(req.path),
          clientName: req.clientName,
          replication: req.replication,
          blockSizeBytes: req.blockSize,
          overwrite: req.overwrite,
          createParents: false,
          nowMs: this.clock.wallMs(),
        });
        const create = ops[ops.length - 1]!;
        assertCreate(create);
        const parent = this.ns.get(create.parentId)!;
        const policy = this.ns.effectiveStoragePolicy(parent).policy;
        const count = req.count || 1;
        if (count > MAX_RESERVED_PER_CALL) {
          throw invalidArgument(`count must be 1..${MAX_RESERVED_PER_CALL}, not ${count}`);
        }
        const blocks: LocatedBlock[] = [];
        for (let i = 0; i < count; i++) {
          // Each its own pipeline, as AddBlock would choose for it now.
          const targets = this.chooseBlockTargets(
            create.replication,
            create.blockSizeBytes,
            policy,
            [],
          );
          const blockId = this.detached.reserve(
            req.clientName,
            reservationIntent(create, policy),
            this.clock.monotonicMs(),
          );
          if (blockId === null) break;
          const op: JournalOp = {
            op: 'addBlock',
            fileId: create.id,
            blockId,
            generation: RESERVED_BLOCK_GENERATION,
            previous: null,
          };
          blocks.push(this.locatedNewBlock(op, targets, 0));
        }
        if (blocks.length === 0) {
          if (this.detached.exhausted && !this.reservedIdsExhaustedLogged) {
            this.reservedIdsExhaustedLogged = true;
            this.logger.warn(
              { epoch: this.epoch },
              "this term's reserved block ids are used up: small files take the plain path until the next term",
            );
          }
          throw failedPrecondition(
            `${this.id} reserves no blocks now (${this.detached.size} held, or none left this epoch)`,
          );
        }
        return { blocks, blockSize: create.blockSizeBytes, ttlMs: this.reservationTtlMs };
      }),

      CreateComplete: h('CreateComplete', async (req, ctx) => {
        if (this.retryCache.get(ctx.requestId)) return { status: this.statusOf(req.path) };
        // Checked before the reservation is taken: a bad request changes nothing.
        if (req.generation !== RESERVED_BLOCK_GENERATION) {
          throw invalidArgument(
            `a reserved block's generation is ${RESERVED_BLOCK_GENERATION}, not ${req.generation}`,
          );
        }
        if (req.storedOn.length === 0 || req.storedOn.length > Limits.maxReplication) {
          throw invalidArgument(
            `stored_on names 1..${Limits.maxReplication} servers, not ${req.storedOn.length}`,
          );
        }
        const ops = this.ns.planCreateComplete(
          {
            path: parsePath(req.path),
            clientName: req.clientName,
            replication: req.replication,
            blockSizeBytes: req.blockSize,
            overwrite: req.overwrite,
            nowMs: this.clock.wallMs(),
          },
          { blockId: req.blockId, generation: req.generation, length: req.length },
        );
        const create = ops.find((o) => o.op === 'create')!;
        assertCreate(create);
        const parent = this.ns.get(create.parentId)!;
        const intent = reservationIntent(create, this.ns.effectiveStoragePolicy(parent).policy);
        const reservation = this.detached.take(req.blockId, req.clientName, intent);
        if (!reservation) {
          throw reservationUnknown(
            `block ${req.blockId} is not reserved here by ${req.clientName} for a file placed as this one (expired, reserved before a failover, or the directory's placement changed)`,
          );
        }
        const committing = this.mutate(ops, ctx.requestId);
        // The file as created (mutate applies before it waits for the commit): a rename
        // or delete that lands meanwhile must not turn a committed write into an error.
        const file = this.ns.get(create.id);
        const status = file && this.status(file, this.ns.pathOf(file.id));
        await committing;
        this.recordStoredOn(req.blockId, req.length, req.storedOn);
        for (const { server, replica } of reservation.held)
          this.acceptReplicas(server, [replica], undefined);
        return { status: status ?? this.statusOf(req.path) };
      }),

      ReleaseReservedBlocks: h('ReleaseReservedBlocks', (req) => {
        this.requireActive();
        if (req.blockIds.length > Limits.maxReservedBlocksPerClient) {
          throw invalidArgument(
            `at most ${Limits.maxReservedBlocksPerClient} block ids a call, not ${req.blockIds.length}`,
          );
        }
        let released = 0;
        for (const blockId of req.blockIds) {
          const reservation = this.detached.release(blockId, req.clientName);
          if (!reservation) continue;
          this.orphanReservation(reservation);
          released++;
        }
        return { released };
      }),

      AddBlock: h('AddBlock', async (req, ctx) => {
        const file = this.fileForWriter(req.fileId, req.clientName);
        const previous = req.previousBlockId
          ? { blockId: req.previousBlockId, length: req.previousLength }
          : null;
        const done = this.retryCache.get(ctx.requestId)?.find((o) => o.op === 'addBlock');
        const op = done ?? this.ns.planAddBlock(file.id, req.clientName, previous);
        if (previous) {
          if (
            req.previousStoredOn.length === 0 &&
            this.blockMap.holders(previous.blockId).size === 0
          ) {
            throw failedPrecondition(`block ${previous.blockId} has no replica`);
          }
        }
        const targets = this.chooseBlockTargets(
          file.replication,
          file.blockSizeBytes,
          this.ns.effectiveStoragePolicy(file).policy,
          req.exclude,
        );
        if (previous) this.recordStoredOn(previous.blockId, previous.length, req.previousStoredOn);
        const offset =
          file.length +
          (previous && !this.ns.getBlock(previous.blockId)?.committed ? previous.length : 0);
        // A retry of an addBlock that was committed (its answer lost, or a failover
        // since) gets the same block back instead of a second one.
        if (!done) await this.mutate([op], ctx.requestId);
        return { block: this.locatedNewBlock(op, targets, offset) };
      }),

      AbandonBlock: h('AbandonBlock', async (req, ctx) => {
        if (this.retryCache.get(ctx.requestId)) return {};
        this.fileForWriter(req.fileId, req.clientName);
        await this.mutate(
          [this.ns.planAbandonBlock(req.fileId, req.clientName, req.blockId)],
          ctx.requestId,
        );
        return {};
      }),

      Complete: h('Complete', async (req, ctx) => {
        if (this.retryCache.get(ctx.requestId)) {
          const file = this.ns.get(req.fileId);
          if (!file) throw notFound(`no such file id: ${req.fileId}`);
          return { status: this.status(file, this.ns.pathOf(file.id)) };
        }
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
        await this.mutate([op], ctx.requestId);
        // `file` is the copy from before the complete: the answer shows the file after it.
        const completed = this.ns.get(file.id) ?? file;
        return { status: this.status(completed, this.ns.pathOf(completed.id)) };
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
        return { status: this.status(inode, '/' + parts.join('/')), blocks };
      }),

      Stat: h('Stat', (req) => ({ status: this.statusOf(req.path) })),

      List: h('List', (req) => {
        const parts = parsePath(req.path);
        const inode = this.ns.lookup(parts);
        const dirPath = '/' + parts.join('/');
        if (inode.kind !== 'dir') {
          return { entries: [this.status(inode, dirPath)], hasMore: false };
        }
        const limit = Math.min(req.limit || Limits.maxListPageEntries, Limits.maxListPageEntries);
        const page = this.ns.list(inode, req.startAfter, limit);
        const inherited = this.inheritedFrom(inode.id);
        return {
          entries: page.entries.map((e) => fileStatusOf(e, childPath(dirPath, e.name), inherited)),
          hasMore: page.hasMore,
        };
      }),

      // A retry of a delete, rename or setReplication that was committed (its answer
      // lost, or refused as NOT_ACTIVE after the commit) is answered, not refused as NOT_FOUND.
      Delete: h('Delete', async (req, ctx) => {
        if (this.retryCache.get(ctx.requestId)) return {};
        await this.mutate(
          [this.ns.planDelete(parsePath(req.path), req.recursive, this.clock.wallMs())],
          ctx.requestId,
        );
        return {};
      }),

      Rename: h('Rename', async (req, ctx) => {
        if (this.retryCache.get(ctx.requestId)) return {};
        const op = this.ns.planRename(
          parsePath(req.source),
          parsePath(req.destination),
          this.clock.wallMs(),
        );
        await this.mutate([op], ctx.requestId);
        return {};
      }),

      SetStoragePolicy: h('SetStoragePolicy', async (req, ctx) => {
        const parts = parsePath(req.path);
        if (!this.retryCache.get(ctx.requestId))
          await this.mutate(
            [this.ns.planSetStoragePolicy(parts, req.policy === '' ? null : req.policy)],
            ctx.requestId,
          );
        return { status: this.statusOf(req.path) };
      }),

      SetReplication: h('SetReplication', async (req, ctx) => {
        if (this.retryCache.get(ctx.requestId)) return {};
        await this.mutate(
          [this.ns.planSetReplication(parsePath(req.path), req.replication)],
          ctx.requestId,
        );
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

      Decommission: h('Decommission', (req) => {
        const entry = this.registry.find(req.dataserver);
        if (!entry) throw notFound(`no dataserver ${JSON.stringify(req.dataserver)} is registered`);
        this.registry.setDecommissioning(entry.id, !req.undo);
        this.logger.info(
          { dataserver: entry.id, decommissioning: !req.undo },
          req.undo ? 'dataserver recommissioned' : 'dataserver decommissioning',
        );
        const report = this.dataServerReports().find((d) => d.server.id === entry.id);
        return { dataserver: report };
      }),

      Balance: h('Balance', (req) => {
        if (req.stop) {
          this.balance = null;
        } else {
          const threshold = req.thresholdPercent;
          if (!Number.isFinite(threshold) || threshold <= 0 || threshold > 100) {
            throw invalidArgument('the threshold is a percentage in (0, 100]');
          }
          this.balance = { thresholdPercent: threshold, moves: 0, meanPercent: 0, idleRounds: 0 };
          this.lastRepairRoundMs = 0; // plan at the next tick
          this.logger.info({ thresholdPercent: threshold }, 'balancing');
        }
        return { balance: this.balanceReport() };
      }),

      Fsck: h('Fsck', (req) => this.fsck(req.path, req.maxFiles)),

      Migrate: h('Migrate', (req) => this.migrate(req.path)),

      AddCachePool: h('AddCachePool', async (req, ctx) => {
        if (!this.retryCache.get(ctx.requestId))
          await this.mutate([this.ns.cache.planAddPool(req.name, req.limitBytes)], ctx.requestId);
        this.pins.invalidate();
        return this.pins.report('');
      }),

      RemoveCachePool: h('RemoveCachePool', async (req, ctx) => {
        if (!this.retryCache.get(ctx.requestId))
          await this.mutate([this.ns.cache.planRemovePool(req.name)], ctx.requestId);
        this.pins.invalidate();
        return this.pins.report('');
      }),

      AddCacheDirective: h('AddCacheDirective', async (req, ctx) => {
        let op = this.retryCache.get(ctx.requestId)?.[0];
        if (!op) {
          const now = this.clock.wallMs();
          if (!Number.isSafeInteger(req.ttlMs) || req.ttlMs < 0) {
            throw invalidArgument('the ttl is a whole number of ms (0: never)');
          }
          op = this.ns.cache.planAddDirective(
            this.ns.lookup(parsePath(req.path)),
            req.path,
            req.pool || DEFAULT_CACHE_POOL.name,
            req.replication || 1,
            req.ttlMs > 0 ? now + req.ttlMs : 0,
            now,
          );
          await this.mutate([op], ctx.requestId);
        }
        this.pins.invalidate();
        return {
          ...this.pins.report(''),
          addedDirectiveId: op.op === 'addCacheDirective' ? op.directive.id : 0,
        };
      }),

      RemoveCacheDirective: h('RemoveCacheDirective', async (req, ctx) => {
        if (!this.retryCache.get(ctx.requestId))
          await this.mutate([this.ns.cache.planRemoveDirective(req.id)], ctx.requestId);
        this.pins.invalidate();
        return this.pins.report('');
      }),

      ListCache: h('ListCache', (req) => {
        if (req.pool !== '' && !this.ns.cache.pool(req.pool))
          throw notFound(`no cache pool ${req.pool}`);
        return this.pins.report(req.pool);
      }),

      Failover: h('Failover', async () => {
        if (!this.ha || !this.options.peer) {
          throw failedPrecondition('this nameserver has no standby to hand over to');
        }
        if (!this.shipper?.standbyInSync) {
          throw failedPrecondition(
            `the standby ${this.options.peer.id} is not in sync; try again shortly`,
          );
        }
        const epoch = this.epoch;
        // Stop acknowledging first; then give the lease back and let the standby stand at once.
        this.ha.stepDown('manual failover');
        await this.ha.handOver(epoch);
        return { previousActive: this.id, newActive: this.options.peer.id };
      }),
    };
  }

  private async nameserverReports(): Promise<NameServerReport[]> {
    const self: NameServerReport = {
      id: this.id,
      address: `${this.options.host}:${this.boundPort}`,
      role: this.role,
      epoch: this.epoch,
      lastTxid: this.store.lastTxid,
      inSync: false,
      lagEntries: 0,
      clusterId: this.store.clusterId,
    };
    if (!this.options.peer || !this.peerClient) return [self];
    const peer: NameServerReport = {
      id: this.options.peer.id,
      address: this.options.peer.address,
      role: 'unreachable',
      epoch: 0,
      lastTxid: 0,
      inSync: false,
      lagEntries: -1,
      clusterId: '',
    };
    try {
      const status = await unaryCall<HaStatusResponse__Output>(
        this.peerClient,
        'HaStatus',
        {},
        1_000,
      );
      Object.assign(peer, {
        role: status.role,
        epoch: status.epoch,
        lastTxid: status.lastTxid,
        clusterId: status.clusterId,
      });
    } catch {
      // unreachable: reported as such
    }
    const active = [self, peer].find((r) => r.role === 'active');
    for (const r of [self, peer]) {
      if (r.role === 'active' || r.role === 'unreachable' || !active) continue;
      r.lagEntries = Math.max(0, Number(active.lastTxid) - Number(r.lastTxid));
      r.inSync = r === peer && (this.shipper?.standbyInSync ?? false);
    }
    return [self, peer];
  }

  private async clusterReport() {
    const nameservers = await this.nameserverReports();
    const now = this.clock.monotonicMs();
    let underReplicated = 0;
    let missing = 0;
    for (const block of this.ns.allBlocks()) {
      if (!block.committed) continue;
      const replication = this.ns.replicationOf(block.fileId);
      const live = this.liveReplicaCount(block.id, now);
      if (live === 0) missing++;
      else if (replication !== undefined && live < replication) underReplicated++;
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
      nameservers,
      repair: this.repair.status(),
      balance: this.balanceReport(),
      dataservers: this.dataServerReports(),
    };
  }

  private dataServerReports() {
    const now = this.clock.monotonicMs();
    const servers = this.serverViews(now);
    return this.registry.all().map((e) => {
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
        zone: e.zone,
        decommissioning: e.decommissioning,
        safeToStop: e.decommissioning && this.drained(e.id, servers),
        cache: e.cache,
      };
    });
  }

  private balanceReport() {
    const run = this.balance ?? this.lastBalance;
    return {
      running: this.balance !== null,
      thresholdPercent: run?.thresholdPercent ?? 0,
      moves: run?.moves ?? 0,
      meanUsedPercent: run?.meanPercent ?? 0,
    };
  }

  /**
   * Every block on `server` has its target of good replicas on other servers —
   * the repair planner's own judgement of a replica (a draining server's do not count).
   */
  private drained(server: DataServerId, servers: ReadonlyMap<DataServerId, ServerView>): boolean {
    for (const blockId of this.blockMap.blocksOn(server)) {
      const block = this.ns.getBlock(blockId);
      const replication = block && this.ns.replicationOf(block.fileId);
      if (!block?.committed || replication === undefined) continue;
      const { good } = assessBlock(this.blockView(block, replication), servers, 0);
      if (good.filter((id) => id !== server).length < replication) return false;
    }
    return true;
  }

  /**
   * Orders every replica under `path` that sits on a medium its policy does not
   * want moved onto one it does (on the same server). Idempotent: a block with a
   * move under way is not ordered again, so callers poll it until nothing is left.
   */
  private migrate(path: string): MigrateResponse__Output {
    this.requireActive();
    const now = this.clock.monotonicMs();
    this.moves.expire(now);
    const files = this.ns.filesUnder(
      this.ns.lookup(parsePath(path)),
      Limits.maxFilesPerMigrate + 1,
    );
    const result: MigrateResponse__Output = {
      files: Math.min(files.length, Limits.maxFilesPerMigrate),
      blocks: 0,
      misplacedReplicas: 0,
      movesOrdered: 0,
      movesUnderWay: 0,
      stuck: 0,
      truncated: files.length > Limits.maxFilesPerMigrate,
    };
    for (const file of files.slice(0, Limits.maxFilesPerMigrate)) {
      const wanted = mediaForPolicy(this.ns.effectiveStoragePolicy(file).policy, file.replication);
      for (const blockId of file.blocks) {
        const block = this.ns.getBlock(blockId);
        if (!block?.committed) continue;
        result.blocks++;
        const plan = planBlockMoves(
          { blockId, generation: block.generation, length: block.length },
          wanted,
          this.placedReplicas(blockId, now),
        );
        result.misplacedReplicas += plan.misplaced;
        if (this.moves.underWay(blockId)) {
          result.movesUnderWay++;
          continue;
        }
        result.stuck += plan.stuck;
        for (const order of plan.moves) {
          // A move copies the replica once on one disk; allow it a slow disk's time.
          const deadlineMs = now + 60_000 + (block.length / (1024 * 1024)) * 1000;
          if (!this.moves.add(order, deadlineMs)) break;
          result.movesOrdered++;
        }
      }
    }
    if (result.movesOrdered > 0)
      this.logger.info({ path, ...result }, 'migration: replica moves ordered');
    return result;
  }

  /** A block's good replicas with their media and their servers' room per medium. */
  private placedReplicas(blockId: BlockId, now: number): PlacedReplica[] {
    const out: PlacedReplica[] = [];
    const block = this.ns.getBlock(blockId);
    for (const [server, length] of this.blockMap.holders(blockId)) {
      const entry = this.registry.get(server);
      if (!entry || this.blockMap.isCorrupt(blockId, server) || length !== block?.length) continue;
      const liveness = this.registry.liveness(entry, now);
      if (liveness === 'dead') continue;
      const medium = this.blockMap.mediumOf(blockId, server);
      const { media } = placementSpace(entry.storages);
      out.push({
        server,
        medium: medium && isMedium(medium) ? medium : undefined,
        live: liveness === 'live',
        roomBytes: Object.fromEntries(MEDIA.map((m) => [m, media[m]?.roomBytes ?? 0])),
      });
    }
    return out;
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
      return { status: this.status(file, this.ns.pathOf(file.id)), blocks };
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

  // ---- HA: voting and journal shipping ----

  private voterHandlers(): VoterHandlers {
    const voter = this.voter!;
    return {
      RequestVote: unaryHandler(this.logger, 'RequestVote', (req) => {
        // A vote for another is also a promise not to lead: an active asked for a newer epoch steps down.
        const answer = voter.requestVote(
          {
            epoch: req.epoch,
            candidateId: req.candidateId,
            lastTxid: req.lastTxid,
            lastEpoch: req.lastEpoch,
          },
          this.clock.monotonicMs(),
        );
        if (answer.granted) this.ha!.heardFromLeader(req.epoch);
        return answer;
      }),
      RenewLease: unaryHandler(this.logger, 'RenewLease', (req) => {
        const ok = voter.renew(req.epoch, req.leaderId, this.clock.monotonicMs());
        if (ok) this.ha!.heardFromLeader(req.epoch);
        return { ok, promisedEpoch: voter.durable.promisedEpoch };
      }),
      SetInSync: unaryHandler(this.logger, 'SetInSync', () => ({ ok: false })),
      ReleaseLease: unaryHandler(this.logger, 'ReleaseLease', (req) => ({
        ok: voter.release(req.epoch, req.leaderId, this.clock.monotonicMs()),
        promisedEpoch: voter.durable.promisedEpoch,
      })),
    };
  }

  private shippingHandlers(): JournalShippingHandlers {
    return {
      Replicate: unaryHandler(this.logger, 'Replicate', (req) => this.acceptRecords(req)),
      // acceptRecords answers synchronously, so the batches are taken in the order sent.
      ReplicateStream: (stream) => {
        serveSeqStream(stream, {
          handle: (req: ReplicateRequest__Output) => this.acceptRecords(req),
          maxRunning: HaDefaults.maxShippedInFlight,
          onInternalError: (err) => this.logger.error({ err }, 'internal error in a shipped batch'),
          open: this.openStreams,
        });
        this.drainIfStopping();
      },
      InstallSnapshot: (call, callback) => this.receiveSnapshot(call, callback),
      TakeOver: unaryHandler(this.logger, 'TakeOver', () => {
        this.ha!.electNow();
        return {};
      }),
      HaStatus: unaryHandler(this.logger, 'HaStatus', (req) => ({
        id: this.id,
        role: this.role,
        epoch: this.epoch,
        lastTxid: this.store.lastTxid,
        namespaceChecksum: req.withChecksum ? this.ns.checksum() : '',
        clusterId: this.store.clusterId,
        snapshotsInstalled: this.snapshotsInstalled,
      })),
    };
  }

  /**
   * On the standby: makes the active's records durable and applies them. Records
   * from an epoch older than this voter's promise are refused (fencing); a gap is
   * answered with the last txid held, and the active resends from there. A journal
   * that diverged from the active's, or another cluster's namespace, is refused:
   * the first needs a snapshot, the second an operator.
   */
  private acceptRecords(req: ReplicateRequest__Output): ReplicateResponse {
    const voter = this.voter!;
    const refuse = (
      reason: string,
      flags: { needsSnapshot?: boolean; foreignCluster?: boolean } = {},
    ): ReplicateResponse => ({
      ok: false,
      lastTxid: this.store.lastTxid,
      promisedEpoch: voter.durable.promisedEpoch,
      reason,
      needsSnapshot: flags.needsSnapshot ?? false,
      foreignCluster: flags.foreignCluster ?? false,
    });
    if (!voter.renew(req.epoch, req.leaderId, this.clock.monotonicMs())) {
      return refuse(`epoch ${req.epoch} is stale: promised ${voter.durable.promisedEpoch}`);
    }
    this.ha!.heardFromLeader(req.epoch); // an active of an older epoch steps down here
    if (this.ha!.role === 'active') return refuse('this nameserver is active');
    if (this.snapshotReceiving) {
      // A newer epoch's records end an older epoch's snapshot (its active is deposed).
      if (this.snapshotReceiving.epoch >= req.epoch) {
        return refuse('this standby is installing a snapshot');
      }
      this.snapshotReceiving.abort(`superseded by the records of epoch ${req.epoch}`);
    }
    const foreign = this.refuseForeignCluster(req.clusterId);
    if (foreign) return refuse(foreign, { foreignCluster: true });
    const held = this.store.lastTxid;
    const diverged = divergence(held, (txid) => this.store.epochAt(txid), req);
    if (diverged) {
      // Never apply over it: the tables cannot be rolled back. The active sends a snapshot.
      this.logger.error(
        { held, prevTxid: req.prevTxid },
        `${diverged}; this standby needs a snapshot`,
      );
      return refuse(diverged, { needsSnapshot: true });
    }
    const fresh = req.records.filter((r) => r.txid > held);
    for (const r of req.records) {
      if (
        r.txid <= held &&
        this.store.epochAt(r.txid) !== undefined &&
        this.store.epochAt(r.txid) !== r.epoch
      ) {
        // Two different entries at one txid: the journals diverged. Never apply over it.
        this.logger.error({ txid: r.txid }, 'journal divergence; this standby needs a snapshot');
        return refuse(`journal divergence at txid ${r.txid}`);
      }
    }
    if (fresh.length === 0)
      return { ok: true, lastTxid: held, promisedEpoch: req.epoch, reason: '' };
    if (fresh[0]!.txid !== held + 1) return refuse(`gap: this standby holds up to txid ${held}`);
    const entries: JournalEntry[] = [];
    const effects: Effect[] = [];
    for (const r of fresh) {
      const op = JSON.parse(r.op) as JournalOp;
      const holderBefore = op.op === 'complete' ? this.leaseHolderOf(op.fileId) : null;
      const opEffects = this.applyOp(op);
      this.afterApply(op, opEffects, holderBefore, null);
      for (const e of opEffects) effects.push(e);
      entries.push({
        txid: r.txid,
        epoch: r.epoch,
        op,
        ...(r.requestId ? { requestId: r.requestId } : {}),
      });
      this.retryCache.record(r.requestId || undefined, op);
    }
    try {
      this.store.commit(entries, effects);
    } catch (err) {
      this.logger.fatal({ err }, 'journal commit failed on the standby; stopping (fail-stop)');
      process.exit(70);
    }
    this.lastTxid = this.store.lastTxid;
    this.retryPostponed();
    return { ok: true, lastTxid: this.store.lastTxid, promisedEpoch: req.epoch, reason: '' };
  }

  /**
   * The cluster-id rule (see clusterVerdict): an empty standby takes on the
   * active's id; one holding another cluster's namespace refuses, loudly. Returns
   * the refusal, or null.
   */
  private refuseForeignCluster(leaderClusterId: string): string | null {
    const own = this.store.clusterId;
    const verdict = clusterVerdict(own, this.store.lastTxid, leaderClusterId);
    if (verdict === 'adopt') {
      this.logger.warn(
        { from: own, to: leaderClusterId },
        "empty store: taking on the active's cluster id",
      );
      this.store.setClusterId(leaderClusterId);
    }
    if (verdict !== 'foreign') return null;
    const reason = `this standby holds the namespace of cluster ${own}, not of ${leaderClusterId}; it refuses to mix them`;
    const now = this.clock.monotonicMs();
    if (now - this.foreignClusterLoggedAtMs >= FOREIGN_CLUSTER_LOG_INTERVAL_MS) {
      this.foreignClusterLoggedAtMs = now;
      this.logger.error(
        { ownClusterId: own, activeClusterId: leaderClusterId, lastTxid: this.store.lastTxid },
        `${reason}: move its metadata directory aside to make it a standby of ${leaderClusterId}`,
      );
    }
    return reason;
  }

  /**
   * On the standby: receives a snapshot (InstallSnapshot, client streaming) into
   * staging tables and installs it in one transaction once its trailer has come
   * and the counts match. Fenced like Replicate: only from the active of the
   * current epoch, only while this nameserver is a standby — checked at the header,
   * at every chunk and before the install. One at a time; a newer epoch's snapshot
   * supersedes an older one.
   */
  private receiveSnapshot(
    call: grpc.ServerReadableStream<SnapshotChunk__Output, InstallSnapshotResponse>,
    callback: grpc.sendUnaryData<InstallSnapshotResponse>,
  ): void {
    const voter = this.voter!;
    const ha = this.ha!;
    const assembler = new SnapshotAssembler();
    const startedAt = performance.now();
    let header: SnapshotHeader__Output | null = null;
    let finished = false;
    const receiving = { epoch: 0, abort: (reason: string) => finish(reason) };
    const finish = (failure: string | null) => {
      if (finished) return;
      finished = true;
      if (this.snapshotReceiving === receiving) {
        this.snapshotReceiving = null;
        if (failure !== null) this.store.discardStagedSnapshot();
      }
      if (failure !== null) this.logger.warn({ reason: failure }, 'snapshot not installed');
      callback(null, {
        ok: failure === null,
        lastTxid: this.store.lastTxid,
        promisedEpoch: voter.durable.promisedEpoch,
        reason: failure ?? '',
      });
    };
    const stillCurrent = (h: SnapshotHeader__Output) =>
      voter.durable.promisedEpoch === h.epoch &&
      voter.durable.leaderId === h.leaderId &&
      ha.role === 'standby';
    call.on('data', (chunk: SnapshotChunk__Output) => {
      if (finished) return;
      try {
        const part = assembler.accept(chunk);
        if (part.kind === 'header') {
          const refusal = this.startSnapshot(part.header, receiving);
          if (refusal) finish(refusal);
          else header = part.header;
          return;
        }
        if (!header || !stillCurrent(header)) {
          finish('a newer epoch has begun, or this nameserver is no longer a standby');
          return;
        }
        ha.heardFromLeader(header.epoch);
        if (part.kind === 'rows') {
          this.store.stageSnapshotRows(part);
          return;
        }
        this.installSnapshot(header, part.counts, startedAt);
        finish(null);
      } catch (err) {
        this.logger.error({ err: String(err) }, 'receiving a snapshot failed');
        finish(`snapshot refused: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
    call.on('end', () => finish('the snapshot stream ended before its trailer'));
    call.on('error', () => finish('the snapshot stream failed'));
    call.on('cancelled', () => finish('the snapshot stream was cancelled'));
  }

  /** Checks a snapshot's header (fencing, cluster id, one at a time); returns a refusal or null. */
  private startSnapshot(
    h: SnapshotHeader__Output,
    receiving: { epoch: number; abort: (reason: string) => void },
  ): string | null {
    const voter = this.voter!;
    if (!voter.renew(h.epoch, h.leaderId, this.clock.monotonicMs())) {
      return `epoch ${h.epoch} is stale: promised ${voter.durable.promisedEpoch}`;
    }
    this.ha!.heardFromLeader(h.epoch);
    if (this.ha!.role === 'active') return 'this nameserver is active';
    if (h.clusterId === '') return 'a snapshot without a cluster id';
    if (clusterVerdict(this.store.clusterId, this.store.lastTxid, h.clusterId) === 'foreign') {
      return this.refuseForeignCluster(h.clusterId);
    }
    const previous = this.snapshotReceiving;
    if (previous) {
      if (previous.epoch >= h.epoch) return 'a snapshot is already being installed';
      previous.abort(`superseded by a snapshot of epoch ${h.epoch}`);
    }
    receiving.epoch = h.epoch;
    this.snapshotReceiving = receiving;
    this.store.beginStagedSnapshot();
    this.logger.info(
      { epoch: h.epoch, lastTxid: h.lastTxid, heldTxid: this.store.lastTxid },
      'receiving a snapshot from the active',
    );
    return null;
  }

  /** Swaps the staged snapshot in and rebuilds memory from it; the journal continues from its txid. */
  private installSnapshot(
    h: SnapshotHeader__Output,
    counts: SnapshotCounts,
    startedAt: number,
  ): void {
    const heldBefore = this.store.lastTxid;
    this.store.installStagedSnapshot(h.clusterId, h.lastTxid, counts);
    this.snapshotReceiving = null;
    this.reloadFromStore();
    this.prunedThrough = 0;
    this.retryPostponed();
    this.snapshotsInstalled++;
    // Installing may have taken a while: the active was alive all along.
    this.ha!.heardFromLeader(h.epoch);
    this.logger.info(
      {
        lastTxid: h.lastTxid,
        heldBefore,
        ...counts,
        ms: Math.round(performance.now() - startedAt),
      },
      'snapshot installed',
    );
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
          req.zone.slice(0, 64),
          req.decommissioning,
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
          req.decommissioning,
          req.cache
            ? {
                capacityBytes: Number(req.cache.capacityBytes),
                usedBytes: Number(req.cache.usedBytes),
                chunks: Number(req.cache.chunks),
                hits: Number(req.cache.hits),
                misses: Number(req.cache.misses),
                evictions: Number(req.cache.evictions),
                nvmeCapacityBytes: Number(req.cache.nvmeCapacityBytes),
                nvmeUsedBytes: Number(req.cache.nvmeUsedBytes),
                nvmeBlocks: Number(req.cache.nvmeBlocks),
                nvmeHits: Number(req.cache.nvmeHits),
                nvmePromotions: Number(req.cache.nvmePromotions),
                nvmeDemotions: Number(req.cache.nvmeDemotions),
                pinnedCapacityBytes: Number(req.cache.pinnedCapacityBytes),
                pinnedBytes: Number(req.cache.pinnedBytes),
                pinnedBlocks: Number(req.cache.pinnedBlocks),
              }
            : null,
          req.cachedBlocks.map(Number),
        );
        this.pins.reported(req.dataserverId, req.pinnedBlocks.map(Number));
        const active = this.isActive();
        if (!known) {
          return { deleteBlocks: [], reregister: true, active, epoch: this.epoch, copies: [] };
        }
        // Only a confirmed active sends commands; a standby's queue stays empty.
        const commanding = this.confirmedActive();
        return {
          deleteBlocks: commanding ? this.registry.takeDeletes(req.dataserverId) : [],
          reregister: false,
          active,
          epoch: this.epoch,
          copies: commanding ? this.copyCommandsFor(req.dataserverId) : [],
          moves: commanding ? this.moves.take(req.dataserverId, Limits.maxMovesPerHeartbeat) : [],
          decommission: commanding ? this.registry.decommissionCommand(req.dataserverId) : 0,
          ...(commanding ? this.pins.ordersFor(req.dataserverId) : {}),
        };
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
        const active = this.isActive();
        const unknown = this.acceptReplicas(req.dataserverId, req.replicas, seen);
        // A standby's namespace may trail the active's by a batch, and an unconfirmed
        // active's may hold a delete that is undone: neither orders deletions.
        const deleteBlocks = this.confirmedActive() ? unknown : [];
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
        return { deleteBlocks, active, epoch: this.epoch };
      }),

      BlockReceived: h('BlockReceived', (req) => {
        if (!this.registry.get(req.dataserverId)) {
          throw failedPrecondition(`dataserver ${req.dataserverId} is not registered`);
        }
        const server = req.dataserverId;
        const deletes = this.acceptReplicas(server, req.received, undefined);
        if (this.confirmedActive()) {
          for (const blockId of deletes) this.registry.queueDelete(server, blockId);
        }
        for (const r of req.received) this.repair.replicaStored(r.blockId, server);
        for (const blockId of req.deleted) this.blockMap.remove(blockId, server);
        // A corrupt replica stays in the map, marked, until the planner has replaced it;
        // one of a reserved block whose file is not created yet is not kept for it.
        const corrupt = req.corrupt.filter(
          (r) => this.ns.getBlock(r.blockId) || !this.detached.unhold(r.blockId, server),
        );
        this.acceptReplicas(server, corrupt, undefined);
        for (const r of corrupt) this.blockMap.markCorrupt(r.blockId, server);
        if (this.holdsActiveRole()) {
          for (const blockId of req.copyFailed) this.repair.copyFailed(blockId, server);
        }
        if (this.confirmedActive()) this.repairRoundSoon();
        return {};
      }),
    };
  }

  /** The copy orders waiting for `target`, with each source's data-plane URL. */
  private copyCommandsFor(target: DataServerId) {
    const commands = [];
    for (const order of this.repair.takeOrders(target)) {
      const source = this.registry.get(order.source);
      if (!source) continue;
      commands.push({
        blockId: order.blockId,
        generation: order.generation,
        length: order.length,
        sourceUrl: source.dataUrl,
      });
    }
    return commands;
  }

  /**
   * One balancing round, after the repair round and only when nothing is below
   * target: moves replicas from servers above the mean used fraction to those
   * below, until every server is within the threshold.
   */
  private balanceRound(now: number): void {
    const balance = this.balance!;
    if (this.repair.status().underReplicatedBlocks > 0) return;
    // Bytes held come from the block map, not from heartbeats: the map changes the
    // moment a copy is reported or an excess replica is ordered deleted, while the
    // dataservers' usage figures lag a heartbeat or more, and a balancer judging by
    // them stops early or overshoots.
    const servers = this.registry.all().map((e) => {
      const t = totals(e.storages);
      return {
        id: e.id,
        usedBytes: this.bytesHeldBy(e.id),
        capacityBytes: t.capacityBytes,
        usable: !e.decommissioning && this.registry.liveness(e, now) === 'live',
      };
    });
    const underWay = this.repair.transfers();
    const plan = planBalance(servers, (id) => this.balanceBlocksOn(id), underWay, {
      thresholdPercent: balance.thresholdPercent,
      maxTransfersPerServer: this.options.maxTransfersPerServer ?? Defaults.maxTransfersPerServer,
      maxOrders: Defaults.maxRepairOrdersPerRound,
    });
    balance.meanPercent = plan.meanPercent;
    // Usage reports lag the moves (heartbeats; excess replicas deleted a round
    // later), so a round with nothing to move ends balancing only the third time.
    balance.idleRounds =
      plan.moves.length === 0 && underWay.length === 0 ? balance.idleRounds + 1 : 0;
    if (underWay.length === 0 && (plan.outside.length === 0 || balance.idleRounds >= 3)) {
      this.logger.info(
        { moves: balance.moves, outside: plan.outside },
        plan.outside.length === 0
          ? 'balanced: every dataserver is within the threshold'
          : 'balancing stopped: no move would bring the remaining servers closer',
      );
      this.lastBalance = { ...balance };
      this.balance = null;
      return;
    }
    balance.moves += plan.moves.length;
    this.repair.order(plan.moves, now);
  }

  /** The bytes of the committed replicas the block map places on `server`. */
  private bytesHeldBy(server: DataServerId): number {
    let bytes = 0;
    for (const blockId of this.blockMap.blocksOn(server)) {
      const block = this.ns.getBlock(blockId);
      if (block?.committed) bytes += block.length;
    }
    return bytes;
  }

  private *balanceBlocksOn(server: DataServerId): Iterable<BalanceBlock> {
    for (const blockId of this.blockMap.blocksOn(server)) {
      const block = this.ns.getBlock(blockId);
      if (!block?.committed || this.blockMap.isCorrupt(blockId, server)) continue;
      yield {
        blockId,
        generation: block.generation,
        length: block.length,
        holders: new Set(this.blockMap.holders(blockId).keys()),
      };
    }
  }

  /** What the repair planner sees: committed blocks of files, and the dataservers. */
  private repairSources(): RepairSources {
    return {
      blocks: () => this.repairBlockViews(this.ns.allBlocks()),
      blockViews: (ids) => this.repairBlockViews(this.blockRecords(ids)),
      blocksOn: (server) => this.blockMap.blocksOn(server),
      servers: () => this.serverViews(this.clock.monotonicMs()),
      // Out of the map at once: a replica being deleted is neither counted nor read.
      queueDelete: (server, blockId) => {
        this.blockMap.remove(blockId, server);
        this.registry.queueDelete(server, blockId);
      },
    };
  }

  private serverViews(now: number): Map<DataServerId, ServerView> {
    const views = new Map<DataServerId, ServerView>();
    for (const entry of this.registry.all()) {
      const liveness = this.registry.liveness(entry, now);
      const { capacityBytes, roomBytes } = totals(entry.storages);
      views.set(entry.id, {
        id: entry.id,
        live: liveness === 'live',
        dead: liveness === 'dead',
        decommissioning: entry.decommissioning,
        roomBytes,
        // The balancer's measure, from the block map (see balanceRound).
        usedPercent: capacityBytes > 0 ? (100 * this.bytesHeldBy(entry.id)) / capacityBytes : 0,
        zone: entry.zone,
      });
    }
    return views;
  }

  private *blockRecords(ids: Iterable<BlockId>): Iterable<BlockRecord> {
    for (const id of ids) {
      const block = this.ns.getBlock(id);
      if (block) yield block;
    }
  }

  private *repairBlockViews(blocks: Iterable<BlockRecord>): Iterable<BlockView> {
    for (const block of blocks) {
      if (!block.committed) continue;
      const replication = this.ns.replicationOf(block.fileId);
      if (replication === undefined) continue;
      yield this.blockView(block, replication);
    }
  }

  private blockView(
    block: { id: BlockId; generation: number; length: number },
    targetReplicas: number,
  ): BlockView {
    return {
      blockId: block.id,
      generation: block.generation,
      length: block.length,
      targetReplicas,
      holders: this.blockMap.holders(block.id),
      corruptOn: new Set(this.blockMap.corruptOn(block.id)),
      deleting: this.registry.deletionsQueued(block.id),
    };
  }

  /**
   * A standby hears of every small file's replicas before the journal brings the file,
   * and of some whose file never comes (a reservation not completed): those of a
   * reserved block still unknown well after any reservation would have ended are
   * dropped (deleted by whichever active hears of them next).
   */
  private dropStalePostponed(now: number): void {
    for (const [key, { replica, atMs }] of this.postponed) {
      if (isDetachedBlockId(replica.blockId) && now - atMs > 2 * this.reservationTtlMs)
        this.postponed.delete(key);
    }
  }

  /** Re-offers postponed replica reports whose blocks the journal has now brought. */
  private retryPostponed(): void {
    for (const [key, { server, replica }] of this.postponed) {
      if (!this.ns.getBlock(replica.blockId)) continue;
      this.postponed.delete(key);
      this.acceptReplicas(server, [replica], undefined);
    }
  }

  /** Adds reported replicas to the block map; returns those the server should delete. */
  private acceptReplicas(
    server: DataServerId,
    replicas: ReplicaState__Output[],
    seen: Set<BlockId> | undefined,
  ): BlockId[] {
    const deletes: BlockId[] = [];
    const standby = !this.isActive();
    for (const r of replicas) {
      const block = this.ns.getBlock(r.blockId);
      if (!block && standby && this.postponed.size < MAX_POSTPONED_REPLICAS) {
        // A standby can hear of a replica before the journal entry that made its block
        // reaches it: keep the report until that entry is applied (as HDFS's standby does).
        this.postponed.set(`${r.blockId}/${server}`, {
          server,
          replica: r,
          atMs: this.clock.monotonicMs(),
        });
        seen?.add(r.blockId);
        continue;
      }
      if (!block && !standby && this.detached.hold(r.blockId, server, r)) {
        seen?.add(r.blockId); // a small file's, written before its CreateComplete
        continue;
      }
      if (!block || r.generation < block.generation) {
        deletes.push(r.blockId); // a deleted file's block, or a stale generation
        continue;
      }
      seen?.add(r.blockId);
      this.blockMap.add(r.blockId, server, r.length, r.medium);
      this.moves.reported(r.blockId, server, r.medium);
      if (block.committed && r.length !== block.length)
        this.blockMap.markCorrupt(r.blockId, server);
    }
    return deletes;
  }
}

/**
 * What a reservation is for, which placed its block: a file of that directory,
 * replication, block size and storage policy (CreateComplete must create one; a
 * policy changed since refuses it, as placing the block again would).
 */
function reservationIntent(
  create: Extract<JournalOp, { op: 'create' }>,
  policy: StoragePolicy | null,
): string {
  return `${create.parentId}/${create.replication}/${create.blockSizeBytes}/${policy}`;
}

function assertCreate(op: JournalOp): asserts op is Extract<JournalOp, { op: 'create' }> {
  if (op.op !== 'create') throw new Error('expected a create operation');
}

function assertAddBlock(op: JournalOp): asserts op is Extract<JournalOp, { op: 'addBlock' }> {
  if (op.op !== 'addBlock') throw new Error('expected an addBlock operation');
}

function validateDataServerId(id: string): void {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(id))
    throw invalidArgument(`bad dataserver id: ${JSON.stringify(id)}`);
}

function placementSpace(storages: StorageSnapshot[]) {
  const { availableBytes, roomBytes } = totals(storages);
  const media = Object.fromEntries(
    MEDIA.map((m) => [m, totals(storages.filter((s) => s.medium === m))]),
  );
  return { availableBytes, roomBytes, media };
}

function storagesOf(states: StorageState__Output[]): StorageSnapshot[] {
  return states.slice(0, 64).map((s) => ({
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

/** Fisher–Yates, in place: spreads readers across a block's replicas. */
function shuffle<T>(items: T[]): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
