/**
 * Carries out the active nameserver's pin orders (cache directives): one replica at
 * a time is read, checked and held in memory, so that pinning never takes more than
 * one disk stream from clients. Unpin orders take effect at once. Orders queue up to
 * a bound; the nameserver orders again whatever the next heartbeat does not report.
 */
import type { BlockStore } from '../blockstore/block-store.js';
import type { Logger } from '../platform/logger.js';

export interface ReplicaPinnerOptions {
  store: BlockStore;
  logger: Logger;
  maxQueued: number;
}

export class ReplicaPinner {
  private readonly queued = new Set<number>();
  private running = false;
  private closed = false;
  /** Pins that did not fit, logged once per block until it fits or is unpinned. */
  private readonly noRoom = new Set<number>();

  constructor(private readonly options: ReplicaPinnerOptions) {}

  pin(blockId: number): void {
    if (this.closed || this.queued.has(blockId) || this.queued.size >= this.options.maxQueued)
      return;
    this.queued.add(blockId);
    if (!this.running) void this.drain();
  }

  unpin(blockId: number): void {
    this.queued.delete(blockId);
    this.noRoom.delete(blockId);
    this.options.store.unpinReplica(blockId);
  }

  close(): void {
    this.closed = true;
    this.queued.clear();
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (!this.closed && this.queued.size > 0) {
        const blockId = this.queued.values().next().value!;
        this.queued.delete(blockId);
        if (!this.options.store.get(blockId)) continue;
        try {
          const pinned = await this.options.store.pinReplica(blockId);
          if (!pinned && !this.noRoom.has(blockId)) {
            this.noRoom.add(blockId);
            this.options.logger.warn({ blockId }, 'no room left to pin the block (--cache-pinned)');
          }
          if (pinned) this.noRoom.delete(blockId);
        } catch (err) {
          this.options.logger.warn({ err, blockId }, 'pinning a replica failed');
        }
      }
    } finally {
      this.running = false;
    }
  }
}
