/**
 * Which dataserver pins which block in memory, from the cache directives: pure, so
 * that the nameserver only feeds it and turns the plan into heartbeat orders.
 *
 * For each directive that has not expired, each committed block of its files is
 * pinned on `replication` of its live holders: those already holding it pinned
 * first (no churn), then in id order. A pool's limit caps the bytes planned for
 * its directives (in directive id order); blocks past it stay unpinned until
 * room is made. The plan also gives each directive's and pool's bytes needed and
 * bytes pinned (as the dataservers report them), for `strata cache list`.
 */
import type { BlockId, DataServerId } from '../core/ids.js';
import { isExpired } from '../namespace/cache-directives.js';
import type { BlockRecord, CacheDirective, CachePool, FileInode } from '../namespace/types.js';

export interface CachePlanInput {
  pools: readonly CachePool[];
  directives: readonly CacheDirective[];
  filesOf: (directive: CacheDirective) => FileInode[];
  block: (id: BlockId) => BlockRecord | undefined;
  /** Live holders of a readable replica. */
  holders: (id: BlockId) => DataServerId[];
  /** What each dataserver last reported pinned. */
  pinned: ReadonlyMap<DataServerId, ReadonlySet<BlockId>>;
  nowMs: number;
}

export interface CacheUse {
  files: number;
  bytesNeeded: number;
  bytesCached: number;
}

export interface CachePlan {
  wanted: Map<DataServerId, Set<BlockId>>;
  directives: Map<number, CacheUse & { expired: boolean }>;
  pools: Map<string, CacheUse & { directives: number }>;
}

export function planCaching(input: CachePlanInput): CachePlan {
  const wanted = new Map<DataServerId, Set<BlockId>>();
  const directives = new Map<number, CacheUse & { expired: boolean }>();
  const pools = new Map<string, CacheUse & { directives: number }>(
    input.pools.map((p) => [p.name, { files: 0, bytesNeeded: 0, bytesCached: 0, directives: 0 }]),
  );
  const limits = new Map(input.pools.map((p) => [p.name, p.limitBytes]));
  const planned = new Map<string, number>();
  const pinnedOn = (server: DataServerId, id: BlockId) =>
    input.pinned.get(server)?.has(id) ?? false;

  for (const d of [...input.directives].sort((a, b) => a.id - b.id)) {
    const expired = isExpired(d, input.nowMs);
    const use = { files: 0, bytesNeeded: 0, bytesCached: 0, expired };
    directives.set(d.id, use);
    const pool = pools.get(d.pool);
    if (pool) pool.directives++;
    const files = input.filesOf(d);
    use.files = files.length;
    if (expired) continue;
    const limit = limits.get(d.pool) ?? 0;
    for (const file of files) {
      for (const id of file.blocks) {
        const block = input.block(id);
        if (!block?.committed || block.length === 0) continue;
        use.bytesNeeded += block.length * d.replication;
        const holders = input.holders(id);
        use.bytesCached +=
          block.length * Math.min(d.replication, holders.filter((h) => pinnedOn(h, id)).length);
        // Holders that already pin it first, so that a new plan moves nothing needlessly.
        const chosen = [...holders]
          .sort((a, b) => Number(pinnedOn(b, id)) - Number(pinnedOn(a, id)) || a.localeCompare(b))
          .slice(0, d.replication);
        for (const server of chosen) {
          const used = planned.get(d.pool) ?? 0;
          if (limit > 0 && used + block.length > limit) break;
          planned.set(d.pool, used + block.length);
          let set = wanted.get(server);
          if (!set) wanted.set(server, (set = new Set()));
          set.add(id);
        }
      }
    }
    if (pool) {
      pool.files += use.files;
      pool.bytesNeeded += use.bytesNeeded;
      pool.bytesCached += use.bytesCached;
    }
  }
  return { wanted, directives, pools };
}

/** The orders for one dataserver: what to pin and what to let go of, bounded. */
export function pinOrders(
  wanted: ReadonlySet<BlockId> | undefined,
  pinned: ReadonlySet<BlockId> | undefined,
  max: number,
): { pin: BlockId[]; unpin: BlockId[] } {
  const pin: BlockId[] = [];
  const unpin: BlockId[] = [];
  for (const id of wanted ?? []) {
    if (pin.length >= max) break;
    if (!pinned?.has(id)) pin.push(id);
  }
  for (const id of pinned ?? []) {
    if (unpin.length >= max) break;
    if (!wanted?.has(id)) unpin.push(id);
  }
  return { pin, unpin };
}
