/**
 * Pure helpers for the on-disk form of a replica: file names, sharding, and the
 * .meta format. No I/O here, so that all of it can be tested without a disk.
 *
 * Layout of a storage dir:
 *
 *   <dir>/current/<shard>/blk_<id>_<gen>.data   the block's bytes
 *   <dir>/current/<shard>/blk_<id>_<gen>.meta   header + one CRC32C per chunk
 *   <dir>/tmp/                                  writes in progress
 *
 * .meta header (32 bytes, big-endian):
 *
 *   'STRM' | u16 version=1 | u16 0 | u32 chunkSizeBytes | u32 0 | u64 generation | u64 length
 *
 * followed by ceil(length / chunkSizeBytes) u32 CRC32Cs.
 */
import { join } from 'node:path';

export const META_MAGIC = 'STRM';
export const META_VERSION = 1;
export const META_HEADER_BYTES = 32;
/** Bytes of one stored CRC32C. */
export const META_CRC_BYTES = 4;

export const CURRENT_DIR = 'current';
export const TMP_DIR = 'tmp';

/** The fields of a .meta header. */
export interface MetaHeader {
  chunkSizeBytes: number;
  generation: number;
  length: number;
}

/** Throws unless `blockId` is a positive safe integer; file names are built only from such ids. */
export function assertBlockId(blockId: number): void {
  if (!Number.isSafeInteger(blockId) || blockId <= 0) {
    throw new RangeError(`bad block id: ${blockId}`);
  }
}

/** Throws unless `generation` is a non-negative safe integer. */
export function assertGeneration(generation: number): void {
  if (!Number.isSafeInteger(generation) || generation < 0) {
    throw new RangeError(`bad generation: ${generation}`);
  }
}

/** Shard directory name of a block: two hex digits of its low byte (ids are sequential, so they spread). */
export function shardOf(blockId: number): string {
  assertBlockId(blockId);
  return (blockId % 256).toString(16).padStart(2, '0');
}

/** Whether a directory name under current/ is a shard name. */
export function isShardName(name: string): boolean {
  return /^[0-9a-f]{2}$/.test(name);
}

/** `blk_<id>_<gen>`, the name of a replica's files without their extension. */
export function baseName(blockId: number, generation: number): string {
  assertBlockId(blockId);
  assertGeneration(generation);
  return `blk_${blockId}_${generation}`;
}

/** Where a finalized replica's files live in storage dir `dir`. */
export function finalPaths(
  dir: string,
  blockId: number,
  generation: number,
): { data: string; meta: string; shard: string } {
  const shard = join(dir, CURRENT_DIR, shardOf(blockId));
  const base = join(shard, baseName(blockId, generation));
  return { data: `${base}.data`, meta: `${base}.meta`, shard };
}

/**
 * Parses `blk_<id>_<gen>.data|.meta`; undefined for anything else, including
 * non-canonical numbers (leading zeros), which {@link baseName} would never produce.
 */
export function parseBlockFileName(
  name: string,
): { blockId: number; generation: number; kind: 'data' | 'meta' } | undefined {
  const m = /^blk_([1-9]\d{0,15})_(0|[1-9]\d{0,15})\.(data|meta)$/.exec(name);
  if (!m) return undefined;
  const blockId = Number(m[1]);
  const generation = Number(m[2]);
  if (!Number.isSafeInteger(blockId) || !Number.isSafeInteger(generation)) return undefined;
  return { blockId, generation, kind: m[3] as 'data' | 'meta' };
}

/** Chunks (and so CRCs) of a block of `length` bytes; 0 for an empty block. */
export function chunkCount(length: number, chunkSizeBytes: number): number {
  return Math.ceil(length / chunkSizeBytes);
}

/** Size of the .meta file of a block of `length` bytes. */
export function metaFileBytes(length: number, chunkSizeBytes: number): number {
  return META_HEADER_BYTES + META_CRC_BYTES * chunkCount(length, chunkSizeBytes);
}

/** Serialises a .meta file. */
export function encodeMeta(header: MetaHeader, crcs: readonly number[]): Buffer {
  if (crcs.length !== chunkCount(header.length, header.chunkSizeBytes)) {
    throw new RangeError(
      `${crcs.length} checksums for ${header.length} bytes in chunks of ${header.chunkSizeBytes}`,
    );
  }
  const out = Buffer.alloc(META_HEADER_BYTES + META_CRC_BYTES * crcs.length); // zeroes the reserved fields
  out.write(META_MAGIC, 0, 'ascii');
  out.writeUInt16BE(META_VERSION, 4);
  out.writeUInt32BE(header.chunkSizeBytes, 8);
  out.writeBigUInt64BE(BigInt(header.generation), 16);
  out.writeBigUInt64BE(BigInt(header.length), 24);
  crcs.forEach((crc, i) => out.writeUInt32BE(crc >>> 0, META_HEADER_BYTES + META_CRC_BYTES * i));
  return out;
}

/**
 * Decodes and checks a .meta header. `fileBytes` is the size of the whole .meta
 * file, so that a wrong CRC count is caught without reading the CRCs.
 * Throws with the reason when it is not a valid header.
 */
export function decodeMetaHeader(bytes: Buffer, fileBytes: number): MetaHeader {
  if (bytes.length < META_HEADER_BYTES || fileBytes < META_HEADER_BYTES) {
    throw new Error('meta file is shorter than its header');
  }
  if (bytes.toString('latin1', 0, 4) !== META_MAGIC) throw new Error('bad meta magic');
  const version = bytes.readUInt16BE(4);
  if (version !== META_VERSION) throw new Error(`unknown meta version ${version}`);
  // Reserved fields are written as zero; anything else is damage to the header.
  if (bytes.readUInt16BE(6) !== 0 || bytes.readUInt32BE(12) !== 0) {
    throw new Error('non-zero reserved field in meta header');
  }
  const chunkSizeBytes = bytes.readUInt32BE(8);
  const generation = bytes.readBigUInt64BE(16);
  const length = bytes.readBigUInt64BE(24);
  if (chunkSizeBytes === 0) throw new Error('meta chunk size is 0');
  if (generation > BigInt(Number.MAX_SAFE_INTEGER) || length > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new Error('meta generation or length out of range');
  }
  const header = { chunkSizeBytes, generation: Number(generation), length: Number(length) };
  const expected = chunkCount(header.length, chunkSizeBytes);
  const held = (fileBytes - META_HEADER_BYTES) / META_CRC_BYTES;
  if (held !== expected) {
    throw new Error(`meta holds ${held} checksums, expected ${expected}`);
  }
  return header;
}

/** Decodes a whole .meta file; throws with the reason when it is not a valid one. */
export function decodeMeta(bytes: Buffer): { header: MetaHeader; crcs: number[] } {
  const header = decodeMetaHeader(bytes, bytes.length);
  const crcs: number[] = [];
  for (let off = META_HEADER_BYTES; off < bytes.length; off += META_CRC_BYTES) {
    crcs.push(bytes.readUInt32BE(off));
  }
  return { header, crcs };
}
