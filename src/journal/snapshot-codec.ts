/**
 * The snapshot stream's framing, both ends, without I/O: the active turns a
 * consistent read of its store into a header, row chunks of bounded size and a
 * trailer with the row counts; the standby checks the order and the counts and
 * turns the chunks back into rows. (Transport: journal-shipper.ts sends,
 * nameserver.ts receives; storage: metadata-store.ts.)
 */
import {
  blockToRow,
  type BlockRow,
  type CacheEntryRow,
  type InodeRow,
  type JournalRow,
  type SnapshotCounts,
  type SnapshotRowSet,
} from './metadata-store.js';
import type {
  SnapshotChunk,
  SnapshotChunk__Output,
} from '../rpc/generated/strata/v1/SnapshotChunk.js';
import type { SnapshotHeader__Output } from '../rpc/generated/strata/v1/SnapshotHeader.js';

export const SnapshotLimits = {
  /**
   * Rows go out in chunks of about this many bytes (the estimate is on the safe
   * side of protobuf's encoding): far below gRPC's 4 MiB message limit, and large
   * enough that per-message costs do not matter.
   */
  maxChunkBytes: 1024 * 1024,
  /** Rows read from SQLite per query. */
  pageRows: 4096,
  /** Most rows one received chunk may carry (1 MiB of the smallest rows is ~30,000). */
  maxRowsPerChunk: 50_000,
} as const;

/** The store read the active streams from (StoreSnapshot), paged by key. */
export interface SnapshotSource {
  readonly lastTxid: number;
  readonly clusterId: string;
  inodesAfter(id: number, limit: number): InodeRow[];
  blocksAfter(id: number, limit: number): BlockRow[];
  journalAfter(txid: number, limit: number): JournalRow[];
  /** All of them: bounded by the cache limits, so they fit in one chunk. */
  cacheEntries(): CacheEntryRow[];
}

export interface SnapshotSender {
  epoch: number;
  leaderId: string;
}

/** Bytes a row takes on the wire, over-estimated (field tags, varints at full width). */
const ROW_OVERHEAD_BYTES = 64;
const inodeBytes = (r: InodeRow) =>
  ROW_OVERHEAD_BYTES + Buffer.byteLength(r.name) + Buffer.byteLength(r.lease_holder ?? '');
const blockBytes = () => ROW_OVERHEAD_BYTES;
const journalBytes = (r: JournalRow) =>
  ROW_OVERHEAD_BYTES + Buffer.byteLength(r.op) + Buffer.byteLength(r.request_id ?? '');

/**
 * The whole snapshot as chunks, lazily: rows are read from `source` one page at a
 * time as the caller pulls (so that it can wait for the stream to drain in between).
 */
export function* snapshotChunks(
  source: SnapshotSource,
  sender: SnapshotSender,
  maxChunkBytes: number = SnapshotLimits.maxChunkBytes,
  pageRows: number = SnapshotLimits.pageRows,
): Generator<SnapshotChunk> {
  yield {
    header: {
      epoch: sender.epoch,
      leaderId: sender.leaderId,
      clusterId: source.clusterId,
      lastTxid: source.lastTxid,
    },
  };
  const counts: SnapshotCounts = { inodes: 0, blocks: 0, journal: 0, cache_entries: 0 };
  /** One table's rows as chunks, counted for the trailer. */
  function* table<Row>(
    name: keyof SnapshotCounts,
    fetch: (after: number, limit: number) => Row[],
    key: (row: Row) => number,
    size: (row: Row) => number,
    wrap: (rows: Row[]) => SnapshotChunk['rows'],
  ): Generator<SnapshotChunk> {
    for (const rows of pages((after) => fetch(after, pageRows), key, size, maxChunkBytes)) {
      counts[name] += rows.length;
      yield { rows: wrap(rows) };
    }
  }
  const id = (r: { id: number }) => r.id;
  yield* table(
    'inodes',
    (a, n) => source.inodesAfter(a, n),
    id,
    inodeBytes,
    (rows) => ({
      inodes: rows.map(inodeToMessage),
    }),
  );
  yield* table(
    'blocks',
    (a, n) => source.blocksAfter(a, n),
    id,
    blockBytes,
    (rows) => ({
      blocks: rows.map(blockToMessage),
    }),
  );
  yield* table(
    'journal',
    (a, n) => source.journalAfter(a, n),
    (r) => r.txid,
    journalBytes,
    (rows) => ({
      journal: rows.map(journalToMessage),
    }),
  );
  const cache = source.cacheEntries();
  if (cache.length > 0) {
    counts.cache_entries = cache.length;
    yield { rows: { cacheEntries: cache } };
  }
  yield {
    trailer: {
      inodes: counts.inodes,
      blocks: counts.blocks,
      journalRecords: counts.journal,
      cacheEntries: counts.cache_entries,
    },
  };
}

/** Groups the rows `fetch` pages through (keys ascending) into runs of at most `maxBytes`. */
function* pages<Row>(
  fetch: (after: number) => Row[],
  key: (row: Row) => number,
  size: (row: Row) => number,
  maxBytes: number,
): Generator<Row[]> {
  let run: Row[] = [];
  let bytes = 0;
  let after = -1;
  for (;;) {
    const page = fetch(after);
    for (const row of page) {
      const rowBytes = size(row);
      if (run.length > 0 && bytes + rowBytes > maxBytes) {
        yield run;
        run = [];
        bytes = 0;
      }
      run.push(row);
      bytes += rowBytes;
    }
    if (page.length === 0) break;
    after = key(page[page.length - 1]!);
  }
  if (run.length > 0) yield run;
}

export type SnapshotPart =
  | { kind: 'header'; header: SnapshotHeader__Output }
  | ({ kind: 'rows' } & SnapshotRowSet)
  | { kind: 'trailer'; counts: SnapshotCounts };

/**
 * The standby's side: one header, then rows, then one trailer whose counts match
 * the rows received. Anything else is a protocol error (thrown).
 */
export class SnapshotAssembler {
  private state: 'header' | 'rows' | 'done' = 'header';
  private readonly received: SnapshotCounts = {
    inodes: 0,
    blocks: 0,
    journal: 0,
    cache_entries: 0,
  };

  accept(chunk: SnapshotChunk__Output): SnapshotPart {
    if (this.state === 'done') throw new Error('a snapshot chunk after the trailer');
    if (chunk.part === 'header' && chunk.header) {
      if (this.state !== 'header') throw new Error('a second snapshot header');
      this.state = 'rows';
      return { kind: 'header', header: chunk.header };
    }
    if (this.state === 'header') throw new Error('a snapshot must start with its header');
    if (chunk.part === 'rows' && chunk.rows) {
      const { inodes, blocks, journal, cacheEntries } = chunk.rows;
      const rows = inodes.length + blocks.length + journal.length + cacheEntries.length;
      if (rows > SnapshotLimits.maxRowsPerChunk) {
        throw new Error(
          `a snapshot chunk may carry at most ${SnapshotLimits.maxRowsPerChunk} rows`,
        );
      }
      const part: SnapshotPart = {
        kind: 'rows',
        inodes: inodes.map(inodeFromMessage),
        blocks: blocks.map(blockFromMessage),
        journal: journal.map(journalFromMessage),
        cache: cacheEntries.map((e) => ({ key: e.key, value: e.value })),
      };
      this.received.inodes += inodes.length;
      this.received.blocks += blocks.length;
      this.received.journal += journal.length;
      this.received.cache_entries += cacheEntries.length;
      return part;
    }
    if (chunk.part === 'trailer' && chunk.trailer) {
      const t = chunk.trailer;
      const counts: SnapshotCounts = {
        inodes: t.inodes,
        blocks: t.blocks,
        journal: t.journalRecords,
        cache_entries: t.cacheEntries,
      };
      for (const k of ['inodes', 'blocks', 'journal', 'cache_entries'] as const) {
        if (counts[k] !== this.received[k]) {
          throw new Error(
            `the snapshot trailer counts ${counts[k]} ${k} rows, ${this.received[k]} arrived`,
          );
        }
      }
      this.state = 'done';
      return { kind: 'trailer', counts };
    }
    throw new Error('an empty snapshot chunk');
  }
}

function inodeToMessage(r: InodeRow) {
  return {
    id: r.id,
    parentId: r.parent_id,
    name: r.name,
    kind: r.kind,
    replication: r.replication,
    blockSize: r.block_size,
    mtimeMs: r.mtime_ms,
    length: r.length,
    leased: r.lease_holder !== null,
    leaseHolder: r.lease_holder ?? '',
    storagePolicy: r.storage_policy ?? '',
  };
}

function blockToMessage(r: BlockRow) {
  return {
    id: r.id,
    fileId: r.file_id,
    generation: r.generation,
    length: r.length,
    committed: r.committed === 1,
  };
}

function journalToMessage(r: JournalRow) {
  return { txid: r.txid, epoch: r.epoch, op: r.op, requestId: r.request_id ?? '' };
}

function inodeFromMessage(m: ReturnType<typeof inodeToMessage>): InodeRow {
  if (m.kind !== 0 && m.kind !== 1) throw new Error(`inode ${m.id} has unknown kind ${m.kind}`);
  return {
    id: m.id,
    parent_id: m.parentId,
    name: m.name,
    kind: m.kind,
    replication: m.replication,
    block_size: m.blockSize,
    mtime_ms: m.mtimeMs,
    length: m.length,
    lease_holder: m.leased ? m.leaseHolder : null,
    storage_policy: m.storagePolicy || null,
  };
}

/** The message has a BlockRecord's fields. */
const blockFromMessage = (m: ReturnType<typeof blockToMessage>): BlockRow => blockToRow(m);

function journalFromMessage(m: ReturnType<typeof journalToMessage>): JournalRow {
  return { txid: m.txid, epoch: m.epoch, op: m.op, request_id: m.requestId || null };
}
