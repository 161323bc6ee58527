/**
 * Gathers the small blocks of a client's writers into batches, one stream of batches
 * per first dataserver (src/core/block-batch.ts, queued as src/client/server-queues.ts
 * says); each hop of the pipelines passes the batch on as batches.
 */
import { dispatcherOf, type LazyAgent } from './lazy-undici.js';
import { ServerQueues } from './server-queues.js';
import { pipelineOrder } from './pipeline-order.js';
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
  /** Seeds this client's ranking of servers (pipelineOrder); random when not given. */
  rankSeed?: number;
}

export class BlockBatcher {
  private readonly batchless;
  /** This client's ranking of servers for {@link pipelineOrder}. */
  private readonly rankSeed: number;
  private readonly queues: ServerQueues<BatchedBlock, BatchedResult | null>;

  constructor(private readonly options: BlockBatcherOptions = {}) {
    this.batchless = batchlessServers(options.batchlessRetryMs);
    this.rankSeed = options.rankSeed ?? (Math.random() * 0x1_0000_0000) >>> 0;
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

  /** A small block's replicas in the order this client sends them (src/client/pipeline-order.ts). */
  pipelineOrder<T extends { id: string }>(
    locations: readonly T[],
    media: readonly string[],
  ): { locations: T[]; media: string[] } {
    return pipelineOrder(this.rankSeed, locations, media);
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
