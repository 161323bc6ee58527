/**
 * Gathers the small blocks of a client's writers into batches, one stream of batches
 * per first dataserver (src/core/block-batch.ts, queued as src/client/server-queues.ts
 * says); each hop of the pipelines passes the batch on as batches.
 */
import { dispatcherOf, type LazyAgent } from './lazy-undici.js';
import { ServerQueues } from './server-queues.js';
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

export class BlockBatcher {
  private readonly batchless;
  /** This client's ranking of servers for {@link pipelineOrder}. */
  private readonly seed = (Math.random() * 0x1_0000_0000) >>> 0;
  private readonly queues: ServerQueues<BatchedBlock, BatchedResult | null>;

  constructor(private readonly options: BlockBatcherOptions = {}) {
    this.batchless = batchlessServers(options.batchlessRetryMs);
    const maxBlocks = Math.min(MAX_BATCH_BLOCKS, options.maxBlocks ?? 32);
    // Room for the descriptor within the dataserver's limit.
    const maxBytes = Math.min(MAX_BATCH_BYTES - MAX_DESCRIPTOR_BYTES, options.maxBytes ?? 4 << 20);
    this.queues = new ServerQueues({
      maxInFlight: Math.max(1, options.maxInFlightPerServer ?? 2),
      batchSize: (queue) => {
        let count = 0;
        let bytes = 0;
        for (const { item: block } of queue) {
          if (count === maxBlocks || (count > 0 && bytes + block.body.length > maxBytes)) break;
          bytes += block.body.length;
          count++;
        }
        return count;
      },
      send: (url, blocks) => this.send(url, blocks),
    });
  }

  /**
   * Sends `block` to the dataserver at `url` in a batch. Resolves with what that
   * server answered for it, or with null if it has no batch endpoint: then the caller
   * sends the block alone. Rejects if the batch failed as a whole (each writer then
   * retries its block on a new pipeline, as after a failed single write).
   */
  write(url: string, block: BatchedBlock): Promise<BatchedResult | null> {
    if (this.batchless.has(url)) return Promise.resolve(null);
    return this.queues.add(url, block);
  }

  /**
   * The order to send a small block's replicas in: by this client's rank of each server.
   * Any order of the same servers places the replicas alike (each keeps its medium).
   * In the nameserver's random orders a hop split its batch by next hop, and at 16
   * writes in flight most batches carried one block; a client that always orders a
   * set of servers the same way sends its small blocks down the same pipelines, in
   * shared batches at every hop. The rank is this client's own, so that many clients
   * still spread the first hop's work over the servers.
   */
  pipelineOrder<T extends { id: string }>(
    locations: readonly T[],
    media: readonly string[],
  ): { locations: T[]; media: string[] } {
    const ranked = locations.map((location, i) => ({
      location,
      medium: media[i],
      rank: rankOf(this.seed, location.id),
    }));
    ranked.sort((a, b) => a.rank - b.rank);
    return {
      locations: ranked.map((r) => r.location),
      media: media.length === locations.length ? ranked.map((r) => r.medium!) : [...media],
    };
  }

  private async send(url: string, blocks: BatchedBlock[]): Promise<(BatchedResult | null)[]> {
    const dispatcher = await dispatcherOf(this.options.dispatcher);
    const results = await sendBlockBatch(url, blocks, {
      dispatcher,
      timeoutMs: this.options.timeoutMs ?? 120_000,
    });
    if (results === null) this.batchless.set(url, true);
    return blocks.map((_, i) => (results ? results[i]! : null));
  }
}

/** FNV-1a over a server id, started from the client's seed: a rank stable for the client's life. */
function rankOf(seed: number, id: string): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}
