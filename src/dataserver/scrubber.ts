/**
 * The background scrubber: re-reads every replica on this dataserver at a bounded
 * byte rate and checks each chunk against its stored CRC32C, so that rot is found
 * before a reader meets it. A replica that fails (a flipped bit, a truncated data
 * file, a missing or unreadable checksum file) is taken out of service and
 * reported; the nameserver replaces it from a good replica, then has it deleted.
 */
import { RateLimiter } from 'limiter';
import type { BlockStore, CorruptReplica } from '../blockstore/block-store.js';
import type { Logger } from '../platform/logger.js';

export interface ScrubberOptions {
  store: BlockStore;
  logger: Logger;
  /** Bytes read per second by the scrubber; 0 turns it off. */
  bytesPerSecond: number;
  /** Pause between two passes over every replica. */
  passIntervalMs: number;
  onCorrupt: (replica: CorruptReplica) => void;
}

export class Scrubber {
  private readonly limiter: RateLimiter | null;
  private stopped = false;
  private wake: (() => void) | null = null;
  private timer: NodeJS.Timeout | undefined;
  /** Completed passes and what they found, for metrics and tests. */
  passes = 0;
  bytesScrubbed = 0;
  corruptFound = 0;

  constructor(private readonly options: ScrubberOptions) {
    this.limiter =
      options.bytesPerSecond > 0
        ? new RateLimiter({ tokensPerInterval: options.bytesPerSecond, interval: 'second' })
        : null;
  }

  start(): void {
    if (this.limiter) void this.run();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      for (const replica of this.options.store.list()) {
        if (this.stopped) return;
        await this.scrub(replica.blockId);
      }
      this.passes++;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.timer = setTimeout(resolve, this.options.passIntervalMs);
      });
    }
  }

  private async scrub(blockId: number): Promise<void> {
    const { store, logger } = this.options;
    let result: { ok: boolean; reason?: string };
    try {
      result = await store.verify(blockId, (bytes) => this.throttle(bytes));
    } catch {
      return; // deleted meanwhile
    }
    if (result.ok || this.stopped) return;
    const corrupt = store.markCorrupt(blockId, result.reason ?? 'failed its check');
    if (!corrupt) return;
    this.corruptFound++;
    logger.warn({ blockId, reason: corrupt.reason }, 'scrubber found a corrupt replica');
    this.options.onCorrupt(corrupt);
  }

  private async throttle(bytes: number): Promise<void> {
    this.bytesScrubbed += bytes;
    const perSecond = this.options.bytesPerSecond;
    for (let left = bytes; left > 0; left -= perSecond) {
      await this.limiter!.removeTokens(Math.min(left, perSecond));
    }
  }
}
