/**
 * A plain directory as a benchmark target: the local disk, or a mounted file system
 * (MooseFS's FUSE mount). Files are fsynced before they count as written, the
 * semantics Strata gives (and `dd conv=fsync`, and mfsmount's fsync on close).
 */
import { createReadStream, promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { BenchTarget } from './bench-target.js';

export class DirTarget implements BenchTarget {
  readonly label: string;

  constructor(private readonly root: string) {
    this.label = `dir:${root}`;
  }

  private at(path: string): string {
    return join(this.root, path);
  }

  async createFile(path: string, data: Buffer): Promise<void> {
    const file = await fsp.open(this.at(path), 'wx');
    try {
      await file.writeFile(data);
      await file.datasync();
    } finally {
      await file.close();
    }
  }

  async writeLarge(
    path: string,
    chunks: AsyncIterable<Buffer>,
    onChunk: () => void,
  ): Promise<number> {
    const file = await fsp.open(this.at(path), 'w');
    let bytes = 0;
    try {
      for await (const chunk of chunks) {
        await file.write(chunk);
        bytes += chunk.length;
        onChunk();
      }
      await file.datasync();
    } finally {
      await file.close();
    }
    return bytes;
  }

  readFile(path: string): Promise<Buffer> {
    return fsp.readFile(this.at(path));
  }

  readLarge(path: string): Readable {
    return createReadStream(this.at(path), { highWaterMark: 1024 * 1024 });
  }

  async size(path: string): Promise<number> {
    return (await fsp.stat(this.at(path))).size;
  }

  async mkdir(path: string): Promise<void> {
    await fsp.mkdir(this.at(path));
  }

  async countEntries(path: string): Promise<number> {
    let n = 0;
    for await (const entry of await fsp.opendir(this.at(path), { bufferSize: 1024 })) {
      void entry;
      n++;
    }
    return n;
  }

  rename(source: string, destination: string): Promise<void> {
    return fsp.rename(this.at(source), this.at(destination));
  }

  removeFile(path: string): Promise<void> {
    return fsp.unlink(this.at(path));
  }

  removeDir(path: string): Promise<void> {
    return fsp.rmdir(this.at(path));
  }

  async removeTree(path: string): Promise<void> {
    await fsp.rm(this.at(path), { recursive: true, force: true });
  }

  async close(): Promise<void> {}
}
