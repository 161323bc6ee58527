/**
 * The nameserver's replication monitor: every round (on the active only) it asks
 * the repair planner what to copy and delete, hands copy orders to the target
 * dataservers with their next heartbeat, queues deletions, and tracks copies under
 * way until the target reports the replica (or the copy times out and is planned
 * again). Time is an input; the nameserver drives it.
 */
import type { BlockId, DataServerId } from '../core/ids.js';
import {
  planRepairs,
  type BlockView,
  type CopyOrder,
  type RepairLimits,
  type ServerView,
  type Transfer,
} from './repair-planner.js';

export interface RepairSources {
  /** Committed blocks of files, with their target replication and holders. */
  blocks(): Iterable<BlockView>;
  servers(): ReadonlyMap<DataServerId, ServerView>;
  queueDelete(server: DataServerId, blockId: BlockId): void;
}

export interface RepairMonitorOptions extends RepairLimits {
  /** A copy not reported done after this long (plus its bytes at `minCopyBytesPerSecond`) is planned again. */
  copyTimeoutMs: number;
  minCopyBytesPerSecond: number;
}

export interface RepairStatus {
  underReplicatedBlocks: number;
  copiesUnderWay: number;
  copiesDone: number;
  copiesTimedOut: number;
  bytesRepaired: number;
  deletesOrdered: number;
  /** Blocks below target that no copy could be ordered for in the last round. */
  stuckBlocks: number;
}

interface UnderWay extends CopyOrder {
  deadlineMs: number;
}

export class RepairMonitor {
  private readonly underWay = new Map<string, UnderWay>();
  private readonly orders = new Map<DataServerId, CopyOrder[]>();
  /** A copy ended since the last round: a slot is free for the next one. */
  private slotFreed = false;
  private readonly stats = {
    copiesDone: 0,
    copiesTimedOut: 0,
    bytesRepaired: 0,
    deletesOrdered: 0,
    stuckBlocks: 0,
    underReplicatedBlocks: 0,
  };

  constructor(
    private readonly sources: RepairSources,
    private readonly options: RepairMonitorOptions,
  ) {}

  /** One planning round. */
  round(nowMs: number): void {
    this.slotFreed = false;
    for (const [key, t] of this.underWay) {
      if (nowMs >= t.deadlineMs) {
        this.underWay.delete(key);
        this.stats.copiesTimedOut++;
      }
    }
    const servers = this.sources.servers();
    const transfers: Transfer[] = [...this.underWay.values()];
    const plan = planRepairs(this.sources.blocks(), servers, transfers, this.options);
    this.stats.stuckBlocks = plan.stuck;
    this.stats.underReplicatedBlocks = plan.underReplicated;
    this.order(plan.copies, nowMs);
    for (const d of plan.deletes) {
      this.sources.queueDelete(d.server, d.blockId);
      this.stats.deletesOrdered++;
    }
  }

  /** Copies under way (repairs and balancing moves). */
  transfers(): Transfer[] {
    return [...this.underWay.values()];
  }

  /** Hands out copy orders (the planner's, or the balancer's) and tracks them. */
  order(copies: readonly CopyOrder[], nowMs: number): void {
    for (const order of copies) {
      const budgetMs = (order.length / this.options.minCopyBytesPerSecond) * 1000;
      this.underWay.set(key(order.blockId, order.target), {
        ...order,
        deadlineMs: nowMs + this.options.copyTimeoutMs + budgetMs,
      });
      let list = this.orders.get(order.target);
      if (!list) this.orders.set(order.target, (list = []));
      list.push(order);
    }
  }

  /** Copy orders for `target`, sent with its heartbeat response. */
  takeOrders(target: DataServerId): CopyOrder[] {
    const list = this.orders.get(target) ?? [];
    this.orders.delete(target);
    return list;
  }

  /** A dataserver reported a replica: a copy to it is done. */
  replicaStored(blockId: BlockId, server: DataServerId): void {
    const t = this.underWay.get(key(blockId, server));
    if (!t) return;
    this.underWay.delete(key(blockId, server));
    this.slotFreed = true;
    this.stats.copiesDone++;
    this.stats.bytesRepaired += t.length;
  }

  /** A copy failed on its target: plan it again next round. */
  copyFailed(blockId: BlockId, server: DataServerId): void {
    if (this.underWay.delete(key(blockId, server))) this.slotFreed = true;
  }

  /**
   * Whether a round before the regular one would find work: a copy ended, so its
   * servers have a slot free, and something is still below target or a balancing
   * move may follow.
   */
  wantsEarlyRound(): boolean {
    return this.slotFreed;
  }

  /** Forget everything in flight (this nameserver stopped being active). */
  reset(): void {
    this.underWay.clear();
    this.orders.clear();
  }

  status(): RepairStatus {
    return { ...this.stats, copiesUnderWay: this.underWay.size };
  }
}

function key(blockId: BlockId, server: DataServerId): string {
  return `${blockId}@${server}`;
}
