/**
 * A dataserver's memory cache pool: recently read chunks of replicas, bounded in
 * bytes, least recently used out first (lru-cache does the bookkeeping).
 *
 * A chunk enters only after its CRC was checked against the replica's checksum
 * file, and is keyed by block, generation and chunk index, so a newer generation
 * never meets an older one's bytes. The block store drops a replica's chunks when
 * it deletes, replaces or condemns the replica, so nothing is served from memory
 * that the disk no longer vouches for.
 *
 * Beside the LRU, whole replicas pinned by cache directives (the nameserver orders
 * them): never evicted, bounded by their own byte limit, dropped like the rest.
 */
import { LRUCache } from 'lru-cache';
import type { BlockId } from '../core/ids.js';

export interface CachedChunk {
  payload: Buffer;
  crc: number;
}

export interface ChunkCacheStats {
  capacityBytes: number;
  usedBytes: number;
  chunks: number;
  hits: number;
  misses: number;
  evictions: number;
  pinnedCapacityBytes: number;
  pinnedBytes: number;
  pinnedBlocks: number;
}

interface PinnedReplica {
  generation: number;
  chunks: CachedChunk[];
  bytes: number;
}

/** Per-entry bookkeeping beyond the payload (key, node, object headers), for the byte bound. */
const ENTRY_OVERHEAD_BYTES = 200;

export class ChunkCache {
  private readonly lru: LRUCache<string, CachedChunk> | null;
  /** Per replica (`block:generation`): chunks in memory, of how many. */
  private readonly replicas = new Map<
    string,
    { blockId: BlockId; cached: number; total: number }
  >();
  private readonly pinned = new Map<BlockId, PinnedReplica>();
  private pinnedBytes = 0;
  private hits = 0;
  private misses = 0;
  private evictions = 0;

  /**
   * @param capacityBytes the LRU pool's bound; 0 turns it off.
   * @param pinnedCapacityBytes the bound on pinned replicas; 0: none can be pinned.
   */
  constructor(
    readonly capacityBytes: number,
    readonly pinnedCapacityBytes = 0,
  ) {
    this.lru =
      capacityBytes > 0
        ? new LRUCache<string, CachedChunk>({
            maxSize: capacityBytes,
            sizeCalculation: (c) => c.payload.length + ENTRY_OVERHEAD_BYTES,
            dispose: (_value, key, reason) => {
              if (reason === 'evict') this.evictions++;
              // 'set' replaced the value under the same key: the chunk is still here.
              if (reason !== 'set') this.forgetChunk(key);
            },
          })
        : null;
  }

  /**
   * Chunks [first, end) of a replica if every one is in memory (counted as hits),
   * else null (counted as misses: the caller reads them from disk).
   */
  getRun(blockId: BlockId, generation: number, first: number, end: number): CachedChunk[] | null {
    const pinned = this.pinned.get(blockId);
    if (pinned && pinned.generation === generation && end <= pinned.chunks.length) {
      this.hits += end - first;
      return pinned.chunks.slice(first, end);
    }
    if (!this.lru) return null;
    for (let c = first; c < end; c++) {
      if (!this.lru.has(cacheKey(blockId, generation, c))) {
        this.misses += end - first;
        return null;
      }
    }
    const run: CachedChunk[] = [];
    for (let c = first; c < end; c++) run.push(this.lru.get(cacheKey(blockId, generation, c))!);
    this.hits += end - first;
    return run;
  }

  get enabled(): boolean {
    return this.lru !== null || this.pinnedCapacityBytes > 0;
  }

  /**
   * Holds a whole replica's verified chunks until unpinned or dropped. False (and
   * nothing held) if they do not fit in the room left under the pinned bound.
   */
  pin(blockId: BlockId, generation: number, chunks: CachedChunk[]): boolean {
    this.unpin(blockId);
    const bytes = chunks.reduce((sum, c) => sum + c.payload.length + ENTRY_OVERHEAD_BYTES, 0);
    if (this.pinnedBytes + bytes > this.pinnedCapacityBytes) return false;
    this.pinned.set(blockId, { generation, chunks, bytes });
    this.pinnedBytes += bytes;
    return true;
  }

  unpin(blockId: BlockId): void {
    const entry = this.pinned.get(blockId);
    if (!entry) return;
    this.pinned.delete(blockId);
    this.pinnedBytes -= entry.bytes;
  }

  isPinned(blockId: BlockId): boolean {
    return this.pinned.has(blockId);
  }

  /** Pinned blocks, at most `limit` (the heartbeat tells the nameserver). */
  pinnedBlocks(limit: number): BlockId[] {
    return [...this.pinned.keys()].slice(0, limit);
  }

  /**
   * Caches a verified chunk of a replica of `chunksInReplica` chunks. The payload is
   * copied (into a buffer of its own, not a slice of Node's pool, so that nothing
   * larger is kept alive), unless `handOver`: the caller gives the cache a buffer
   * that it will never write to again, kept as it is (a copy and an allocation per
   * chunk spared).
   */
  set(
    blockId: BlockId,
    generation: number,
    chunk: number,
    payload: Buffer,
    crc: number,
    chunksInReplica: number,
    handOver = false,
  ): void {
    if (!this.lru || this.pinned.has(blockId)) return;
    const key = cacheKey(blockId, generation, chunk);
    const fresh = !this.lru.has(key);
    const kept = handOver ? payload : Buffer.allocUnsafeSlow(payload.length);
    if (!handOver) payload.copy(kept);
    this.lru.set(key, { payload: kept, crc });
    if (fresh && this.lru.has(key)) {
      const replica = `${blockId}:${generation}`;
      const entry = this.replicas.get(replica);
      if (entry) entry.cached++;
      else this.replicas.set(replica, { blockId, cached: 1, total: chunksInReplica });
    }
  }

  /**
   * Blocks with every chunk in memory, at most `limit` (the heartbeat tells the
   * nameserver): the pinned ones, then the latest cached first, since a block just
   * written and cached is the likeliest to be read next.
   */
  wholeBlocks(limit: number): BlockId[] {
    const out: BlockId[] = this.pinnedBlocks(limit);
    if (out.length >= limit) return out;
    const replicas = [...this.replicas.values()];
    for (let i = replicas.length - 1; i >= 0 && out.length < limit; i--) {
      const r = replicas[i]!;
      if (r.cached === r.total) out.push(r.blockId);
    }
    return out;
  }

  private forgetChunk(key: string): void {
    const replica = key.slice(0, key.lastIndexOf(':'));
    const entry = this.replicas.get(replica);
    if (!entry) return;
    if (--entry.cached <= 0) this.replicas.delete(replica);
  }

  /** Forgets every chunk of one replica (deleted, replaced or found corrupt). */
  dropReplica(blockId: BlockId, generation: number, chunks: number): void {
    if (this.pinned.get(blockId)?.generation === generation) this.unpin(blockId);
    if (!this.lru) return;
    for (let c = 0; c < chunks; c++) this.lru.delete(cacheKey(blockId, generation, c));
  }

  /** How many of the replica's chunks are in memory. */
  cachedChunks(blockId: BlockId, generation: number, chunks: number): number {
    if (!this.lru) return 0;
    let n = 0;
    for (let c = 0; c < chunks; c++) if (this.lru.has(cacheKey(blockId, generation, c))) n++;
    return n;
  }

  stats(): ChunkCacheStats {
    return {
      capacityBytes: this.capacityBytes,
      usedBytes: this.lru?.calculatedSize ?? 0,
      chunks: this.lru?.size ?? 0,
      hits: this.hits,
      misses: this.misses,
      evictions: this.evictions,
      pinnedCapacityBytes: this.pinnedCapacityBytes,
      pinnedBytes: this.pinnedBytes,
      pinnedBlocks: this.pinned.size,
    };
  }
}

function cacheKey(blockId: BlockId, generation: number, chunk: number): string {
  return `${blockId}:${generation}:${chunk}`;
}
