/**
 * Snapshot catch-up without processes: the rules (cluster id, divergence, when a
 * snapshot is needed, journal pruning), the chunk framing, and a snapshot taken
 * from a real SQLite store while it goes on committing, installed into another.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  behindKeptJournal,
  clusterVerdict,
  divergence,
  journalPruneThrough,
} from '../../src/ha/catch-up.js';
import {
  SnapshotAssembler,
  snapshotChunks,
  type SnapshotSource,
} from '../../src/journal/snapshot-codec.js';
import {
  MetadataStore,
  type BlockRow,
  type CacheEntryRow,
  type InodeRow,
  type JournalEntry,
  type JournalRow,
} from '../../src/journal/metadata-store.js';
import { Namespace } from '../../src/namespace/namespace.js';
import type { Effect, JournalOp } from '../../src/namespace/types.js';
import { parsePath } from '../../src/core/paths.js';
import { strataProto } from '../../src/rpc/proto.js';

const serialize = (chunk: SnapshotChunk): Buffer =>
  strataProto().strata.v1.JournalShipping.service.InstallSnapshot.requestSerialize(chunk);
import type {
  SnapshotChunk,
  SnapshotChunk__Output,
} from '../../src/rpc/generated/strata/v1/SnapshotChunk.js';

test('cluster id: same or absent is fine, an empty store adopts, a non-empty one refuses', () => {
  assert.equal(clusterVerdict('a', 10, 'a'), 'same');
  assert.equal(clusterVerdict('a', 10, ''), 'same');
  assert.equal(clusterVerdict('a', 0, 'b'), 'adopt');
  assert.equal(clusterVerdict('a', 1, 'b'), 'foreign');
});

test('divergence: another epoch at a shared txid, or entries past the leader’s last', () => {
  const epochs = new Map([
    [8, 1],
    [9, 1],
    [10, 1],
  ]);
  const at = (txid: number) => epochs.get(txid);
  // Continues: the leader's entry before the records is the one held.
  assert.equal(
    divergence(10, at, { prevTxid: 10, prevEpoch: 1, records: [{ txid: 11, epoch: 2 }] }),
    null,
  );
  // Unknown epoch (0) or an entry the standby no longer keeps: no judgement.
  assert.equal(divergence(10, at, { prevTxid: 10, prevEpoch: 0, records: [] }), null);
  assert.equal(
    divergence(10, at, { prevTxid: 5, prevEpoch: 3, records: [{ txid: 6, epoch: 3 }] }),
    null,
  );
  // The leader's txid 10 is of epoch 2: this standby's 10 (epoch 1) was never committed there.
  assert.match(
    divergence(10, at, { prevTxid: 10, prevEpoch: 2, records: [{ txid: 11, epoch: 2 }] }) ?? '',
    /divergence at txid 10/,
  );
  // Overlapping records with another epoch.
  assert.match(
    divergence(10, at, { prevTxid: 8, prevEpoch: 1, records: [{ txid: 9, epoch: 2 }] }) ?? '',
    /divergence at txid 9/,
  );
  // Overlapping records with the same epochs are the same entries.
  assert.equal(
    divergence(10, at, {
      prevTxid: 8,
      prevEpoch: 1,
      records: [
        { txid: 9, epoch: 1 },
        { txid: 10, epoch: 1 },
        { txid: 11, epoch: 1 },
      ],
    }),
    null,
  );
  // The standby holds entries after the leader's last.
  assert.match(divergence(10, at, { prevTxid: 9, prevEpoch: 1, records: [] }) ?? '', /up to 10/);
  // A standby behind the leader is not diverged.
  assert.equal(divergence(10, at, { prevTxid: 50, prevEpoch: 2, records: [] }), null);
});

test('a snapshot is needed exactly when the kept journal does not continue the standby', () => {
  assert.equal(behindKeptJournal(100, 100, undefined), false); // up to date
  assert.equal(behindKeptJournal(100, 150, 101), false); // the journal continues it
  assert.equal(behindKeptJournal(100, 150, 120), true); // 101..119 pruned
  assert.equal(behindKeptJournal(100, 150, undefined), true); // nothing kept after it
});

test('journal pruning keeps the retention, and what a catch-up in progress still needs', () => {
  assert.equal(journalPruneThrough(150, 200, null), 0);
  assert.equal(journalPruneThrough(1000, 200, null), 800);
  assert.equal(journalPruneThrough(1000, 200, 301), 300);
  assert.equal(journalPruneThrough(1000, 200, 900), 800);
});

/** An in-memory source of `n` inodes and blocks and a journal tail. */
function memorySource(n: number): SnapshotSource {
  const inodes: InodeRow[] = Array.from({ length: n }, (_, i) => ({
    id: i + 2,
    parent_id: 1,
    name: `name-${i}-${'x'.repeat(i % 200)}`,
    kind: i % 2,
    replication: 3,
    block_size: 1024,
    mtime_ms: 1000 + i,
    length: i,
    lease_holder: i % 7 === 0 ? `client-${i}` : null,
    storage_policy: [null, 'hot', 'warm', 'cold'][i % 4]!,
  }));
  const blocks: BlockRow[] = Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    file_id: i + 2,
    generation: i + 1,
    length: i * 10,
    committed: i % 3 === 0 ? 0 : 1,
  }));
  const journal: JournalRow[] = Array.from({ length: n }, (_, i) => ({
    txid: 1000 + i,
    epoch: 2,
    op: JSON.stringify({ op: 'mkdir', id: i + 2, parentId: 1, name: `d${i}`, mtimeMs: 1 }),
    request_id: i % 2 === 0 ? `req-${i}` : null,
  }));
  const after =
    <R>(rows: R[], key: (r: R) => number) =>
    (k: number, limit: number) =>
      rows.filter((r) => key(r) > k).slice(0, limit);
  return {
    lastTxid: 1000 + n - 1,
    clusterId: 'cluster-a',
    inodesAfter: after(inodes, (r) => r.id),
    blocksAfter: after(blocks, (r) => r.id),
    journalAfter: after(journal, (r) => r.txid),
    cacheEntries: () => [
      {
        key: 'directive/1',
        value: '{"id":1,"inodeId":2,"pool":"p","replication":1,"expiresAtMs":0}',
      },
      { key: 'pool/p', value: '{"name":"p","limitBytes":1048576}' },
    ],
  };
}

/** What grpc hands the receiver: the chunk with the oneof's name set. */
function received(chunk: SnapshotChunk): SnapshotChunk__Output {
  const part = chunk.header ? 'header' : chunk.rows ? 'rows' : 'trailer';
  const rows = chunk.rows
    ? {
        inodes: chunk.rows.inodes ?? [],
        blocks: chunk.rows.blocks ?? [],
        journal: chunk.rows.journal ?? [],
        cacheEntries: chunk.rows.cacheEntries ?? [],
      }
    : undefined;
  // A trailer without cache entries carries 0, as protobuf decodes a missing field.
  const trailer = chunk.trailer ? { cacheEntries: 0, ...chunk.trailer } : undefined;
  return { ...chunk, rows, trailer, part } as unknown as SnapshotChunk__Output;
}

test('snapshot chunks stay under the size limit and reassemble to the same rows', () => {
  const source = memorySource(3000);
  const maxChunkBytes = 16 * 1024;
  const chunks = [...snapshotChunks(source, { epoch: 3, leaderId: 'ns1' }, maxChunkBytes, 500)];
  assert.ok(chunks.length > 10, `${chunks.length} chunks`);
  const assembler = new SnapshotAssembler();
  const got = {
    inodes: [] as InodeRow[],
    blocks: [] as BlockRow[],
    journal: [] as JournalRow[],
    cache: [] as CacheEntryRow[],
  };
  let trailerSeen = false;
  for (const chunk of chunks) {
    // The exact wire size: grpc's own serializer for the method.
    const encoded = serialize(chunk).length;
    assert.ok(encoded <= maxChunkBytes, `a chunk of ${encoded} bytes`);
    const part = assembler.accept(received(chunk));
    if (part.kind === 'header') {
      assert.deepEqual(
        { ...part.header },
        { epoch: 3, leaderId: 'ns1', clusterId: 'cluster-a', lastTxid: source.lastTxid },
      );
    } else if (part.kind === 'rows') {
      got.inodes.push(...part.inodes);
      got.blocks.push(...part.blocks);
      got.journal.push(...part.journal);
      got.cache.push(...part.cache);
    } else {
      trailerSeen = true;
      assert.deepEqual(part.counts, {
        inodes: 3000,
        blocks: 3000,
        journal: 3000,
        cache_entries: 2,
      });
    }
  }
  assert.ok(trailerSeen);
  assert.deepEqual(got.inodes, source.inodesAfter(-1, 1e9));
  assert.deepEqual(got.blocks, source.blocksAfter(-1, 1e9));
  assert.deepEqual(got.journal, source.journalAfter(-1, 1e9));
  assert.deepEqual(got.cache, source.cacheEntries());
});

test('the receiver refuses chunks out of order and counts that do not match', () => {
  const chunks = [...snapshotChunks(memorySource(10), { epoch: 1, leaderId: 'ns1' })].map(received);
  const [header, ...rest] = chunks;
  const trailer = rest[rest.length - 1]!;
  const rows = rest.slice(0, -1);
  assert.throws(() => new SnapshotAssembler().accept(rows[0]!), /start with its header/);
  const twice = new SnapshotAssembler();
  twice.accept(header!);
  assert.throws(() => twice.accept(header!), /second snapshot header/);
  const short = new SnapshotAssembler();
  short.accept(header!);
  assert.throws(() => short.accept(trailer), /counts 10 inodes rows, 0 arrived/);
  const done = new SnapshotAssembler();
  for (const c of chunks) done.accept(c);
  assert.throws(() => done.accept(rows[0]!), /after the trailer/);
  const empty = new SnapshotAssembler();
  empty.accept(header!);
  assert.throws(() => empty.accept({} as SnapshotChunk__Output), /empty/);
});

const nsOptions = { defaultReplication: 3, defaultBlockSizeBytes: 1024 * 1024 };

/** Plans and applies mkdirs like the nameserver, committing them in batches of 1,000 paths. */
function mkdirs(store: MetadataStore, ns: Namespace, epoch: number, paths: string[]): void {
  let txid = store.lastTxid;
  for (let i = 0; i < paths.length; i += 1000) {
    const entries: JournalEntry[] = [];
    const effects: Effect[] = [];
    for (const path of paths.slice(i, i + 1000)) {
      for (const op of ns.planMkdir(parsePath(path), true, 1)) {
        effects.push(...ns.apply(op));
        entries.push({ txid: ++txid, epoch, op, requestId: `req-${path}` });
      }
    }
    store.commit(entries, effects);
  }
}

/** Commits ops (each with a request id) planned against `ns`. */
function commitOps(store: MetadataStore, ns: Namespace, epoch: number, ops: JournalOp[]): void {
  let txid = store.lastTxid;
  const effects = ops.flatMap((op) => ns.apply(op));
  store.commit(
    ops.map((op) => ({ txid: ++txid, epoch, op, requestId: `req-${txid}` })),
    effects,
  );
}

function loaded(store: MetadataStore): Namespace {
  const ns = new Namespace(nsOptions);
  store.loadInto(ns);
  return ns;
}

test('a snapshot is one committed state while commits go on, and installs atomically', () => {
  const dir = mkdtempSync(join(tmpdir(), 'strata-snapshot-'));
  try {
    const active = new MetadataStore(join(dir, 'active.sqlite'));
    const ns = new Namespace(nsOptions);
    const files = 20_000;
    mkdirs(
      active,
      ns,
      4,
      Array.from({ length: files }, (_, i) => `/s/d${i % 100}/e${i}`),
    );
    // Cache pools and directives travel in the snapshot too.
    commitOps(active, ns, 4, [ns.cache.planAddPool('pinned', 1 << 30)]);
    const dir1 = ns.lookup(parsePath('/s/d1'));
    commitOps(active, ns, 4, [ns.cache.planAddDirective(dir1, '/s/d1', 'pinned', 2, 0, 1)]);
    assert.equal(ns.cache.allDirectives().length, 1);
    const atSnapshot = ns.checksum();
    const snapshotTxid = active.lastTxid;

    const startedAt = performance.now();
    const snapshot = active.openSnapshot();
    const chunks = snapshotChunks(snapshot, { epoch: 4, leaderId: 'ns1' });
    // Read part of it, commit more (as group commit would), then read the rest.
    const first = [chunks.next().value!, chunks.next().value!];
    mkdirs(active, ns, 4, ['/later/a', '/later/b']);
    const all = [...first, ...chunks];
    snapshot.close();
    const readMs = performance.now() - startedAt;
    assert.equal(snapshot.lastTxid, snapshotTxid);
    assert.notEqual(ns.checksum(), atSnapshot);

    // A standby with a namespace of its own (diverged), its voter promise in meta.
    const standby = new MetadataStore(join(dir, 'standby.sqlite'));
    standby.setMeta('voter', '{"promisedEpoch":4}');
    mkdirs(standby, new Namespace(nsOptions), 3, ['/ghost/x', '/ghost/y']);
    const installStartedAt = performance.now();
    const assembler = new SnapshotAssembler();
    standby.beginStagedSnapshot();
    for (const chunk of all) {
      const part = assembler.accept(received(chunk));
      if (part.kind === 'rows') standby.stageSnapshotRows(part);
      if (part.kind === 'trailer')
        standby.installStagedSnapshot(snapshot.clusterId, snapshot.lastTxid, part.counts);
    }
    const installMs = performance.now() - installStartedAt;
    console.log(
      `snapshot of ${files} directories (${all.length} chunks): read ${readMs.toFixed(0)} ms, staged and installed ${installMs.toFixed(0)} ms`,
    );
    assert.equal(standby.lastTxid, snapshotTxid);
    assert.equal(standby.clusterId, active.clusterId);
    assert.equal(standby.getMeta('voter'), '{"promisedEpoch":4}');
    assert.equal(loaded(standby).checksum(), atSnapshot);
    assert.deepEqual(loaded(standby).cache.allDirectives(), ns.cache.allDirectives());
    // The journal tail came along: epochs for divergence checks, request ids for the retry cache.
    assert.equal(standby.epochAt(snapshotTxid), 4);
    assert.equal(standby.requestsInJournal().length, snapshotTxid);
    // The standby goes on from the snapshot's txid with the entries after it.
    const tail = active.journalAfter(snapshotTxid, 100);
    const replay = loaded(standby);
    const effects = tail.flatMap((e) => replay.apply(e.op));
    standby.commit(tail, effects);
    assert.equal(loaded(standby).checksum(), ns.checksum());
    active.close();
    standby.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a snapshot cut off mid-way leaves the old store, and its staging is dropped on reopen', () => {
  const dir = mkdtempSync(join(tmpdir(), 'strata-snapshot-'));
  try {
    const active = new MetadataStore(join(dir, 'active.sqlite'));
    mkdirs(active, new Namespace(nsOptions), 1, ['/a/b', '/a/c']);
    const standbyPath = join(dir, 'standby.sqlite');
    let standby = new MetadataStore(standbyPath);
    mkdirs(standby, new Namespace(nsOptions), 1, ['/old']);
    const before = loaded(standby).checksum();
    const snapshot = active.openSnapshot();
    const assembler = new SnapshotAssembler();
    standby.beginStagedSnapshot();
    for (const chunk of snapshotChunks(snapshot, { epoch: 1, leaderId: 'ns1' })) {
      const part = assembler.accept(received(chunk));
      if (part.kind === 'rows') standby.stageSnapshotRows(part);
    }
    snapshot.close();
    // Counts that do not match are refused, and nothing changes.
    assert.throws(
      () =>
        standby.installStagedSnapshot('x', 99, {
          inodes: 1,
          blocks: 0,
          journal: 0,
          cache_entries: 0,
        }),
      /declared 1 inodes rows/,
    );
    assert.equal(loaded(standby).checksum(), before);
    standby.close(); // as if the process stopped here
    standby = new MetadataStore(standbyPath);
    assert.equal(loaded(standby).checksum(), before);
    assert.equal(standby.lastTxid, 1);
    assert.throws(
      () => standby.stageSnapshotRows({ inodes: [], blocks: [], journal: [], cache: [] }),
      /no snapshot is being received/,
    );
    standby.close();
    active.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
