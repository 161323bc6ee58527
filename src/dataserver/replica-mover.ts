/**
 * Carries out the active nameserver's move orders (`admin migrate`): one replica at
 * a time moves into a storage dir of the medium its policy wants, so that migration
 * never takes more than one disk stream from clients. Orders queue up to a bound;
 * beyond it they are dropped, and the next `admin migrate` orders them again.
 */
import type { Logger } from '../platform/logger.js';
import type { BlockStore, ReplicaInfo } from '../blockstore/block-store.js';
import { isMedium, type Medium } from '../core/media.js';

export interface MoveOrder {
  blockId: number;
  generation: number;
  medium: Medium;
}

export interface ReplicaMoverOptions {
  store: BlockStore;
  logger: Logger;
  maxQueued: number;
  onMoved: (replica: ReplicaInfo) => void;
}

export class ReplicaMover {
  private readonly queue: MoveOrder[] = [];
  private readonly queued = new Set<number>();
  private running = false;
  private closed = false;

  constructor(private readonly options: ReplicaMoverOptions) {}

  submit(order: { blockId: number; generation: number; medium: string }): void {
    if (this.closed || this.queued.has(order.blockId)) return;
    const { medium } = order;
    if (!isMedium(medium) || this.queue.length >= this.options.maxQueued) {
      this.options.logger.warn({ order }, 'move order dropped');
      return;
    }
    this.queue.push({ ...order, medium });
    this.queued.add(order.blockId);
    if (!this.running) void this.drain();
  }

  close(): void {
    this.closed = true;
    this.queue.length = 0;
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      for (let order = this.queue.shift(); order && !this.closed; order = this.queue.shift()) {
        this.queued.delete(order.blockId);
        const replica = this.options.store.get(order.blockId);
        // Gone or rewritten since the order: nothing of that generation to move.
        if (!replica || replica.generation !== order.generation) continue;
        try {
          const moved = await this.options.store.moveReplica(order.blockId, order.medium);
          this.options.onMoved(moved);
        } catch (err) {
          this.options.logger.warn({ err, blockId: order.blockId }, 'replica move failed');
        }
      }
    } finally {
      this.running = false;
    }
  }
}
