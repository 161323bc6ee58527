/**
 * The dataserver's replicas on its storage dirs: atomic creation (temp files,
 * fsync, rename, fsync of the directory), an in-memory index rebuilt from disk at
 * start, chunked reads that carry the CRCs stored on disk, and verification.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  statfs,
  stat,
  unlink,
  type FileHandle,
} from 'node:fs/promises';
import { join } from 'node:path';
import { crc32c } from '../core/checksum.js';
import {
  alreadyExists,
  dataLoss,
  invalidArgument,
  notFound,
  resourceExhausted,
  StrataError,
  unavailable,
} from '../core/errors.js';
import type { Frame } from '../core/frames.js';
import { Defaults } from '../core/limits.js';
import {
  chunkCount,
  decodeMeta,
  encodeMeta,
  finalPaths,
  baseName,
  META_HEADER_BYTES,
  parseBlockFileName,
} from './block-files.js';

export type Medium = 'nvme' | 'hdd';

export interface StorageDirConfig {
  path: string;
  medium: Medium;
}

export interface ReplicaInfo {
  blockId: number;
  generation: number;
  length: number;
  medium: Medium;
  dirIndex: number;
}

export interface CorruptReplica {
  blockId: number;
  generation: number;
  dirIndex: number;
  reason: string;
}

export interface StorageState {
  medium: Medium;
  path: string;
  capacityBytes: number;
  usedBytes: number;
  freeBytes: number;
  blockCount: number;
  failed: boolean;
}

interface Dir {
  config: StorageDirConfig;
  usedBytes: number;
  blockCount: number;
}

export class BlockStore {
  private readonly index = new Map<number, ReplicaInfo>();
  private readonly corrupt: CorruptReplica[] = [];
  /** Blocks with a write in progress here, so that two writers of one block cannot race. */
  private readonly writing = new Set<number>();

  private constructor(
    private readonly dirs: Dir[],
    readonly chunkSizeBytes: number,
  ) {}

  static async open(
    configs: StorageDirConfig[],
    options: { chunkSizeBytes?: number } = {},
  ): Promise<BlockStore> {
    if (configs.length === 0) throw invalidArgument('a dataserver needs at least one storage dir');
    const store = new BlockStore(
      configs.map((config) => ({ config, usedBytes: 0, blockCount: 0 })),
      options.chunkSizeBytes ?? Defaults.chunkSizeBytes,
    );
    for (let i = 0; i < configs.length; i++) await store.scan(i);
    return store;
  }

  private async scan(dirIndex: number): Promise<void> {
    const root = this.dirs[dirIndex]!.config.path;
    // In-progress writes of a crashed process were never acknowledged: drop them.
    await rm(join(root, 'tmp'), { recursive: true, force: true });
    await mkdir(join(root, 'tmp'), { recursive: true });
    await mkdir(join(root, 'current'), { recursive: true });
    for (const shard of await readdir(join(root, 'current'))) {
      const shardPath = join(root, 'current', shard);
      if (!(await stat(shardPath)).isDirectory()) continue;
      const names = await readdir(shardPath);
      const nameSet = new Set(names);
      for (const name of names) {
        const parsed = parseBlockFileName(name);
        if (!parsed) continue;
        const base = baseName(parsed.blockId, parsed.generation);
        if (parsed.kind === 'meta') {
          if (!nameSet.has(`${base}.data`))
            await unlink(join(shardPath, name)).catch(() => undefined);
          continue;
        }
        await this.loadReplica(
          dirIndex,
          parsed.blockId,
          parsed.generation,
          shardPath,
          nameSet.has(`${base}.meta`),
        );
      }
    }
  }

  private async loadReplica(
    dirIndex: number,
    blockId: number,
    generation: number,
    shardPath: string,
    hasMeta: boolean,
  ): Promise<void> {
    const base = join(shardPath, baseName(blockId, generation));
    const markCorrupt = (reason: string): void => {
      this.corrupt.push({ blockId, generation, dirIndex, reason });
    };
    if (!hasMeta) return markCorrupt('checksum file missing');
    let length: number;
    try {
      const { header } = decodeMeta(await readFile(`${base}.meta`));
      const dataBytes = (await stat(`${base}.data`)).size;
      if (header.generation !== generation)
        return markCorrupt('generation in meta disagrees with its name');
      if (dataBytes !== header.length)
        return markCorrupt(`data file has ${dataBytes} bytes, meta says ${header.length}`);
      if (header.chunkSizeBytes !== this.chunkSizeBytes)
        return markCorrupt(`chunk size ${header.chunkSizeBytes} differs`);
      length = header.length;
    } catch (err) {
      return markCorrupt(`meta unreadable: ${(err as Error).message}`);
    }
    const existing = this.index.get(blockId);
    if (existing && existing.generation >= generation) {
      await this.removeFiles(dirIndex, blockId, generation);
      return;
    }
    if (existing) await this.deleteReplica(existing);
    this.index.set(blockId, {
      blockId,
      generation,
      length,
      medium: this.dirs[dirIndex]!.config.medium,
      dirIndex,
    });
    this.account(dirIndex, length, chunkCount(length, this.chunkSizeBytes), +1);
  }

  private account(dirIndex: number, length: number, chunks: number, sign: 1 | -1): void {
    const dir = this.dirs[dirIndex]!;
    dir.usedBytes += sign * (length + META_HEADER_BYTES + 4 * chunks);
    dir.blockCount += sign;
  }

  mediumOf(dirIndex: number): Medium {
    return this.dirs[dirIndex]!.config.medium;
  }

  get(blockId: number): ReplicaInfo | undefined {
    return this.index.get(blockId);
  }

  list(): ReplicaInfo[] {
    return [...this.index.values()];
  }

  corruptReplicas(): CorruptReplica[] {
    return [...this.corrupt];
  }

  async createWriter(
    blockId: number,
    generation: number,
    options: { medium?: Medium } = {},
  ): Promise<BlockWriter> {
    const existing = this.index.get(blockId);
    if (existing && existing.generation >= generation) {
      throw alreadyExists(
        `block ${blockId} generation ${existing.generation} is already stored here`,
      );
    }
    if (this.writing.has(blockId))
      throw alreadyExists(`block ${blockId} is already being written here`);
    const dirIndex = await this.chooseDir(options.medium);
    const root = this.dirs[dirIndex]!.config.path;
    const tmpBase = join(
      root,
      'tmp',
      `${baseName(blockId, generation)}.${randomBytes(4).toString('hex')}`,
    );
    this.writing.add(blockId);
    try {
      const data = await open(`${tmpBase}.data`, 'wx');
      return new BlockWriter(this, { blockId, generation, dirIndex, root, tmpBase, data });
    } catch (err) {
      this.writing.delete(blockId);
      throw mapIoError(err);
    }
  }

  /** The dir of the wanted medium (else any) with the most free bytes. */
  private async chooseDir(medium: Medium | undefined): Promise<number> {
    let best = -1;
    let bestFree = -1;
    let bestMatches = false;
    for (let i = 0; i < this.dirs.length; i++) {
      let free: number;
      try {
        const s = await statfs(this.dirs[i]!.config.path);
        free = s.bavail * s.bsize;
      } catch {
        continue;
      }
      const matches = medium === undefined || this.dirs[i]!.config.medium === medium;
      if ((matches && !bestMatches) || (matches === bestMatches && free > bestFree)) {
        best = i;
        bestFree = free;
        bestMatches = matches;
      }
    }
    if (best < 0) throw unavailable('no usable storage dir');
    return best;
  }

  /** Called by a writer once its files are durable in place. */
  registerFinalized(info: ReplicaInfo, chunks: number): void {
    this.writing.delete(info.blockId);
    const previous = this.index.get(info.blockId);
    if (previous) {
      // A newer generation replaces an older one; the old files go.
      void this.deleteReplica(previous);
    }
    this.index.set(info.blockId, info);
    this.account(info.dirIndex, info.length, chunks, +1);
  }

  writerDone(blockId: number): void {
    this.writing.delete(blockId);
  }

  /**
   * Yields the chunks covering [offset, offset+length) with the CRCs stored on disk
   * (not re-verified: the reader checks them end to end). The first chunk may start
   * before `offset`: chunks are aligned.
   */
  async *readChunks(blockId: number, offset = 0, length = Infinity): AsyncGenerator<Frame> {
    const info = this.index.get(blockId);
    if (!info) throw notFound(`block ${blockId} is not here`);
    const root = this.dirs[info.dirIndex]!.config.path;
    const paths = finalPaths(root, blockId, info.generation);
    let crcs: number[];
    try {
      crcs = decodeMeta(await readFile(paths.meta)).crcs;
    } catch (err) {
      throw dataLoss(`block ${blockId}: checksum file unreadable: ${(err as Error).message}`);
    }
    const end = Math.min(info.length, offset + length);
    if (offset >= end) return;
    const firstChunk = Math.floor(offset / this.chunkSizeBytes);
    const lastChunk = Math.ceil(end / this.chunkSizeBytes);
    const fh = await open(paths.data, 'r').catch((err: unknown) => {
      throw dataLoss(`block ${blockId}: data file unreadable: ${(err as Error).message}`);
    });
    try {
      for (let c = firstChunk; c < lastChunk; c++) {
        const start = c * this.chunkSizeBytes;
        const size = Math.min(this.chunkSizeBytes, info.length - start);
        const payload = Buffer.allocUnsafe(size);
        const { bytesRead } = await fh.read(payload, 0, size, start);
        if (bytesRead !== size)
          throw dataLoss(`block ${blockId}: data file is shorter than its checksums say`);
        yield { payload, crc: crcs[c]! };
      }
    } finally {
      await fh.close();
    }
  }

  /** Re-reads a whole replica and compares every chunk with its stored CRC. */
  async verify(blockId: number): Promise<{ ok: boolean; reason?: string }> {
    let index = 0;
    try {
      for await (const frame of this.readChunks(blockId)) {
        if (crc32c(frame.payload) !== frame.crc)
          return { ok: false, reason: `checksum mismatch in chunk ${index}` };
        index++;
      }
      return { ok: true };
    } catch (err) {
      return { ok: false, reason: (err as Error).message };
    }
  }

  async delete(blockId: number): Promise<boolean> {
    const info = this.index.get(blockId);
    if (!info) return false;
    await this.deleteReplica(info);
    return true;
  }

  private async deleteReplica(info: ReplicaInfo): Promise<void> {
    if (this.index.get(info.blockId) === info) this.index.delete(info.blockId);
    this.account(info.dirIndex, info.length, chunkCount(info.length, this.chunkSizeBytes), -1);
    await this.removeFiles(info.dirIndex, info.blockId, info.generation);
  }

  private async removeFiles(dirIndex: number, blockId: number, generation: number): Promise<void> {
    const paths = finalPaths(this.dirs[dirIndex]!.config.path, blockId, generation);
    await rm(paths.data, { force: true });
    await rm(paths.meta, { force: true });
  }

  async storageStates(): Promise<StorageState[]> {
    return Promise.all(
      this.dirs.map(async (dir) => {
        try {
          const s = await statfs(dir.config.path);
          return {
            medium: dir.config.medium,
            path: dir.config.path,
            capacityBytes: s.blocks * s.bsize,
            usedBytes: dir.usedBytes,
            freeBytes: s.bavail * s.bsize,
            blockCount: dir.blockCount,
            failed: false,
          };
        } catch {
          return {
            medium: dir.config.medium,
            path: dir.config.path,
            capacityBytes: 0,
            usedBytes: dir.usedBytes,
            freeBytes: 0,
            blockCount: dir.blockCount,
            failed: true,
          };
        }
      }),
    );
  }

  async close(): Promise<void> {
    // Nothing is held open between calls; present for the lifecycle.
  }
}

interface WriterState {
  blockId: number;
  generation: number;
  dirIndex: number;
  root: string;
  tmpBase: string;
  data: FileHandle;
}

/** One replica being written: chunks appended in order, then made durable and visible at once. */
export class BlockWriter {
  private readonly crcs: number[] = [];
  private written = 0;
  private lastChunkShort = false;
  private done = false;

  constructor(
    private readonly store: BlockStore,
    private readonly state: WriterState,
  ) {}

  get bytesWritten(): number {
    return this.written;
  }

  async write(payload: Buffer, crc: number): Promise<void> {
    assert(!this.done, 'write after finalize/abort');
    if (payload.length === 0 || payload.length > this.store.chunkSizeBytes) {
      throw invalidArgument(
        `chunk of ${payload.length} bytes (chunk size ${this.store.chunkSizeBytes})`,
      );
    }
    if (this.lastChunkShort) throw invalidArgument('only the last chunk of a block may be short');
    if (payload.length < this.store.chunkSizeBytes) this.lastChunkShort = true;
    try {
      await this.state.data.write(payload, 0, payload.length, this.written);
    } catch (err) {
      throw mapIoError(err);
    }
    this.written += payload.length;
    this.crcs.push(crc);
  }

  async finalize(): Promise<ReplicaInfo> {
    assert(!this.done, 'finalize twice');
    const { blockId, generation, dirIndex, root, tmpBase, data } = this.state;
    try {
      await data.sync();
      await data.close();
      const meta = await open(`${tmpBase}.meta`, 'wx');
      try {
        await meta.writeFile(
          encodeMeta(
            { chunkSizeBytes: this.store.chunkSizeBytes, generation, length: this.written },
            this.crcs,
          ),
        );
        await meta.sync();
      } finally {
        await meta.close();
      }
      const paths = finalPaths(root, blockId, generation);
      await mkdir(paths.shard, { recursive: true });
      // Data first: a data file without its meta is treated as incomplete, never as good.
      await rename(`${tmpBase}.data`, paths.data);
      await rename(`${tmpBase}.meta`, paths.meta);
      await fsyncDir(paths.shard);
    } catch (err) {
      await this.abort();
      throw mapIoError(err);
    }
    this.done = true;
    const info: ReplicaInfo = {
      blockId,
      generation,
      length: this.written,
      medium: this.store.mediumOf(dirIndex),
      dirIndex,
    };
    this.store.registerFinalized(info, this.crcs.length);
    return info;
  }

  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    await this.state.data.close().catch(() => undefined);
    await rm(`${this.state.tmpBase}.data`, { force: true });
    await rm(`${this.state.tmpBase}.meta`, { force: true });
    this.store.writerDone(this.state.blockId);
  }
}

async function fsyncDir(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

function mapIoError(err: unknown): Error {
  if (err instanceof StrataError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return resourceExhausted(`storage dir is full: ${(err as Error).message}`);
  return err instanceof Error ? err : new Error(String(err));
}
