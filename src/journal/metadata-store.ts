/**
 * The nameserver's durable store: SQLite (libsql, a synchronous binding shipped as
 * prebuilt binaries) in WAL mode with
 * synchronous=FULL. One transaction holds a batch of journal entries together with
 * the row changes they made, so the tables are always exactly the state after the
 * last committed txid, and a restart (even after kill -9) only has to read them.
 * The journal table keeps a bounded tail of entries for standbys to catch up from.
 *
 * Snapshots (a standby the kept journal no longer reaches): the active reads the
 * whole store in one read transaction on a second, read-only connection (WAL lets it
 * see one committed state while group commit goes on writing); the standby stages
 * the rows in snapshot_* tables and swaps them in with one transaction.
 */
import Database from 'libsql';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readImageFile, writeImageFile, type ImageStamp } from './checkpoint-image.js';
import type { Namespace } from '../namespace/namespace.js';
import { newChildren } from '../namespace/children.js';
import {
  STORAGE_POLICIES,
  type BlockRecord,
  type CacheDirective,
  type CachePool,
  type Effect,
  type Inode,
  type JournalOp,
  type StoragePolicy,
} from '../namespace/types.js';

export interface JournalEntry {
  txid: number;
  epoch: number;
  op: JournalOp;
  /** The client's request id, so that a retry on another nameserver is recognised. */
  requestId?: string;
}

export interface InodeRow {
  id: number;
  parent_id: number;
  name: string;
  kind: number;
  replication: number;
  block_size: number;
  mtime_ms: number;
  length: number;
  lease_holder: string | null;
  /** 'hot' | 'warm' | 'cold', or null: the parent's. */
  storage_policy: string | null;
}

export interface BlockRow {
  id: number;
  file_id: number;
  generation: number;
  length: number;
  committed: number;
}

/** A cache pool (`pool/NAME`) or directive (`directive/ID`), its value JSON. */
export interface CacheEntryRow {
  key: string;
  value: string;
}

/** A journal table row as stored (the op still JSON). */
export interface JournalRow {
  txid: number;
  epoch: number;
  op: string;
  request_id: string | null;
}

/** The rows of one snapshot chunk, staged together. */
export interface SnapshotRowSet {
  inodes: InodeRow[];
  blocks: BlockRow[];
  journal: JournalRow[];
  cache: CacheEntryRow[];
}

const POOL_KEY = 'pool/';
/** Rows read at a time when loading: bounded memory, few calls into SQLite. */
const LOAD_PAGE_ROWS = 10_000;
const DIRECTIVE_KEY = 'directive/';

/** The tables a snapshot carries, with their columns (the staging copies use the same). */
const TABLES = {
  inodes: `id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL, name TEXT NOT NULL, kind INTEGER NOT NULL,
  replication INTEGER NOT NULL, block_size INTEGER NOT NULL, mtime_ms INTEGER NOT NULL,
  length INTEGER NOT NULL, lease_holder TEXT, storage_policy TEXT`,
  blocks: `id INTEGER PRIMARY KEY, file_id INTEGER NOT NULL, generation INTEGER NOT NULL,
  length INTEGER NOT NULL, committed INTEGER NOT NULL`,
  journal: 'txid INTEGER PRIMARY KEY, epoch INTEGER NOT NULL, op TEXT NOT NULL, request_id TEXT',
  cache_entries: 'key TEXT PRIMARY KEY, value TEXT NOT NULL',
} as const;
type SnapshotTable = keyof typeof TABLES;
const SNAPSHOT_TABLES = Object.keys(TABLES) as SnapshotTable[];

/** A table's column names, from its definition. */
function columnsOf(table: SnapshotTable): string[] {
  return TABLES[table].split(',').map((definition) => definition.trim().split(/\s+/)[0]!);
}
const STAGING_PREFIX = 'snapshot_';

const SCHEMA =
  'CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);\n' +
  SNAPSHOT_TABLES.map((t) => `CREATE TABLE IF NOT EXISTS ${t} (${TABLES[t]});`).join('\n');

/** Where a load came from (see `load`). */
export interface LoadReport {
  from: 'image' | 'tables';
  /** The image's txid (0: no image used). */
  imageTxid: number;
  /** Journal entries applied after the image. */
  replayed: number;
  /** Why an image that was there was not used. */
  unusable?: string;
}

/** Row counts a snapshot declares; the install checks the staged rows against them. */
export interface SnapshotCounts {
  inodes: number;
  blocks: number;
  journal: number;
  cache_entries: number;
}

export class MetadataStore {
  private readonly db: Database.Database;
  private readonly putInodeStmt: Database.Statement;
  private readonly deleteInodeStmt: Database.Statement;
  private readonly putBlockStmt: Database.Statement;
  private readonly deleteBlockStmt: Database.Statement;
  private readonly putCacheEntryStmt: Database.Statement;
  private readonly deleteCacheEntryStmt: Database.Statement;
  private readonly appendStmt: Database.Statement;
  private readonly setMetaStmt: Database.Statement;
  private readonly getMetaStmt: Database.Statement;
  private readonly epochAtStmt: Database.Statement;
  /** cluster_id, kept in memory: every shipped batch carries it and a standby checks it. */
  private cachedClusterId: string;
  /** last_txid as committed, kept in memory: the shipper and the tick ask for it often. */
  private committedTxid: number;
  private readonly pruneStmt: Database.Statement;
  private readonly countJournalStmt: Database.Statement;
  /** The checkpoint image, beside the database. */
  readonly imagePath: string;
  private readonly commitTx: (entries: JournalEntry[], effects: Effect[]) => void;
  private staging: {
    insert: Record<SnapshotTable, Database.Statement>;
    stage: (rows: SnapshotRowSet) => void;
  } | null = null;

  constructor(private readonly path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // FULL: every commit is fsynced before it returns, so an acknowledged mutation survives power loss.
    this.db.pragma('synchronous = FULL');
    this.db.exec(SCHEMA);
    addMissingColumns(this.db);
    this.putInodeStmt = this.db.prepare(
      `INSERT OR REPLACE INTO inodes (id, parent_id, name, kind, replication, block_size, mtime_ms, length, lease_holder, storage_policy)
       VALUES (@id, @parent_id, @name, @kind, @replication, @block_size, @mtime_ms, @length, @lease_holder, @storage_policy)`,
    );
    this.deleteInodeStmt = this.db.prepare('DELETE FROM inodes WHERE id = ?');
    this.putBlockStmt = this.db.prepare(
      `INSERT OR REPLACE INTO blocks (id, file_id, generation, length, committed)
       VALUES (@id, @file_id, @generation, @length, @committed)`,
    );
    this.deleteBlockStmt = this.db.prepare('DELETE FROM blocks WHERE id = ?');
    this.putCacheEntryStmt = this.db.prepare(
      'INSERT OR REPLACE INTO cache_entries (key, value) VALUES (?, ?)',
    );
    this.deleteCacheEntryStmt = this.db.prepare('DELETE FROM cache_entries WHERE key = ?');
    this.appendStmt = this.db.prepare(
      'INSERT INTO journal (txid, epoch, op, request_id) VALUES (?, ?, ?, ?)',
    );
    this.setMetaStmt = this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
    this.getMetaStmt = this.db.prepare('SELECT value FROM meta WHERE key = ?');
    this.epochAtStmt = this.db.prepare('SELECT epoch FROM journal WHERE txid = ?');
    this.pruneStmt = this.db.prepare('DELETE FROM journal WHERE txid <= ?');
    this.countJournalStmt = this.db.prepare(
      'SELECT count(*) AS n FROM journal WHERE txid > ? AND txid <= ?',
    );
    this.imagePath = join(dirname(path), 'namespace.image');
    this.commitTx = this.db.transaction((entries: JournalEntry[], effects: Effect[]) => {
      for (const e of entries) {
        this.appendStmt.run(e.txid, e.epoch, JSON.stringify(e.op), e.requestId ?? null);
      }
      for (const effect of coalesce(effects)) this.write(effect);
      const last = entries[entries.length - 1];
      if (last) this.setMetaStmt.run('last_txid', String(last.txid));
    });
    this.committedTxid = Number(this.getMeta('last_txid') ?? 0);
    if (this.getMeta('cluster_id') === undefined) this.setMetaStmt.run('cluster_id', randomUUID());
    this.cachedClusterId = this.getMeta('cluster_id')!;
    // A snapshot that was being received when the process stopped is of no use now.
    this.discardStagedSnapshot();
  }

  getMeta(key: string): string | undefined {
    const row = this.getMetaStmt.get(key) as { value: string } | undefined;
    return row?.value;
  }

  get clusterId(): string {
    return this.cachedClusterId;
  }

  get lastTxid(): number {
    return this.committedTxid;
  }

  /** A standby with an empty store takes on its active's cluster id. */
  setClusterId(id: string): void {
    this.setMetaStmt.run('cluster_id', id);
    this.cachedClusterId = id;
  }

  /**
   * Loads the namespace into a new one from `make`: from the checkpoint image and
   * the journal entries after it when the journal still reaches back to the image,
   * else from the tables. Says which, and why an image that is there was not used.
   */
  load(make: () => Namespace): { ns: Namespace; report: LoadReport } {
    let unusable: string | undefined;
    try {
      const found = readImageFile(this.imagePath);
      unusable = found && this.imageUnusable(found.stamp);
      if (found && !unusable) {
        const ns = make();
        ns.loadImage(found.image);
        const replayed = this.replayJournal(ns, found.stamp.txid);
        return { ns, report: { from: 'image', imageTxid: found.stamp.txid, replayed } };
      }
    } catch (err) {
      // A torn or corrupt image, or a journal that will not apply to it: the tables hold it all.
      unusable = (err as Error).message;
    }
    const ns = make();
    this.loadInto(ns);
    return {
      ns,
      report: { from: 'tables', imageTxid: 0, replayed: 0, ...(unusable ? { unusable } : {}) },
    };
  }

  /** Why an image cannot stand for the start of the kept journal, or undefined if it can. */
  private imageUnusable(stamp: ImageStamp): string | undefined {
    if (stamp.clusterId !== this.clusterId) return 'the image is of another cluster';
    if (stamp.txid > this.committedTxid) return 'the image is ahead of the store';
    if (stamp.txid > 0 && this.epochAt(stamp.txid) !== stamp.epoch) {
      return `the journal no longer holds txid ${stamp.txid} of epoch ${stamp.epoch}`;
    }
    const after = this.countJournalStmt.get(stamp.txid, this.committedTxid) as { n: number };
    if (after.n !== this.committedTxid - stamp.txid) return 'the journal has a gap after the image';
    return undefined;
  }

  /** Applies the kept journal after `txid` to `ns`; returns the count. */
  private replayJournal(ns: Namespace, txid: number): number {
    let replayed = 0;
    for (let after = txid; after < this.committedTxid;) {
      const page = this.journalAfter(after, LOAD_PAGE_ROWS);
      if (page.length === 0)
        throw new Error(`the journal ends at ${after}, not ${this.committedTxid}`);
      for (const entry of page) ns.apply(entry.op);
      replayed += page.length;
      after = page[page.length - 1]!.txid;
    }
    return replayed;
  }

  /**
   * Writes a checkpoint image of `ns`, which must hold exactly the committed state
   * (nothing applied that is not committed). Returns the txid it stands for.
   */
  async writeImage(ns: Namespace): Promise<number> {
    const txid = this.committedTxid;
    const stamp = { clusterId: this.clusterId, txid, epoch: this.epochAt(txid) ?? 0 };
    await writeImageFile(this.imagePath, stamp, ns.image());
    return txid;
  }

  /** Reads every inode, block, cache pool and cache directive from the tables into `ns`. */
  loadInto(ns: Namespace): void {
    const entries = this.db
      .prepare('SELECT key, value FROM cache_entries')
      .all() as CacheEntryRow[];
    for (const row of entries) {
      if (row.key.startsWith(POOL_KEY)) ns.cache.loadPool(JSON.parse(row.value) as CachePool);
      else if (row.key.startsWith(DIRECTIVE_KEY))
        ns.cache.loadDirective(JSON.parse(row.value) as CacheDirective);
      else throw new Error(`unknown cache entry ${row.key}`);
    }
    const counts = this.db
      .prepare(
        'SELECT (SELECT count(*) FROM inodes) AS inodes, (SELECT count(*) FROM blocks) AS blocks',
      )
      .get() as { inodes: number; blocks: number };
    // The columns sized once, rather than grown (and copied) a dozen times on the way.
    ns.reserve(counts.inodes, counts.blocks);
    for (const row of this.pagesOf<InodeRow>('inodes')) ns.loadInode(inodeFromRow(row));
    for (const row of this.pagesOf<BlockRow>('blocks')) {
      ns.loadBlock({
        id: row.id,
        fileId: row.file_id,
        generation: row.generation,
        length: row.length,
        committed: row.committed === 1,
      });
    }
    ns.finishLoading();
  }

  /**
   * A table's rows in id order, read a page at a time, each page as one JSON text
   * (an array of column arrays) that SQLite builds and JSON.parse reads. libsql
   * hands over a row's text columns at tens of µs each (50,000 names took 1.7 s),
   * which made a restart with a million files take over a minute; a page of JSON
   * costs one string, and arrays half the text of objects.
   */
  private *pagesOf<Row extends { id: number }>(table: 'inodes' | 'blocks'): Generator<Row> {
    const columns = columnsOf(table);
    const page = this.db.prepare(
      `SELECT json_group_array(json_array(${columns.join(', ')}) ORDER BY id) AS rows
       FROM (SELECT * FROM ${table} WHERE id > ? ORDER BY id LIMIT ?)`,
    );
    for (let after = 0; ;) {
      const text = (page.get(after, LOAD_PAGE_ROWS) as { rows: string }).rows;
      const rows = JSON.parse(text) as unknown[][];
      for (const values of rows) {
        const row: Record<string, unknown> = {};
        for (let i = 0; i < columns.length; i++) row[columns[i]!] = values[i];
        yield row as Row;
      }
      if (rows.length < LOAD_PAGE_ROWS) return;
      after = rows[rows.length - 1]![0] as number;
    }
  }

  /** Makes a batch durable: journal entries and row changes in one fsynced transaction. */
  commit(entries: JournalEntry[], effects: Effect[]): void {
    this.commitTx(entries, effects);
    const last = entries[entries.length - 1];
    if (last) this.committedTxid = last.txid;
  }

  /** Journal entries after `txid`, oldest first, at most `limit`. */
  journalAfter(txid: number, limit: number): JournalEntry[] {
    const rows = this.db
      .prepare(
        'SELECT txid, epoch, op, request_id FROM journal WHERE txid > ? ORDER BY txid LIMIT ?',
      )
      .all(txid, limit) as { txid: number; epoch: number; op: string; request_id: string | null }[];
    return rows.map((r) => ({
      txid: r.txid,
      epoch: r.epoch,
      op: JSON.parse(r.op) as JournalOp,
      ...(r.request_id ? { requestId: r.request_id } : {}),
    }));
  }

  /** The kept journal entries that carry a request id, oldest first (to fill the retry cache). */
  requestsInJournal(): { requestId: string; op: JournalOp }[] {
    const rows = this.db
      .prepare('SELECT request_id, op FROM journal WHERE request_id IS NOT NULL ORDER BY txid')
      .all() as { request_id: string; op: string }[];
    return rows.map((r) => ({ requestId: r.request_id, op: JSON.parse(r.op) as JournalOp }));
  }

  /**
   * A consistent read of the whole store for a standby's snapshot: a read-only
   * connection of its own, inside one read transaction, so that it sees the state
   * after one committed txid however long it takes while group commit goes on
   * writing (WAL: the writer does not wait for it; the WAL just cannot be reset
   * past it until it closes). Close it promptly.
   */
  openSnapshot(): StoreSnapshot {
    return new StoreSnapshot(this.path);
  }

  /** Starts receiving a snapshot: empty staging tables, next to the live ones. */
  beginStagedSnapshot(): void {
    this.discardStagedSnapshot();
    for (const t of SNAPSHOT_TABLES)
      this.db.exec(`CREATE TABLE ${STAGING_PREFIX}${t} (${TABLES[t]})`);
    const insert = {
      inodes: this.db.prepare(
        `INSERT INTO ${STAGING_PREFIX}inodes (id, parent_id, name, kind, replication, block_size, mtime_ms, length, lease_holder, storage_policy)
         VALUES (@id, @parent_id, @name, @kind, @replication, @block_size, @mtime_ms, @length, @lease_holder, @storage_policy)`,
      ),
      blocks: this.db.prepare(
        `INSERT INTO ${STAGING_PREFIX}blocks (id, file_id, generation, length, committed)
         VALUES (@id, @file_id, @generation, @length, @committed)`,
      ),
      journal: this.db.prepare(
        `INSERT INTO ${STAGING_PREFIX}journal (txid, epoch, op, request_id)
         VALUES (@txid, @epoch, @op, @request_id)`,
      ),
      cache_entries: this.db.prepare(
        `INSERT INTO ${STAGING_PREFIX}cache_entries (key, value) VALUES (@key, @value)`,
      ),
    };
    const stage = this.db.transaction((rows: SnapshotRowSet) => {
      for (const row of rows.inodes) insert.inodes.run(row);
      for (const row of rows.blocks) insert.blocks.run(row);
      for (const row of rows.journal) insert.journal.run(row);
      for (const row of rows.cache) insert.cache_entries.run(row);
    });
    this.staging = { insert, stage };
  }

  /** Adds rows of the snapshot being received (one transaction per call). */
  stageSnapshotRows(rows: SnapshotRowSet): void {
    if (!this.staging) throw new Error('no snapshot is being received');
    this.staging.stage(rows);
  }

  /**
   * Replaces the namespace tables and the journal with the staged snapshot, and sets
   * last_txid and cluster_id, in one fsynced transaction: a crash leaves either the
   * old store or the new one. The voter's durable promise (meta) is kept.
   */
  installStagedSnapshot(clusterId: string, lastTxid: number, expected: SnapshotCounts): void {
    if (!this.staging) throw new Error('no snapshot is being received');
    this.db.transaction(() => {
      for (const t of SNAPSHOT_TABLES) {
        const row = this.db.prepare(`SELECT count(*) AS n FROM ${STAGING_PREFIX}${t}`).get() as {
          n: number;
        };
        if (row.n !== expected[t]) {
          throw new Error(`the snapshot declared ${expected[t]} ${t} rows but ${row.n} arrived`);
        }
      }
      for (const t of SNAPSHOT_TABLES) {
        this.db.exec(`DROP TABLE ${t}`);
        this.db.exec(`ALTER TABLE ${STAGING_PREFIX}${t} RENAME TO ${t}`);
      }
      this.setMetaStmt.run('last_txid', String(lastTxid));
      this.setMetaStmt.run('cluster_id', clusterId);
    })();
    this.committedTxid = lastTxid;
    this.cachedClusterId = clusterId;
    this.staging = null;
  }

  /** Drops a partly received snapshot. */
  discardStagedSnapshot(): void {
    this.staging = null;
    for (const t of SNAPSHOT_TABLES) this.db.exec(`DROP TABLE IF EXISTS ${STAGING_PREFIX}${t}`);
  }

  /** The epoch of the entry at `txid`, if the journal still holds it. */
  epochAt(txid: number): number | undefined {
    const row = this.epochAtStmt.get(txid) as { epoch: number } | undefined;
    return row?.epoch;
  }

  setMeta(key: string, value: string): void {
    this.setMetaStmt.run(key, value);
  }

  /** Drops journal entries up to `txid`; the tables already hold their effect. */
  pruneJournal(txid: number): void {
    this.pruneStmt.run(txid);
  }

  close(): void {
    this.db.close();
  }

  private write(effect: Effect): void {
    switch (effect.kind) {
      case 'putInode':
        this.putInodeStmt.run(inodeToRow(effect.inode));
        return;
      case 'deleteInode':
        this.deleteInodeStmt.run(effect.id);
        return;
      case 'putBlock':
        this.putBlockStmt.run(blockToRow(effect.block));
        return;
      case 'deleteBlock':
        this.deleteBlockStmt.run(effect.id);
        return;
      case 'putCachePool':
        this.putCacheEntryStmt.run(POOL_KEY + effect.pool.name, JSON.stringify(effect.pool));
        return;
      case 'deleteCachePool':
        this.deleteCacheEntryStmt.run(POOL_KEY + effect.name);
        return;
      case 'putCacheDirective':
        this.putCacheEntryStmt.run(
          DIRECTIVE_KEY + effect.directive.id,
          JSON.stringify(effect.directive),
        );
        return;
      case 'deleteCacheDirective':
        this.deleteCacheEntryStmt.run(DIRECTIVE_KEY + effect.id);
        return;
    }
  }
}

/** See MetadataStore.openSnapshot. Reads pages in key order, all within one read transaction. */
export class StoreSnapshot {
  private readonly db: Database.Database;
  readonly lastTxid: number;
  readonly clusterId: string;
  private closed = false;

  constructor(path: string) {
    // libsql opens every connection read-write and creates a missing file; this one
    // only ever reads, and a missing store is an error rather than an empty snapshot.
    if (!existsSync(path)) throw new Error(`no metadata store at ${path}`);
    this.db = new Database(path);
    try {
      this.db.exec('BEGIN');
      // The first read fixes the snapshot: every later read in the transaction sees the same state.
      const meta = new Map(
        (
          this.db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]
        ).map((r) => [r.key, r.value]),
      );
      this.lastTxid = Number(meta.get('last_txid') ?? 0);
      this.clusterId = meta.get('cluster_id') ?? '';
    } catch (err) {
      this.db.close();
      throw err;
    }
  }

  inodesAfter(id: number, limit: number): InodeRow[] {
    return this.db
      .prepare('SELECT * FROM inodes WHERE id > ? ORDER BY id LIMIT ?')
      .all(id, limit) as InodeRow[];
  }

  blocksAfter(id: number, limit: number): BlockRow[] {
    return this.db
      .prepare('SELECT * FROM blocks WHERE id > ? ORDER BY id LIMIT ?')
      .all(id, limit) as BlockRow[];
  }

  journalAfter(txid: number, limit: number): JournalRow[] {
    return this.db
      .prepare(
        'SELECT txid, epoch, op, request_id FROM journal WHERE txid > ? ORDER BY txid LIMIT ?',
      )
      .all(txid, limit) as JournalRow[];
  }

  /** Every cache pool and directive (bounded by Limits.maxCachePools and maxCacheDirectives). */
  cacheEntries(): CacheEntryRow[] {
    return this.db
      .prepare('SELECT key, value FROM cache_entries ORDER BY key')
      .all() as CacheEntryRow[];
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.exec('COMMIT');
    this.db.close();
  }
}

/**
 * Keeps only the last effect per row: a batch often touches the same parent
 * directory many times, and the row's final state is all that must be written.
 */
function coalesce(effects: Effect[]): Effect[] {
  const last = new Map<string, Effect>();
  for (const effect of effects) {
    const key = rowKey(effect);
    last.delete(key); // re-insert so that order follows the last touch
    last.set(key, effect);
  }
  return [...last.values()];
}

function rowKey(effect: Effect): string {
  switch (effect.kind) {
    case 'putInode':
      return `i${effect.inode.id}`;
    case 'deleteInode':
      return `i${effect.id}`;
    case 'putBlock':
      return `b${effect.block.id}`;
    case 'deleteBlock':
      return `b${effect.id}`;
    case 'putCachePool':
      return POOL_KEY + effect.pool.name;
    case 'deleteCachePool':
      return POOL_KEY + effect.name;
    case 'putCacheDirective':
      return DIRECTIVE_KEY + effect.directive.id;
    case 'deleteCacheDirective':
      return DIRECTIVE_KEY + effect.id;
  }
}

/**
 * Columns added after the first release, added to a store written by an older
 * version (their NULL default means what the older version did).
 */
function addMissingColumns(db: Database.Database): void {
  const columns = db.prepare('PRAGMA table_info(inodes)').all() as { name: string }[];
  if (!columns.some((c) => c.name === 'storage_policy'))
    db.exec('ALTER TABLE inodes ADD COLUMN storage_policy TEXT');
}

function storagePolicyOf(row: InodeRow): StoragePolicy | null {
  const policy = row.storage_policy ?? null;
  if (policy !== null && !STORAGE_POLICIES.includes(policy as StoragePolicy))
    throw new Error(`inode ${row.id} has unknown storage policy ${policy}`);
  return policy as StoragePolicy | null;
}

function inodeToRow(inode: Inode): InodeRow {
  return {
    id: inode.id,
    parent_id: inode.parentId,
    name: inode.name,
    kind: inode.kind === 'dir' ? 0 : 1,
    replication: inode.replication,
    block_size: inode.kind === 'file' ? inode.blockSizeBytes : 0,
    mtime_ms: inode.mtimeMs,
    length: inode.kind === 'file' ? inode.length : 0,
    lease_holder: inode.kind === 'file' ? inode.leaseHolder : null,
    storage_policy: inode.storagePolicy,
  };
}

function inodeFromRow(row: InodeRow): Inode {
  if (row.kind === 0) {
    return {
      kind: 'dir',
      id: row.id,
      parentId: row.parent_id,
      name: row.name,
      mtimeMs: row.mtime_ms,
      replication: row.replication,
      storagePolicy: storagePolicyOf(row),
      children: newChildren(),
    };
  }
  return {
    kind: 'file',
    id: row.id,
    parentId: row.parent_id,
    name: row.name,
    mtimeMs: row.mtime_ms,
    replication: row.replication,
    storagePolicy: storagePolicyOf(row),
    blockSizeBytes: row.block_size,
    length: row.length,
    blocks: [],
    leaseHolder: row.lease_holder,
  };
}

export function blockToRow(block: BlockRecord): BlockRow {
  return {
    id: block.id,
    file_id: block.fileId,
    generation: block.generation,
    length: block.length,
    committed: block.committed ? 1 : 0,
  };
}
