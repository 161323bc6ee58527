/**
 * Writes a file as a stream of blocks. Each block goes, chunk by chunk with its
 * CRC32C, to the first dataserver of a pipeline the nameserver chose (a block that
 * ends small in one request body, a larger one streamed), while the client keeps
 * the block's chunks until the pipeline acknowledges them. The
 * acknowledgement names the servers that fsynced the block; if it names fewer
 * than were asked for, or the pipeline fails, the block is abandoned and written
 * again on a new pipeline that excludes the failed servers.
 */
import { Writable } from 'node:stream';
import { PassThrough } from 'node:stream';
import { drained } from '../platform/drain.js';
import type { LazyAgent } from './lazy-undici.js';
import { putBlock, putWholeBlock, type BlockPutTarget } from './block-put.js';
import { crc32c } from '../core/checksum.js';
import { asStrataError, ErrorCode, StrataError, unavailable } from '../core/errors.js';
import {
  FRAME_HEADER_BYTES,
  WHOLE_BODY_MAX_BYTES,
  encodeFrameHeader,
  encodeTerminator,
  encodeWholeBody,
} from '../core/frames.js';
import { Defaults } from '../core/limits.js';
import type { NameServerClient } from './nameserver-client.js';
import type { BlockBatcher } from './block-batcher.js';
import type { LocatedBlock__Output } from '../rpc/generated/strata/v1/LocatedBlock.js';
import type { FileStatus__Output } from '../rpc/generated/strata/v1/FileStatus.js';

export interface FileWriterOptions {
  nameserver: NameServerClient;
  clientName: string;
  path: string;
  replication?: number;
  blockSizeBytes?: number;
  overwrite?: boolean;
  createParents?: boolean;
  chunkSizeBytes?: number;
  dispatcher?: LazyAgent;
  /** Sends blocks that end small in batches with other writers' (else each alone). */
  batcher?: BlockBatcher;
  /** Attempts per block before the write fails. */
  maxBlockAttempts?: number;
  /**
   * Ask for the first block with the create (default true): one nameserver round
   * trip fewer for every file that has data. A file that ends empty gives it back.
   */
  allocateFirstBlock?: boolean;
}

interface Chunk {
  payload: Buffer;
  crc: number;
}

/** A block being written: its chunks (kept for a retry) and the open pipeline. */
interface OpenBlock {
  located: LocatedBlock__Output;
  chunks: Chunk[];
  length: number;
  pipeline: Pipeline | null;
}

interface Pipeline {
  send(chunk: Chunk): Promise<void>;
  finish(): Promise<string[]>;
  abort(): void;
  /** The servers in the order the block went along them (a batch may reorder them). */
  order(): string[];
}

export class FileWriter extends Writable {
  private readonly chunkSizeBytes: number;
  private fileId = 0;
  private blockSizeBytes = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private block: OpenBlock | null = null;
  private previous: { blockId: number; length: number; storedOn: string[] } | null = null;
  private leaseTimer: NodeJS.Timeout | undefined;
  /** The block allocated with the create, until the first chunk goes into it. */
  private firstBlock: LocatedBlock__Output | null = null;
  private bytesWritten_ = 0;
  status: FileStatus__Output | null = null;

  constructor(private readonly options: FileWriterOptions) {
    super({ highWaterMark: 4 * 1024 * 1024 });
    this.chunkSizeBytes = options.chunkSizeBytes ?? Defaults.chunkSizeBytes;
  }

  get bytesAccepted(): number {
    return this.bytesWritten_;
  }

  override _construct(callback: (error?: Error | null) => void): void {
    this.options.nameserver
      .create({
        path: this.options.path,
        clientName: this.options.clientName,
        replication: this.options.replication ?? 0,
        blockSize: this.options.blockSizeBytes ?? 0,
        overwrite: this.options.overwrite ?? false,
        createParents: this.options.createParents ?? false,
        allocateFirstBlock: this.options.allocateFirstBlock ?? true,
      })
      .then((response) => {
        this.fileId = response.status!.id;
        this.firstBlock = response.firstBlock ?? null;
        this.blockSizeBytes = response.status!.blockSize;
        // Renew the lease while the stream is open, well within the soft limit.
        this.leaseTimer = setInterval(() => {
          this.options.nameserver.renewLease(this.options.clientName).catch(() => undefined);
        }, Defaults.leaseSoftLimitMs / 4);
        this.leaseTimer.unref();
        callback();
      }, callback);
  }

  override _write(
    data: Buffer,
    _encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    this.bytesWritten_ += data.length;
    this.pending.push(data);
    this.pendingBytes += data.length;
    this.drainPending(false).then(
      () => callback(),
      (err: unknown) => callback(asStrataError(err)),
    );
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.finish().then(
      () => callback(),
      (err: unknown) => callback(asStrataError(err)),
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    clearInterval(this.leaseTimer);
    this.block?.pipeline?.abort();
    callback(error);
  }

  private async finish(): Promise<void> {
    await this.drainPending(true);
    if (this.block) await this.closeBlock();
    if (this.firstBlock) {
      // No byte came: the file is empty, and completes with no block.
      const { blockId } = this.firstBlock;
      this.firstBlock = null;
      await this.options.nameserver.abandonBlock({
        fileId: this.fileId,
        clientName: this.options.clientName,
        blockId,
      });
    }
    const previous = this.previous;
    const response = await this.options.nameserver.complete({
      fileId: this.fileId,
      clientName: this.options.clientName,
      lastBlockId: previous?.blockId ?? 0,
      lastLength: previous?.length ?? 0,
      lastStoredOn: previous?.storedOn ?? [],
    });
    this.status = response.status ?? null;
    clearInterval(this.leaseTimer);
  }

  /** Cuts pending bytes into chunks (a chunk never spans two blocks) and sends them. */
  private async drainPending(flushAll: boolean): Promise<void> {
    for (;;) {
      const blockRemaining = this.block
        ? this.blockSizeBytes - this.block.length
        : this.blockSizeBytes;
      const want = Math.min(this.chunkSizeBytes, blockRemaining);
      if (this.pendingBytes < want && !(flushAll && this.pendingBytes > 0)) return;
      const payload = this.take(Math.min(want, this.pendingBytes));
      await this.sendChunk({ payload, crc: crc32c(payload) });
      if (this.block && this.block.length === this.blockSizeBytes) await this.closeBlock();
    }
  }

  private take(n: number): Buffer {
    const first = this.pending[0]!;
    if (first.length === n) {
      this.pending.shift();
      this.pendingBytes -= n;
      return first;
    }
    if (first.length > n) {
      this.pending[0] = first.subarray(n);
      this.pendingBytes -= n;
      return first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const head = this.pending[0]!;
      const count = Math.min(head.length, n - filled);
      head.copy(out, filled, 0, count);
      filled += count;
      if (count === head.length) this.pending.shift();
      else this.pending[0] = head.subarray(count);
    }
    this.pendingBytes -= n;
    return out;
  }

  private async sendChunk(chunk: Chunk): Promise<void> {
    if (!this.block) this.block = await this.openBlock([]);
    const block = this.block;
    block.chunks.push(chunk);
    block.length += chunk.payload.length;
    try {
      await block.pipeline!.send(chunk);
    } catch {
      // The pipeline broke; closeBlock notices and retries on a new one.
    }
  }

  private async openBlock(exclude: string[]): Promise<OpenBlock> {
    const previous = this.previous;
    const first = this.firstBlock;
    this.firstBlock = null;
    const located =
      first ??
      (
        await this.options.nameserver.addBlock({
          fileId: this.fileId,
          clientName: this.options.clientName,
          previousBlockId: previous?.blockId ?? 0,
          previousLength: previous?.length ?? 0,
          previousStoredOn: previous?.storedOn ?? [],
          exclude,
        })
      ).block!;
    const block: OpenBlock = { located, chunks: [], length: 0, pipeline: null };
    block.pipeline = this.openPipeline(located, () => block.length);
    return block;
  }

  /** Finishes the current block, retrying it on another pipeline until every target stored it. */
  private async closeBlock(): Promise<void> {
    let block = this.block!;
    const maxAttempts = this.options.maxBlockAttempts ?? 3;
    const excluded = new Set<string>();
    let outOfSpace: StrataError | null = null;
    for (let attempt = 1; ; attempt++) {
      let storedOn: string[] = [];
      let lastError: unknown = null;
      try {
        storedOn = await block.pipeline!.finish();
      } catch (err) {
        lastError = err;
        if (err instanceof StrataError && err.code === ErrorCode.RESOURCE_EXHAUSTED)
          outOfSpace = err;
      }
      // In the order the block went: the first server missing is where it broke.
      const wanted = block.pipeline!.order();
      const missing = wanted.filter((id) => !storedOn.includes(id));
      const complete = storedOn.length > 0 && missing.length === 0;
      if (complete || (attempt >= maxAttempts && storedOn.length > 0)) {
        this.previous = { blockId: block.located.blockId, length: block.length, storedOn };
        this.block = null;
        return;
      }
      if (attempt >= maxAttempts) {
        // Nothing of this block is kept: the file ends at its last acknowledged block.
        await this.options.nameserver
          .abandonBlock({
            fileId: this.fileId,
            clientName: this.options.clientName,
            blockId: block.located.blockId,
          })
          .catch(() => undefined);
        this.block = null;
        // A full disk anywhere along the way is the likeliest reason, and the one the caller can act on.
        throw (
          outOfSpace ??
          (lastError instanceof StrataError
            ? lastError
            : unavailable(`could not write block ${block.located.blockId}: ${String(lastError)}`))
        );
      }
      // Blame the first server that did not store it: the pipeline broke there.
      const firstMissing = missing[0] ?? wanted[0];
      if (firstMissing) excluded.add(firstMissing);
      await this.options.nameserver.abandonBlock({
        fileId: this.fileId,
        clientName: this.options.clientName,
        blockId: block.located.blockId,
      });
      const chunks = block.chunks;
      const retry = await this.openBlock([...excluded]);
      retry.chunks = chunks;
      retry.length = block.length; // the pipeline reads it when it finishes
      for (const chunk of chunks) {
        try {
          await retry.pipeline!.send(chunk);
        } catch {
          break;
        }
      }
      this.block = retry;
      block = retry;
    }
  }

  /**
   * The write of one block to the first dataserver of its pipeline. The block's
   * chunks are held back while they fit in a whole body ({@link WHOLE_BODY_MAX_BYTES}):
   * a block that ends small (most files are small) goes out as one request body of
   * declared length; a larger one is streamed from the chunk that outgrows it.
   *
   * @param expectedLength the block's length when the pipeline is finished (read at that time)
   */
  private openPipeline(located: LocatedBlock__Output, expectedLength: () => number): Pipeline {
    if (located.locations.length === 0)
      throw new StrataError(
        ErrorCode.UNAVAILABLE,
        'the nameserver gave no dataserver for the block',
      );
    const target: BlockPutTarget = {
      located,
      blockSizeBytes: this.blockSizeBytes,
      dispatcher: this.options.dispatcher,
      expectedLength,
    };
    const put = (body: PassThrough | Buffer) => putBlock(target, body);
    /** The servers in the order the block goes along them. */
    let order = located.locations.map((l) => l.id);
    const putWhole = (body: Buffer) =>
      putWholeBlock(target, body, this.options.batcher, (o) => (order = o));
    /** Chunks held back while the block still fits in a whole body; null once streaming. */
    let held: Chunk[] | null = [];
    let heldBodyBytes = FRAME_HEADER_BYTES; // the terminator
    let stream: PassThrough | null = null;
    let response: Promise<string[]> | null = null;
    let failed: unknown = null;
    const watch = (sent: Promise<string[]>) => {
      response = sent;
      sent.catch((err: unknown) => {
        failed = err;
        stream?.destroy();
      });
    };
    const writeFrame = (body: PassThrough, chunk: Chunk): boolean => {
      // Header and payload as two writes: copying the payload into one frame
      // allocated 64 KiB per chunk, and the collections that set off.
      body.write(encodeFrameHeader(chunk.payload.length, chunk.crc));
      return body.write(chunk.payload);
    };
    return {
      async send(chunk: Chunk): Promise<void> {
        if (failed) throw failed;
        if (held) {
          heldBodyBytes += FRAME_HEADER_BYTES + chunk.payload.length;
          held.push(chunk);
          if (heldBodyBytes <= WHOLE_BODY_MAX_BYTES) return;
          // Outgrown: stream it, from the chunks held so far.
          stream = new PassThrough({ highWaterMark: 1024 * 1024 });
          watch(put(stream));
          const chunks = held;
          held = null;
          let flowing = true;
          for (const c of chunks) flowing = writeFrame(stream, c);
          if (!flowing) await drained(stream);
        } else if (stream && !writeFrame(stream, chunk)) {
          await drained(stream);
        }
        if (failed) throw failed;
      },
      async finish(): Promise<string[]> {
        if (held) {
          watch(putWhole(encodeWholeBody(held)));
          held = null;
        } else if (!failed) {
          stream?.end(encodeTerminator());
        }
        return (
          response ??
          Promise.reject(unavailable(`the write of block ${located.blockId} was aborted`))
        );
      },
      abort(): void {
        held = null;
        stream?.destroy();
      },
      order: () => order,
    };
  }
}
