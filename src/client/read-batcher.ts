/**
 * Gathers a client's small block reads into batches, one stream of batches per
 * dataserver (src/core/read-batch.ts, queued as src/client/server-queues.ts says).
 * One batch at a time to a server, where writes have two: under 4 KiB reads at 16 in
 * flight, spread over three servers, two left nearly every read alone, and the
 * batches did nothing (3,481–3,919 reads/s either way); with one, 4,550–5,833.
 * A read that goes alone is a plain GET (src/client/range-read.ts).
 */
import { dispatcherOf, type LazyAgent } from './lazy-undici.js';
import { batchlessServers, isMissingEndpoint } from '../core/block-batch.js';
import { StrataError, errorCodeOfHttp } from '../core/errors.js';
import { ServerQueues } from './server-queues.js';
import { readRangeAlone } from './range-read.js';
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
  /** Batches under way to one dataserver at once (default 1). */
  maxInFlightPerServer?: number;
  timeoutMs?: number;
}

/** A read batch under way this long no longer holds back the reads queued behind it. */
const STALLED_READ_BATCH_MS = 100;

export class ReadBatcher {
  private readonly batchless = batchlessServers();
  private readonly queues: ServerQueues<BatchedRange, RangeResult | null>;

  constructor(private readonly options: ReadBatcherOptions = {}) {
    this.queues = new ServerQueues({
      maxInFlight: Math.max(1, options.maxInFlightPerServer ?? 1),
      // A 4 KiB batch takes a few ms: one out for longer is stuck (a slow disk, a
      // fail-slow server), and the reads behind it go without it.
      stallMs: STALLED_READ_BATCH_MS,
      batchSize: () => MAX_READ_BATCH_RANGES,
      send: (url, ranges) => this.send(url, ranges),
    });
  }

  /**
   * Reads `range` from the dataserver at `url` in a batch. Resolves with that
   * server's answer for it, or with null if it has no batch endpoint (the caller
   * then reads the range alone). Rejects if the batch failed as a whole (each reader
   * then goes on to its block's next replica, as after a failed single read).
   */
  read(url: string, range: BatchedRange): Promise<RangeResult | null> {
    if (this.batchless.has(url)) return Promise.resolve(null);
    return this.queues.add(url, range);
  }

  private async send(url: string, ranges: BatchedRange[]): Promise<(RangeResult | null)[]> {
    const dispatcher = await dispatcherOf(this.options.dispatcher);
    const timeoutMs = this.options.timeoutMs ?? 30_000;
    // Alone (nothing else waited): a plain GET, cheaper than a batch of one.
    if (ranges.length === 1) return [await readRangeAlone(dispatcher, url, ranges[0]!, timeoutMs)];
    const answer = await exchange(dispatcher, {
      origin: url,
      path: READ_BATCH_PATH,
      method: 'POST',
      body: encodeReadBatch(ranges),
      timeoutMs,
      maxBodyBytes: maxReadBatchAnswerBytes(ranges),
    });
    if (isMissingEndpoint(answer.statusCode, joined(answer).toString('utf8', 0, 200))) {
      // An older dataserver: single reads for a while.
      this.batchless.set(url, true);
      return ranges.map(() => null);
    }
    if (answer.statusCode !== 200)
      throw new StrataError(
        errorCodeOfHttp(answer.statusCode),
        `HTTP ${answer.statusCode} ${joined(answer).toString('utf8', 0, 200)}`,
      );
    // Each body copied out: a reader keeping its small file must not keep the whole
    // answer alive, nor reach the other files in it through the buffer's memory.
    return decodeReadBatchAnswer(joined(answer), ranges).map((result) =>
      'body' in result ? { ...result, body: Buffer.from(result.body) } : result,
    );
  }
}
