/**
 * Gathers the small blocks of a client's writers into batches, one stream of batches
 * per first dataserver (src/core/block-batch.ts). A block goes at once if fewer than
 * `maxInFlightPerServer` batches are under way to its first dataserver; otherwise it
 * waits for one of them to be answered and goes with whatever else waited meanwhile.
 * An idle client adds no wait; a busy one sends one request where it would send many,
 * and each hop of the pipelines passes the batch on as batches.
 */
import { dispatcherOf, type LazyAgent } from './lazy-undici.js';
import {
  MAX_BATCH_BLOCKS,
  MAX_BATCH_BYTES,
  MAX_DESCRIPTOR_BYTES,
  batchlessServers,
  sendBlockBatch,
  type BatchedBlock,
  type BatchedResult,
} from '../core/block-batch.js';

export interface BlockBatcherOptions {
  dispatcher?: LazyAgent;
  /** Batches under way to one dataserver at once. */
  maxInFlightPerServer?: number;
  /** A batch carries at most this many blocks and body bytes. */
  maxBlocks?: number;
  maxBytes?: number;
  timeoutMs?: number;
  /** How long a dataserver without the batch endpoint gets single writes before it is tried again. */
  batchlessRetryMs?: number;
}

interface Waiting {
  block: BatchedBlock;
  resolve(result: BatchedResult | null): void;
  reject(err: unknown): void;
}

interface Server {
  queue: Waiting[];
  inFlight: number;
}

export class BlockBatcher {
  private readonly servers = new Map<string, Server>();
  private readonly batchless;
  private readonly maxInFlight: number;
  private readonly maxBlocks: number;
  private readonly maxBytes: number;

  constructor(private readonly options: BlockBatcherOptions = {}) {
    this.batchless = batchlessServers(options.batchlessRetryMs);
    this.maxInFlight = Math.max(1, options.maxInFlightPerServer ?? 2);
    this.maxBlocks = Math.min(MAX_BATCH_BLOCKS, options.maxBlocks ?? 32);
    // Room for the descriptor within the dataserver's limit.
    this.maxBytes = Math.min(MAX_BATCH_BYTES - MAX_DESCRIPTOR_BYTES, options.maxBytes ?? 4 << 20);
  }

  /**
   * Sends `block` to the dataserver at `url` in a batch. Resolves with what that
   * server answered for it, or with null if it has no batch endpoint: then the caller
   * sends the block alone. Rejects if the batch failed as a whole.
   */
  write(url: string, block: BatchedBlock): Promise<BatchedResult | null> {
    if (this.batchless.has(url)) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      let server = this.servers.get(url);
      if (!server) this.servers.set(url, (server = { queue: [], inFlight: 0 }));
      server.queue.push({ block, resolve, reject });
      this.pump(url, server);
    });
  }

  private pump(url: string, server: Server): void {
    while (server.inFlight < this.maxInFlight && server.queue.length > 0) {
      const batch: Waiting[] = [];
      let bytes = 0;
      while (server.queue.length > 0 && batch.length < this.maxBlocks) {
        const next = server.queue[0]!;
        if (batch.length > 0 && bytes + next.block.body.length > this.maxBytes) break;
        bytes += next.block.body.length;
        batch.push(server.queue.shift()!);
      }
      server.inFlight++;
      this.send(url, batch).finally(() => {
        server.inFlight--;
        if (server.queue.length > 0) this.pump(url, server);
        else if (server.inFlight === 0) this.servers.delete(url);
      });
    }
  }

  private async send(url: string, batch: Waiting[]): Promise<void> {
    try {
      const dispatcher = await dispatcherOf(this.options.dispatcher);
      const results = await sendBlockBatch(
        url,
        batch.map((w) => w.block),
        { dispatcher, timeoutMs: this.options.timeoutMs ?? 120_000 },
      );
      if (results === null) this.batchless.set(url, true);
      batch.forEach((w, i) => w.resolve(results ? results[i]! : null));
    } catch (err) {
      // Each writer retries its block on a new pipeline, as after a failed single write.
      for (const w of batch) w.reject(err);
    }
  }
}
