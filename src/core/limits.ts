/**
 * Limits and defaults, in one place. Every value that bounds something that grows
 * (names, paths, messages, listings, queues) lives here so that it can be found,
 * documented and tested.
 */
export const MiB = 1024 * 1024;

export const Limits = {
  /** Longest path, in UTF-8 bytes (POSIX PATH_MAX). */
  maxPathBytes: 4096,
  /** Longest single path component, in UTF-8 bytes (POSIX NAME_MAX). */
  maxNameBytes: 255,
  /** Deepest path, in components. */
  maxPathDepth: 1000,
  /** Largest gRPC message either side accepts. */
  maxGrpcMessageBytes: 4 * 1024 * 1024,
  /** Most calls one Batch call carries. */
  maxBatchCalls: 256,
  /** Most batches one Calls stream has running at once; one more is refused, not queued. */
  maxStreamedBatches: 64,
  /** Most entries one List call returns; callers page with `startAfter`. */
  maxListPageEntries: 1000,
  /** Highest replication factor a file may ask for. */
  maxReplication: 16,
  /** Most blocks one file may hold (64 MiB blocks: 64 TiB). */
  maxBlocksPerFile: 1_000_000,
  /** Smallest and largest block size a file may be created with. */
  minBlockSizeBytes: 64 * 1024,
  maxBlockSizeBytes: 1024 * 1024 * 1024,
  /** Most replicas one BlockReport message may carry; larger reports are sent in parts. */
  maxReportEntries: 50_000,
  /** Longest client name (used as lease holder). */
  maxClientNameBytes: 256,
  /** Most wholly cached blocks one heartbeat names (readers of those go to it first). */
  maxCachedBlocksReported: 4096,
  /** Replica moves (admin migrate) a dataserver queues, and the nameserver keeps under way. */
  maxQueuedMoves: 10_000,
  /** Files one `admin migrate` call walks. */
  maxFilesPerMigrate: 100_000,
  /** Move orders one heartbeat response carries; the rest wait for the next one. */
  maxMovesPerHeartbeat: 1_000,
  /** Cache pools, and cache directives over all pools (each is scanned every planning round). */
  maxCachePools: 64,
  maxCacheDirectives: 1_000,
  /** Pin and unpin orders one heartbeat answer carries; the rest wait for the next one. */
  maxPinsPerHeartbeat: 256,
  /** Blocks a dataserver holds pinned and reports in each heartbeat. */
  maxPinnedBlocks: 16_384,
  /** Blocks reserved for small files not created yet (ReserveBlock) the active holds at once. */
  maxReservedBlocks: 65_536,
  /** ...and for one client: one cannot take them all from the others. */
  maxReservedBlocksPerClient: 1_024,
} as const;

export const Defaults = {
  blockSizeBytes: 64 * 1024 * 1024,
  replication: 3,
  /** Bytes covered by one CRC32C; also the unit of framing on the data plane. */
  chunkSizeBytes: 64 * 1024,
  /** A writer that has not renewed its lease for this long may be preempted by another. */
  leaseSoftLimitMs: 60_000,
  /** A lease not renewed for this long is recovered by the nameserver: the file is closed. */
  leaseHardLimitMs: 10 * 60_000,
  heartbeatIntervalMs: 1_000,
  /**
   * How long a reserved block (ReserveBlock) waits for its file's CreateComplete: its
   * writer sends one block body, so far less than a lease; after it, the replicas
   * written are deleted and the writer falls back to the plain path.
   */
  blockReservationTtlMs: 60_000,
  /**
   * Bytes a dataserver leaves free on each storage dir's file system (MooseFS leaves
   * 256 MiB; a smaller default suits small test disks): the file system's own
   * metadata, logs and other tenants still have room when the replicas fill it.
   */
  leaveFreeBytes: 64 * 1024 * 1024,
  /** A dataserver's memory cache pool of recently read, verified chunks. */
  cachePoolBytes: 128 * 1024 * 1024,
  /**
   * Replicas of at most this many bytes are appended to a shared volume as needles
   * instead of getting files of their own (Haystack, SeaweedFS): small files cost a
   * share of one write and one fdatasync. At most a writer's batch (1 MiB).
   */
  smallReplicaBytes: 256 * 1024,
  /** A volume takes no more needles past this size; one at least half dead is compacted. */
  maxVolumeBytes: 64 * 1024 * 1024,
  /** Whole replicas a dataserver may hold pinned in memory for cache directives. */
  pinnedCacheBytes: 256 * 1024 * 1024,
  /** NVMe space a dataserver with both media may use for copies of HDD replicas read often. */
  nvmeCacheBytes: 1024 * 1024 * 1024,
  /** Reads of an HDD replica within 10 minutes that promote it to the NVMe tier. */
  nvmePromoteAfterReads: 3,
  /** A promoted copy not read for this long is demoted (deleted from NVMe). */
  nvmeCacheMaxIdleMs: 30 * 60_000,
  /** A dataserver silent for this long is stale: its replicas go last in location lists. */
  staleAfterMs: 5_000,
  /** A dataserver silent for this long is dead: its replicas are no longer handed out. */
  deadAfterMs: 15_000,
  /** The active plans re-replication and replica deletion this often. */
  repairIntervalMs: 3_000,
  /** A copy that ends calls a round early, but rounds stay this far apart. */
  minRepairRoundGapMs: 500,
  /**
   * The longest between two repair rounds that walk every block; the rounds between
   * look only at blocks an event named (see RepairMonitor).
   */
  repairFullWalkIntervalMs: 60_000,
  /** Copies one dataserver takes part in at once (source or target): repair never takes a whole server. */
  maxTransfersPerServer: 4,
  /** Most copy orders one planning round hands out. */
  maxRepairOrdersPerRound: 2_000,
  /** A copy not reported done within this (plus its bytes at minCopyBytesPerSecond) is ordered again. */
  copyTimeoutMs: 30_000,
  minCopyBytesPerSecond: 1024 * 1024,
  /** All re-replication copies into one dataserver together, bytes per second. */
  repairBandwidthBytesPerSecond: 200 * 1024 * 1024,
  /** Copy orders a dataserver runs at once. */
  maxConcurrentCopies: 4,
  /** The scrubber re-reads every replica at this rate; a pass over 1 TB takes ~3 h. */
  scrubBytesPerSecond: 100 * 1024 * 1024,
  /** Pause between two scrubber passes. */
  scrubPassIntervalMs: 6 * 60 * 60_000,
  /**
   * A dataserver gathers new, deleted and corrupt replicas this long into one
   * incremental report to each nameserver. Nothing a client waits for waits on it (a
   * writer's complete names the servers that stored its last block), and a gRPC call
   * costs a dataserver most of a millisecond of CPU: 3-replica 4 KiB block writes at
   * 16 in flight went from 2.9–4.7 to 2.3–3.0 ms of dataserver CPU a block, and from
   * 0.53–0.78 to 0.17–0.27 ms of nameserver CPU, between 10 and 100 ms.
   */
  incrementalReportDelayMs: 100,
  /** Full block reports are resent this often, besides at registration. */
  blockReportIntervalMs: 10 * 60_000,
} as const;
