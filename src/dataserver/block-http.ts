/**
 * The dataserver's HTTP data plane: block writes (with pipelined replication to
 * the next dataservers) and block reads, both framed in CRC32C-checked chunks.
 *
 *   PUT /blocks/{id}?gen={g}   body: frames, whole with a declared length of at
 *                               most WHOLE_BODY_MAX_BYTES or streamed (chunked);
 *                               header x-strata-pipeline: the
 *                               remaining data URLs, comma-separated;
 *                               x-strata-media: the medium of this hop and of
 *                               each after it (nvme, hdd, or empty: any)
 *       → 200 {"storedOn": [dataserver ids that fsynced the block]}
 *   GET /blocks/{id}?offset={o}&length={n}
 *       → 200 frames of the chunks covering the range, of declared content-length;
 *         x-strata-generation is the replica's, x-strata-chunk-offset the block
 *         offset of the first chunk (chunks are aligned, the reader trims)
 *   POST /block-batch          body: many small blocks, each whole with its own
 *                               pipeline and media (src/core/block-batch.ts)
 *       → 200 {"results": [per block: {"storedOn", "length"} or {"code", "message"}]}
 *   POST /read-batch           body: small ranges of blocks (src/core/read-batch.ts)
 *       → 200 a descriptor, then each range's body as a GET answers it
 *   GET /health → 200 {"id": ...}
 *
 * Every hop verifies every chunk's CRC before writing it, forwards it downstream
 * while writing (a whole body once all of it is verified, as it came), and answers only after its own fsync+rename and the downstream
 * answer, so a 200 means the bytes are durable on every server it names. A batch is
 * passed on as batches, one to each next hop its blocks name.
 */
import http from 'node:http';
import { PassThrough, finished } from 'node:stream';
import { once } from 'node:events';
import { drained } from '../platform/drain.js';
import { getGlobalDispatcher, request } from 'undici';
import {
  asStrataError,
  dataLoss,
  ErrorCode,
  httpStatusOf,
  invalidArgument,
  resourceExhausted,
  StrataError,
} from '../core/errors.js';
import {
  WHOLE_BODY_MAX_BYTES,
  decodeFrames,
  decodeWholeBody,
  FRAME_HEADER_BYTES,
  encodeFrameHeader,
  encodeTerminator,
  verifyFrame,
  type Frame,
} from '../core/frames.js';
import { piecesOf } from '../platform/stream-pieces.js';
import {
  BATCH_TIMEOUT_HEADER,
  BLOCK_BATCH_PATH,
  MAX_BATCH_BYTES,
  batchlessServers,
  downstreamTimeoutMs,
  decodeBlockBatch,
  encodeBatchResults,
  sendBlockBatch,
  type BatchedBlock,
  type BatchedResult,
} from '../core/block-batch.js';
import {
  MAX_READ_BATCH_REQUEST_BYTES,
  READ_BATCH_PATH,
  decodeReadBatch,
  encodeReadBatchDescriptor,
  type BatchedRange,
  type RangeAnswer,
} from '../core/read-batch.js';
import type { Logger } from '../platform/logger.js';
import type { BlockStore, BlockWriter } from '../blockstore/block-store.js';
import { isMedium, type Medium } from '../core/media.js';

export interface BlockHttpOptions {
  dataserverId: string;
  store: BlockStore;
  logger: Logger;
  /** Called when a replica has been finalized, to tell the nameserver. */
  onBlockStored: (blockId: number, generation: number, length: number, medium: string) => void;
  /** Most block writes in flight at once; more are refused with 503. */
  maxConcurrentWrites: number;
  /** Most pipeline hops after this one a write may ask for. */
  maxPipelineHops: number;
}

const PIPELINE_HEADER = 'x-strata-pipeline';
/** The most bytes the block may reach (its file's block size): it must fit in one storage dir. */
const BLOCK_BYTES_HEADER = 'x-strata-block-bytes';
/** The medium this hop stores on, then those of the hops after it ('' : any). */
const MEDIA_HEADER = 'x-strata-media';
const STREAM_BUFFER_BYTES = 1024 * 1024;

export class BlockHttpServer {
  private readonly server: http.Server;
  private activeWrites = 0;
  /**
   * Bytes of block batches held in memory (each counted twice: the body read, and
   * the copy passed on). Bounded like single writes: as many as
   * maxConcurrentWrites whole bodies would be.
   */
  private batchBytes = 0;
  private readonly maxBatchBytesHeld: number;
  /**
   * Bytes of read batch answers held in memory, counted before the ranges are read
   * (each answer is held whole until it is sent). Bounded like block batches.
   */
  private readBatchBytes = 0;
  /** Next hops that answered they have no batch endpoint (older dataservers), until when. */
  private readonly batchless = batchlessServers();

  constructor(private readonly options: BlockHttpOptions) {
    this.maxBatchBytesHeld = 2 * options.maxConcurrentWrites * WHOLE_BODY_MAX_BYTES;
    // A 1 MiB stream buffer on both request and response: with the 16 KiB default,
    // every 64 KiB frame waited for the socket to drain, a round trip per chunk.
    this.server = http.createServer({ highWaterMark: STREAM_BUFFER_BYTES }, (req, res) => {
      this.route(req, res).catch((err: unknown) => this.fail(res, err));
    });
    // Bounded waits for slow or stuck peers; a block write of 64 MiB streams well within this.
    this.server.headersTimeout = 30_000;
    this.server.requestTimeout = 10 * 60_000;
    this.server.keepAliveTimeout = 30_000;
  }

  get activeTransfers(): number {
    return this.activeWrites;
  }

  async listen(host: string, port: number): Promise<number> {
    this.server.listen(port, host);
    await once(this.server, 'listening');
    const address = this.server.address();
    if (!address || typeof address === 'string') throw new Error('no TCP address');
    return address.port;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parts = url.pathname.split('/').filter(Boolean);
    if (url.pathname === BLOCK_BATCH_PATH && req.method === 'POST')
      return this.writeBatch(req, res);
    if (url.pathname === READ_BATCH_PATH && req.method === 'POST') return this.readBatch(req, res);
    if (parts.length === 1 && parts[0] === 'health' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: this.options.dataserverId }));
      return;
    }
    if (parts.length === 2 && parts[0] === 'blocks') {
      const blockId = parseId(parts[1]!, 'block id');
      if (req.method === 'PUT')
        return this.write(
          req,
          res,
          blockId,
          parseId(url.searchParams.get('gen') ?? '', 'generation'),
        );
      if (req.method === 'GET') {
        const offset = parseOptionalInt(url.searchParams.get('offset'), 0);
        const length = parseOptionalInt(url.searchParams.get('length'), Number.MAX_SAFE_INTEGER);
        return this.read(res, blockId, offset, length);
      }
    }
    req.resume();
    throw new StrataError(ErrorCode.NOT_FOUND, `no such endpoint: ${req.method} ${url.pathname}`);
  }

  private async read(
    res: http.ServerResponse,
    blockId: number,
    offset: number,
    length: number,
  ): Promise<void> {
    const replica = this.options.store.get(blockId);
    if (!replica) throw new StrataError(ErrorCode.NOT_FOUND, `block ${blockId} is not here`);
    const chunks = this.options.store.readChunks(blockId, offset, length);
    // Pull the first chunk before the headers go out, so that a missing or broken file is a clean error.
    const first = await chunks.next();
    const answer = readAnswerSize(
      offset,
      length,
      replica.length,
      this.options.store.chunkSizeBytes,
    );
    // Only the headers a reader uses (each costs the reader's HTTP parser a round of
    // callbacks; on a 4 KiB read the headers are most of what it parses): no Date,
    // no content type.
    res.sendDate = false;
    res.writeHead(200, {
      // A declared length, not chunked encoding: a small answer (headers, its one
      // frame and the terminator) then leaves in one write and reaches the reader in
      // one piece.
      'content-length': String(answer.bytes),
      'x-strata-generation': String(replica.generation),
      'x-strata-chunk-offset': String(
        alignedOffset(offset, replica.length, this.options.store.chunkSizeBytes),
      ),
    });
    try {
      let sent = 0;
      for (let item = first; !item.done; item = await chunks.next()) {
        const frame = item.value;
        // More chunks than declared: replaced meanwhile by a longer generation.
        if (sent === answer.frames) {
          res.destroy();
          return;
        }
        // Header and payload go out in one writev without copying the payload into a
        // frame: that copy's allocations set off garbage collections on every read.
        // The last frame goes with the terminator.
        res.cork();
        res.write(encodeFrameHeader(frame.payload.length, frame.crc));
        if (++sent === answer.frames) {
          res.write(frame.payload);
          res.end(encodeTerminator());
          continue;
        }
        const more = res.write(frame.payload);
        res.uncork();
        if (!more) await drained(res);
        if (res.destroyed) return; // the reader went away
      }
      if (sent === 0 && answer.frames === 0) res.end(encodeTerminator());
      // Replaced meanwhile by a generation of another length: the reader must not
      // take a short answer for a whole one.
      else if (sent !== answer.frames) res.destroy();
    } catch (err) {
      // Headers are out: the reader sees a stream without its terminator, i.e. an error.
      this.options.logger.warn({ err, blockId }, 'read failed mid-stream');
      // An answer already whole (a failure after it, closing the file) is left to go out.
      if (!res.writableEnded) res.destroy();
    } finally {
      await chunks.return(undefined); // closes the replica's file handle
    }
  }

  private async write(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    blockId: number,
    generation: number,
  ): Promise<void> {
    const downstream = parsePipeline(
      listHeader(req.headers[PIPELINE_HEADER]),
      this.options.maxPipelineHops,
    );
    const blockBytes = parseOptionalInt(headerText(req.headers[BLOCK_BYTES_HEADER]), 0);
    const [medium, ...downstreamMedia] = parseMedia(
      listHeader(req.headers[MEDIA_HEADER]),
      downstream.length + 1,
    );
    if (this.activeWrites >= this.options.maxConcurrentWrites) {
      req.resume();
      throw new StrataError(ErrorCode.UNAVAILABLE, 'too many block writes in flight');
    }
    this.activeWrites++;
    const writer = await this.options.store
      .createWriter(blockId, generation, {
        expectedBytes: blockBytes,
        cacheOnWrite: downstream.length === 0,
        ...(medium ? { medium } : {}),
      })
      .catch((err: unknown) => {
        this.activeWrites--;
        req.resume();
        throw err;
      });
    let forward: Downstream | null = null;
    let finalized = false;
    const forwardTo = (whole: Buffer | null) =>
      downstream.length > 0
        ? this.startDownstream(downstream, blockId, generation, blockBytes, downstreamMedia, whole)
        : null;
    try {
      const whole = await readWholeBody(req);
      if (whole) {
        // Checked and taken here before it goes on (a whole body is held in memory
        // until finalize, so this costs no disk time): a body this hop refuses is
        // never passed on, where it could be stored on its own. The next hop gets
        // the body as it came.
        const frames = checkedFrames(whole, blockId);
        for (const frame of frames) await writer.write(frame.payload, frame.crc);
        forward = forwardTo(whole);
      } else {
        forward = forwardTo(null);
        await receiveFrames(req, writer, forward, blockId);
      }
      forward?.end();
      const info = await writer.finalize();
      finalized = true;
      this.options.onBlockStored(blockId, generation, info.length, info.medium);
      const downstreamStored = forward ? await forward.result(info.length) : [];
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          storedOn: [this.options.dataserverId, ...downstreamStored],
          length: info.length,
        }),
      );
    } catch (err) {
      forward?.abort();
      if (!finalized) await writer.abort();
      throw err;
    } finally {
      this.activeWrites--;
    }
  }

  /**
   * Small reads in one request (src/core/read-batch.ts): each range is read as a
   * single GET reads it, and answered with its body or its own error; one range that
   * fails does not fail the others.
   */
  private async readBatch(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (declaredLength(req, MAX_READ_BATCH_REQUEST_BYTES) === null) {
      req.resume();
      throw resourceExhausted(
        `a read batch must declare a length of at most ${MAX_READ_BATCH_REQUEST_BYTES}`,
      );
    }
    const ranges = decodeReadBatch(await readBody(req));
    // What the answer can take at most, held until it is sent: refused past the bound.
    const { chunkSizeBytes } = this.options.store;
    const held = ranges.reduce(
      (sum, r) => sum + readAnswerSize(r.offset, r.length, Infinity, chunkSizeBytes).bytes,
      0,
    );
    if (this.readBatchBytes + held > this.maxBatchBytesHeld)
      throw new StrataError(ErrorCode.UNAVAILABLE, 'too many read batch bytes in flight');
    this.readBatchBytes += held;
    try {
      const read = await Promise.all(ranges.map((range) => this.readWhole(range)));
      const parts = encodeReadBatchDescriptor(read.map((r) => r.answer));
      for (const r of read) for (const part of r.parts) parts.push(part);
      res.sendDate = false;
      res.writeHead(200, {
        'content-length': String(parts.reduce((sum, part) => sum + part.length, 0)),
      });
      res.cork();
      for (const part of parts) res.write(part);
      res.end();
      // Held until the socket took it: a reader that does not read keeps its bytes counted.
      if (!res.writableFinished) await new Promise((resolve) => finished(res, resolve));
    } finally {
      this.readBatchBytes -= held;
    }
  }

  /** One range of a read batch: what a single GET of it would answer, held whole. */
  private async readWhole(range: BatchedRange): Promise<{ answer: RangeAnswer; parts: Buffer[] }> {
    const { blockId, offset, length } = range;
    try {
      const replica = this.options.store.get(blockId);
      if (!replica) throw new StrataError(ErrorCode.NOT_FOUND, `block ${blockId} is not here`);
      const { chunkSizeBytes } = this.options.store;
      const expected = readAnswerSize(offset, length, replica.length, chunkSizeBytes);
      const parts: Buffer[] = [];
      let frames = 0;
      for await (const frame of this.options.store.readChunks(blockId, offset, length)) {
        if (++frames > expected.frames) break;
        parts.push(encodeFrameHeader(frame.payload.length, frame.crc), frame.payload);
      }
      // Replaced meanwhile by a generation of another length: no answer rather than a wrong one.
      if (frames !== expected.frames)
        throw new StrataError(ErrorCode.UNAVAILABLE, `block ${blockId} changed while it was read`);
      parts.push(encodeTerminator());
      return {
        answer: {
          id: blockId,
          offset,
          gen: replica.generation,
          chunkOffset: alignedOffset(offset, replica.length, chunkSizeBytes),
          bytes: parts.reduce((sum, part) => sum + part.length, 0),
        },
        parts,
      };
    } catch (err) {
      const error = asStrataError(err);
      if (error.code === ErrorCode.INTERNAL)
        this.options.logger.error({ err, blockId }, 'data plane error');
      return {
        answer: { id: blockId, offset, code: error.code, message: error.message },
        parts: [],
      };
    }
  }

  /**
   * A batch of small blocks (src/core/block-batch.ts). Each block is taken as a whole
   * body is by {@link write}: checked, written, passed on, finalized, answered. The
   * blocks that go on are passed on as one batch per next hop, and their finalizes
   * run together, so the needles share a group commit. A block this hop refuses is
   * answered with its error and not passed on; the others are unaffected.
   */
  private async writeBatch(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const declared = declaredLength(req, MAX_BATCH_BYTES);
    if (declared === null) {
      req.resume();
      throw resourceExhausted(`a block batch must declare a length of at most ${MAX_BATCH_BYTES}`);
    }
    const held = 2 * declared;
    if (this.batchBytes + held > this.maxBatchBytesHeld) {
      req.resume();
      throw new StrataError(ErrorCode.UNAVAILABLE, 'too many block bytes in flight');
    }
    this.batchBytes += held;
    try {
      await this.writeBatchHeld(req, res);
    } finally {
      this.batchBytes -= held;
    }
  }

  private async writeBatchHeld(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // A sender that says how long it waits gets an answer within that; else 60 s a hop.
    const waited = parseOptionalInt(headerText(req.headers[BATCH_TIMEOUT_HEADER]), 0);
    const timeoutMs = waited > 0 ? downstreamTimeoutMs(Math.min(waited, 10 * 60_000)) : 60_000;
    const blocks = decodeBlockBatch(await readBody(req));
    // Malformed routing refuses the whole batch, before anything of it is stored.
    const routes = blocks.map((block) => {
      const pipeline = parsePipeline(block.pipeline, this.options.maxPipelineHops);
      return { pipeline, media: parseMedia(block.media, pipeline.length + 1) };
    });
    const results: BatchedResult[] = new Array<BatchedResult>(blocks.length);
    const refuse = (i: number, err: unknown) => {
      const error = asStrataError(err);
      if (error.code === ErrorCode.INTERNAL)
        this.options.logger.error({ err, blockId: blocks[i]!.blockId }, 'data plane error');
      results[i] = { code: error.code, message: error.message };
    };
    let counted = 0;
    try {
      const writers = await Promise.all(
        blocks.map(async (block, i) => {
          if (this.activeWrites >= this.options.maxConcurrentWrites) {
            refuse(i, new StrataError(ErrorCode.UNAVAILABLE, 'too many block writes in flight'));
            return null;
          }
          this.activeWrites++;
          counted++;
          const { pipeline, media } = routes[i]!;
          return this.takeWhole(block, media[0] ?? null, pipeline.length === 0).catch(
            (err: unknown) => {
              refuse(i, err);
              return null;
            },
          );
        }),
      );
      const downstream = this.forwardBatches(
        blocks.flatMap((block, i) => (writers[i] ? [{ i, block, ...routes[i]! }] : [])),
        timeoutMs,
      );
      // Each block's part settles on its own (none rejects), so every block is answered
      // and the writes in flight are counted until the last of them ends.
      await Promise.all(
        writers.map(async (writer, i) => {
          if (!writer) return;
          const block = blocks[i]!;
          let info;
          try {
            info = await writer.finalize();
            this.options.onBlockStored(block.blockId, block.generation, info.length, info.medium);
          } catch (err) {
            if (!info) await writer.abort().catch(() => undefined);
            refuse(i, err);
            return;
          }
          const ack = await downstream.get(i);
          let stored: string[] = [];
          if (ack && ack.length === info.length) stored = ack.storedOn;
          else if (ack)
            this.options.logger.warn(
              { blockId: block.blockId, theirs: ack.length, ours: info.length },
              'pipeline downstream stored another length',
            );
          results[i] = { storedOn: [this.options.dataserverId, ...stored], length: info.length };
        }),
      );
    } finally {
      this.activeWrites -= counted;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(encodeBatchResults(results));
  }

  /** A whole block body checked against its CRCs and written to a new replica, not yet finalized. */
  private async takeWhole(block: BatchedBlock, medium: Medium | null, lastHop: boolean) {
    const writer = await this.options.store.createWriter(block.blockId, block.generation, {
      expectedBytes: block.blockBytes,
      // One replica of a small block goes to the memory pool: the last one's.
      cacheOnWrite: lastHop,
      ...(medium ? { medium } : {}),
    });
    try {
      for (const frame of checkedFrames(block.body, block.blockId))
        await writer.write(frame.payload, frame.crc);
      return writer;
    } catch (err) {
      await writer.abort();
      throw err;
    }
  }

  /**
   * Passes blocks on, one batch to each next hop. Resolves, per block (by its index in
   * the batch), to what the rest of its pipeline stored, or to null if that failed: as
   * for a single write, the answer then names only this server and the client retries.
   */
  private forwardBatches(
    going: { i: number; block: BatchedBlock; pipeline: string[]; media: (Medium | null)[] }[],
    timeoutMs: number,
  ): Map<number, Promise<{ storedOn: string[]; length: number } | null>> {
    const byNextHop = new Map<string, typeof going>();
    for (const item of going) {
      const next = item.pipeline[0];
      if (next === undefined) continue;
      let group = byNextHop.get(next);
      if (!group) byNextHop.set(next, (group = []));
      group.push(item);
    }
    const acks = new Map<number, Promise<{ storedOn: string[]; length: number } | null>>();
    for (const [next, group] of byNextHop) {
      const onward = group.map(({ block, pipeline, media }) => ({
        ...block,
        pipeline: pipeline.slice(1),
        media: media.some((m) => m) ? media.slice(1).map((m) => m ?? '') : [],
      }));
      const sent = this.batchless.has(next)
        ? Promise.resolve(null)
        : sendBlockBatch(next, onward, {
            dispatcher: getGlobalDispatcher(),
            timeoutMs,
          }).then(
            (results) => {
              if (results === null) this.batchless.set(next, true);
              return results;
            },
            (err: unknown) => {
              this.options.logger.warn(
                { err, next, blocks: group.length },
                'pipeline downstream batch failed',
              );
              throw batchFailed;
            },
          );
      group.forEach(({ i, block, pipeline, media }, k) => {
        const ack = sent.then(async (results) => {
          if (results === null) {
            // An older dataserver: the block goes on alone, as a single write would send it.
            const alone = this.startDownstream(
              pipeline,
              block.blockId,
              block.generation,
              block.blockBytes,
              media.slice(1),
              block.body,
            );
            return alone.acknowledged();
          }
          const result = results[k]!;
          if ('code' in result) throw new StrataError(result.code, result.message);
          return result;
        });
        acks.set(
          i,
          ack.catch((err: unknown) => {
            if (err !== batchFailed)
              this.options.logger.warn(
                { err, blockId: block.blockId, next },
                'pipeline downstream failed',
              );
            return null;
          }),
        );
      });
    }
    return acks;
  }

  /**
   * Opens the write to the next hop, with `whole` as its body if this hop got the
   * block whole, else streamed frame by frame. Its failure does not fail this hop's write:
   * the answer then names only the servers that did store the block, and the
   * client decides (it retries the block elsewhere).
   */
  private startDownstream(
    pipeline: string[],
    blockId: number,
    generation: number,
    blockBytes: number,
    media: (Medium | null)[],
    whole: Buffer | null,
  ): Downstream {
    const [next, ...rest] = pipeline as [string, ...string[]];
    const stream = whole ? null : new PassThrough({ highWaterMark: 1024 * 1024 });
    let failed: Error | null = null;
    const response = request(`${next}/blocks/${blockId}?gen=${generation}`, {
      method: 'PUT',
      body: whole ?? stream,
      headers: {
        [PIPELINE_HEADER]: rest.join(','),
        [BLOCK_BYTES_HEADER]: String(blockBytes),
        ...(media.some((m) => m) ? { [MEDIA_HEADER]: media.map((m) => m ?? '').join(',') } : {}),
        'content-type': 'application/octet-stream',
      },
      headersTimeout: 60_000,
      bodyTimeout: 60_000,
    }).then(
      async (r) => {
        const text = await r.body.text();
        if (r.statusCode !== 200)
          throw new Error(`downstream ${next} answered ${r.statusCode}: ${text.slice(0, 200)}`);
        return JSON.parse(text) as { storedOn: string[]; length: number };
      },
      (err: unknown) => {
        throw err instanceof Error ? err : new Error(String(err));
      },
    );
    response.catch((err: Error) => {
      failed = err;
      stream?.destroy();
    });
    const logger = this.options.logger;
    return {
      async send(payload: Buffer, crc: number): Promise<void> {
        if (!stream || failed || stream.destroyed) return;
        // Header and payload as two writes: copying the payload into one frame
        // allocated 64 KiB per chunk, and the collections that set off.
        stream.write(encodeFrameHeader(payload.length, crc));
        if (!stream.write(payload)) await drained(stream);
      },
      end(): void {
        if (stream && !failed && !stream.destroyed) stream.end(encodeTerminator());
      },
      abort(): void {
        stream?.destroy();
      },
      /** What downstream answered; rejects if the write failed. */
      acknowledged(): Promise<{ storedOn: string[]; length: number }> {
        return response;
      },
      /** Who downstream stored the block; nobody, if the length they stored differs from ours. */
      async result(expectedLength: number): Promise<string[]> {
        try {
          const ack = await response;
          if (ack.length !== expectedLength) {
            throw new Error(`downstream stored ${ack.length} bytes, this hop ${expectedLength}`);
          }
          return ack.storedOn;
        } catch (err) {
          logger.warn({ err, blockId, next }, 'pipeline downstream failed');
          return [];
        }
      },
    };
  }

  private fail(res: http.ServerResponse, err: unknown): void {
    const error = asStrataError(err);
    if (error.code === ErrorCode.INTERNAL) this.options.logger.error({ err }, 'data plane error');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(httpStatusOf(error.code), {
      'content-type': 'application/json',
      connection: 'close',
    });
    res.end(JSON.stringify({ code: error.code, message: error.message }));
  }
}

/**
 * A streamed block body's frames, each checked, passed on downstream and written.
 * Its own function, not inline in the write handler: TurboFan compiles the function
 * whose loop is hot, and with the loop inline that was the whole handler, compiled
 * ten times over a dataserver's first 256 MiB (about 1 s of its CPU) as each block's
 * end reached code the loop had not run (`--trace-opt`).
 */
async function receiveFrames(
  req: http.IncomingMessage,
  writer: BlockWriter,
  forward: Downstream | null,
  blockId: number,
): Promise<void> {
  for await (const frame of decodeFrames(piecesOf(req))) {
    if (!verifyFrame(frame)) throw dataLoss(`chunk checksum mismatch in block ${blockId}`);
    if (forward) await forward.send(frame.payload, frame.crc);
    await writer.write(frame.payload, frame.crc);
  }
}

function parseId(text: string, what: string): number {
  if (!/^[0-9]{1,16}$/.test(text))
    throw invalidArgument(`bad ${what}: ${JSON.stringify(text.slice(0, 40))}`);
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0) throw invalidArgument(`bad ${what}: ${text}`);
  return value;
}

function parseOptionalInt(text: string | null, fallback: number): number {
  if (text === null) return fallback;
  if (!/^[0-9]{1,16}$/.test(text))
    throw invalidArgument(`bad number: ${JSON.stringify(text.slice(0, 40))}`);
  return Math.min(Number(text), Number.MAX_SAFE_INTEGER);
}

function headerText(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}

/** The comma-separated items of a header; none if it is absent or empty. */
function listHeader(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  const text = Array.isArray(value) ? value.join(',') : value;
  return text === '' ? [] : text.split(',');
}

/** One medium (or null: any) per hop, this one first; none named: any medium everywhere. */
function parseMedia(media: readonly string[], hops: number): (Medium | null)[] {
  if (media.length === 0) return Array.from({ length: hops }, () => null);
  if (media.length !== hops) throw invalidArgument(`${media.length} media named for ${hops} hops`);
  return media.map((m) => {
    if (m === '') return null;
    if (!isMedium(m)) throw invalidArgument(`unknown medium ${JSON.stringify(m.slice(0, 20))}`);
    return m;
  });
}

function parsePipeline(items: readonly string[], maxHops: number): string[] {
  const urls = items.filter(Boolean);
  if (urls.length > maxHops)
    throw resourceExhausted(`a pipeline may have at most ${maxHops} more hops`);
  for (const u of urls) {
    let parsed: URL;
    try {
      parsed = new URL(u);
    } catch {
      throw invalidArgument(`bad pipeline URL: ${JSON.stringify(u.slice(0, 100))}`);
    }
    if (parsed.protocol !== 'http:' || parsed.pathname !== '/' || parsed.search) {
      throw invalidArgument(`bad pipeline URL: ${JSON.stringify(u.slice(0, 100))}`);
    }
  }
  return urls.map((u) => u.replace(/\/$/, ''));
}

/**
 * What a read of [offset, offset + length) of a replica of `replicaLength` bytes
 * answers: the frames of the chunks that cover it, then the terminator.
 */
export function readAnswerSize(
  offset: number,
  length: number,
  replicaLength: number,
  chunkSizeBytes: number,
): { frames: number; bytes: number } {
  const end = Math.min(replicaLength, offset + length);
  if (offset >= end) return { frames: 0, bytes: FRAME_HEADER_BYTES };
  const firstChunk = Math.floor(offset / chunkSizeBytes);
  const endChunk = Math.ceil(end / chunkSizeBytes);
  const payload = Math.min(endChunk * chunkSizeBytes, replicaLength) - firstChunk * chunkSizeBytes;
  const frames = endChunk - firstChunk;
  return { frames, bytes: payload + (frames + 1) * FRAME_HEADER_BYTES };
}

function alignedOffset(offset: number, length: number, chunkSizeBytes: number): number {
  const clamped = Math.min(offset, length);
  return clamped - (clamped % chunkSizeBytes);
}

/** A downstream batch that failed as a whole: logged once, not once per block. */
const batchFailed = new Error('the downstream batch failed');

/** The write to the next hop of a pipeline (BlockHttpServer.startDownstream). */
interface Downstream {
  send(payload: Buffer, crc: number): Promise<void>;
  end(): void;
  abort(): void;
  acknowledged(): Promise<{ storedOn: string[]; length: number }>;
  result(expectedLength: number): Promise<string[]>;
}

/**
 * The body of a request that declared a length of at most {@link WHOLE_BODY_MAX_BYTES},
 * read whole; null for a longer or streamed one (which is read frame by frame).
 */
async function readWholeBody(req: http.IncomingMessage): Promise<Buffer | null> {
  return declaredLength(req, WHOLE_BODY_MAX_BYTES) === null ? null : readBody(req);
}

/** The length a request declared, if it declared one of at most `max` bytes; else null. */
function declaredLength(req: http.IncomingMessage, max: number): number | null {
  const declared = Number(req.headers['content-length']);
  return req.headers['content-length'] !== undefined && declared <= max ? declared : null;
}

/**
 * A request's body, whole (one buffer, not copied if it came in one piece). Taken
 * with listeners: an async iterator per request was 2.6 % of a dataserver's CPU
 * under small-file creates (`perf`).
 */
function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const pieces: Buffer[] = [];
    req.on('data', (piece: Buffer) => pieces.push(piece));
    // finished() also settles for a request torn down before these listeners (a
    // sender gone while the write awaited its writer): it would wait forever else.
    finished(req, (err) =>
      err ? reject(err) : resolve(pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces)),
    );
  });
}

/** The frames of a whole body, each checked against its CRC32C. */
function checkedFrames(body: Buffer, blockId: number): Frame[] {
  const frames = decodeWholeBody(body);
  for (const frame of frames)
    if (!verifyFrame(frame)) throw dataLoss(`chunk checksum mismatch in block ${blockId}`);
  return frames;
}
