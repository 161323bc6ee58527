/**
 * Carries out the nameserver's copy orders on the target dataserver: pulls the
 * replica from the source dataserver over the data plane (the same GET a client
 * uses), checks every chunk's CRC32C on arrival, writes it through the block store
 * and reports it stored. The nameserver never touches the bytes.
 *
 * Repair must not starve clients: copies run a few at a time, and all of them
 * together are held to a byte rate (a token bucket) on this server.
 */
import { request } from 'undici';
import { RateLimiter } from 'limiter';
import { dataLoss, errorCodeOfHttp, StrataError } from '../core/errors.js';
import { decodeFrames, verifyFrame } from '../core/frames.js';
import { piecesOf } from '../platform/stream-pieces.js';
import type { BlockStore, ReplicaInfo } from '../blockstore/block-store.js';
import type { Logger } from '../platform/logger.js';

export interface CopyOrder {
  blockId: number;
  generation: number;
  length: number;
  sourceUrl: string;
}

export interface BlockCopierOptions {
  store: BlockStore;
  logger: Logger;
  /** All copies together, bytes per second. */
  bandwidthBytesPerSecond: number;
  maxConcurrentCopies: number;
  /** Orders waiting beyond this are dropped; the nameserver orders again later. */
  maxQueuedCopies: number;
  onStored: (replica: ReplicaInfo) => void;
  onFailed?: (order: CopyOrder, reason: string) => void;
  timeoutMs?: number;
}

export class BlockCopier {
  private readonly queue: CopyOrder[] = [];
  private readonly underWay = new Set<number>();
  private readonly limiter: RateLimiter;
  private running = 0;
  private closed = false;
  /** Bytes copied in, for metrics and the repair benchmark. */
  bytesCopied = 0;
  copiesDone = 0;
  copiesFailed = 0;

  constructor(private readonly options: BlockCopierOptions) {
    this.limiter = new RateLimiter({
      tokensPerInterval: options.bandwidthBytesPerSecond,
      interval: 'second',
    });
  }

  /** Copies in progress or waiting. */
  get pending(): number {
    return this.running + this.queue.length;
  }

  submit(order: CopyOrder): void {
    if (this.closed || this.underWay.has(order.blockId)) return;
    if (this.options.store.get(order.blockId)?.generation === order.generation) return;
    if (this.queue.length >= this.options.maxQueuedCopies) return;
    this.underWay.add(order.blockId);
    this.queue.push(order);
    this.pump();
  }

  close(): void {
    this.closed = true;
    this.queue.length = 0;
  }

  private pump(): void {
    while (!this.closed && this.running < this.options.maxConcurrentCopies) {
      const order = this.queue.shift();
      if (!order) return;
      this.running++;
      void this.copy(order).finally(() => {
        this.running--;
        this.underWay.delete(order.blockId);
        this.pump();
      });
    }
  }

  private async copy(order: CopyOrder): Promise<void> {
    const { logger } = this.options;
    try {
      const replica = await this.pull(order);
      this.copiesDone++;
      this.options.onStored(replica);
      logger.info({ blockId: order.blockId, from: order.sourceUrl }, 'replica copied');
    } catch (err) {
      this.copiesFailed++;
      const reason = err instanceof Error ? err.message : String(err);
      logger.warn({ blockId: order.blockId, from: order.sourceUrl, reason }, 'copy failed');
      this.options.onFailed?.(order, reason);
    }
  }

  private async pull(order: CopyOrder): Promise<ReplicaInfo> {
    const timeoutMs = this.options.timeoutMs ?? 60_000;
    const response = await request(`${order.sourceUrl}/blocks/${order.blockId}`, {
      method: 'GET',
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      highWaterMark: 1024 * 1024,
    });
    if (response.statusCode !== 200) {
      const text = await response.body.text().catch(() => '');
      throw new StrataError(
        errorCodeOfHttp(response.statusCode),
        `source answered HTTP ${response.statusCode} ${text.slice(0, 200)}`,
      );
    }
    const generation = Number(response.headers['x-strata-generation']);
    if (generation !== order.generation) {
      response.body.destroy();
      throw dataLoss(`source holds generation ${generation}, not ${order.generation}`);
    }
    const writer = await this.options.store.createWriter(order.blockId, order.generation, {
      expectedBytes: order.length,
    });
    try {
      for await (const frame of decodeFrames(piecesOf(response.body))) {
        if (!verifyFrame(frame)) throw dataLoss('checksum mismatch in a chunk from the source');
        await this.throttle(frame.payload.length);
        await writer.write(frame.payload, frame.crc);
        this.bytesCopied += frame.payload.length;
      }
      if (writer.bytesWritten !== order.length) {
        throw dataLoss(`source sent ${writer.bytesWritten} bytes of ${order.length}`);
      }
      return await writer.finalize();
    } catch (err) {
      await writer.abort().catch(() => undefined);
      throw err;
    } finally {
      response.body.destroy();
    }
  }

  /** Waits for `bytes` tokens; a chunk larger than one second's allowance is taken in parts. */
  private async throttle(bytes: number): Promise<void> {
    const perSecond = this.options.bandwidthBytesPerSecond;
    for (let left = bytes; left > 0; left -= perSecond) {
      await this.limiter.removeTokens(Math.min(left, perSecond));
    }
  }
}
