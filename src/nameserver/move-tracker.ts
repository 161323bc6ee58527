/**
 * Replica moves (admin migrate) from order to report: queued for the holder's next
 * heartbeat, then under way until the holder reports the replica on its new medium
 * or the move's deadline passes (then `admin migrate` orders it again). Pure: time
 * is an input. Bounded: orders beyond `maxUnderWay` are refused.
 */
import type { BlockId, DataServerId } from '../core/ids.js';
import type { MoveOrder } from './migration-planner.js';

interface Tracked {
  order: MoveOrder;
  deadlineMs: number;
  sent: boolean;
}

export class MoveTracker {
  private readonly byBlock = new Map<BlockId, Tracked>();

  constructor(private readonly maxUnderWay: number) {}

  get size(): number {
    return this.byBlock.size;
  }

  underWay(blockId: BlockId): boolean {
    return this.byBlock.has(blockId);
  }

  /** Queues an order for its server; false when the tracker is full. */
  add(order: MoveOrder, deadlineMs: number): boolean {
    if (this.byBlock.size >= this.maxUnderWay) return false;
    this.byBlock.set(order.blockId, { order, deadlineMs, sent: false });
    return true;
  }

  /** Orders for `server` not yet sent, at most `max`; they are then under way. */
  take(server: DataServerId, max: number): MoveOrder[] {
    const out: MoveOrder[] = [];
    for (const t of this.byBlock.values()) {
      if (out.length >= max) break;
      if (t.sent || t.order.server !== server) continue;
      t.sent = true;
      out.push(t.order);
    }
    return out;
  }

  /** `server` reported the block on `medium`: a move to there is done. */
  reported(blockId: BlockId, server: DataServerId, medium: string): void {
    const t = this.byBlock.get(blockId);
    if (t && t.order.server === server && t.order.medium === medium) this.byBlock.delete(blockId);
  }

  expire(nowMs: number): void {
    for (const [blockId, t] of this.byBlock)
      if (t.deadlineMs <= nowMs) this.byBlock.delete(blockId);
  }

  clear(): void {
    this.byBlock.clear();
  }
}
