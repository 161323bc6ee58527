/**
 * Checkpoint images (src/journal/checkpoint-image.ts): a restart from an image and
 * the journal after it gives the namespace the tables give, and an image that
 * cannot stand for the kept journal (torn, corrupt, pruned past, another cluster,
 * another history) is passed over for the tables.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Namespace } from '../../src/namespace/namespace.js';
import { MetadataStore } from '../../src/journal/metadata-store.js';
import { readImageFile, writeImageFile } from '../../src/journal/checkpoint-image.js';
import type { JournalOp } from '../../src/namespace/types.js';
import { parsePath } from '../../src/core/paths.js';

const options = { defaultReplication: 3, defaultBlockSizeBytes: 1024 * 1024 };
const fresh = () => new Namespace(options);

/** A store and the live namespace beside it, changed as the nameserver does. */
function cluster(dir: string) {
  const ns = fresh();
  const store = new MetadataStore(join(dir, 'm.sqlite'));
  let txid = 0;
  const persist = (ops: JournalOp[], epoch = 1) => {
    for (const op of ops) store.commit([{ txid: ++txid, epoch, op }], ns.apply(op));
  };
  const write = (path: string, lengths: number[], client = 'c1', complete = true) => {
    persist(
      ns.planCreate({
        path: parsePath(path),
        clientName: client,
        replication: 0,
        blockSizeBytes: 0,
        overwrite: false,
        createParents: true,
        nowMs: txid,
      }),
    );
    const id = ns.resolve(parsePath(path))!.id;
    let previous: { blockId: number; length: number } | null = null;
    for (const length of lengths) {
      const op = ns.planAddBlock(id, client, previous);
      persist([op]);
      if (op.op === 'addBlock') previous = { blockId: op.blockId, length };
    }
    if (complete) persist([ns.planComplete(id, client, previous, txid)]);
  };
  return { ns, store, persist, write };
}

/** Every kind of state an image carries. */
function populate(c: ReturnType<typeof cluster>, from: number, count: number): void {
  for (let i = from; i < from + count; i++)
    c.write(`/d${i % 4}/f${i}`, i % 3 === 0 ? [1024 * 1024, i] : [i + 1]);
  c.write(`/open${from}`, [5], 'writer-9', false);
  c.persist([c.ns.planSetStoragePolicy(parsePath('/d1'), 'hot')]);
  c.persist([c.ns.planSetStoragePolicy(parsePath(`/d2/f${from + 2}`), 'cold')]);
  c.persist([c.ns.planSetReplication(parsePath('/d3'), 2)]);
  c.persist([c.ns.planDelete(parsePath(`/d0/f${from + 4}`), false, 1)]);
  c.persist([c.ns.planRename(parsePath(`/d1/f${from + 1}`), parsePath(`/d0/moved${from}`), 2)]);
}

async function withDir(body: (dir: string) => void | Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-image-'));
  try {
    await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('an image written and read back is the same namespace', async () => {
  await withDir(async (dir) => {
    const c = cluster(dir);
    populate(c, 0, 30);
    c.persist([c.ns.cache.planAddPool('p1', 1 << 30)]);
    c.persist([c.ns.cache.planAddDirective(c.ns.lookup(parsePath('/d2')), '/d2', 'p1', 2, 0, 9)]);
    const stamp = { clusterId: c.store.clusterId, txid: c.store.lastTxid, epoch: 1 };
    await writeImageFile(join(dir, 'image'), stamp, c.ns.image());
    const decoded = readImageFile(join(dir, 'image'))!;
    assert.deepEqual(decoded.stamp, stamp);
    assert.equal(readImageFile(join(dir, 'none')), undefined, 'no image: none');
    const loaded = fresh();
    loaded.loadImage(decoded.image);
    assert.equal(loaded.checksum(), c.ns.checksum());
    assert.deepEqual(loaded.counts(), c.ns.counts());
    assert.deepEqual([...loaded.filesUnderConstruction()], [...c.ns.filesUnderConstruction()]);
    // The next ids follow on as after a load from the tables.
    const fromTables = fresh();
    c.store.loadInto(fromTables);
    const next = (ns: Namespace) => ns.planMkdir(parsePath('/new'), false, 0);
    assert.deepEqual(next(loaded), next(fromTables));
    c.store.close();
  });
});

test('a restart reads the image and replays the journal after it', async () => {
  await withDir(async (dir) => {
    const c = cluster(dir);
    populate(c, 0, 20);
    const imageTxid = await c.store.writeImage(c.ns);
    populate(c, 100, 10); // after the image: only in the journal and the tables
    const { ns, report } = c.store.load(fresh);
    assert.equal(report.from, 'image');
    assert.equal(report.imageTxid, imageTxid);
    assert.equal(report.replayed, c.store.lastTxid - imageTxid);
    assert.ok(report.replayed > 0);
    assert.equal(ns.checksum(), c.ns.checksum());
    c.store.close();
  });
});

test('an image the journal no longer reaches, or that is torn, corrupt or foreign, is passed over for the tables', async () => {
  const cases: [string, (c: ReturnType<typeof cluster>, imagePath: string) => void, RegExp][] = [
    ['pruned', (c) => c.store.pruneJournal(c.store.lastTxid - 1), /no longer holds txid/],
    [
      'corrupt',
      (_c, path) => {
        const bytes = readFileSync(path);
        const at = bytes.length >> 1;
        bytes.writeUInt8(bytes[at]! ^ 0xff, at);
        writeFileSync(path, bytes);
      },
      /CRC32C/,
    ],
    [
      'torn',
      (_c, path) => writeFileSync(path, readFileSync(path).subarray(0, 100)),
      /cut short|not a checkpoint image/,
    ],
    ['foreign', (c) => c.store.setClusterId('another-cluster'), /another cluster/],
  ];
  for (const [name, spoil, reason] of cases) {
    await withDir(async (dir) => {
      const c = cluster(dir);
      populate(c, 0, 12);
      await c.store.writeImage(c.ns);
      populate(c, 52, 5);
      spoil(c, c.store.imagePath);
      const { ns, report } = c.store.load(fresh);
      assert.equal(report.from, 'tables', name);
      assert.match(report.unusable ?? '', reason, name);
      assert.equal(ns.checksum(), c.ns.checksum(), name);
      c.store.close();
    });
  }
});

test('an image of a history the journal has since left (another epoch at its txid) is passed over', async () => {
  await withDir(async (dir) => {
    const c = cluster(dir);
    populate(c, 0, 8);
    await c.store.writeImage(c.ns);
    // The image's last entry rewritten under a later epoch, as a new active's would be.
    const imageTxid = c.store.lastTxid;
    const other = new MetadataStore(join(dir, 'other.sqlite'));
    other.setClusterId(c.store.clusterId);
    const entries = c.store
      .journalAfter(0, imageTxid)
      .map((e) => (e.txid === imageTxid ? { ...e, epoch: 2 } : e));
    const replica = fresh();
    other.commit(
      entries,
      entries.flatMap((e) => replica.apply(e.op)),
    );
    c.store.close();
    rmSync(join(dir, 'm.sqlite'));
    const { report } = other.load(fresh);
    assert.equal(report.from, 'tables');
    assert.match(report.unusable ?? '', /epoch 1/);
    other.close();
  });
});
