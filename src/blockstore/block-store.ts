/**
 * The dataserver's replicas on its storage dirs: atomic creation (temp files,
 * fsync, rename, fsync of the directory), an in-memory index rebuilt from disk at
 * start, chunked reads that carry the CRCs stored on disk, and verification.
 *
 * A small replica (at most `smallReplicaBytes`, written in one go) is not given
 * files of its own: it is appended to a volume of its dir as a needle, durable by
 * a group commit shared with the replicas that arrived meanwhile (volume-set.ts).
 * Files cost this disk some 16 file-system calls a replica and were what bounded
 * small-file creates.
 *
 * The index holds only replicas that passed the startup check; anything else is
 * kept aside as corrupt, so that it is never reported to the nameserver as good.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  copyFile,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  statfs,
  type FileHandle,
} from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { crc32c } from '../core/checksum.js';
import {
  alreadyExists,
  dataLoss,
  ErrorCode,
  failedPrecondition,
  invalidArgument,
  notFound,
  resourceExhausted,
  StrataError,
  unavailable,
} from '../core/errors.js';
import { MAX_FRAME_PAYLOAD_BYTES, type Frame } from '../core/frames.js';
import type { BlockId } from '../core/ids.js';
import type { Medium } from '../core/media.js';
import { ChunkCache, type CachedChunk } from './chunk-cache.js';
import { NvmeTier, type NvmeTierStats } from './nvme-tier.js';
import { decodeNeedleHeader, encodeNeedleHeader, type NeedleHeader } from './needle.js';
import { VolumeSet, type Volume } from './volume-set.js';
import { LRUCache } from 'lru-cache';
import { Defaults, Limits } from '../core/limits.js';
import {
  baseName,
  CURRENT_DIR,
  decodeMeta,
  decodeMetaHeader,
  encodeMeta,
  finalPaths,
  isShardName,
  META_HEADER_BYTES,
  type MetaHeader,
  metaFileBytes,
  parseBlockFileName,
  shardOf,
  TMP_DIR,
} from './block-files.js';

/** One storage dir of a dataserver. */
export interface StorageDirConfig {
  path: string;
  medium: Medium;
  /**
   * An artificial speed for the dir (tests and benchmarks on one disk): every
   * disk read of a span, and every batch a writer writes, waits this latency plus
   * its bytes at this bandwidth.
   */
  profile?: MediumProfile;
}

export interface MediumProfile {
  latencyMs: number;
  /** 0: no bandwidth limit. */
  bytesPerSecond: number;
}

/** A finalized replica held here and believed good. */
export interface ReplicaInfo {
  blockId: BlockId;
  generation: number;
  length: number;
  medium: Medium;
  /** Index into the storage dirs the store was opened with. */
  dirIndex: number;
}

/** A replica found on disk at open that failed its check; kept out of the index. */
export interface CorruptReplica {
  blockId: BlockId;
  generation: number;
  dirIndex: number;
  reason: string;
}

/** What a storage dir holds and has left, for heartbeats. */
export interface StorageState {
  medium: Medium;
  path: string;
  capacityBytes: number;
  /** Bytes of this store's replica files (data + meta) in the dir. */
  usedBytes: number;
  freeBytes: number;
  /** Free bytes new replicas may use: free less the space kept free. */
  availableBytes: number;
  blockCount: number;
  /** True when the dir could not be queried (gone, unmounted, I/O error). */
  failed: boolean;
  /** Not even one chunk available: no new replica goes here. */
  full: boolean;
}

/** Options of {@link BlockStore.open}. */
export interface BlockStoreOptions {
  /** Bytes covered by one CRC32C; every chunk but a block's last is exactly this long. */
  chunkSizeBytes?: number;
  /** Largest replica a writer may write; bounds what one client can make us store. */
  maxBlockBytes?: number;
  /**
   * Bytes left free on every dir's file system (MooseFS's HDD_LEAVE_SPACE_DEFAULT,
   * HDFS's du.reserved): a new replica goes only where it fits above this.
   */
  leaveFreeBytes?: number;
  /** Bytes of verified chunks kept in memory for reads (0: no cache). */
  cacheBytes?: number;
  /** Bytes of whole replicas that cache directives may pin in memory (0: none). */
  pinnedCacheBytes?: number;
  /** Bytes of NVMe dirs that may hold copies of HDD replicas read often (0: none). */
  nvmeCacheBytes?: number;
  /** Reads (within 10 minutes) after which an HDD replica is promoted to NVMe. */
  nvmePromoteAfterReads?: number;
  /** Replicas of at most this many bytes go to a volume as needles (0: none do). */
  smallReplicaBytes?: number;
  /** A volume takes no more appends past this size. */
  maxVolumeBytes?: number;
}

/** Where a small replica lives: a needle in a volume of its dir. */
interface NeedleRef {
  dirIndex: number;
  volume: Volume;
  /** Of the needle's first byte. */
  offset: number;
  headerBytes: number;
  length: number;
}

/** What the volumes hold and have done, for tests and benchmarks. */
export interface VolumeStats {
  volumes: number;
  /** Group commits (one fdatasync each) and the needles they carried. */
  commits: number;
  appended: number;
  /** Compacted volumes, deleted once their live needles were copied out. */
  compacted: number;
  /** Volumes whose scan at open stopped short of their end, and why. */
  damage: string[];
}

/** Replica files checked at once while opening: enough to overlap I/O, few enough to stay far from EMFILE. */
const SCAN_CONCURRENCY = 32;
/** Chunks read from disk per call (16 × 64 KiB = 1 MiB). */
const READ_SPAN_CHUNKS = 16;
/** A replica larger than this share of the memory pool is never admitted to it (BlockStore.readOnce). */
const MAX_ADMITTED_SHARE = 8;
/** Replicas remembered as read once, for the memory pool's admission (BlockStore.readOnce). */
const READ_ONCE_REMEMBERED = 16_384;
/** Bytes a writer gathers before one vectored write to disk; a small replica is never flushed before its finalize. */
const WRITE_BATCH_BYTES = 1024 * 1024;
/**
 * A replica's file is synced in the background every this many bytes while it is
 * written (HDFS's sync-behind-writes): a 64 MiB block otherwise reached its final
 * fsync with all of itself dirty, and every server of a pipeline stalled there at
 * once, with the same disk to flush three copies to.
 */
const SYNC_BEHIND_BYTES = 8 * 1024 * 1024;

interface StorageDir {
  readonly path: string;
  readonly medium: Medium;
  readonly profile: MediumProfile | undefined;
  usedBytes: number;
  blockCount: number;
}

/** A replica's files as found in a shard directory, before they are checked. */
interface Candidate {
  blockId: BlockId;
  generation: number;
  dirIndex: number;
  hasMeta: boolean;
  /** Set for a needle: its header vouched for by its CRC when the volume was scanned. */
  needle?: NeedleRef;
}

/**
 * What a writer needs from its store; keeps the store's bookkeeping out of its public API.
 * @internal
 */
export interface WriterHost {
  readonly chunkSizeBytes: number;
  readonly maxBlockBytes: number;
  /** A replica of at most this many bytes, never flushed, is finalized by {@link commitNeedle}. */
  readonly smallReplicaBytes: number;
  /** Makes a finalized replica visible; throws if a newer generation won meanwhile. */
  commit(info: ReplicaInfo): Promise<void>;
  /** Appends a small replica to a volume of its dir, durably, and makes it visible as {@link commit} does. */
  commitNeedle(info: ReplicaInfo, crcs: readonly number[], data: Buffer[]): Promise<void>;
  /** Forgets the writer's in-progress entry. */
  release(): void;
}

/** The replicas on a dataserver's storage dirs. */
export class BlockStore {
  private readonly index = new Map<BlockId, ReplicaInfo>();
  /** The indexed replicas that are needles, and where. */
  private readonly needles = new Map<BlockId, NeedleRef>();
  /**
   * Replicas with files of their own read once lately, for the memory pool's
   * admission: their chunks go into the pool from their second read in this window
   * on, so that a file read once from end to end (a scan, a copy, a sequential
   * read) does not churn the pool. Admitting every chunk of a 1 GiB read through a
   * 128 MiB pool kept a dataserver half busy in garbage collection (`perf`: V8's
   * major marking and sweeping), and `strata cat` of 1 GiB took 3.55-5.77 s against
   * 2.53-3.17 s without it. Needles (small files) are admitted at their first read.
   * A replica over 1/{@link MAX_ADMITTED_SHARE} of the pool is never admitted: a few
   * such blocks fill the pool, so the LRU would only cycle them (a file read twice
   * end to end would churn it as a single read once did).
   */
  private readonly readOnce = new LRUCache<BlockId, true>({ max: READ_ONCE_REMEMBERED });
  private corrupt: CorruptReplica[] = [];
  /** Corrupt replicas that are needles, by {@link corruptKey}. */
  private readonly corruptNeedles = new Map<string, NeedleRef>();
  /** One per storage dir, set by {@link load}. */
  private volumeSets: VolumeSet[] = [];
  private volumeDamage: string[] = [];
  private readonly compactQueue = new Map<Volume, number>();
  private compacting: Promise<void> | undefined;
  private compacted = 0;
  /** No compaction while the index is being rebuilt: it would miss needles not indexed yet. */
  private loading = true;
  /** `<id>_<gen>` of writes in progress, so that two writers of one replica cannot race. */
  private readonly writing = new Set<string>();
  /**
   * Each dir's last statfs answer, reused for {@link SPACE_CHECK_TTL_MS} while every
   * dir has room: one statfs per dir per replica was a twentieth of a dataserver's
   * CPU during small-file writes. A choice that space constrains is made on fresh
   * answers (chooseDir).
   */
  private readonly spaceChecks: ({ atMs: number; availableBytes: number } | undefined)[] = [];
  private closed = false;

  private constructor(
    private readonly dirs: StorageDir[],
    /** Bytes covered by one CRC32C, and the alignment of the chunks {@link readChunks} yields. */
    readonly chunkSizeBytes: number,
    private readonly maxBlockBytes: number,
    private readonly leaveFreeBytes: number,
    private readonly smallReplicaBytes: number,
    private readonly maxVolumeBytes: number,
    /** The memory cache pool of recently read chunks. */
    readonly cache: ChunkCache,
    /** NVMe copies of HDD replicas read often (never replicas themselves). */
    readonly nvmeTier: NvmeTier,
  ) {}

  /**
   * Opens the storage dirs: creates their layout if missing, empties each `tmp/`
   * and rebuilds the index from `current/`. Replicas that fail their check are
   * listed by {@link corruptReplicas}; of two good generations of a block the lower
   * is deleted.
   */
  static async open(
    configs: StorageDirConfig[],
    options: BlockStoreOptions = {},
  ): Promise<BlockStore> {
    if (configs.length === 0) throw invalidArgument('a dataserver needs at least one storage dir');
    const paths = configs.map((c) => resolve(c.path));
    if (new Set(paths).size !== paths.length) throw invalidArgument('storage dirs repeat');
    const chunkSizeBytes = options.chunkSizeBytes ?? Defaults.chunkSizeBytes;
    // A chunk travels as one frame, so it must fit in one.
    if (
      !Number.isSafeInteger(chunkSizeBytes) ||
      chunkSizeBytes <= 0 ||
      chunkSizeBytes > MAX_FRAME_PAYLOAD_BYTES
    ) {
      throw invalidArgument(`bad chunk size: ${chunkSizeBytes}`);
    }
    const maxBlockBytes = options.maxBlockBytes ?? Limits.maxBlockSizeBytes;
    if (!Number.isSafeInteger(maxBlockBytes) || maxBlockBytes < 0) {
      throw invalidArgument(`bad block size limit: ${maxBlockBytes}`);
    }
    const leaveFreeBytes = options.leaveFreeBytes ?? Defaults.leaveFreeBytes;
    if (!Number.isSafeInteger(leaveFreeBytes) || leaveFreeBytes < 0) {
      throw invalidArgument(`bad space to leave free: ${leaveFreeBytes}`);
    }
    const smallReplicaBytes = options.smallReplicaBytes ?? Defaults.smallReplicaBytes;
    // A small replica must still be whole in its writer's batch at finalize.
    if (
      !Number.isSafeInteger(smallReplicaBytes) ||
      smallReplicaBytes < 0 ||
      smallReplicaBytes > WRITE_BATCH_BYTES
    ) {
      throw invalidArgument(
        `bad small replica size: ${smallReplicaBytes} (at most ${WRITE_BATCH_BYTES})`,
      );
    }
    const maxVolumeBytes = options.maxVolumeBytes ?? Defaults.maxVolumeBytes;
    if (!Number.isSafeInteger(maxVolumeBytes) || maxVolumeBytes <= 0) {
      throw invalidArgument(`bad volume size: ${maxVolumeBytes}`);
    }
    const store = new BlockStore(
      configs.map((c, i) => ({
        path: paths[i]!,
        medium: c.medium,
        profile: c.profile,
        usedBytes: 0,
        blockCount: 0,
      })),
      chunkSizeBytes,
      maxBlockBytes,
      leaveFreeBytes,
      smallReplicaBytes,
      maxVolumeBytes,
      new ChunkCache(
        options.cacheBytes ?? Defaults.cachePoolBytes,
        options.pinnedCacheBytes ?? Defaults.pinnedCacheBytes,
      ),
      new NvmeTier({
        // Only worth having where there is HDD to stand in front of.
        dirs: configs.some((c) => c.medium === 'hdd')
          ? configs.flatMap((c, i) =>
              c.medium === 'nvme' ? [{ dirIndex: i, path: paths[i]! }] : [],
            )
          : [],
        capacityBytes: options.nvmeCacheBytes ?? Defaults.nvmeCacheBytes,
        promoteAfterReads: options.nvmePromoteAfterReads ?? Defaults.nvmePromoteAfterReads,
        countWindowMs: 10 * 60_000,
        maxIdleMs: Defaults.nvmeCacheMaxIdleMs,
        leaveFreeBytes,
        now: () => performance.now(),
      }),
    );
    await store.nvmeTier.open();
    await store.load();
    return store;
  }

  private async load(): Promise<void> {
    const candidates = new Map<BlockId, Candidate[]>();
    for (let dirIndex = 0; dirIndex < this.dirs.length; dirIndex++) {
      const root = this.dirs[dirIndex]!.path;
      // In-progress writes of a crashed process were never acknowledged: drop them.
      await rm(join(root, TMP_DIR), { recursive: true, force: true });
      await mkdir(join(root, TMP_DIR), { recursive: true });
      await mkdir(join(root, CURRENT_DIR), { recursive: true });
      const volumes = await VolumeSet.open(
        root,
        {
          chunkSizeBytes: this.chunkSizeBytes,
          // Needles written with a larger limit before a restart are still read.
          maxLength: WRITE_BATCH_BYTES,
          maxVolumeBytes: this.maxVolumeBytes,
        },
        (volume) => this.maybeCompact(volume, dirIndex),
      );
      this.volumeSets.push(volumes.set);
      this.volumeDamage.push(...volumes.damage);
      const found = await this.listReplicaFiles(dirIndex);
      for (const { header, volume, offset, corrupt } of volumes.needles) {
        if (!header.live) continue;
        const candidate = needleCandidate(dirIndex, header, volume, offset);
        if (!corrupt) {
          found.push(candidate);
          continue;
        }
        // Kept, as a corrupt file replica is, until the nameserver orders it deleted.
        this.corrupt.push({
          blockId: header.blockId,
          generation: header.generation,
          dirIndex,
          reason: corrupt,
        });
        this.corruptNeedles.set(
          corruptKey(header.blockId, header.generation, dirIndex),
          candidate.needle!,
        );
      }
      for (const candidate of found) {
        const list = candidates.get(candidate.blockId);
        if (list) list.push(candidate);
        else candidates.set(candidate.blockId, [candidate]);
      }
    }

    const checked: { candidate: Candidate; length: number | null; reason: string }[] = [];
    await forEachBounded([...candidates.values()].flat(), SCAN_CONCURRENCY, async (candidate) => {
      const result = await this.check(candidate);
      checked.push({ candidate, ...result });
    });

    // Per block: the highest good generation wins; other good copies are stale and go.
    const byBlock = new Map<BlockId, { candidate: Candidate; length: number }[]>();
    for (const { candidate, length, reason } of checked) {
      if (length === null) {
        this.corrupt.push({
          blockId: candidate.blockId,
          generation: candidate.generation,
          dirIndex: candidate.dirIndex,
          reason,
        });
        continue;
      }
      const list = byBlock.get(candidate.blockId);
      if (list) list.push({ candidate, length });
      else byBlock.set(candidate.blockId, [{ candidate, length }]);
    }
    for (const [blockId, good] of byBlock) {
      // Ties (one generation in two dirs) go to the lower dir index, so that reopening is deterministic.
      good.sort(
        (a, b) =>
          b.candidate.generation - a.candidate.generation ||
          a.candidate.dirIndex - b.candidate.dirIndex,
      );
      const [keep, ...stale] = good as [(typeof good)[0], ...typeof good];
      this.addToIndex(
        {
          blockId,
          generation: keep.candidate.generation,
          length: keep.length,
          medium: this.dirs[keep.candidate.dirIndex]!.medium,
          dirIndex: keep.candidate.dirIndex,
        },
        keep.candidate.needle,
      );
      for (const { candidate } of stale) {
        await this.discard(candidate.dirIndex, blockId, candidate.generation, candidate.needle);
      }
    }
    this.corrupt.sort((a, b) => a.blockId - b.blockId || a.generation - b.generation);
    this.loading = false;
    for (const [dirIndex, set] of this.volumeSets.entries()) {
      for (const volume of set.list()) this.maybeCompact(volume, dirIndex);
    }
  }

  /** The replica files of one dir; a .meta without its .data (nothing to check it against) is deleted. */
  private async listReplicaFiles(dirIndex: number): Promise<Candidate[]> {
    const current = join(this.dirs[dirIndex]!.path, CURRENT_DIR);
    const out: Candidate[] = [];
    for (const shard of await readdir(current, { withFileTypes: true })) {
      if (!shard.isDirectory() || !isShardName(shard.name)) continue;
      const shardPath = join(current, shard.name);
      const names = new Set(await readdir(shardPath));
      for (const name of names) {
        const parsed = parseBlockFileName(name);
        // A file in another block's shard was not put there by us; finalPaths would never find it.
        if (!parsed || shardOf(parsed.blockId) !== shard.name) continue;
        const base = baseName(parsed.blockId, parsed.generation);
        if (parsed.kind === 'meta') {
          if (!names.has(`${base}.data`)) await rm(join(shardPath, name), { force: true });
          continue;
        }
        out.push({
          blockId: parsed.blockId,
          generation: parsed.generation,
          dirIndex,
          hasMeta: names.has(`${base}.meta`),
        });
      }
    }
    return out;
  }

  /** Checks a replica's files against each other; the length when good, else why not. */
  private async check(candidate: Candidate): Promise<{ length: number | null; reason: string }> {
    const { blockId, generation, dirIndex } = candidate;
    if (candidate.needle) return { length: candidate.needle.length, reason: '' };
    if (!candidate.hasMeta) return { length: null, reason: 'meta file missing' };
    const paths = finalPaths(this.dirs[dirIndex]!.path, blockId, generation);
    let header: MetaHeader;
    try {
      header = await readMetaHeader(paths.meta);
    } catch (err) {
      return { length: null, reason: `meta file unreadable: ${(err as Error).message}` };
    }
    if (header.generation !== generation) {
      return {
        length: null,
        reason: `meta says generation ${header.generation}, file name says ${generation}`,
      };
    }
    // Chunks are served aligned to the store's chunk size, so a replica with another one cannot be served.
    if (header.chunkSizeBytes !== this.chunkSizeBytes) {
      return {
        length: null,
        reason: `chunk size ${header.chunkSizeBytes}, the store uses ${this.chunkSizeBytes}`,
      };
    }
    let dataBytes: number;
    try {
      dataBytes = (await stat(paths.data)).size;
    } catch (err) {
      return { length: null, reason: `data file unreadable: ${(err as Error).message}` };
    }
    if (dataBytes !== header.length) {
      return {
        length: null,
        reason: `data file has ${dataBytes} bytes, meta says ${header.length}`,
      };
    }
    return { length: header.length, reason: '' };
  }

  private addToIndex(info: ReplicaInfo, needle?: NeedleRef): void {
    assert(!this.index.has(info.blockId), `block ${info.blockId} indexed twice`);
    this.index.set(info.blockId, info);
    if (needle) this.needles.set(info.blockId, needle);
    this.account(info, +1);
  }

  /** Takes a replica out of the index; returns its needle if it is one. */
  private removeFromIndex(info: ReplicaInfo): NeedleRef | undefined {
    assert.equal(this.index.get(info.blockId), info, `block ${info.blockId} is not indexed so`);
    this.index.delete(info.blockId);
    const needle = this.needles.get(info.blockId);
    this.needles.delete(info.blockId);
    this.account(info, -1);
    // Deleted, replaced or condemned: memory must not outlive what the disk vouches for.
    this.cache.dropReplica(info.blockId, info.generation, this.chunkCount(info.length));
    void this.nvmeTier.drop(info.blockId);
    return needle;
  }

  private chunkCount(length: number): number {
    return Math.ceil(length / this.chunkSizeBytes);
  }

  private account(info: ReplicaInfo, sign: 1 | -1): void {
    const dir = this.dirs[info.dirIndex]!;
    dir.usedBytes += sign * (info.length + metaFileBytes(info.length, this.chunkSizeBytes));
    dir.blockCount += sign;
    assert(dir.usedBytes >= 0 && dir.blockCount >= 0, 'storage accounting went negative');
  }

  /** The good replica of a block held here, if any. */
  get(blockId: BlockId): ReplicaInfo | undefined {
    return this.index.get(blockId);
  }

  /** Every good replica held here. */
  list(): ReplicaInfo[] {
    return [...this.index.values()];
  }

  /**
   * Takes a replica that failed a check out of service: no longer served or
   * reported as good, its files kept (they may hold the only copy of some chunk)
   * until the nameserver, having replaced it, orders it deleted.
   */
  markCorrupt(blockId: BlockId, reason: string): CorruptReplica | undefined {
    const info = this.index.get(blockId);
    if (!info) return undefined;
    const needle = this.removeFromIndex(info);
    if (needle)
      this.corruptNeedles.set(corruptKey(blockId, info.generation, info.dirIndex), needle);
    const corrupt = { blockId, generation: info.generation, dirIndex: info.dirIndex, reason };
    this.corrupt.push(corrupt);
    return { ...corrupt };
  }

  /** Replicas found at open that failed their check (and have not been deleted since). */
  corruptReplicas(): CorruptReplica[] {
    return this.corrupt.map((c) => ({ ...c }));
  }

  /**
   * Starts writing a replica into `tmp/` of the dir of the wanted medium (else any)
   * with the most available bytes. It becomes visible only on {@link BlockWriter.finalize}.
   * `expectedBytes` (the block size, or a copy's length) must fit in the dir's
   * available bytes; a dir that fills up meanwhile fails the write with
   * RESOURCE_EXHAUSTED and the partial replica is thrown away.
   *
   * With `cacheOnWrite`, a replica that ends as a needle (a small file) enters the
   * memory pool as it is committed: a small file is most often read soon after it
   * was written, and a miss costs a needle read through the thread pool. The
   * dataserver asks it of one replica of each block only (the pipeline's last hop),
   * and the nameserver hands readers the server that reports it cached first.
   *
   * @throws ALREADY_EXISTS if this generation of the block is stored or being written here.
   * @throws FAILED_PRECONDITION if a newer generation is stored here.
   * @throws RESOURCE_EXHAUSTED if no dir has room for `expectedBytes` (at least a chunk).
   * @throws UNAVAILABLE if no storage dir can be queried.
   */
  async createWriter(
    blockId: BlockId,
    generation: number,
    options: { medium?: Medium; expectedBytes?: number; cacheOnWrite?: boolean } = {},
  ): Promise<BlockWriter> {
    if (this.closed) throw unavailable('block store is closed');
    if (!Number.isSafeInteger(blockId) || blockId <= 0) {
      throw invalidArgument(`bad block id: ${blockId}`);
    }
    if (!Number.isSafeInteger(generation) || generation < 0) {
      throw invalidArgument(`bad generation: ${generation}`);
    }
    const existing = this.index.get(blockId);
    if (existing && existing.generation === generation) {
      throw alreadyExists(`block ${blockId} generation ${generation} is already stored here`);
    }
    if (existing && existing.generation > generation) {
      throw failedPrecondition(
        `block ${blockId} generation ${generation} is stale: generation ${existing.generation} is stored here`,
      );
    }
    const key = writingKey(blockId, generation);
    if (this.writing.has(key)) {
      throw alreadyExists(`block ${blockId} generation ${generation} is already being written`);
    }
    // Claimed before the first await, so that a concurrent call sees it.
    this.writing.add(key);
    try {
      const dirIndex = await this.chooseDir(
        options.medium,
        Math.max(Math.min(options.expectedBytes ?? 0, this.maxBlockBytes), this.chunkSizeBytes),
      );
      // The files are created only if the replica outgrows a needle (BlockWriter.openFiles).
      return new BlockWriter(this.writerHost(key, options.cacheOnWrite ?? false), {
        blockId,
        generation,
        dirIndex,
        root: this.dirs[dirIndex]!.path,
        medium: this.dirs[dirIndex]!.medium,
        profile: this.dirs[dirIndex]!.profile,
        tmpBase: '',
      });
    } catch (err) {
      this.writing.delete(key);
      throw mapIoError(err);
    }
  }

  /**
   * @param cacheOnWrite whether a replica that ends as a needle goes into the memory
   *   pool as it is committed (see {@link createWriter})
   */
  private writerHost(key: string, cacheOnWrite: boolean): WriterHost {
    return {
      chunkSizeBytes: this.chunkSizeBytes,
      maxBlockBytes: this.maxBlockBytes,
      smallReplicaBytes: this.smallReplicaBytes,
      commit: (info) => this.commitReplica(key, info),
      commitNeedle: async (info, crcs, data) => {
        const header = encodeNeedleHeader({
          blockId: info.blockId,
          generation: info.generation,
          length: info.length,
          chunkSizeBytes: this.chunkSizeBytes,
          crcs,
        });
        let placed: { volume: Volume; offset: number };
        try {
          placed = await this.volumeSets[info.dirIndex]!.append(
            [header, ...data],
            header.length + info.length,
          );
        } catch (err) {
          this.writing.delete(key);
          throw mapIoError(err);
        }
        await this.commitReplica(key, info, {
          dirIndex: info.dirIndex,
          volume: placed.volume,
          offset: placed.offset,
          headerBytes: header.length,
          length: info.length,
        });
        // Its chunks were checked against their CRCs before they were written. The
        // cache copies each: the buffers may be slices of a larger request body.
        if (cacheOnWrite && this.mayCache(info)) {
          for (let c = 0; c < data.length; c++)
            this.cache.set(info.blockId, info.generation, c, data[c]!, crcs[c]!, crcs.length);
        }
      },
      release: () => {
        this.writing.delete(key);
      },
    };
  }

  /** Makes a replica made durable by a writer visible, unless a newer generation won meanwhile. */
  private async commitReplica(key: string, info: ReplicaInfo, needle?: NeedleRef): Promise<void> {
    this.writing.delete(key);
    const previous = this.index.get(info.blockId);
    // One writer per generation (the `writing` set) and none for a stored one (createWriter).
    assert(previous?.generation !== info.generation, 'a generation was finalized twice');
    if (previous && previous.generation > info.generation) {
      // Another writer finalized a newer generation while we wrote: ours is stale.
      await this.discard(info.dirIndex, info.blockId, info.generation, needle);
      throw failedPrecondition(
        `block ${info.blockId} generation ${previous.generation} was stored meanwhile`,
      );
    }
    // Every index change comes before the first await: a discard below may start a
    // compaction of the volume this replica was just written to, which must find it.
    // A corrupt copy of this very replica found at open was just replaced: by our
    // rename if we wrote files; if we wrote a needle, its files go below.
    const replaced = this.corrupt.filter(
      (c) =>
        c.blockId === info.blockId &&
        c.generation === info.generation &&
        c.dirIndex === info.dirIndex,
    );
    const replacedKey = corruptKey(info.blockId, info.generation, info.dirIndex);
    const replacedNeedle = this.corruptNeedles.get(replacedKey);
    if (replaced.length > 0) {
      this.corrupt = this.corrupt.filter((c) => !replaced.includes(c));
      this.corruptNeedles.delete(replacedKey);
    }
    // A newer generation replaces the older one; the old replica goes.
    const previousNeedle = previous ? this.removeFromIndex(previous) : undefined;
    this.addToIndex(info, needle);
    if (replacedNeedle) await this.killNeedle(replacedNeedle, info.dirIndex);
    else if (replaced.length > 0 && needle) {
      await this.removeFiles(info.dirIndex, info.blockId, info.generation);
    }
    if (previous) {
      await this.discard(previous.dirIndex, previous.blockId, previous.generation, previousNeedle);
    }
  }

  /** The dir of the wanted medium (else any) with the most available bytes, if `needed` fit. */
  private async chooseDir(medium: Medium | undefined, needed: number): Promise<number> {
    let available = await this.availableBytes(false);
    let best = bestDir(this.dirs, available, medium, needed);
    // The remembered answers decide only when every dir has room: a choice that
    // leaves a dir out for space (or falls back to another medium) is made again on
    // fresh ones, so an answer up to SPACE_CHECK_TTL_MS old never refuses a write
    // nor moves a replica off its medium.
    if (available.some((a) => a >= 0 && a < needed) || !onMedium(this.dirs, best, medium)) {
      available = await this.availableBytes(true);
      best = bestDir(this.dirs, available, medium, needed);
    }
    if (available.every((a) => a < 0)) throw unavailable('no usable storage dir');
    if (best < 0) {
      throw resourceExhausted(
        `storage full: no dir has ${needed} bytes available (most: ${Math.max(...available)}; ${this.leaveFreeBytes} bytes are kept free)`,
      );
    }
    return best;
  }

  /** Bytes each dir can take above the space kept free; -1 for a dir that cannot be queried. */
  private availableBytes(fresh: boolean): Promise<number[]> {
    const now = performance.now();
    return Promise.all(
      this.dirs.map(async (dir, i) => {
        const check = this.spaceChecks[i];
        if (!fresh && check && now - check.atMs < SPACE_CHECK_TTL_MS) return check.availableBytes;
        // A dir that cannot be queried is not written to.
        return (await this.statDir(i))?.availableBytes ?? -1;
      }),
    );
  }

  /** A dir's statfs, remembered for {@link chooseDir}; null if it cannot be queried. */
  private async statDir(
    i: number,
  ): Promise<{ capacityBytes: number; freeBytes: number; availableBytes: number } | null> {
    const atMs = performance.now();
    try {
      const s = await statfs(this.dirs[i]!.path);
      const freeBytes = s.bavail * s.bsize;
      const availableBytes = Math.max(0, freeBytes - this.leaveFreeBytes);
      this.spaceChecks[i] = { atMs, availableBytes };
      return { capacityBytes: s.blocks * s.bsize, freeBytes, availableBytes };
    } catch {
      this.spaceChecks[i] = undefined;
      return null;
    }
  }

  /**
   * Yields the chunks covering [offset, offset+length) of a replica, each with the
   * CRC stored in its .meta, not re-verified: the reader checks them end to end,
   * which is how a byte flipped on disk is caught. Chunks are aligned to
   * {@link chunkSizeBytes}, so the first may start before `offset`; the caller
   * trims. Nothing is yielded for a range at or past the end.
   *
   * A range whose chunks are all in the cache pool is served from memory; chunks
   * read from disk that match their CRC are cached (unless `diskOnly`, as the
   * scrubber reads). An HDD replica read often is copied to the NVMe tier, and
   * read from there while its copy lasts (not `diskOnly` either).
   *
   * @throws NOT_FOUND if the block is not held here.
   * @throws DATA_LOSS if the replica's files are missing, unreadable or disagree.
   */
  async *readChunks(
    blockId: BlockId,
    offset = 0,
    length = Infinity,
    options: { diskOnly?: boolean } = {},
  ): AsyncGenerator<Frame> {
    const useCache = this.cache.enabled && !options.diskOnly;
    if (!Number.isSafeInteger(offset) || offset < 0) throw invalidArgument(`bad offset: ${offset}`);
    if (!(length >= 0)) throw invalidArgument(`bad length: ${length}`);
    const info = this.index.get(blockId);
    if (!info) throw notFound(`block ${blockId} is not here`);
    const end = Math.min(info.length, offset + length);
    const firstChunk = Math.floor(offset / this.chunkSizeBytes);
    // An empty range has no chunk (not the one it starts in).
    const endChunk = offset < end ? Math.ceil(end / this.chunkSizeBytes) : firstChunk;
    // Every chunk in memory: no disk at all. They were checked against the
    // checksum file when they were cached, and leave the cache with the replica.
    const cached =
      useCache && offset < end
        ? this.cache.getRun(blockId, info.generation, firstChunk, endChunk)
        : null;
    if (cached) {
      for (const chunk of cached) yield chunk;
      return;
    }
    // A needle is read whole in one call; it is small, so it is not worth an NVMe copy.
    const needle = this.needles.get(blockId);
    if (needle) {
      yield* this.readNeedleChunks(info, needle, firstChunk, endChunk, useCache);
      return;
    }
    const admit = useCache && this.mayCache(info) && this.secondRead(blockId);
    const onHdd = !options.diskOnly && info.medium === 'hdd';
    const promoted = onHdd ? this.nvmeTier.lookup(blockId, info.generation) : undefined;
    if (onHdd && !promoted && this.nvmeTier.noteRead(blockId, info.length)) this.promote(info);
    // An NVMe copy that went away between lookup and open is no fault of the replica:
    // the read falls back to the replica's own files.
    const fromCopy = promoted ? await this.openFiles(info, promoted).catch(() => null) : null;
    if (promoted && !fromCopy) void this.nvmeTier.drop(blockId);
    const { crcs, fh } =
      fromCopy ??
      (await this.openFiles(
        info,
        finalPaths(this.dirs[info.dirIndex]!.path, blockId, info.generation),
      ));
    // The speed profile is that of the dir the bytes come from.
    const dir = this.dirs[fromCopy && promoted ? promoted.dirIndex : info.dirIndex]!;
    if (offset >= end) {
      await fh.close();
      return;
    }
    assert(endChunk <= crcs.length, 'range past the last chunk');
    try {
      // Up to READ_SPAN_CHUNKS chunks per read: a trip to the thread pool per 64 KiB
      // chunk cost more than the copy it carried. The span is read (one readv) into a
      // fresh buffer per chunk, so that a consumer may keep the payloads it was given
      // and the cache keeps them without copying: a copy per chunk, and the garbage
      // collections its allocations set off, were a fifth of a cold read's time.
      const readSpan = async (c: number): Promise<{ c: number; chunks: Buffer[] }> => {
        const spanChunks = Math.min(READ_SPAN_CHUNKS, endChunk - c);
        const start = c * this.chunkSizeBytes;
        const spanBytes = Math.min(spanChunks * this.chunkSizeBytes, info.length - start);
        // Never a slice of Node's pool (a short last chunk would be): the cache may keep it.
        const chunks = Array.from({ length: spanChunks }, (_, i) =>
          Buffer.allocUnsafeSlow(
            Math.min(this.chunkSizeBytes, spanBytes - i * this.chunkSizeBytes),
          ),
        );
        await mediumDelay(dir.profile, spanBytes);
        let filled = (await fh.readv(chunks, start)).bytesRead;
        // A short read (rare on a regular file) is finished chunk by chunk.
        while (filled < spanBytes) {
          const i = Math.floor(filled / this.chunkSizeBytes);
          const at = filled - i * this.chunkSizeBytes;
          const target = chunks[i]!;
          const { bytesRead } = await fh.read(target, at, target.length - at, start + filled);
          if (bytesRead === 0) {
            throw dataLoss(
              `block ${blockId}: data file ends at ${start + filled}, meta says ${info.length}`,
            );
          }
          filled += bytesRead;
        }
        return { c, chunks };
      };
      // The next span is read while the consumer sends this one, so that the disk and
      // the network overlap instead of taking turns.
      let next: Promise<{ c: number; chunks: Buffer[] }> | null = readSpan(firstChunk);
      while (next) {
        const { c, chunks }: { c: number; chunks: Buffer[] } = await next;
        next = c + chunks.length < endChunk ? readSpan(c + chunks.length) : null;
        // A consumer that stops early leaves `next` unawaited: observe its failure here.
        next?.catch(() => undefined);
        for (let i = 0; i < chunks.length; i++) {
          const payload = chunks[i]!;
          const crc = crcs[c + i]!;
          // Only a chunk that matches its stored CRC may be served from memory later.
          // The chunk's buffer is its own and nobody writes to it: handed over as it is.
          if (admit && this.mayCache(info) && crc32c(payload) === crc)
            this.cache.set(blockId, info.generation, c + i, payload, crc, crcs.length, true);
          yield { payload, crc };
        }
      }
    } finally {
      await fh.close();
    }
  }

  /**
   * Whether the chunks of `info` may enter the memory pool: it is not over its share
   * of the pool, and it is still the indexed replica (one deleted or replaced while
   * it was committed or read would only take room, and be reported as cached).
   */
  private mayCache(info: ReplicaInfo): boolean {
    return (
      this.cache.enabled &&
      info.length <= this.cache.capacityBytes / MAX_ADMITTED_SHARE &&
      this.index.get(info.blockId) === info
    );
  }

  /** Whether `blockId` was read lately; remembers this read either way. */
  private secondRead(blockId: BlockId): boolean {
    if (this.readOnce.has(blockId)) return true;
    this.readOnce.set(blockId, true);
    return false;
  }

  /** The chunks [firstChunk, endChunk) of a needle, with the CRCs its header holds on disk. */
  private async *readNeedleChunks(
    info: ReplicaInfo,
    needle: NeedleRef,
    firstChunk: number,
    endChunk: number,
    useCache: boolean,
  ): AsyncGenerator<Frame> {
    if (firstChunk >= endChunk) return;
    await mediumDelay(this.dirs[info.dirIndex]!.profile, needle.headerBytes + needle.length);
    let bytes: Buffer;
    let header: NeedleHeader;
    try {
      try {
        bytes = await needle.volume.read(needle.offset, needle.headerBytes + needle.length);
      } catch (err) {
        // Moved by a compaction since this read began: read it where it is now.
        const now = this.needles.get(info.blockId);
        if (now && now !== needle && this.index.get(info.blockId) === info) {
          yield* this.readNeedleChunks(info, now, firstChunk, endChunk, useCache);
          return;
        }
        throw err;
      }
      const decoded = decodeNeedleHeader(bytes, 0, {
        chunkSizeBytes: this.chunkSizeBytes,
        maxLength: needle.length,
      });
      if (
        decoded === 'short' ||
        !decoded.live ||
        decoded.blockId !== info.blockId ||
        decoded.generation !== info.generation ||
        decoded.length !== info.length
      ) {
        throw new Error('needle disagrees with the index');
      }
      header = decoded;
    } catch (err) {
      throw this.readError(info, 'needle', err);
    }
    for (let c = firstChunk; c < endChunk; c++) {
      const from = header.headerBytes + c * this.chunkSizeBytes;
      const payload = bytes.subarray(
        from,
        Math.min(from + this.chunkSizeBytes, header.headerBytes + info.length),
      );
      const crc = header.crcs[c]!;
      if (useCache && this.mayCache(info) && crc32c(payload) === crc)
        this.cache.set(info.blockId, info.generation, c, payload, crc, header.crcs.length);
      yield { payload, crc };
    }
  }

  /**
   * Reads a replica's CRCs and opens its data file (its own files, or its NVMe copy's).
   * Read at read time: the CRCs on disk are what must vouch for the bytes on disk.
   */
  private async openFiles(
    info: ReplicaInfo,
    paths: { data: string; meta: string },
  ): Promise<{ crcs: number[]; fh: FileHandle }> {
    let crcs: number[];
    try {
      const meta = decodeMeta(await readFile(paths.meta));
      if (
        meta.header.generation !== info.generation ||
        meta.header.length !== info.length ||
        meta.header.chunkSizeBytes !== this.chunkSizeBytes
      ) {
        throw new Error('meta file disagrees with the index');
      }
      crcs = meta.crcs;
    } catch (err) {
      throw this.readError(info, 'meta', err);
    }
    try {
      return { crcs, fh: await open(paths.data, 'r') };
    } catch (err) {
      throw this.readError(info, 'data', err);
    }
  }

  /** The NVMe tier's figures; copies idle past their age are demoted first. */
  nvmeTierStats(): NvmeTierStats {
    this.nvmeTier.demoteIdle();
    return this.nvmeTier.snapshot();
  }

  /** Copies an HDD replica read often to the NVMe tier, in the background, once it checks out. */
  private promote(info: ReplicaInfo): void {
    const still = () => this.index.get(info.blockId) === info;
    void (async () => {
      if (!(await this.verify(info.blockId)).ok || !still()) return;
      await this.nvmeTier.promote(
        info.blockId,
        info.generation,
        info.length,
        finalPaths(this.dirs[info.dirIndex]!.path, info.blockId, info.generation),
        still,
      );
    })().catch(() => undefined);
  }

  /** NOT_FOUND when the replica was deleted under a reader, DATA_LOSS otherwise. */
  private readError(
    info: ReplicaInfo,
    file: 'meta' | 'data' | 'needle',
    err: unknown,
  ): StrataError {
    if (err instanceof StrataError) return err;
    // A needle is deleted in place, so a reader may find it dead rather than gone.
    const gone = (err as NodeJS.ErrnoException).code === 'ENOENT' || file === 'needle';
    if (gone && this.index.get(info.blockId) !== info) {
      return notFound(`block ${info.blockId} generation ${info.generation} is no longer here`);
    }
    return dataLoss(`block ${info.blockId}: ${file} file unreadable: ${(err as Error).message}`);
  }

  /**
   * Re-reads a whole replica and compares every chunk with its stored CRC (for a scrubber).
   *
   * @throws NOT_FOUND if the block is not held here.
   */
  async verify(
    blockId: BlockId,
    beforeChunk?: (bytes: number) => Promise<void>,
  ): Promise<{ ok: boolean; reason?: string }> {
    const info = this.index.get(blockId);
    if (!info) throw notFound(`block ${blockId} is not here`);
    try {
      // A needle's length is checked against its header by the read itself.
      const dataBytes = this.needles.has(blockId)
        ? info.length
        : (await stat(finalPaths(this.dirs[info.dirIndex]!.path, blockId, info.generation).data))
            .size;
      if (dataBytes !== info.length) {
        return { ok: false, reason: `data file has ${dataBytes} bytes, meta says ${info.length}` };
      }
      let chunk = 0;
      // From disk, past the cache: rot on disk is what this looks for.
      for await (const frame of this.readChunks(blockId, 0, Infinity, { diskOnly: true })) {
        await beforeChunk?.(frame.payload.length);
        if (crc32c(frame.payload) !== frame.crc) {
          return { ok: false, reason: `checksum mismatch in chunk ${chunk}` };
        }
        chunk++;
      }
      return { ok: true };
    } catch (err) {
      if (err instanceof StrataError && err.code === ErrorCode.NOT_FOUND) throw err;
      return { ok: false, reason: (err as Error).message };
    }
  }

  /**
   * Moves a replica into a dir of another medium (its storage policy changed). The
   * copy is checked against its CRCs first, written under `tmp/`, fsynced and renamed
   * into place before the old files go, so a crash leaves one whole replica or two
   * (and reopening keeps one). Readers keep reading the old files meanwhile.
   *
   * @returns the replica as it is now (unchanged if it already was on that medium).
   * @throws NOT_FOUND if the block is not here; RESOURCE_EXHAUSTED if no dir of that
   *   medium has room; DATA_LOSS if the replica fails its check (it is then condemned).
   */
  /**
   * Loads a whole replica into memory and keeps it there (a cache directive): read
   * from disk past the caches, every chunk checked against its stored CRC. A replica
   * deleted or replaced meanwhile is not pinned; one that fails its check is
   * condemned, as a reader would.
   *
   * @returns false if it does not fit in the pinned bound.
   */
  async pinReplica(blockId: BlockId): Promise<boolean> {
    const info = this.index.get(blockId);
    if (!info) throw notFound(`block ${blockId} is not here`);
    if (this.cache.isPinned(blockId)) return true;
    const chunks: CachedChunk[] = [];
    for await (const { payload, crc } of this.readChunks(blockId, 0, info.length, {
      diskOnly: true,
    })) {
      if (crc32c(payload) !== crc) {
        this.markCorrupt(blockId, `chunk ${chunks.length} failed its CRC while being pinned`);
        throw dataLoss(`block ${blockId}: chunk ${chunks.length} failed its CRC`);
      }
      chunks.push({ payload: Buffer.from(payload), crc });
    }
    // Deleted or replaced while it was read: its bytes are of nothing current.
    if (this.index.get(blockId) !== info) {
      throw failedPrecondition(`block ${blockId} changed while it was being pinned`);
    }
    return this.cache.pin(blockId, info.generation, chunks);
  }

  unpinReplica(blockId: BlockId): void {
    this.cache.unpin(blockId);
  }

  async moveReplica(blockId: BlockId, medium: Medium): Promise<ReplicaInfo> {
    const info = this.index.get(blockId);
    if (!info) throw notFound(`block ${blockId} is not here`);
    if (info.medium === medium) return { ...info };
    const key = `move/${blockId}`;
    if (this.writing.has(key)) throw alreadyExists(`block ${blockId} is already being moved`);
    this.writing.add(key);
    let tmpBase = '';
    try {
      const needed = info.length + metaFileBytes(info.length, this.chunkSizeBytes);
      const dirIndex = await this.chooseDir(medium, needed);
      const dir = this.dirs[dirIndex]!;
      if (dir.medium !== medium)
        throw resourceExhausted(`no ${medium} dir has ${needed} bytes available`);
      const check = await this.verify(blockId);
      if (!check.ok) {
        this.markCorrupt(blockId, check.reason ?? 'failed its check');
        throw dataLoss(`block ${blockId} failed its check before a move: ${check.reason}`);
      }
      const needle = this.needles.get(blockId);
      if (needle) return await this.moveNeedle(info, needle, dirIndex);
      const from = finalPaths(this.dirs[info.dirIndex]!.path, blockId, info.generation);
      const to = finalPaths(dir.path, blockId, info.generation);
      tmpBase = tempBase(dir.path, blockId, info.generation);
      for (const ext of ['data', 'meta'] as const) {
        await copyFile(from[ext], `${tmpBase}.${ext}`);
        await fsyncPath(`${tmpBase}.${ext}`);
      }
      if ((await mkdir(to.shard, { recursive: true })) !== undefined)
        await fsyncPath(join(dir.path, CURRENT_DIR));
      await rename(`${tmpBase}.data`, to.data);
      await rename(`${tmpBase}.meta`, to.meta);
      await fsyncPath(to.shard);
      tmpBase = '';
      const moved: ReplicaInfo = { ...info, medium, dirIndex };
      if (this.index.get(blockId) !== info) {
        // Deleted or replaced while we copied: the copy is of nothing current.
        await this.removeFiles(dirIndex, blockId, info.generation);
        throw failedPrecondition(`block ${blockId} changed while it was being moved`);
      }
      this.removeFromIndex(info);
      this.addToIndex(moved);
      await this.removeFiles(info.dirIndex, blockId, info.generation);
      return { ...moved };
    } catch (err) {
      if (tmpBase) {
        await rm(`${tmpBase}.data`, { force: true }).catch(() => undefined);
        await rm(`${tmpBase}.meta`, { force: true }).catch(() => undefined);
      }
      throw mapIoError(err);
    } finally {
      this.writing.delete(key);
    }
  }

  /** Copies a needle (already verified) into a volume of dir `dirIndex`, then deletes the old one. */
  private async moveNeedle(
    info: ReplicaInfo,
    needle: NeedleRef,
    dirIndex: number,
  ): Promise<ReplicaInfo> {
    const copy = await this.copyNeedle(needle, dirIndex);
    const moved: ReplicaInfo = { ...info, medium: this.dirs[dirIndex]!.medium, dirIndex };
    if (this.index.get(info.blockId) !== info) {
      await this.discard(dirIndex, info.blockId, info.generation, copy);
      throw failedPrecondition(`block ${info.blockId} changed while it was being moved`);
    }
    // Where it is now: a compaction may have moved it while it was copied.
    const current = this.removeFromIndex(info);
    this.addToIndex(moved, copy);
    await this.discard(info.dirIndex, info.blockId, info.generation, current);
    return { ...moved };
  }

  /** Appends a needle's bytes, as they are on disk, to a volume of dir `dirIndex`. */
  private async copyNeedle(needle: NeedleRef, dirIndex: number): Promise<NeedleRef> {
    const bytes = needle.headerBytes + needle.length;
    const raw = await needle.volume.read(needle.offset, bytes);
    const placed = await this.volumeSets[dirIndex]!.append([raw], bytes);
    return { ...needle, dirIndex, volume: placed.volume, offset: placed.offset };
  }

  /**
   * Deletes a block's replica (and any corrupt copies of it found at open).
   * Returns whether anything was held.
   */
  async delete(blockId: BlockId): Promise<boolean> {
    const info = this.index.get(blockId);
    const corrupt = this.corrupt.filter((c) => c.blockId === blockId);
    if (!info && corrupt.length === 0) return false;
    if (info) {
      // Out of the index first, so that no new reader starts on files about to go.
      const needle = this.removeFromIndex(info);
      await this.discard(info.dirIndex, blockId, info.generation, needle);
    }
    if (corrupt.length > 0) {
      this.corrupt = this.corrupt.filter((c) => c.blockId !== blockId);
      for (const c of corrupt) {
        const key = corruptKey(blockId, c.generation, c.dirIndex);
        const needle = this.corruptNeedles.get(key);
        this.corruptNeedles.delete(key);
        await this.discard(c.dirIndex, blockId, c.generation, needle);
      }
    }
    return true;
  }

  /** Deletes a replica that is out of the index: its needle if it is one, else its files. */
  private async discard(
    dirIndex: number,
    blockId: BlockId,
    generation: number,
    needle: NeedleRef | undefined,
  ): Promise<void> {
    if (needle) await this.killNeedle(needle, dirIndex);
    else await this.removeFiles(dirIndex, blockId, generation);
  }

  private async killNeedle(needle: NeedleRef, dirIndex: number): Promise<void> {
    needle.volume.liveBytes -= needle.headerBytes + needle.length;
    await needle.volume.markDead(needle.offset);
    this.maybeCompact(needle.volume, dirIndex);
  }

  /**
   * Queues a sealed volume that is at least half dead for compaction: its live
   * needles are copied to the volume being appended to, then the file is deleted.
   */
  private maybeCompact(volume: Volume, dirIndex: number): void {
    if (this.closed || this.loading || !volume.sealed || volume.damaged) return;
    if (volume.liveBytes * 2 > volume.size) return;
    this.compactQueue.set(volume, dirIndex);
    // On a later turn: commits of needles appended in the same batch as the one that
    // tipped the volume over are still queued, and must be indexed before it is read.
    this.compacting ??= new Promise((resolve) => setImmediate(resolve))
      .then(() => this.runCompactions())
      .finally(() => {
        this.compacting = undefined;
      });
  }

  private async runCompactions(): Promise<void> {
    for (const [volume, dirIndex] of this.compactQueue) {
      this.compactQueue.delete(volume);
      if (this.closed) return;
      try {
        await this.compact(volume, dirIndex);
      } catch (err) {
        // Left as it is: its needles are still good where they are, and a later delete retries.
        this.volumeDamage.push(`compaction of ${volume.path} failed: ${(err as Error).message}`);
      }
    }
  }

  private async compact(volume: Volume, dirIndex: number): Promise<void> {
    const set = this.volumeSets[dirIndex]!;
    if (!set.list().includes(volume) || volume.gone) return;
    const relocate = async <K>(map: Map<K, NeedleRef>) => {
      for (const [key, needle] of [...map]) {
        if (needle.volume !== volume) continue;
        let copy: NeedleRef;
        try {
          copy = await this.copyNeedle(needle, dirIndex);
        } catch {
          // Unreadable: it stays, and so does the volume, until the scrubber condemns it.
          continue;
        }
        if (map.get(key) === needle) {
          map.set(key, copy);
          volume.liveBytes -= needle.headerBytes + needle.length;
        } else {
          // Deleted while it was copied: so is the copy.
          await this.killNeedle(copy, dirIndex);
        }
      }
    };
    await relocate(this.needles);
    await relocate(this.corruptNeedles);
    // A needle that could not be copied, or one whose commit is still on its way: the
    // volume stays until a later delete in it tries again.
    if (volume.liveBytes > 0) return;
    await set.remove(volume);
    this.compacted++;
  }

  /** What the volumes hold and have done. */
  volumeStats(): VolumeStats {
    return {
      volumes: this.volumeSets.reduce((n, set) => n + set.list().length, 0),
      commits: this.volumeSets.reduce((n, set) => n + set.commits, 0),
      appended: this.volumeSets.reduce((n, set) => n + set.appended, 0),
      compacted: this.compacted,
      damage: [...this.volumeDamage],
    };
  }

  private async removeFiles(dirIndex: number, blockId: BlockId, generation: number): Promise<void> {
    const paths = finalPaths(this.dirs[dirIndex]!.path, blockId, generation);
    // Meta first: a .meta without its .data is cleaned up at open, a lone .data is reported corrupt.
    await rm(paths.meta, { force: true });
    await rm(paths.data, { force: true });
  }

  /** Capacity and use of every storage dir. */
  async storageStates(): Promise<StorageState[]> {
    return Promise.all(
      this.dirs.map(async (dir, i): Promise<StorageState> => {
        const base = {
          medium: dir.medium,
          path: dir.path,
          usedBytes: dir.usedBytes,
          blockCount: dir.blockCount,
        };
        const space = await this.statDir(i);
        if (!space) {
          return {
            ...base,
            capacityBytes: 0,
            freeBytes: 0,
            availableBytes: 0,
            failed: true,
            full: false,
          };
        }
        return {
          ...base,
          ...space,
          failed: false,
          full: space.availableBytes < this.chunkSizeBytes,
        };
      }),
    );
  }

  /** Refuses new writers, lets a compaction under way end, and closes the volumes. */
  async close(): Promise<void> {
    this.closed = true;
    await this.compacting;
    for (const set of this.volumeSets) await set.close();
  }
}

/** How long a dir's statfs answer serves for placing new replicas (BlockStore.chooseDir). */
const SPACE_CHECK_TTL_MS = 250;

/**
 * The dir for a new replica of `needed` bytes: one with room, of the wanted medium if
 * any has room, with the most available bytes; -1 if none has room.
 */
function bestDir(
  dirs: readonly StorageDir[],
  available: readonly number[],
  medium: Medium | undefined,
  needed: number,
): number {
  let best = -1;
  for (let i = 0; i < dirs.length; i++) {
    if (available[i]! < needed) continue;
    if (best < 0) {
      best = i;
      continue;
    }
    const matches = medium === undefined || dirs[i]!.medium === medium;
    const bestMatches = medium === undefined || dirs[best]!.medium === medium;
    if (
      (matches && !bestMatches) ||
      (matches === bestMatches && available[i]! > available[best]!)
    ) {
      best = i;
    }
  }
  return best;
}

/** Whether dir `index` exists and is of `medium` (any medium when none is wanted). */
function onMedium(dirs: readonly StorageDir[], index: number, medium: Medium | undefined): boolean {
  return index >= 0 && (medium === undefined || dirs[index]!.medium === medium);
}

/** A fresh temp-file base in `root`'s tmp dir: `<root>/tmp/blk_<id>_<gen>.<random>`. */
function tempBase(root: string, blockId: BlockId, generation: number): string {
  return join(root, TMP_DIR, `${baseName(blockId, generation)}.${randomBytes(6).toString('hex')}`);
}

/** @internal The files and placement of one writer. */
export interface WriterFiles {
  blockId: BlockId;
  generation: number;
  dirIndex: number;
  root: string;
  medium: Medium;
  /** The dir's artificial speed, if it has one: every disk write waits it out too. */
  profile: MediumProfile | undefined;
  /** `<dir>/tmp/blk_<id>_<gen>.<random>`, without extension; '' until the files are created. */
  tmpBase: string;
  /** Created by the first write to disk: a replica that ends as a needle never has them. */
  data?: FileHandle;
  meta?: FileHandle;
}

type WriterState = 'open' | 'finalizing' | 'finalized' | 'aborted';

/**
 * One replica being written: chunks appended in order, then made durable and
 * visible at once by {@link finalize}, or thrown away by {@link abort}.
 * Made by {@link BlockStore.createWriter}; calls must not overlap.
 */
export class BlockWriter {
  /** Small (4 bytes per chunk: 64 KiB for a 1 GiB block), so kept in memory until finalize. */
  private readonly crcs: number[] = [];
  /** Bytes accepted, including those still in `batch`. */
  private written = 0;
  private batch: Buffer[] = [];
  private batchBytes = 0;
  private lastChunkShort = false;
  private state: WriterState = 'open';
  private busy = false;
  private inFlight: Promise<unknown> | undefined;
  private finalizing: Promise<unknown> | undefined;
  /** Bytes written to the data file since the last background sync began. */
  private unsyncedBytes = 0;
  /** The background sync under way, if any; it never rejects (its error is kept below). */
  private syncingBehind: Promise<void> | null = null;
  /**
   * A background sync's failure, reported by the next write or the finalize: the
   * kernel reports a writeback error to one fsync only, so the final one could pass.
   */
  private syncBehindError: unknown = null;

  /** @internal Use {@link BlockStore.createWriter}. */
  constructor(
    private readonly host: WriterHost,
    private readonly files: WriterFiles,
  ) {}

  /** Bytes appended so far. */
  get bytesWritten(): number {
    return this.written;
  }

  /**
   * Appends one chunk whose CRC32C the caller has already checked. Every chunk but
   * the last must be exactly the store's chunk size.
   *
   * @throws INVALID_ARGUMENT for a chunk of the wrong size or past the block size limit.
   * @throws RESOURCE_EXHAUSTED when the disk is full.
   */
  async write(payload: Buffer, crc: number): Promise<void> {
    assert.equal(this.state, 'open', 'write on a writer that is not open');
    assert(!this.busy, 'overlapping calls on a block writer');
    const chunkSizeBytes = this.host.chunkSizeBytes;
    if (payload.length === 0 || payload.length > chunkSizeBytes) {
      throw invalidArgument(`chunk of ${payload.length} bytes (chunk size ${chunkSizeBytes})`);
    }
    if (this.lastChunkShort) throw invalidArgument('only the last chunk of a block may be short');
    if (this.written + payload.length > this.host.maxBlockBytes) {
      throw invalidArgument(`block is over the ${this.host.maxBlockBytes}-byte limit`);
    }
    if (payload.length < chunkSizeBytes) this.lastChunkShort = true;
    this.crcs.push(crc >>> 0);
    this.written += payload.length;
    // Chunks are gathered and written with one writev per WRITE_BATCH_BYTES: a
    // thread-pool trip per 64 KiB chunk was the write path's bottleneck.
    this.batch.push(payload);
    this.batchBytes += payload.length;
    if (this.batchBytes >= WRITE_BATCH_BYTES) await this.flushBatch();
  }

  /** Writes the gathered chunks at their place in the file. */
  private async flushBatch(): Promise<void> {
    if (this.batchBytes === 0) return;
    const buffers = this.batch;
    const bytes = this.batchBytes;
    const position = this.written - bytes;
    this.batch = [];
    this.batchBytes = 0;
    this.busy = true;
    const writing = mediumDelay(this.files.profile, bytes)
      .then(() => this.openFiles())
      .then((data) => this.writevAt(data, buffers, bytes, position));
    this.inFlight = writing;
    try {
      await writing;
      if (this.syncBehindError) throw this.syncBehindError;
    } catch (err) {
      throw mapIoError(err);
    } finally {
      this.busy = false;
    }
    this.unsyncedBytes += bytes;
    if (this.unsyncedBytes >= SYNC_BEHIND_BYTES && !this.syncingBehind) {
      this.unsyncedBytes = 0;
      this.syncingBehind = this.files.data!.datasync().then(
        () => {
          this.syncingBehind = null;
        },
        (err: unknown) => {
          this.syncingBehind = null;
          this.syncBehindError ??= err;
        },
      );
    }
  }

  /** Creates the replica's temp files the first time bytes go to disk; returns the data file. */
  private async openFiles(): Promise<FileHandle> {
    if (this.files.data) return this.files.data;
    const { blockId, generation, root } = this.files;
    // Named here, not at creation: most replicas are needles and never need the name.
    const tmpBase = tempBase(root, blockId, generation);
    this.files.tmpBase = tmpBase;
    const data = await open(`${tmpBase}.data`, 'wx');
    try {
      this.files.meta = await open(`${tmpBase}.meta`, 'wx');
    } catch (err) {
      await data.close().catch(() => undefined);
      await rm(`${tmpBase}.data`, { force: true }).catch(() => undefined);
      throw err;
    }
    this.files.data = data;
    return data;
  }

  private async writevAt(
    data: FileHandle,
    buffers: Buffer[],
    bytes: number,
    position: number,
  ): Promise<void> {
    const { bytesWritten } = await data.writev(buffers, position);
    // A short vectored write is rare (signals, quotas); finish it piece by piece.
    if (bytesWritten < bytes) {
      const rest = Buffer.concat(buffers).subarray(bytesWritten);
      await this.writeAt(data, rest, position + bytesWritten);
    }
  }

  private async writeAt(data: FileHandle, payload: Buffer, position: number): Promise<void> {
    let done = 0;
    while (done < payload.length) {
      const { bytesWritten } = await data.write(
        payload,
        done,
        payload.length - done,
        position + done,
      );
      done += bytesWritten;
    }
  }

  /**
   * Makes the replica durable and visible: a small replica never written to disk
   * is appended to a volume as a needle; any other gets its .meta written, both
   * files fsynced and renamed into `current/<shard>/` (data first), and the
   * directory fsynced. On failure the writer is aborted.
   *
   * @throws FAILED_PRECONDITION if this or a newer generation was finalized meanwhile.
   * @throws RESOURCE_EXHAUSTED when the disk is full.
   */
  async finalize(): Promise<ReplicaInfo> {
    assert.equal(this.state, 'open', 'finalize on a writer that is not open');
    assert(!this.busy, 'overlapping calls on a block writer');
    this.state = 'finalizing';
    const run = this.doFinalize();
    this.finalizing = run;
    return run;
  }

  private async doFinalize(): Promise<ReplicaInfo> {
    const { blockId, generation, dirIndex, root, medium } = this.files;
    const chunkSizeBytes = this.host.chunkSizeBytes;
    assert.equal(this.crcs.length, Math.ceil(this.written / chunkSizeBytes), 'one CRC per chunk');
    const info: ReplicaInfo = { blockId, generation, length: this.written, medium, dirIndex };
    const small = this.host.smallReplicaBytes > 0 && this.written <= this.host.smallReplicaBytes;
    if (small && !this.files.data) {
      try {
        await mediumDelay(this.files.profile, this.written);
        await this.host.commitNeedle(info, this.crcs, this.batch);
      } catch (err) {
        this.host.release();
        this.state = 'aborted';
        throw mapIoError(err);
      }
      this.batch = [];
      this.state = 'finalized';
      return { ...info };
    }
    const paths = finalPaths(root, blockId, generation);
    let dataRenamed = false;
    try {
      await this.flushBatch();
      // An empty replica, kept out of volumes, has flushed nothing.
      await this.openFiles();
      await this.syncingBehind;
      if (this.syncBehindError) throw this.syncBehindError;
      const { data, meta, tmpBase } = this.files as Required<WriterFiles>;
      // The two files and the shard dir are independent: one round of thread-pool
      // trips instead of three (a small block spends most of its time here).
      const metaBytes = encodeMeta({ chunkSizeBytes, generation, length: this.written }, this.crcs);
      const [, , createdShard] = await Promise.all([
        data.sync().then(() => data.close()),
        meta
          .writeFile(metaBytes)
          .then(() => meta.sync())
          .then(() => meta.close()),
        mkdir(paths.shard, { recursive: true }),
      ]);
      // A new shard dir is itself an entry of current/, which must be durable too.
      if (createdShard !== undefined) await fsyncPath(join(root, CURRENT_DIR));
      // Data first: a data file without its meta is never taken for a good replica.
      await rename(`${tmpBase}.data`, paths.data);
      dataRenamed = true;
      await rename(`${tmpBase}.meta`, paths.meta);
      await fsyncPath(paths.shard);
    } catch (err) {
      if (dataRenamed) {
        await rm(paths.meta, { force: true }).catch(() => undefined);
        await rm(paths.data, { force: true }).catch(() => undefined);
      }
      await this.cleanUp();
      throw mapIoError(err);
    }
    try {
      await this.host.commit(info);
    } catch (err) {
      this.state = 'aborted';
      throw err;
    }
    this.state = 'finalized';
    return { ...info };
  }

  /** Closes and deletes the temp files. Idempotent; a no-op after a successful finalize. */
  async abort(): Promise<void> {
    if (this.state === 'finalizing') {
      await this.finalizing?.catch(() => undefined);
      return;
    }
    if (this.state !== 'open') return;
    this.state = 'aborted';
    // Error paths call abort while a write may still be in flight; let it land before the unlink.
    await this.inFlight?.catch(() => undefined);
    await this.cleanUp();
  }

  private async cleanUp(): Promise<void> {
    this.state = 'aborted';
    const { data, meta, tmpBase } = this.files;
    if (data) {
      await this.syncingBehind;
      await data.close().catch(() => undefined);
      await meta?.close().catch(() => undefined);
      await rm(`${tmpBase}.data`, { force: true }).catch(() => undefined);
      await rm(`${tmpBase}.meta`, { force: true }).catch(() => undefined);
    }
    this.host.release();
  }
}

function writingKey(blockId: BlockId, generation: number): string {
  return `${blockId}_${generation}`;
}

function corruptKey(blockId: BlockId, generation: number, dirIndex: number): string {
  return `${blockId}_${generation}@${dirIndex}`;
}

function needleCandidate(
  dirIndex: number,
  header: NeedleHeader,
  volume: Volume,
  offset: number,
): Candidate {
  volume.liveBytes += header.headerBytes + header.length;
  return {
    blockId: header.blockId,
    generation: header.generation,
    dirIndex,
    hasMeta: true,
    needle: {
      dirIndex,
      volume,
      offset,
      headerBytes: header.headerBytes,
      length: header.length,
    },
  };
}

/** Reads and checks a .meta header without reading its CRCs. */
async function readMetaHeader(path: string): Promise<MetaHeader> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const header = Buffer.alloc(META_HEADER_BYTES);
    const { bytesRead } = await fh.read(header, 0, META_HEADER_BYTES, 0);
    return decodeMetaHeader(header.subarray(0, bytesRead), size);
  } finally {
    await fh.close();
  }
}

/** fsync of a file or a directory (read-only is enough on Linux). */
async function fsyncPath(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Runs `fn` over `items` with at most `limit` calls in flight. */
async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** A full disk (or quota) is RESOURCE_EXHAUSTED, so that the writer tries another server. */
function mapIoError(err: unknown): Error {
  if (err instanceof StrataError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return resourceExhausted(`storage dir is full: ${(err as Error).message}`);
  }
  return err instanceof Error ? err : new Error(String(err));
}

/** The wait an artificial medium profile puts on moving `bytes`. */
async function mediumDelay(profile: MediumProfile | undefined, bytes: number): Promise<void> {
  if (!profile) return;
  const ms =
    profile.latencyMs + (profile.bytesPerSecond > 0 ? (bytes / profile.bytesPerSecond) * 1000 : 0);
  if (ms > 0) await sleep(ms);
}
