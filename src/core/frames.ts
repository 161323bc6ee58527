/**
 * Data-plane framing: a block travels as frames of (u32 BE payload length,
 * u32 BE CRC32C of the payload, payload), ended by a terminator frame (0, 0).
 * The terminator tells a complete stream from one cut short by a dying peer.
 */
import { crc32c } from './checksum.js';
import { dataLoss, invalidArgument } from './errors.js';

export const FRAME_HEADER_BYTES = 8;
export const MAX_FRAME_PAYLOAD_BYTES = 1024 * 1024;

export interface Frame {
  payload: Buffer;
  crc: number;
}

export function encodeFrameHeader(length: number, crc: number): Buffer {
  const header = Buffer.allocUnsafe(FRAME_HEADER_BYTES);
  header.writeUInt32BE(length, 0);
  header.writeUInt32BE(crc >>> 0, 4);
  return header;
}

export function encodeTerminator(): Buffer {
  return Buffer.alloc(FRAME_HEADER_BYTES);
}

export function verifyFrame(frame: Frame): boolean {
  return crc32c(frame.payload) === frame.crc;
}

/**
 * Parses frames out of arbitrarily split input. A payload that lies inside one
 * input buffer is yielded as a view of it, not a copy. CRCs are not checked here.
 */
export async function* decodeFrames(
  source: AsyncIterable<Uint8Array>,
  maxPayloadBytes = MAX_FRAME_PAYLOAD_BYTES,
): AsyncGenerator<Frame> {
  const pending: Buffer[] = [];
  let pendingBytes = 0;
  let header: { length: number; crc: number } | null = null;
  let ended = false;

  /** Takes exactly n bytes from the front of `pending` (n <= pendingBytes). */
  const take = (n: number): Buffer => {
    const first = pending[0]!;
    if (first.length >= n) {
      pendingBytes -= n;
      if (first.length === n) pending.shift();
      else pending[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const head = pending[0]!;
      const count = Math.min(head.length, n - filled);
      head.copy(out, filled, 0, count);
      filled += count;
      if (count === head.length) pending.shift();
      else pending[0] = head.subarray(count);
    }
    pendingBytes -= n;
    return out;
  };

  for await (const piece of source) {
    if (piece.length === 0) continue;
    if (ended) throw invalidArgument('bytes after the terminator frame');
    pending.push(
      Buffer.isBuffer(piece)
        ? piece
        : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength),
    );
    pendingBytes += piece.length;
    for (;;) {
      if (!header) {
        if (pendingBytes < FRAME_HEADER_BYTES) break;
        const h = take(FRAME_HEADER_BYTES);
        const length = h.readUInt32BE(0);
        const crc = h.readUInt32BE(4);
        if (length > maxPayloadBytes) {
          throw invalidArgument(
            `frame of ${length} bytes is over the ${maxPayloadBytes}-byte limit`,
          );
        }
        if (length === 0) {
          if (crc !== 0) throw invalidArgument('bad terminator frame');
          ended = true;
          if (pendingBytes > 0) throw invalidArgument('bytes after the terminator frame');
          break;
        }
        header = { length, crc };
      }
      if (pendingBytes < header.length) break;
      const payload = take(header.length);
      const crc = header.crc;
      header = null;
      yield { payload, crc };
    }
  }
  if (!ended) throw dataLoss('stream ended before its terminator frame');
}

/** Re-chunks arbitrary input into frames of `chunkSizeBytes` (the last may be shorter), then the terminator. */
export async function* encodeFrames(
  source: AsyncIterable<Uint8Array>,
  chunkSizeBytes: number,
): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = function* (n: number): Generator<Buffer> {
    const payload =
      pending.length === 1 && pending[0]!.length === n
        ? pending[0]!
        : Buffer.concat(pending, pendingBytes).subarray(0, n);
    const rest = pendingBytes > n ? Buffer.concat(pending, pendingBytes).subarray(n) : null;
    pending = rest ? [rest] : [];
    pendingBytes -= n;
    yield encodeFrameHeader(payload.length, crc32c(payload));
    yield payload;
  };
  for await (const piece of source) {
    pending.push(
      Buffer.isBuffer(piece)
        ? piece
        : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength),
    );
    pendingBytes += piece.length;
    while (pendingBytes >= chunkSizeBytes) yield* flush(chunkSizeBytes);
  }
  if (pendingBytes > 0) yield* flush(pendingBytes);
  yield encodeTerminator();
}
