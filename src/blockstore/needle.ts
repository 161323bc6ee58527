/**
 * The on-disk form of a small replica kept in a volume (Haystack's "needle"): one
 * record holding the replica's identity, its chunk CRCs and its bytes, so that a
 * replica costs one append to a shared file instead of two files of its own. Pure
 * encoding and decoding, no I/O.
 *
 * A needle (little-endian):
 *
 *   u32 state ('STNL' live, 'STND' deleted) | u32 header CRC32C |
 *   u64 block id | u64 generation | u32 length | u32 chunk size |
 *   u32 CRC32C per chunk | the replica's bytes
 *
 * The header CRC covers everything after itself up to the bytes (ids, sizes and
 * the chunk CRCs); the bytes are covered by the chunk CRCs. The state is outside
 * the header CRC so that a delete is one 4-byte write in place.
 */
import { crc32c } from '../core/checksum.js';
import { chunkCount } from './block-files.js';

export const NEEDLE_LIVE = 0x4c4e5453; // 'STNL' read as a little-endian u32
export const NEEDLE_DEAD = 0x444e5453; // 'STND'
/** Bytes of a needle's header before its chunk CRCs. */
export const NEEDLE_FIXED_BYTES = 32;
const CRC_BYTES = 4;

/** A needle's header as decoded. */
export interface NeedleHeader {
  live: boolean;
  blockId: number;
  generation: number;
  length: number;
  chunkSizeBytes: number;
  crcs: number[];
  /** Header bytes including the CRCs: the replica's bytes start this far into the needle. */
  headerBytes: number;
}

/** Bytes of a needle's header for a replica of `length` bytes. */
export function needleHeaderBytes(length: number, chunkSizeBytes: number): number {
  return NEEDLE_FIXED_BYTES + CRC_BYTES * chunkCount(length, chunkSizeBytes);
}

/** The header of a live needle; the replica's bytes follow it. */
export function encodeNeedleHeader(fields: {
  blockId: number;
  generation: number;
  length: number;
  chunkSizeBytes: number;
  crcs: readonly number[];
}): Buffer {
  const { blockId, generation, length, chunkSizeBytes, crcs } = fields;
  if (crcs.length !== chunkCount(length, chunkSizeBytes)) {
    throw new RangeError(
      `${crcs.length} checksums for ${length} bytes in chunks of ${chunkSizeBytes}`,
    );
  }
  if (!Number.isSafeInteger(length) || length < 0 || length > 0xffff_ffff) {
    throw new RangeError(`needle of ${length} bytes`);
  }
  const out = Buffer.alloc(NEEDLE_FIXED_BYTES + CRC_BYTES * crcs.length);
  out.writeUInt32LE(NEEDLE_LIVE, 0);
  out.writeBigUInt64LE(BigInt(blockId), 8);
  out.writeBigUInt64LE(BigInt(generation), 16);
  out.writeUInt32LE(length, 24);
  out.writeUInt32LE(chunkSizeBytes, 28);
  crcs.forEach((crc, i) => out.writeUInt32LE(crc >>> 0, NEEDLE_FIXED_BYTES + CRC_BYTES * i));
  out.writeUInt32LE(crc32c(out.subarray(8)), 4);
  return out;
}

/**
 * Decodes the needle header at `offset` of `bytes`. Returns 'short' when `bytes`
 * ends before the header does (read more, or a torn end of a volume), and throws
 * with the reason when the bytes there are not a needle header of this store
 * (its chunk size, no longer than its small-replica limit).
 */
export function decodeNeedleHeader(
  bytes: Buffer,
  offset: number,
  expected: { chunkSizeBytes: number; maxLength: number },
): NeedleHeader | 'short' {
  if (bytes.length - offset < NEEDLE_FIXED_BYTES) return 'short';
  const state = bytes.readUInt32LE(offset);
  if (state !== NEEDLE_LIVE && state !== NEEDLE_DEAD) throw new Error('bad needle magic');
  const blockId = bytes.readBigUInt64LE(offset + 8);
  const generation = bytes.readBigUInt64LE(offset + 16);
  const length = bytes.readUInt32LE(offset + 24);
  const chunkSizeBytes = bytes.readUInt32LE(offset + 28);
  // The CRC count comes from fields the header CRC has not vouched for yet: both are
  // bounded before anything is read on, so that damage cannot ask for a huge read.
  if (chunkSizeBytes !== expected.chunkSizeBytes) {
    throw new Error(
      `needle chunk size ${chunkSizeBytes}, the store uses ${expected.chunkSizeBytes}`,
    );
  }
  if (length > expected.maxLength) throw new Error(`needle of ${length} bytes is over the limit`);
  const count = chunkCount(length, chunkSizeBytes);
  const headerBytes = NEEDLE_FIXED_BYTES + CRC_BYTES * count;
  if (bytes.length - offset < headerBytes) return 'short';
  if (crc32c(bytes.subarray(offset + 8, offset + headerBytes)) !== bytes.readUInt32LE(offset + 4)) {
    throw new Error('needle header fails its CRC');
  }
  if (
    blockId === 0n ||
    blockId > BigInt(Number.MAX_SAFE_INTEGER) ||
    generation > BigInt(Number.MAX_SAFE_INTEGER)
  ) {
    throw new Error('needle block id or generation out of range');
  }
  const crcs: number[] = [];
  for (let i = 0; i < count; i++)
    crcs.push(bytes.readUInt32LE(offset + NEEDLE_FIXED_BYTES + CRC_BYTES * i));
  return {
    live: state === NEEDLE_LIVE,
    blockId: Number(blockId),
    generation: Number(generation),
    length,
    chunkSizeBytes,
    crcs,
    headerBytes,
  };
}

/** The 4 bytes that, written over a needle's state, delete it. */
export function deadMark(): Buffer {
  const out = Buffer.alloc(CRC_BYTES);
  out.writeUInt32LE(NEEDLE_DEAD, 0);
  return out;
}
