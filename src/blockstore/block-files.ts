/**
 * Pure helpers for the on-disk form of a replica: file names, sharding, and the
 * .meta format (a 32-byte header followed by one CRC32C per chunk).
 *
 *   header: 'STRM' | u16 version=1 | u16 0 | u32 chunkSizeBytes | u32 0 | u64 generation | u64 length
 */
import { join } from 'node:path';

export const META_MAGIC = 'STRM';
export const META_VERSION = 1;
export const META_HEADER_BYTES = 32;

export interface MetaHeader {
  chunkSizeBytes: number;
  generation: number;
  length: number;
}

/** Shard directory of a block: two hex digits of its low byte (ids are sequential, so they spread). */
export function shardOf(blockId: number): string {
  return (blockId % 256).toString(16).padStart(2, '0');
}

export function assertBlockId(blockId: number): void {
  if (!Number.isSafeInteger(blockId) || blockId <= 0) throw new Error(`bad block id: ${blockId}`);
}

export function baseName(blockId: number, generation: number): string {
  assertBlockId(blockId);
  if (!Number.isSafeInteger(generation) || generation < 0)
    throw new Error(`bad generation: ${generation}`);
  return `blk_${blockId}_${generation}`;
}

export function finalPaths(
  dir: string,
  blockId: number,
  generation: number,
): { data: string; meta: string; shard: string } {
  const shard = join(dir, 'current', shardOf(blockId));
  const base = join(shard, baseName(blockId, generation));
  return { data: `${base}.data`, meta: `${base}.meta`, shard };
}

/** Parses `blk_<id>_<gen>.data|.meta`; undefined for anything else. */
export function parseBlockFileName(
  name: string,
): { blockId: number; generation: number; kind: 'data' | 'meta' } | undefined {
  const m = /^blk_(\d{1,16})_(\d{1,16})\.(data|meta)$/.exec(name);
  if (!m) return undefined;
  const blockId = Number(m[1]);
  const generation = Number(m[2]);
  if (!Number.isSafeInteger(blockId) || blockId <= 0 || !Number.isSafeInteger(generation))
    return undefined;
  return { blockId, generation, kind: m[3] as 'data' | 'meta' };
}

export function chunkCount(length: number, chunkSizeBytes: number): number {
  return Math.ceil(length / chunkSizeBytes);
}

export function encodeMeta(header: MetaHeader, crcs: readonly number[]): Buffer {
  const out = Buffer.alloc(META_HEADER_BYTES + 4 * crcs.length);
  out.write(META_MAGIC, 0, 'ascii');
  out.writeUInt16BE(META_VERSION, 4);
  out.writeUInt32BE(header.chunkSizeBytes, 8);
  out.writeBigUInt64BE(BigInt(header.generation), 16);
  out.writeBigUInt64BE(BigInt(header.length), 24);
  crcs.forEach((crc, i) => out.writeUInt32BE(crc >>> 0, META_HEADER_BYTES + 4 * i));
  return out;
}

/** Decodes a .meta file; throws with the reason when it is not a valid one. */
export function decodeMeta(bytes: Buffer): { header: MetaHeader; crcs: number[] } {
  if (bytes.length < META_HEADER_BYTES) throw new Error('meta file shorter than its header');
  if (bytes.toString('ascii', 0, 4) !== META_MAGIC) throw new Error('bad meta magic');
  const version = bytes.readUInt16BE(4);
  if (version !== META_VERSION) throw new Error(`unknown meta version ${version}`);
  const chunkSizeBytes = bytes.readUInt32BE(8);
  const generation = Number(bytes.readBigUInt64BE(16));
  const length = Number(bytes.readBigUInt64BE(24));
  if (chunkSizeBytes === 0 || !Number.isSafeInteger(length)) throw new Error('bad meta header');
  const expected = chunkCount(length, chunkSizeBytes);
  if (bytes.length !== META_HEADER_BYTES + 4 * expected) {
    throw new Error(
      `meta holds ${(bytes.length - META_HEADER_BYTES) / 4} checksums, expected ${expected}`,
    );
  }
  const crcs: number[] = [];
  for (let i = 0; i < expected; i++) crcs.push(bytes.readUInt32BE(META_HEADER_BYTES + 4 * i));
  return { header: { chunkSizeBytes, generation, length }, crcs };
}
