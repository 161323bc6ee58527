/** A dataserver's block files on disk, for tests that check or damage replicas. */
import { closeSync, openSync, readSync, readdirSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Data files (not checksum files) under `dir`, by block id: path and size. */
export function blockFiles(dir: string): Map<number, { path: string; size: number }> {
  const found = new Map<number, { path: string; size: number }>();
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
      if (m) found.set(Number(m[1]), { path, size: stat.size });
    }
  };
  walk(dir);
  return found;
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
