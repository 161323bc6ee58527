/**
 * Gathers a client's small block reads into batches, one stream of batches per
 * dataserver (src/core/read-batch.ts), as the block batcher does for writes: a read
 * goes at once if fewer than `maxInFlightPerServer` batches are under way to its
 * dataserver; otherwise it waits for one of them to be answered and goes with
 * whatever else waited meanwhile. An idle client adds no wait.
 */
import { dispatcherOf, type LazyAgent } from './lazy-undici.js';
import { batchlessServers } from '../core/block-batch.js';
import { ErrorCode, StrataError, errorCodeOfHttp } from '../core/errors.js';
import { exchange, joined } from '../platform/http-exchange.js';
import {
  MAX_READ_BATCH_RANGES,
  READ_BATCH_PATH,
  decodeReadBatchAnswer,
  encodeReadBatch,
  maxReadBatchAnswerBytes,
  type BatchedRange,
  type RangeResult,
} from '../core/read-batch.js';

export interface ReadBatcherOptions {
  dispatcher?: LazyAgent;
  /** Batches under way to one dataserver at once. */
  maxInFlightPerServer?: number;
  timeoutMs?: number;
}

interface Waiting {
  range: BatchedRange;
  resolve(result: RangeResult | null): void;
  reject(err: unknown): void;
}

interface Server {
  queue: Waiting[];
  inFlight: number;
}

export class ReadBatcher {
  private readonly servers = new Map<string, Server>();
  private readonly batchless = batchlessServers();
  private readonly maxInFlight: number;

  constructor(private readonly options: ReadBatcherOptions = {}) {
    this.maxInFlight = Math.max(1, options.maxInFlightPerServer ?? 1);
  }

  /**
   * Reads `range` from the dataserver at `url` in a batch. Resolves with that
   * server's answer for it, or with null if it has no batch endpoint (the caller
   * then reads the range alone). Rejects if the batch failed as a whole.
   */
  read(url: string, range: BatchedRange): Promise<RangeResult | null> {
    if (this.batchless.has(url)) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      let server = this.servers.get(url);
      if (!server) this.servers.set(url, (server = { queue: [], inFlight: 0 }));
      server.queue.push({ range, resolve, reject });
      this.pump(url, server);
    });
  }

  private pump(url: string, server: Server): void {
    while (server.inFlight < this.maxInFlight && server.queue.length > 0) {
      const batch = server.queue.splice(0, MAX_READ_BATCH_RANGES);
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
      const ranges = batch.map((w) => w.range);
      const answer = await exchange(await dispatcherOf(this.options.dispatcher), {
        origin: url,
        path: READ_BATCH_PATH,
        method: 'POST',
        body: encodeReadBatch(ranges),
        timeoutMs: this.options.timeoutMs ?? 30_000,
        maxBodyBytes: maxReadBatchAnswerBytes(ranges),
      });
      if (answer.statusCode === 404) {
        // An older dataserver: single reads for a while.
        this.batchless.set(url, true);
        for (const w of batch) w.resolve(null);
        return;
      }
      if (answer.statusCode !== 200)
        throw new StrataError(
          errorCodeOfHttp(answer.statusCode),
          `HTTP ${answer.statusCode} ${joined(answer).toString('utf8', 0, 200)}`,
        );
      const results = decodeReadBatchAnswer(joined(answer), batch.length);
      batch.forEach((w, i) => w.resolve(results[i]!));
    } catch (err) {
      // Each reader goes on to its block's next replica, as after a failed single read.
      const error =
        err instanceof Error ? err : new StrataError(ErrorCode.UNAVAILABLE, String(err));
      for (const w of batch) w.reject(error);
    }
  }
}
