/**
 * The dataservers the nameserver knows: their addresses, storage, last heartbeat,
 * and the commands waiting for their next heartbeat. Pure: time is an input.
 */
import type { ChunkCacheStats } from '../blockstore/chunk-cache.js';
import type { BlockId, DataServerId } from '../core/ids.js';
import { Limits } from '../core/limits.js';

export type Liveness = 'live' | 'stale' | 'dead';

export interface StorageSnapshot {
  medium: string;
  path: string;
  capacityBytes: number;
  usedBytes: number;
  freeBytes: number;
  /** Free bytes new replicas may use (free less what the dataserver keeps free). */
  availableBytes: number;
  blockCount: number;
  failed: boolean;
  full: boolean;
}

export interface DataServerEntry {
  id: DataServerId;
  dataUrl: string;
  storages: StorageSnapshot[];
  lastHeartbeatMs: number;
  activeTransfers: number;
  /** Replicas to delete, sent with the next heartbeat response. */
  pendingDeletes: Set<BlockId>;
  /** Failure-domain label (rack, room, zone) from the server's config; '' when unlabelled. */
  zone: string;
  /** Being drained by `admin decommission`: its replicas are copied elsewhere, it takes no new ones. */
  decommissioning: boolean;
  /** An operator's change not yet confirmed by the server's own heartbeat. */
  decommissionOrder: boolean | undefined;
  /** Its memory cache pool, as of its last heartbeat. */
  cache: CacheSnapshot | null;
  /** Blocks wholly in its memory cache pool, as of its last heartbeat. */
  cachedBlocks: ReadonlySet<BlockId>;
}

/** The same figures the dataserver's pool keeps, as its heartbeat carried them. */
export type CacheSnapshot = ChunkCacheStats & {
  nvmeCapacityBytes: number;
  nvmeUsedBytes: number;
  nvmeBlocks: number;
  nvmeHits: number;
  nvmePromotions: number;
  nvmeDemotions: number;
};

export interface LivenessBounds {
  staleAfterMs: number;
  deadAfterMs: number;
}

/** Most deletions one heartbeat response carries; the rest wait for the next one. */
const MAX_DELETES_PER_HEARTBEAT = 10_000;

export class DataServerRegistry {
  private readonly servers = new Map<DataServerId, DataServerEntry>();
  /** Queued deletions by block, for the repair planner (no copy to a server about to delete). */
  private readonly queuedByBlock = new Map<BlockId, Set<DataServerId>>();

  constructor(private readonly bounds: LivenessBounds) {}

  register(
    id: DataServerId,
    dataUrl: string,
    storages: StorageSnapshot[],
    nowMs: number,
    zone = '',
    decommissioning = false,
  ): void {
    const existing = this.servers.get(id);
    const order = existing?.decommissionOrder;
    this.servers.set(id, {
      id,
      dataUrl,
      storages,
      lastHeartbeatMs: nowMs,
      activeTransfers: 0,
      pendingDeletes: existing?.pendingDeletes ?? new Set(),
      zone,
      decommissioning: order ?? decommissioning,
      decommissionOrder: order === decommissioning ? undefined : order,
      cache: existing?.cache ?? null,
      cachedBlocks: existing?.cachedBlocks ?? new Set(),
    });
  }

  /**
   * An operator drains a server (or stops draining it). It takes effect here at
   * once; the server is told with its next heartbeat and keeps the state itself, so
   * that it survives restarts and reaches the other nameserver.
   */
  setDecommissioning(id: DataServerId, on: boolean): DataServerEntry | undefined {
    const entry = this.servers.get(id);
    if (!entry) return undefined;
    entry.decommissioning = on;
    entry.decommissionOrder = on;
    return entry;
  }

  /** The heartbeat answer's decommission field: 1 start, 2 stop, 0 nothing to change. */
  decommissionCommand(id: DataServerId): number {
    const order = this.servers.get(id)?.decommissionOrder;
    return order === undefined ? 0 : order ? 1 : 2;
  }

  /** A server named by its id, data URL or host:port. */
  find(name: string): DataServerEntry | undefined {
    const direct = this.servers.get(name);
    if (direct) return direct;
    for (const entry of this.servers.values()) {
      if (entry.dataUrl === name || entry.dataUrl.replace(/^https?:\/\//, '') === name)
        return entry;
    }
    return undefined;
  }

  /** Records a heartbeat; false if the server is unknown (it must register again). */
  heartbeat(
    id: DataServerId,
    storages: StorageSnapshot[],
    activeTransfers: number,
    nowMs: number,
    decommissioning = false,
    cache: CacheSnapshot | null = null,
    cachedBlocks: readonly BlockId[] = [],
  ): boolean {
    const entry = this.servers.get(id);
    if (!entry) return false;
    entry.cache = cache;
    entry.cachedBlocks = new Set(cachedBlocks.slice(0, Limits.maxCachedBlocksReported));
    if (entry.decommissionOrder === decommissioning) entry.decommissionOrder = undefined;
    entry.decommissioning = entry.decommissionOrder ?? decommissioning;
    entry.storages = storages;
    entry.activeTransfers = activeTransfers;
    entry.lastHeartbeatMs = nowMs;
    return true;
  }

  get(id: DataServerId): DataServerEntry | undefined {
    return this.servers.get(id);
  }

  all(): DataServerEntry[] {
    return [...this.servers.values()];
  }

  liveness(entry: DataServerEntry, nowMs: number): Liveness {
    const silentMs = nowMs - entry.lastHeartbeatMs;
    if (silentMs >= this.bounds.deadAfterMs) return 'dead';
    if (silentMs >= this.bounds.staleAfterMs) return 'stale';
    return 'live';
  }

  isUsable(id: DataServerId, nowMs: number): boolean {
    const entry = this.servers.get(id);
    return entry !== undefined && this.liveness(entry, nowMs) !== 'dead';
  }

  /** Servers with a deletion of `blockId` not yet handed to them. */
  deletionsQueued(blockId: BlockId): ReadonlySet<DataServerId> {
    return this.queuedByBlock.get(blockId) ?? NONE;
  }

  queueDelete(id: DataServerId, blockId: BlockId): void {
    const entry = this.servers.get(id);
    if (!entry) return;
    entry.pendingDeletes.add(blockId);
    let servers = this.queuedByBlock.get(blockId);
    if (!servers) this.queuedByBlock.set(blockId, (servers = new Set()));
    servers.add(id);
  }

  takeDeletes(id: DataServerId): BlockId[] {
    const entry = this.servers.get(id);
    if (!entry) return [];
    const out: BlockId[] = [];
    for (const blockId of entry.pendingDeletes) {
      if (out.length >= MAX_DELETES_PER_HEARTBEAT) break;
      out.push(blockId);
    }
    for (const blockId of out) {
      entry.pendingDeletes.delete(blockId);
      const servers = this.queuedByBlock.get(blockId);
      servers?.delete(id);
      if (servers?.size === 0) this.queuedByBlock.delete(blockId);
    }
    return out;
  }
}

const NONE: ReadonlySet<DataServerId> = new Set();

/** A server's storage added up over its working dirs (a failed dir counts for nothing). */
export function totals(storages: StorageSnapshot[]): {
  capacityBytes: number;
  usedBytes: number;
  freeBytes: number;
  availableBytes: number;
  /** The most one dir has available: a block is written whole into one dir. */
  roomBytes: number;
} {
  let capacityBytes = 0;
  let usedBytes = 0;
  let freeBytes = 0;
  let availableBytes = 0;
  let roomBytes = 0;
  for (const s of storages) {
    if (s.failed) continue;
    capacityBytes += s.capacityBytes;
    usedBytes += s.usedBytes;
    freeBytes += s.freeBytes;
    if (s.full) continue;
    availableBytes += s.availableBytes;
    roomBytes = Math.max(roomBytes, s.availableBytes);
  }
  return { capacityBytes, usedBytes, freeBytes, availableBytes, roomBytes };
}
