/**
 * Many small block reads in one data-plane request: `POST /read-batch`.
 *
 * A 4 KiB read alone costs the dataserver an HTTP request in and an answer out, and
 * the reader the same again: most of the CPU of a small file's read on both sides,
 * where the bytes cost little (node's HTTP server and undici's client were 70 % of a
 * dataserver's and over half of a reader's CPU under 4 KiB reads at 16 in flight).
 * A client with several small reads under way to one dataserver sends them together.
 * Each read keeps its own answer: the batch is only the envelope.
 *
 * Request body: JSON `[{ id, offset, length }, ...]`, at most {@link MAX_READ_BATCH_RANGES}
 * ranges, each at most {@link MAX_BATCHED_RANGE_BYTES} long.
 *
 * Answer: 200 with
 *
 *   u32 BE   descriptor bytes D
 *   D bytes  JSON: one per range, in the request's order, each naming its range
 *            (`id`, `offset`, checked by the reader) and then either
 *            `{ gen, chunkOffset, bytes }` (what a single GET's headers say, and its
 *            body's length) or `{ code, message }` for a range this server could not read
 *   the bodies of the ranges that were read, in order, each `bytes` long: frames and
 *   terminator, exactly as a single GET answers
 *
 * A request malformed as a whole is refused as a whole (400).
 */
import { ErrorCode, StrataError, invalidArgument, isErrorCode } from './errors.js';
import { FRAME_HEADER_BYTES, MAX_FRAME_PAYLOAD_BYTES } from './frames.js';

export const READ_BATCH_PATH = '/read-batch';
/** Most ranges one batch carries. */
export const MAX_READ_BATCH_RANGES = 64;
/** Longest range a batch carries: small files; a longer read goes alone. */
export const MAX_BATCHED_RANGE_BYTES = 64 * 1024;
/** Largest request body: 64 ranges of three numbers each fit well within it. */
export const MAX_READ_BATCH_REQUEST_BYTES = 16 * 1024;

/** One range of a batch. */
export interface BatchedRange {
  blockId: number;
  offset: number;
  length: number;
}

/** What the server answers for one range. */
export type RangeAnswer = { id: number; offset: number } & (
  { gen: number; chunkOffset: number; bytes: number } | { code: ErrorCode; message: string }
);

/** A range's answer as the reader gets it: its body, or why there is none. */
export type RangeResult =
  { generation: number; chunkOffset: number; body: Buffer } | { code: ErrorCode; message: string };

/**
 * The most bytes a read's answer for `length` bytes can take: the chunks covering the
 * range (at most a chunk more on each side) with their headers and terminator.
 */
export function maxRangeAnswerBytes(length: number): number {
  return length + 2 * (MAX_FRAME_PAYLOAD_BYTES + FRAME_HEADER_BYTES) + FRAME_HEADER_BYTES;
}

/** The most bytes an answer to `ranges` can take: each range's, plus the descriptor. */
export function maxReadBatchAnswerBytes(ranges: readonly BatchedRange[]): number {
  let bytes = 4 + 1024 + ranges.length * 128;
  for (const range of ranges) bytes += maxRangeAnswerBytes(range.length);
  return bytes;
}

export function encodeReadBatch(ranges: readonly BatchedRange[]): Buffer {
  return Buffer.from(
    JSON.stringify(ranges.map((r) => ({ id: r.blockId, offset: r.offset, length: r.length }))),
  );
}

/** Parses and checks a request body; throws INVALID_ARGUMENT for anything malformed. */
export function decodeReadBatch(body: Buffer): BatchedRange[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw invalidArgument('a read batch must be a JSON array');
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || parsed.length > MAX_READ_BATCH_RANGES)
    throw invalidArgument(`a read batch carries 1 to ${MAX_READ_BATCH_RANGES} ranges`);
  return parsed.map((item: unknown, i) => {
    const { id, offset, length } = (item ?? {}) as Record<string, unknown>;
    const whole = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
    if (!whole(id) || id === 0 || !whole(offset) || !whole(length))
      throw invalidArgument(`range ${i} of the read batch is malformed`);
    if (length > MAX_BATCHED_RANGE_BYTES)
      throw invalidArgument(
        `range ${i} of the read batch is ${length} bytes, over ${MAX_BATCHED_RANGE_BYTES}`,
      );
    return { blockId: id, offset, length };
  });
}

/** The answer's leading parts: the descriptor's length and the descriptor. */
export function encodeReadBatchDescriptor(answers: readonly RangeAnswer[]): Buffer[] {
  const descriptor = Buffer.from(JSON.stringify(answers));
  const length = Buffer.allocUnsafe(4);
  length.writeUInt32BE(descriptor.length, 0);
  return [length, descriptor];
}

/**
 * Splits an answer to `ranges` into each range's result; throws if it does not add up
 * or names another range. The bodies are views of `answer`.
 */
export function decodeReadBatchAnswer(
  answer: Buffer,
  ranges: readonly BatchedRange[],
): RangeResult[] {
  const malformed = (why: string) =>
    new StrataError(ErrorCode.UNAVAILABLE, `malformed read batch answer: ${why}`);
  if (answer.length < 4) throw malformed('no descriptor');
  const descriptorBytes = answer.readUInt32BE(0);
  if (4 + descriptorBytes > answer.length) throw malformed('descriptor past the end');
  let answers: unknown;
  try {
    answers = JSON.parse(answer.toString('utf8', 4, 4 + descriptorBytes));
  } catch {
    throw malformed('descriptor is not JSON');
  }
  if (!Array.isArray(answers) || answers.length !== ranges.length)
    throw malformed(`expected ${ranges.length} answers`);
  let at = 4 + descriptorBytes;
  const results = (answers as unknown[]).map((item, i): RangeResult => {
    const range = ranges[i]!;
    const a = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    // Bytes of another block, or of another place in it, must never reach this range's reader.
    if (a.id !== range.blockId || a.offset !== range.offset)
      throw malformed(`answer ${i} is not for block ${range.blockId} at ${range.offset}`);
    if (typeof a.code === 'string') {
      if (!isErrorCode(a.code)) throw malformed(`unknown error code ${a.code}`);
      return { code: a.code as ErrorCode, message: String(a.message ?? '') };
    }
    const bytes = a.bytes;
    if (
      !Number.isSafeInteger(bytes) ||
      (bytes as number) < 0 ||
      at + (bytes as number) > answer.length
    )
      throw malformed('a body runs past the end');
    const body = answer.subarray(at, at + (bytes as number));
    at += bytes as number;
    return { generation: Number(a.gen), chunkOffset: Number(a.chunkOffset), body };
  });
  if (at !== answer.length) throw malformed('bytes after the last body');
  return results;
}
