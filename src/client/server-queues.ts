/**
 * Per-server queues of small requests sent in batches, for the block batcher (writes)
 * and the read batcher: an item goes at once if fewer than `maxInFlight` batches are
 * under way to its server; otherwise it waits for one of them to be answered and goes
 * with whatever else waited meanwhile. An idle client adds no wait; a busy one sends
 * one request where it would send many. The queues are bounded by the callers: each
 * waits for its own answer.
 */
export interface ServerQueueOptions<Item, Result> {
  /** Batches under way to one server at once. */
  maxInFlight: number;
  /**
   * A batch under way this long no longer holds back what waits behind it: one more
   * may go (up to {@link MAX_STALLED_BATCHES} more), so that one slow batch (a slow
   * disk, a fail-slow server) does not also delay every read queued behind it.
   * Unset: never.
   */
  stallMs?: number;
  /** How many items from the head of `queue` the next batch takes (at least one). */
  batchSize(queue: readonly Waiting<Item, Result>[]): number;
  /** Sends one batch; resolves with each item's result, in order. */
  send(url: string, items: Item[]): Promise<Result[]>;
}

/** Batches a queue may send past its maxInFlight while those under way are stalled. */
export const MAX_STALLED_BATCHES = 4;

export interface Waiting<Item, Result> {
  item: Item;
  resolve(result: Result): void;
  reject(err: unknown): void;
}

interface Server<Item, Result> {
  queue: Waiting<Item, Result>[];
  inFlight: number;
  /** Batches allowed past maxInFlight because those under way stalled. */
  extra: number;
  /** Batches answered (or failed) so far. */
  ended: number;
  stallTimer: NodeJS.Timeout | undefined;
}

export class ServerQueues<Item, Result> {
  private readonly servers = new Map<string, Server<Item, Result>>();

  constructor(private readonly options: ServerQueueOptions<Item, Result>) {}

  /** Resolves with the item's result, or rejects if its batch failed as a whole. */
  add(url: string, item: Item): Promise<Result> {
    return new Promise((resolve, reject) => {
      let server = this.servers.get(url);
      if (!server)
        this.servers.set(
          url,
          (server = { queue: [], inFlight: 0, extra: 0, ended: 0, stallTimer: undefined }),
        );
      server.queue.push({ item, resolve, reject });
      this.pump(url, server);
    });
  }

  private pump(url: string, server: Server<Item, Result>): void {
    while (server.inFlight < this.options.maxInFlight + server.extra && server.queue.length > 0) {
      const size = this.options.batchSize(server.queue);
      const batch = server.queue.splice(0, Math.max(1, size));
      server.inFlight++;
      this.send(url, batch).finally(() => {
        server.inFlight--;
        server.ended++;
        if (server.inFlight <= this.options.maxInFlight) server.extra = 0;
        if (server.queue.length > 0) this.pump(url, server);
        else if (server.inFlight === 0) {
          clearTimeout(server.stallTimer);
          this.servers.delete(url);
        }
      });
    }
    this.watchForStall(url, server);
  }

  /** While items wait behind batches under way, lets one more go if none ends within stallMs. */
  private watchForStall(url: string, server: Server<Item, Result>): void {
    const { stallMs } = this.options;
    if (stallMs === undefined || server.stallTimer || server.queue.length === 0) return;
    if (server.extra >= MAX_STALLED_BATCHES) return;
    const ended = server.ended;
    server.stallTimer = setTimeout(() => {
      server.stallTimer = undefined;
      // Still waiting, and nothing came back meanwhile: the batches under way are stalled.
      if (server.queue.length > 0 && server.ended === ended) server.extra++;
      this.pump(url, server);
    }, stallMs);
    server.stallTimer.unref();
  }

  private async send(url: string, batch: Waiting<Item, Result>[]): Promise<void> {
    try {
      const results = await this.options.send(
        url,
        batch.map((w) => w.item),
      );
      batch.forEach((w, i) => w.resolve(results[i]!));
    } catch (err) {
      for (const w of batch) w.reject(err);
    }
  }
}
