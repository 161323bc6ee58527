/**
 * The dataservers the nameserver knows: their addresses, storage, last heartbeat,
 * and the commands waiting for their next heartbeat. Pure: time is an input.
 */
import type { BlockId, DataServerId } from '../core/ids.js';

export type Liveness = 'live' | 'stale' | 'dead';

export interface StorageSnapshot {
  medium: string;
  path: string;
  capacityBytes: number;
  usedBytes: number;
  freeBytes: number;
  blockCount: number;
  failed: boolean;
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
}

export interface LivenessBounds {
  staleAfterMs: number;
  deadAfterMs: number;
}

/** Most deletions one heartbeat response carries; the rest wait for the next one. */
const MAX_DELETES_PER_HEARTBEAT = 10_000;

export class DataServerRegistry {
  private readonly servers = new Map<DataServerId, DataServerEntry>();

  constructor(private readonly bounds: LivenessBounds) {}

  register(
    id: DataServerId,
    dataUrl: string,
    storages: StorageSnapshot[],
    nowMs: number,
    zone = '',
  ): void {
    const existing = this.servers.get(id);
    this.servers.set(id, {
      id,
      dataUrl,
      storages,
      lastHeartbeatMs: nowMs,
      activeTransfers: 0,
      pendingDeletes: existing?.pendingDeletes ?? new Set(),
      zone,
      decommissioning: existing?.decommissioning ?? false,
    });
  }

  /** Records a heartbeat; false if the server is unknown (it must register again). */
  heartbeat(
    id: DataServerId,
    storages: StorageSnapshot[],
    activeTransfers: number,
    nowMs: number,
  ): boolean {
    const entry = this.servers.get(id);
    if (!entry) return false;
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

  queueDelete(id: DataServerId, blockId: BlockId): void {
    this.servers.get(id)?.pendingDeletes.add(blockId);
  }

  takeDeletes(id: DataServerId): BlockId[] {
    const entry = this.servers.get(id);
    if (!entry) return [];
    const out: BlockId[] = [];
    for (const blockId of entry.pendingDeletes) {
      if (out.length >= MAX_DELETES_PER_HEARTBEAT) break;
      out.push(blockId);
    }
    for (const blockId of out) entry.pendingDeletes.delete(blockId);
    return out;
  }
}

export function totals(storages: StorageSnapshot[]): {
  capacityBytes: number;
  usedBytes: number;
  freeBytes: number;
} {
  let capacityBytes = 0;
  let usedBytes = 0;
  let freeBytes = 0;
  for (const s of storages) {
    if (s.failed) continue;
    capacityBytes += s.capacityBytes;
    usedBytes += s.usedBytes;
    freeBytes += s.freeBytes;
  }
  return { capacityBytes, usedBytes, freeBytes };
}
