/** A dataserver's block files on disk, for tests that check or damage replicas. */
import {
  closeSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { decodeNeedleHeader } from '../../src/blockstore/needle.js';

/** Where a replica's bytes are on disk: `size` bytes from `offset` of `path`. */
export interface ReplicaBytes {
  path: string;
  size: number;
  /** 0 for a replica's own .data file; past the header for a needle in a volume. */
  offset: number;
  /** A needle in a shared volume rather than files of its own. */
  needle: boolean;
}

/**
 * The replicas under `dir`, by block id: each data file (not checksum files) and
 * each live needle in a volume.
 */
export function blockFiles(dir: string): Map<number, ReplicaBytes> {
  const found = new Map<number, ReplicaBytes>();
  const walk = (d: string) => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(d, name);
      const stat = statSync(path, { throwIfNoEntry: false });
      if (!stat) continue;
      if (stat.isDirectory()) walk(path);
      const m = /^blk_(\d+)_\d+\.data$/.exec(name);
      if (m) found.set(Number(m[1]), { path, size: stat.size, offset: 0, needle: false });
      if (/^\d{8}\.vol$/.test(name)) {
        for (const n of needlesIn(path)) {
          found.set(n.blockId, { path, size: n.length, offset: n.dataOffset, needle: true });
        }
      }
    }
  };
  walk(dir);
  return found;
}

/** The live needles of a volume file, in order, up to the first bytes that are not one. */
export function needlesIn(path: string): { blockId: number; length: number; dataOffset: number }[] {
  const bytes = readFileSync(path);
  const out: { blockId: number; length: number; dataOffset: number }[] = [];
  let pos = 0;
  while (pos + 32 <= bytes.length) {
    let header;
    try {
      header = decodeNeedleHeader(bytes, pos, {
        chunkSizeBytes: bytes.readUInt32LE(pos + 28),
        maxLength: 1024 * 1024,
      });
    } catch {
      break;
    }
    if (header === 'short') break;
    if (header.live) {
      out.push({
        blockId: header.blockId,
        length: header.length,
        dataOffset: pos + header.headerBytes,
      });
    }
    pos += header.headerBytes + header.length;
  }
  return out;
}

export function findBlockFile(dir: string, blockId: number): string | undefined {
  return blockFiles(dir).get(blockId)?.path;
}

/** Flips the lowest bit of the byte at `offset`. */
export function flipByte(path: string, offset: number): void {
  const fd = openSync(path, 'r+');
  try {
    const b = Buffer.alloc(1);
    readSync(fd, b, 0, 1, offset);
    b[0] = b[0]! ^ 0x01;
    writeSync(fd, b, 0, 1, offset);
  } finally {
    closeSync(fd);
  }
}
