/**
 * Typed, promise-returning calls to the nameserver's NameService.
 */
import * as grpc from '@grpc/grpc-js';
import { channelOptions, strataProto } from '../rpc/proto.js';
import { Limits } from '../core/limits.js';
import { CallBatcher, type BatchingStats } from '../rpc/call-batcher.js';
import { ErrorCode, StrataError } from '../core/errors.js';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MkdirRequest } from '../rpc/generated/strata/v1/MkdirRequest.js';
import type { MkdirResponse__Output } from '../rpc/generated/strata/v1/MkdirResponse.js';
import type { CreateRequest } from '../rpc/generated/strata/v1/CreateRequest.js';
import type { CreateResponse__Output } from '../rpc/generated/strata/v1/CreateResponse.js';
import type { AddBlockRequest } from '../rpc/generated/strata/v1/AddBlockRequest.js';
import type { AddBlockResponse__Output } from '../rpc/generated/strata/v1/AddBlockResponse.js';
import type { AbandonBlockRequest } from '../rpc/generated/strata/v1/AbandonBlockRequest.js';
import type { CompleteRequest } from '../rpc/generated/strata/v1/CompleteRequest.js';
import type { CompleteResponse__Output } from '../rpc/generated/strata/v1/CompleteResponse.js';
import type { ReserveBlockRequest } from '../rpc/generated/strata/v1/ReserveBlockRequest.js';
import type { ReleaseReservedBlocksResponse__Output } from '../rpc/generated/strata/v1/ReleaseReservedBlocksResponse.js';
import type { ReserveBlockResponse__Output } from '../rpc/generated/strata/v1/ReserveBlockResponse.js';
import type { CreateCompleteRequest } from '../rpc/generated/strata/v1/CreateCompleteRequest.js';
import type { CreateCompleteResponse__Output } from '../rpc/generated/strata/v1/CreateCompleteResponse.js';
import type { GetBlockLocationsResponse__Output } from '../rpc/generated/strata/v1/GetBlockLocationsResponse.js';
import type { StatResponse__Output } from '../rpc/generated/strata/v1/StatResponse.js';
import type { ListRequest } from '../rpc/generated/strata/v1/ListRequest.js';
import type { ListResponse__Output } from '../rpc/generated/strata/v1/ListResponse.js';
import type { ReportBadReplicaRequest } from '../rpc/generated/strata/v1/ReportBadReplicaRequest.js';
import type { ClusterReportResponse__Output } from '../rpc/generated/strata/v1/ClusterReportResponse.js';
import type { CacheReport__Output } from '../rpc/generated/strata/v1/CacheReport.js';
import type { FsckResponse__Output } from '../rpc/generated/strata/v1/FsckResponse.js';
import type { BalanceResponse__Output } from '../rpc/generated/strata/v1/BalanceResponse.js';
import type { DecommissionResponse__Output } from '../rpc/generated/strata/v1/DecommissionResponse.js';
import type { FailoverResponse__Output } from '../rpc/generated/strata/v1/FailoverResponse.js';
import type { SetStoragePolicyResponse__Output } from '../rpc/generated/strata/v1/SetStoragePolicyResponse.js';
import type { MigrateResponse__Output } from '../rpc/generated/strata/v1/MigrateResponse.js';

export interface NameServerClientOptions {
  /** Every nameserver of the cluster (active and standby), in any order. */
  addresses: string[];
  /** Deadline of one attempt. */
  timeoutMs?: number;
  /** How long a call keeps trying the nameservers before it fails. */
  failoverTimeoutMs?: number;
  /** Told of every successful call: which nameserver answered (diagnostics, fault tests). */
  onAnswer?: (answer: NameServerAnswer) => void;
  /**
   * Most gRPC calls out at a time to a nameserver; concurrent calls past it wait and
   * go out together in one Batch call. 0 sends every call alone. Default 2.
   */
  maxCallsInFlight?: number;
}

/** A call a nameserver answered with success. */
export interface NameServerAnswer {
  method: string;
  request: object;
  /** The mutation's request id (as journaled with its entries); undefined for reads. */
  requestId: string | undefined;
  /** The nameserver that answered, as given in `addresses`. */
  address: string;
  /** How many tries the call took (1: only the nameserver that answered ever saw it). */
  attempts: number;
}

/** How long a release of reserved blocks may take (one try: see releaseReservedBlocks). */
const RELEASE_TIMEOUT_MS = 2_000;

/** Calls that change the namespace: sent with a request id, so a retry is not applied twice. */
const MUTATIONS = new Set([
  'Mkdir',
  'Create',
  'AddBlock',
  'AbandonBlock',
  'Complete',
  'CreateComplete',
  'Delete',
  'Rename',
  'SetReplication',
  'SetStoragePolicy',
]);

/**
 * Finds the active nameserver and follows it: a call refused as NOT_ACTIVE, or one
 * that cannot reach its nameserver, is tried on the next one, with backoff, until
 * `failoverTimeoutMs`. A mutation keeps one request id across all its tries.
 */
export class NameServerClient {
  private readonly clients: CallBatcher[];
  private readonly channels: grpc.Client[];
  private readonly addresses: string[];
  private readonly timeoutMs: number;
  private readonly failoverTimeoutMs: number;
  private readonly onAnswer: ((answer: NameServerAnswer) => void) | undefined;
  private current = 0;
  private closed = false;

  constructor(options: NameServerClientOptions) {
    if (options.addresses.length === 0) throw new Error('no nameserver address');
    const Service = strataProto().strata.v1.NameService;
    this.addresses = [...options.addresses];
    this.channels = options.addresses.map(
      (address) => new Service(address, grpc.credentials.createInsecure(), channelOptions),
    );
    // More than a nameserver runs at once on one stream would be refused.
    const maxInFlight = Math.min(options.maxCallsInFlight ?? 2, Limits.maxStreamedBatches);
    this.clients = this.channels.map(
      (channel) => new CallBatcher(channel, Service.service, maxInFlight),
    );
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.failoverTimeoutMs = options.failoverTimeoutMs ?? 30_000;
    this.onAnswer = options.onAnswer;
  }

  /** What went to the nameservers: round trips, and batches of how many calls. */
  batchingStats(): BatchingStats {
    const total: BatchingStats = { roundTrips: 0, batches: 0, batchedCalls: 0 };
    for (const { stats } of this.clients) {
      total.roundTrips += stats.roundTrips;
      total.batches += stats.batches;
      total.batchedCalls += stats.batchedCalls;
    }
    return total;
  }

  close(): void {
    this.closed = true;
    for (const batcher of this.clients) batcher.close();
    for (const channel of this.channels) channel.close();
  }

  private async call<Res>(
    method: string,
    request: object,
    timeoutMs = this.timeoutMs,
    failoverTimeoutMs = this.failoverTimeoutMs,
  ): Promise<Res> {
    const requestId = MUTATIONS.has(method) ? randomUUID() : undefined;
    const deadline = Date.now() + failoverTimeoutMs;
    let tries = 0;
    for (;;) {
      if (this.closed) throw new StrataError(ErrorCode.FAILED_PRECONDITION, 'the client is closed');
      // Concurrent calls move `current` too: remember which nameserver this try went to.
      const target = this.current;
      try {
        const response = await this.clients[target]!.call<Res>(
          method,
          request,
          requestId,
          timeoutMs,
        );
        const address = this.addresses[target]!;
        this.onAnswer?.({ method, request, requestId, address, attempts: tries + 1 });
        return response;
      } catch (err) {
        const retriable =
          err instanceof StrataError &&
          (err.code === ErrorCode.NOT_ACTIVE || err.code === ErrorCode.UNAVAILABLE);
        if (!retriable || Date.now() >= deadline) throw err;
        // Move past the nameserver that failed, unless another call already did: the
        // calls of a failed batch all fail at once, and each stepping `current` on
        // would leave it where it was for an even number of them.
        if (this.current === target) this.current = (target + 1) % this.clients.length;
        tries++;
        // After each full round of nameservers, back off a little (an election takes ~2 s).
        if (tries % this.clients.length === 0)
          await sleep(Math.min(50 * 2 ** (tries / this.clients.length), 500));
      }
    }
  }

  mkdir(req: MkdirRequest) {
    return this.call<MkdirResponse__Output>('Mkdir', req);
  }
  create(req: CreateRequest) {
    return this.call<CreateResponse__Output>('Create', req);
  }
  addBlock(req: AddBlockRequest) {
    return this.call<AddBlockResponse__Output>('AddBlock', req);
  }
  abandonBlock(req: AbandonBlockRequest) {
    return this.call<object>('AbandonBlock', req);
  }
  complete(req: CompleteRequest) {
    return this.call<CompleteResponse__Output>('Complete', req);
  }
  reserveBlock(req: ReserveBlockRequest) {
    return this.call<ReserveBlockResponse__Output>('ReserveBlock', req);
  }
  createComplete(req: CreateCompleteRequest) {
    return this.call<CreateCompleteResponse__Output>('CreateComplete', req);
  }
  /**
   * Gives back reserved blocks that will not be completed (at most 1,024). One try,
   * briefly: nobody waits on it for long, and one not given back simply expires.
   */
  releaseReservedBlocks(clientName: string, blockIds: number[]) {
    return this.call<ReleaseReservedBlocksResponse__Output>(
      'ReleaseReservedBlocks',
      { clientName, blockIds },
      RELEASE_TIMEOUT_MS,
      0,
    );
  }
  renewLease(clientName: string) {
    return this.call<object>('RenewLease', { clientName });
  }
  getBlockLocations(path: string) {
    return this.call<GetBlockLocationsResponse__Output>('GetBlockLocations', { path });
  }
  stat(path: string) {
    return this.call<StatResponse__Output>('Stat', { path });
  }
  list(req: ListRequest) {
    return this.call<ListResponse__Output>('List', req);
  }
  delete(path: string, recursive: boolean) {
    return this.call<object>('Delete', { path, recursive });
  }
  rename(source: string, destination: string) {
    return this.call<object>('Rename', { source, destination });
  }
  setReplication(path: string, replication: number) {
    return this.call<object>('SetReplication', { path, replication });
  }
  /** `policy` '' clears the path's own policy (it inherits its parent's again). */
  setStoragePolicy(path: string, policy: string) {
    return this.call<SetStoragePolicyResponse__Output>('SetStoragePolicy', { path, policy });
  }
  /** Orders misplaced replicas under `path` moved; call again to follow progress. */
  migrate(path: string) {
    return this.call<MigrateResponse__Output>('Migrate', { path }, 30_000);
  }
  reportBadReplica(req: ReportBadReplicaRequest) {
    return this.call<object>('ReportBadReplica', req);
  }
  clusterReport() {
    return this.call<ClusterReportResponse__Output>('ClusterReport', {}, 30_000);
  }
  failover() {
    return this.call<FailoverResponse__Output>('Failover', {});
  }
  /** Drains a dataserver (its id, data URL or host:port), or with `undo` stops draining it. */
  decommission(dataserver: string, undo = false) {
    return this.call<DecommissionResponse__Output>('Decommission', { dataserver, undo });
  }
  /** Starts balancing (threshold in percentage points of capacity), or stops it. */
  balance(thresholdPercent: number, stop = false) {
    return this.call<BalanceResponse__Output>('Balance', { thresholdPercent, stop });
  }
  addCachePool(name: string, limitBytes: number) {
    return this.call<CacheReport__Output>('AddCachePool', { name, limitBytes });
  }
  removeCachePool(name: string) {
    return this.call<CacheReport__Output>('RemoveCachePool', { name });
  }
  /** `pool` '' is the default pool; `ttlMs` 0 never expires. */
  addCacheDirective(req: { path: string; pool: string; replication: number; ttlMs: number }) {
    return this.call<CacheReport__Output>('AddCacheDirective', req);
  }
  removeCacheDirective(id: number) {
    return this.call<CacheReport__Output>('RemoveCacheDirective', { id });
  }
  /** Pools and directives with their bytes needed and pinned; `pool` '' for all. */
  listCache(pool = '') {
    return this.call<CacheReport__Output>('ListCache', { pool });
  }
  fsck(path: string, maxFiles = 0) {
    return this.call<FsckResponse__Output>('Fsck', { path, maxFiles }, 30_000);
  }
}
