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
  /** How many items from the head of `queue` the next batch takes (at least one). */
  batchSize(queue: readonly Item[]): number;
  /** Sends one batch; resolves with each item's result, in order. */
  send(url: string, items: Item[]): Promise<Result[]>;
}

interface Waiting<Item, Result> {
  item: Item;
  resolve(result: Result): void;
  reject(err: unknown): void;
}

interface Server<Item, Result> {
  queue: Waiting<Item, Result>[];
  inFlight: number;
}

export class ServerQueues<Item, Result> {
  private readonly servers = new Map<string, Server<Item, Result>>();

  constructor(private readonly options: ServerQueueOptions<Item, Result>) {}

  /** Resolves with the item's result, or rejects if its batch failed as a whole. */
  add(url: string, item: Item): Promise<Result> {
    return new Promise((resolve, reject) => {
      let server = this.servers.get(url);
      if (!server) this.servers.set(url, (server = { queue: [], inFlight: 0 }));
      server.queue.push({ item, resolve, reject });
      this.pump(url, server);
    });
  }

  private pump(url: string, server: Server<Item, Result>): void {
    while (server.inFlight < this.options.maxInFlight && server.queue.length > 0) {
      const size = this.options.batchSize(server.queue.map((w) => w.item));
      const batch = server.queue.splice(0, Math.max(1, size));
      server.inFlight++;
      this.send(url, batch).finally(() => {
        server.inFlight--;
        if (server.queue.length > 0) this.pump(url, server);
        else if (server.inFlight === 0) this.servers.delete(url);
      });
    }
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
