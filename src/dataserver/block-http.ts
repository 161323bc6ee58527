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
 *       → 200 frames of the chunks covering the range; x-strata-chunk-offset is
 *         the block offset of the first chunk (chunks are aligned, the reader trims)
 *   GET /health → 200 {"id": ...}
 *
 * Every hop verifies every chunk's CRC before writing it, forwards it downstream
 * while writing (a whole body once all of it is verified, as it came), and answers only after its own fsync+rename and the downstream
 * answer, so a 200 means the bytes are durable on every server it names.
 */
import http from 'node:http';
import { PassThrough } from 'node:stream';
import { once } from 'node:events';
import { drained } from '../platform/drain.js';
import { request } from 'undici';
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
  encodeFrameHeader,
  encodeTerminator,
  verifyFrame,
  type Frame,
} from '../core/frames.js';
import { piecesOf } from '../platform/stream-pieces.js';
import type { Logger } from '../platform/logger.js';
import type { BlockStore } from '../blockstore/block-store.js';
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

  constructor(private readonly options: BlockHttpOptions) {
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
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'x-strata-block-length': String(replica.length),
      'x-strata-generation': String(replica.generation),
      'x-strata-chunk-offset': String(
        alignedOffset(offset, replica.length, this.options.store.chunkSizeBytes),
      ),
    });
    try {
      for (let item = first; !item.done; item = await chunks.next()) {
        const frame = item.value;
        // Header and payload go out in one writev without copying the payload into a
        // frame: that copy's allocations set off garbage collections on every read.
        res.cork();
        res.write(encodeFrameHeader(frame.payload.length, frame.crc));
        const more = res.write(frame.payload);
        res.uncork();
        if (!more) await drained(res);
        if (res.destroyed) return; // the reader went away
      }
      res.end(encodeTerminator());
    } catch (err) {
      // Headers are out: the reader sees a stream without its terminator, i.e. an error.
      this.options.logger.warn({ err, blockId }, 'read failed mid-stream');
      res.destroy();
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
    const downstream = parsePipeline(req.headers[PIPELINE_HEADER], this.options.maxPipelineHops);
    const blockBytes = parseOptionalInt(headerText(req.headers[BLOCK_BYTES_HEADER]), 0);
    const [medium, ...downstreamMedia] = parseMedia(
      headerText(req.headers[MEDIA_HEADER]),
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
        const frames = await checkedFrames(whole, blockId);
        for (const frame of frames) await writer.write(frame.payload, frame.crc);
        forward = forwardTo(whole);
      } else {
        forward = forwardTo(null);
        for await (const frame of decodeFrames(piecesOf(req))) {
          if (!verifyFrame(frame)) throw dataLoss(`chunk checksum mismatch in block ${blockId}`);
          if (forward) await forward.send(frame.payload, frame.crc);
          await writer.write(frame.payload, frame.crc);
        }
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

/** One medium (or null: any) per hop, this one first; absent: any medium everywhere. */
function parseMedia(header: string | null, hops: number): (Medium | null)[] {
  if (header === null || header === '') return Array.from({ length: hops }, () => null);
  const media = header.split(',');
  if (media.length !== hops)
    throw invalidArgument(`${MEDIA_HEADER} names ${media.length} media for ${hops} hops`);
  return media.map((m) => {
    if (m === '') return null;
    if (!isMedium(m))
      throw invalidArgument(`${MEDIA_HEADER}: unknown medium ${JSON.stringify(m.slice(0, 20))}`);
    return m;
  });
}

function parsePipeline(header: string | string[] | undefined, maxHops: number): string[] {
  if (header === undefined || header === '') return [];
  const text = Array.isArray(header) ? header.join(',') : header;
  const urls = text.split(',').filter(Boolean);
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

function alignedOffset(offset: number, length: number, chunkSizeBytes: number): number {
  const clamped = Math.min(offset, length);
  return clamped - (clamped % chunkSizeBytes);
}

/** The write to the next hop of a pipeline (BlockHttpServer.startDownstream). */
interface Downstream {
  send(payload: Buffer, crc: number): Promise<void>;
  end(): void;
  abort(): void;
  result(expectedLength: number): Promise<string[]>;
}

/**
 * The body of a request that declared a length of at most {@link WHOLE_BODY_MAX_BYTES},
 * read whole; null for a longer or streamed one (which is read frame by frame).
 */
async function readWholeBody(req: http.IncomingMessage): Promise<Buffer | null> {
  const declared = Number(req.headers['content-length']);
  if (req.headers['content-length'] === undefined || !(declared <= WHOLE_BODY_MAX_BYTES))
    return null;
  const pieces: Buffer[] = [];
  for await (const piece of req) pieces.push(piece as Buffer);
  return pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces);
}

/** The frames of a whole body, each checked against its CRC32C. */
async function checkedFrames(body: Buffer, blockId: number): Promise<Frame[]> {
  const frames: Frame[] = [];
  for await (const frame of decodeFrames([body])) {
    if (!verifyFrame(frame)) throw dataLoss(`chunk checksum mismatch in block ${blockId}`);
    frames.push(frame);
  }
  return frames;
}
