/**
 * The nameserver's side of cache directives: keeps what each dataserver reports
 * pinned, re-plans (cache-planner.ts) at most once a second or after a directive
 * changes, turns the plan into pin and unpin orders for heartbeat answers, and
 * builds the report `strata cache list` prints.
 */
import type { BlockId, DataServerId } from '../core/ids.js';
import { Limits } from '../core/limits.js';
import type { Namespace } from '../namespace/namespace.js';
import { isExpired } from '../namespace/cache-directives.js';
import { planCaching, pinOrders, type CachePlan } from './cache-planner.js';
import type { CacheReport } from '../rpc/generated/strata/v1/CacheReport.js';

const REPLAN_EVERY_MS = 1_000;

export interface PinCoordinatorDeps {
  /** The current namespace (a standby replaces it when it installs a snapshot). */
  ns: () => Namespace;
  /** Live holders of a readable replica of the block. */
  liveHolders: (id: BlockId) => DataServerId[];
  wallMs: () => number;
  monotonicMs: () => number;
}

export class PinCoordinator {
  private readonly pinned = new Map<DataServerId, Set<BlockId>>();
  private plan: CachePlan | null = null;
  private plannedAtMs = 0;

  constructor(private readonly deps: PinCoordinatorDeps) {}

  /** What a dataserver holds pinned, as its heartbeat says. */
  reported(server: DataServerId, blocks: readonly number[]): void {
    if (blocks.length === 0 && !this.pinned.has(server)) return;
    this.pinned.set(server, new Set(blocks.slice(0, Limits.maxPinnedBlocks)));
  }

  /** A directive or pool changed: the next look plans again. */
  invalidate(): void {
    this.plan = null;
  }

  /** Pin and unpin orders for a heartbeat answer (the active's only). */
  ordersFor(server: DataServerId): { pinBlocks: BlockId[]; unpinBlocks: BlockId[] } {
    const pinned = this.pinned.get(server);
    if (this.deps.ns().cache.size === 0 && !pinned?.size) return { pinBlocks: [], unpinBlocks: [] };
    const { pin, unpin } = pinOrders(
      this.current().wanted.get(server),
      pinned,
      Limits.maxPinsPerHeartbeat,
    );
    return { pinBlocks: pin, unpinBlocks: unpin };
  }

  /** Pools and directives with their bytes needed and pinned, optionally of one pool. */
  report(pool: string): CacheReport {
    const plan = this.current();
    const ns = this.deps.ns();
    const { cache } = ns;
    const now = this.deps.wallMs();
    return {
      pools: cache
        .allPools()
        .filter((p) => pool === '' || p.name === pool)
        .map((p) => {
          const use = plan.pools.get(p.name);
          return {
            name: p.name,
            limitBytes: p.limitBytes,
            bytesNeeded: use?.bytesNeeded ?? 0,
            bytesCached: use?.bytesCached ?? 0,
            directives: use?.directives ?? 0,
          };
        }),
      directives: cache
        .allDirectives()
        .filter((d) => pool === '' || d.pool === pool)
        .map((d) => {
          const use = plan.directives.get(d.id);
          return {
            id: d.id,
            path: ns.pathOf(d.inodeId),
            pool: d.pool,
            replication: d.replication,
            expiresAtMs: d.expiresAtMs,
            expired: isExpired(d, now),
            files: use?.files ?? 0,
            bytesNeeded: use?.bytesNeeded ?? 0,
            bytesCached: use?.bytesCached ?? 0,
          };
        }),
    };
  }

  private current(): CachePlan {
    const now = this.deps.monotonicMs();
    if (!this.plan || now - this.plannedAtMs >= REPLAN_EVERY_MS) {
      const ns = this.deps.ns();
      this.plan = planCaching({
        pools: ns.cache.allPools(),
        directives: ns.cache.allDirectives(),
        filesOf: (d) => ns.cache.filesOf(d),
        block: (id) => ns.getBlock(id),
        holders: this.deps.liveHolders,
        pinned: this.pinned,
        nowMs: this.deps.wallMs(),
      });
      this.plannedAtMs = now;
    }
    return this.plan;
  }
}
