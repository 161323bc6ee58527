/**
 * NVMe as a second cache tier, behind the memory pool: an HDD replica read often
 * (`promoteAfterReads` reads within `countWindowMs`) is copied, data and checksum
 * file, into `cache/` of an NVMe dir, and later reads of it come from there. A
 * promoted copy is never a replica: it is not in the index, not reported, not
 * counted, and `cache/` is emptied at every start. It leaves when it has not been
 * read for `maxIdleMs` (demotion by age), when the tier needs its bytes for a
 * block read more recently, or at once when its replica is deleted, replaced or
 * condemned. Reads from it still carry the stored CRCs to the client.
 */
import { copyFile, mkdir, rename, rm, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { BlockId } from '../core/ids.js';
import { baseName } from './block-files.js';

export const NVME_CACHE_DIR = 'cache';

export interface NvmeTierOptions {
  /** The NVMe storage dirs (their index in the store, and path). */
  dirs: { dirIndex: number; path: string }[];
  capacityBytes: number;
  promoteAfterReads: number;
  countWindowMs: number;
  maxIdleMs: number;
  /** Bytes every dir's file system keeps free (the store's own reserve). */
  leaveFreeBytes: number;
  now: () => number;
}

export interface Promoted {
  dirIndex: number;
  data: string;
  meta: string;
}

interface Entry extends Promoted {
  generation: number;
  bytes: number;
  lastReadMs: number;
}

export interface NvmeTierStats {
  capacityBytes: number;
  usedBytes: number;
  blocks: number;
  hits: number;
  promotions: number;
  demotions: number;
}

/** Most blocks whose reads are being counted at once. */
const MAX_COUNTED_BLOCKS = 10_000;

export class NvmeTier {
  private readonly entries = new Map<BlockId, Entry>();
  private readonly reads = new LRUCache<BlockId, { count: number; sinceMs: number }>({
    max: MAX_COUNTED_BLOCKS,
  });
  private readonly promoting = new Set<BlockId>();
  private usedBytes = 0;
  private stats = { hits: 0, promotions: 0, demotions: 0 };

  constructor(private readonly options: NvmeTierOptions) {}

  get enabled(): boolean {
    return this.options.capacityBytes > 0 && this.options.dirs.length > 0;
  }

  /** Empties every `cache/`: what a previous run promoted is not vouched for now. */
  async open(): Promise<void> {
    for (const dir of this.options.dirs) {
      await rm(join(dir.path, NVME_CACHE_DIR), { recursive: true, force: true });
      await mkdir(join(dir.path, NVME_CACHE_DIR), { recursive: true });
    }
  }

  /** The promoted copy of this generation of the block, if there is one (a hit). */
  lookup(blockId: BlockId, generation: number): Promoted | undefined {
    const entry = this.entries.get(blockId);
    if (!entry || entry.generation !== generation) return undefined;
    entry.lastReadMs = this.options.now();
    this.stats.hits++;
    return entry;
  }

  /**
   * Counts a read of an HDD replica; true when it has now been read often enough
   * to be promoted (the caller then calls {@link promote}).
   */
  noteRead(blockId: BlockId, bytes: number): boolean {
    if (!this.enabled || this.entries.has(blockId) || this.promoting.has(blockId)) return false;
    if (bytes > this.options.capacityBytes) return false;
    const now = this.options.now();
    const seen = this.reads.get(blockId);
    const counted =
      seen && now - seen.sinceMs <= this.options.countWindowMs
        ? { count: seen.count + 1, sinceMs: seen.sinceMs }
        : { count: 1, sinceMs: now };
    if (counted.count < this.options.promoteAfterReads) {
      this.reads.set(blockId, counted);
      return false;
    }
    // Counting starts over: reads during the promotion's check must not start another.
    this.reads.delete(blockId);
    return true;
  }

  /**
   * Copies a replica's files (already checked by the caller) into the tier. Makes
   * room by demoting the least recently read copies; gives up, quietly, when the
   * file system has no room above its reserve.
   */
  async promote(
    blockId: BlockId,
    generation: number,
    bytes: number,
    from: { data: string; meta: string },
    stillCurrent: () => boolean,
  ): Promise<boolean> {
    if (this.promoting.has(blockId) || this.entries.has(blockId)) return false;
    this.promoting.add(blockId);
    try {
      this.demoteIdle();
      while (this.usedBytes + bytes > this.options.capacityBytes && this.entries.size > 0) {
        await this.demote(this.leastRecentlyRead()!);
      }
      const dir = await this.dirWithRoom(bytes);
      if (!dir) return false;
      const base = join(dir.path, NVME_CACHE_DIR, baseName(blockId, generation));
      const tmp = `${base}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        await copyFile(from.data, `${tmp}.data`);
        await copyFile(from.meta, `${tmp}.meta`);
        // No fsync: a cached copy lost in a crash is simply gone (cache/ is emptied at start).
        await rename(`${tmp}.data`, `${base}.data`);
        await rename(`${tmp}.meta`, `${base}.meta`);
      } catch {
        await rm(`${tmp}.data`, { force: true });
        await rm(`${tmp}.meta`, { force: true });
        return false;
      }
      if (!stillCurrent()) {
        await removeCopy({ data: `${base}.data`, meta: `${base}.meta` });
        return false;
      }
      this.entries.set(blockId, {
        dirIndex: dir.dirIndex,
        data: `${base}.data`,
        meta: `${base}.meta`,
        generation,
        bytes,
        lastReadMs: this.options.now(),
      });
      this.usedBytes += bytes;
      this.stats.promotions++;
      this.reads.delete(blockId);
      return true;
    } finally {
      this.promoting.delete(blockId);
    }
  }

  /** The replica is gone, replaced or condemned: its promoted copy goes too. */
  async drop(blockId: BlockId): Promise<void> {
    this.reads.delete(blockId);
    const entry = this.entries.get(blockId);
    if (!entry) return;
    this.entries.delete(blockId);
    this.usedBytes -= entry.bytes;
    await removeCopy(entry);
  }

  /** Demotes every copy not read for `maxIdleMs`. */
  demoteIdle(): void {
    const cutoff = this.options.now() - this.options.maxIdleMs;
    for (const [blockId, entry] of this.entries) {
      if (entry.lastReadMs <= cutoff) void this.demote(blockId);
    }
  }

  snapshot(): NvmeTierStats {
    return {
      capacityBytes: this.enabled ? this.options.capacityBytes : 0,
      usedBytes: this.usedBytes,
      blocks: this.entries.size,
      ...this.stats,
    };
  }

  private async demote(blockId: BlockId): Promise<void> {
    const entry = this.entries.get(blockId);
    if (!entry) return;
    this.entries.delete(blockId);
    this.usedBytes -= entry.bytes;
    this.stats.demotions++;
    await removeCopy(entry);
  }

  private leastRecentlyRead(): BlockId | undefined {
    let oldest: [BlockId, number] | undefined;
    for (const [blockId, e] of this.entries) {
      if (!oldest || e.lastReadMs < oldest[1]) oldest = [blockId, e.lastReadMs];
    }
    return oldest?.[0];
  }

  private async dirWithRoom(bytes: number): Promise<{ dirIndex: number; path: string } | null> {
    for (const dir of this.options.dirs) {
      try {
        const s = await statfs(dir.path);
        // Twice the copy's size above the reserve: the tier never takes a replica's last room.
        if (s.bavail * s.bsize - this.options.leaveFreeBytes >= 2 * bytes) return dir;
      } catch {
        // an unusable dir takes nothing
      }
    }
    return null;
  }
}

async function removeCopy(copy: { data: string; meta: string }): Promise<void> {
  await rm(copy.meta, { force: true }).catch(() => undefined);
  await rm(copy.data, { force: true }).catch(() => undefined);
}
