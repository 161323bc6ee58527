/**
 * The nameserver's replication monitor: every round (on the active only) it asks
 * the repair planner what to copy and delete, hands copy orders to the target
 * dataservers with their next heartbeat, queues deletions, and tracks copies under
 * way until the target reports the replica (or the copy times out and is planned
 * again). Time is an input; the nameserver drives it.
 *
 * Which blocks a round looks at (as HDFS's needed-replication queues): a walk of
 * every block held the event loop 0.5–1.5 s at a million blocks, every few seconds.
 * So a round looks only at the blocks that may have changed: those whose replicas
 * changed (`touch`, fed by the block map and by commits), those on a server whose
 * state changed (live, stale, dead, draining), and those the last round left
 * unsettled (below target, copying, or with a deletion ordered). A full walk still
 * runs on the first round, after `reset`, and at most every `fullWalkIntervalMs`
 * (and no more often than 100 times its own cost) to catch anything no event named.
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
  /** The views of those of `ids` that are committed blocks of files. */
  blockViews(ids: Iterable<BlockId>): Iterable<BlockView>;
  /** The blocks the block map places on `server`. */
  blocksOn(server: DataServerId): Iterable<BlockId>;
  servers(): ReadonlyMap<DataServerId, ServerView>;
  queueDelete(server: DataServerId, blockId: BlockId): void;
}

export interface RepairMonitorOptions extends RepairLimits {
  /** A copy not reported done after this long (plus its bytes at `minCopyBytesPerSecond`) is planned again. */
  copyTimeoutMs: number;
  minCopyBytesPerSecond: number;
  /** The longest between two walks of every block. */
  fullWalkIntervalMs: number;
}

/** A full walk is spaced at least this many times its own cost. */
const FULL_WALK_GAP_PER_COST = 100;

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
  /** Blocks to look at next round (see the file comment). */
  private suspects = new Set<BlockId>();
  /** Blocks below target with nothing to copy from, until an event names them (RepairPlan.parked). */
  private readonly parked = new Set<BlockId>();
  /** Each server's state at the last round, to see which changed. */
  private serverStates = new Map<DataServerId, string>();
  private lastFullWalkMs = -Infinity;
  private lastFullWalkCostMs = 0;
  private fullWalks = 0;
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

  /** A block whose replicas or target may have changed: looked at next round. */
  touch(blockId: BlockId): void {
    this.suspects.add(blockId);
  }

  /** Walks of every block so far (the rest of the rounds looked only at suspects). */
  get fullWalkCount(): number {
    return this.fullWalks;
  }

  /** One planning round. */
  round(nowMs: number): void {
    this.slotFreed = false;
    for (const [key, t] of this.underWay) {
      if (nowMs >= t.deadlineMs) {
        this.underWay.delete(key);
        this.stats.copiesTimedOut++;
        this.suspects.add(t.blockId);
      }
    }
    const servers = this.sources.servers();
    const changed = this.serversChanged(servers);
    const transfers: Transfer[] = [...this.underWay.values()];
    const full =
      nowMs - this.lastFullWalkMs >=
      Math.max(this.options.fullWalkIntervalMs, FULL_WALK_GAP_PER_COST * this.lastFullWalkCostMs);
    let blocks: Iterable<BlockView>;
    if (full) {
      this.lastFullWalkMs = nowMs;
      this.fullWalks++;
      this.parked.clear();
      blocks = this.sources.blocks();
    } else {
      for (const server of changed) {
        for (const id of this.sources.blocksOn(server)) this.suspects.add(id);
      }
      for (const t of transfers) this.suspects.add(t.blockId);
      // Looked at again now: parked again only if still nothing to copy from.
      for (const id of this.suspects) this.parked.delete(id);
      blocks = this.sources.blockViews(this.suspects);
    }
    // What arrives while this round plans is for the next one.
    this.suspects = new Set();
    const started = performance.now();
    const plan = planRepairs(blocks, servers, transfers, this.options);
    if (full) this.lastFullWalkCostMs = performance.now() - started;
    for (const id of plan.unsettled) this.suspects.add(id);
    // Parked blocks not looked at this round still count as below target and stuck.
    const parkedBefore = this.parked.size;
    for (const id of plan.parked) this.parked.add(id);
    this.stats.stuckBlocks = plan.stuck + parkedBefore;
    this.stats.underReplicatedBlocks = plan.underReplicated + parkedBefore;
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
    this.suspects.add(blockId);
  }

  /**
   * Whether a round before the regular one would find work: a copy ended, so its
   * servers have a slot free, and something is still below target or a balancing
   * move may follow.
   */
  wantsEarlyRound(): boolean {
    return this.slotFreed;
  }

  /** Forget everything in flight (this nameserver stopped being active); the next round walks every block. */
  reset(): void {
    this.underWay.clear();
    this.orders.clear();
    this.suspects.clear();
    this.parked.clear();
    this.serverStates.clear();
    this.lastFullWalkMs = -Infinity;
  }

  /** Servers whose state is not what it was at the last round (new and gone ones too). */
  private serversChanged(servers: ReadonlyMap<DataServerId, ServerView>): DataServerId[] {
    const changed: DataServerId[] = [];
    const states = new Map<DataServerId, string>();
    for (const [id, v] of servers) {
      const state = `${v.live}/${v.dead}/${v.decommissioning}/${v.zone}`;
      states.set(id, state);
      if (this.serverStates.get(id) !== state) changed.push(id);
    }
    for (const id of this.serverStates.keys()) if (!states.has(id)) changed.push(id);
    this.serverStates = states;
    return changed;
  }

  status(): RepairStatus {
    return { ...this.stats, copiesUnderWay: this.underWay.size };
  }
}

function key(blockId: BlockId, server: DataServerId): string {
  return `${blockId}@${server}`;
}
