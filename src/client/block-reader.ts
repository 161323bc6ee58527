/**
 * Reads a range of one block from its replicas, verifying every chunk's CRC32C. A
 * replica that fails (unreachable, error status, checksum mismatch, short answer) is
 * reported to the nameserver when its bytes were wrong, and the next replica serves
 * the range, so the caller never sees a duplicated or corrupt byte (invariant I-2).
 * Large blocks stream through FileReadStream (file-read-stream.ts), which fails over
 * the same way with these helpers.
 */
import { dispatcherOf, type LazyAgent } from './lazy-undici.js';
import { dataLoss, StrataError, ErrorCode } from '../core/errors.js';
import { decodeWholeBody, verifyFrameParts, type FrameParts } from '../core/frames.js';
import { MAX_BATCHED_RANGE_BYTES } from '../core/read-batch.js';
import type { ReadBatcher } from './read-batcher.js';
import { readRangeAlone } from './range-read.js';
import type { LocatedBlock__Output } from '../rpc/generated/strata/v1/LocatedBlock.js';

export interface ReplicaFailure {
  dataserverId: string;
  reason: string;
  /** True when the replica served bytes that failed their checksum: it is corrupt. */
  corrupt: boolean;
}

export interface BlockReadOptions {
  dispatcher?: LazyAgent;
  /** Told about each failed replica; corrupt ones are reported to the nameserver. */
  onReplicaFailure: (blockId: number, failure: ReplicaFailure) => void;
  timeoutMs?: number;
  /** Sends short ranges in batches with other reads to the same dataserver (else each alone). */
  batcher?: ReadBatcher;
}

/** A replica that served bytes failing their checksum, or of another generation: it is corrupt. */
class CorruptReplica extends Error {}

/** A range up to this long is read as one answer held whole ({@link exchangeRange}); a longer one streams. */
export const WHOLE_READ_MAX_BYTES = 1024 * 1024;

/**
 * The bytes [start, end) of a block, at most {@link WHOLE_READ_MAX_BYTES}, as views
 * of one replica's whole answer, without an async generator per layer (a small
 * file's read is mostly that machinery). A replica that fails is reported, and the
 * next one serves the range.
 */
export async function readSmallRange(
  block: LocatedBlock__Output,
  start: number,
  end: number,
  options: BlockReadOptions,
): Promise<Buffer[]> {
  if (end - start > WHOLE_READ_MAX_BYTES) throw new RangeError('range too long to read whole');
  const failures: string[] = [];
  for (const location of block.locations) {
    try {
      return await exchangeRange(location.dataUrl, block, start, end, options);
    } catch (err) {
      failures.push(replicaFailed(block, location.id, err, options));
    }
  }
  throw noReplicaLeft(block, failures);
}

/** Tells the caller of a failed replica; returns how it failed, for the final error. */
export function replicaFailed(
  block: LocatedBlock__Output,
  id: string,
  err: unknown,
  options: BlockReadOptions,
): string {
  const corrupt = err instanceof CorruptReplica;
  const reason = err instanceof Error ? err.message : String(err);
  options.onReplicaFailure(block.blockId, { dataserverId: id, reason, corrupt });
  return `${id}: ${reason}`;
}

export function noReplicaLeft(block: LocatedBlock__Output, failures: string[]): StrataError {
  if (block.locations.length === 0) {
    return new StrataError(
      ErrorCode.UNAVAILABLE,
      `block ${block.blockId} has no reachable replica`,
    );
  }
  return dataLoss(`every replica of block ${block.blockId} failed: ${failures.join('; ')}`);
}

/** The bytes [start, end) of a block from one replica, in one answer held whole. */
async function exchangeRange(
  dataUrl: string,
  block: LocatedBlock__Output,
  start: number,
  end: number,
  options: BlockReadOptions,
): Promise<Buffer[]> {
  const range = { blockId: block.blockId, offset: start, length: end - start };
  // null: a dataserver without batches, or no batcher, or a range too long to batch.
  const batched =
    options.batcher && range.length <= MAX_BATCHED_RANGE_BYTES
      ? await options.batcher.read(dataUrl, range)
      : null;
  const result =
    batched ??
    (await readRangeAlone(
      await dispatcherOf(options.dispatcher),
      dataUrl,
      range,
      options.timeoutMs ?? 30_000,
    ));
  if ('code' in result) throw new StrataError(result.code, result.message);
  return rangeOfBody(block, start, end, result);
}

/** The bytes [start, end) of a block in a read's whole answer, every chunk checked. */
function rangeOfBody(
  block: LocatedBlock__Output,
  start: number,
  end: number,
  answer: { body: Buffer; generation: number; chunkOffset: number },
): Buffer[] {
  let offset = firstChunkOffset(block, start, answer.generation, answer.chunkOffset);
  const pieces: Buffer[] = [];
  for (const { payload, crc } of decodeWholeBody(answer.body)) {
    for (const piece of clipped({ parts: [payload], crc }, offset, start, end)) pieces.push(piece);
    offset += payload.length;
  }
  const got = pieces.reduce((sum, p) => sum + p.length, 0);
  if (got < end - start) throw new Error(`replica ended at ${start + got} of ${end}`);
  return pieces;
}

/**
 * The block offset of the answer's first chunk (`chunkOffset`, as the answer says it),
 * once the replica's generation is checked.
 */
export function firstChunkOffset(
  block: LocatedBlock__Output,
  start: number,
  generation: number,
  chunkOffset: number,
): number {
  if (generation !== block.generation)
    throw new CorruptReplica(`replica has generation ${generation}, expected ${block.generation}`);
  if (!Number.isSafeInteger(chunkOffset) || chunkOffset > start)
    throw new Error('bad chunk offset in the answer');
  return chunkOffset;
}

/** The parts of [start, end) in the chunk `frame` at block offset `offset`, once its CRC is checked. */
export function clipped(frame: FrameParts, offset: number, start: number, end: number): Buffer[] {
  if (!verifyFrameParts(frame)) {
    throw new CorruptReplica(`checksum mismatch in the chunk at offset ${offset}`);
  }
  const out: Buffer[] = [];
  let at = offset;
  for (const part of frame.parts) {
    const from = Math.max(0, start - at);
    const to = Math.min(part.length, end - at);
    if (to > from) out.push(from === 0 && to === part.length ? part : part.subarray(from, to));
    at += part.length;
  }
  return out;
}
