import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Namespace } from '../../src/namespace/namespace.js';
import { MetadataStore } from '../../src/journal/metadata-store.js';
import type { Effect, JournalOp } from '../../src/namespace/types.js';
import { parsePath } from '../../src/core/paths.js';
import { DETACHED_BLOCK_ID_BASE, DETACHED_BLOCKS_PER_EPOCH } from '../../src/core/ids.js';
import { errorCode as code } from '../helpers/error-code.js';

const options = { defaultReplication: 3, defaultBlockSizeBytes: 1024 * 1024 };

/** Plans and applies like the nameserver does; returns the ops for replay checks. */
function run(ns: Namespace, ops: JournalOp[], log: JournalOp[] = []): Effect[] {
  const effects: Effect[] = [];
  for (const op of ops) {
    effects.push(...ns.apply(op));
    log.push(op);
  }
  return effects;
}

function writeFile(ns: Namespace, path: string, lengths: number[], log: JournalOp[] = []): number {
  run(
    ns,
    ns.planCreate({
      path: parsePath(path),
      clientName: 'c1',
      replication: 0,
      blockSizeBytes: 0,
      overwrite: false,
      createParents: true,
      nowMs: 1,
    }),
    log,
  );
  const file = ns.resolve(parsePath(path))!;
  let previous: { blockId: number; length: number } | null = null;
  for (const length of lengths) {
    const op = ns.planAddBlock(file.id, 'c1', previous);
    run(ns, [op], log);
    assert.equal(op.op, 'addBlock');
    if (op.op === 'addBlock') previous = { blockId: op.blockId, length };
  }
  run(ns, [ns.planComplete(file.id, 'c1', previous, 2)], log);
  return file.id;
}

test('mkdir, create, blocks and complete build the expected tree', () => {
  const ns = new Namespace(options);
  run(ns, ns.planMkdir(parsePath('/a/b/c'), true, 5));
  const id = writeFile(ns, '/a/b/c/f', [1024 * 1024, 10]);
  const file = ns.get(id)!;
  assert.equal(file.kind, 'file');
  if (file.kind !== 'file') return;
  assert.equal(file.length, 1024 * 1024 + 10);
  assert.equal(file.blocks.length, 2);
  assert.equal(file.replication, 3);
  assert.equal(file.leaseHolder, null);
  assert.equal(ns.pathOf(id), '/a/b/c/f');
  assert.deepEqual(ns.counts(), { files: 1, directories: 4, blocks: 2 });
});

test('bad requests are refused with the right codes and change nothing', () => {
  const ns = new Namespace(options);
  writeFile(ns, '/x/f', [5]);
  const before = JSON.stringify(ns.counts());
  assert.equal(
    code(() => ns.planMkdir(parsePath('/x'), false, 1)),
    'ALREADY_EXISTS',
  );
  assert.equal(
    code(() => ns.planMkdir(parsePath('/nope/d'), false, 1)),
    'NOT_FOUND',
  );
  assert.equal(
    code(() => ns.planMkdir(parsePath('/x/f/d'), true, 1)),
    'FAILED_PRECONDITION',
  );
  assert.equal(
    code(() =>
      ns.planCreate({
        path: parsePath('/x/f'),
        clientName: 'c',
        replication: 0,
        blockSizeBytes: 0,
        overwrite: false,
        createParents: false,
        nowMs: 1,
      }),
    ),
    'ALREADY_EXISTS',
  );
  assert.equal(
    code(() =>
      ns.planCreate({
        path: parsePath('/y/f'),
        clientName: 'c',
        replication: 0,
        blockSizeBytes: 0,
        overwrite: false,
        createParents: false,
        nowMs: 1,
      }),
    ),
    'NOT_FOUND',
  );
  assert.equal(
    code(() =>
      ns.planCreate({
        path: parsePath('/x/g'),
        clientName: 'c',
        replication: 99,
        blockSizeBytes: 0,
        overwrite: false,
        createParents: false,
        nowMs: 1,
      }),
    ),
    'INVALID_ARGUMENT',
  );
  assert.equal(
    code(() =>
      ns.planCreate({
        path: parsePath('/x/g'),
        clientName: 'c',
        replication: 1,
        blockSizeBytes: 1000,
        overwrite: false,
        createParents: false,
        nowMs: 1,
      }),
    ),
    'INVALID_ARGUMENT',
  );
  assert.equal(
    code(() => ns.planDelete(parsePath('/x'), false, 1)),
    'FAILED_PRECONDITION',
  );
  assert.equal(
    code(() => ns.planDelete([], true, 1)),
    'INVALID_ARGUMENT',
  );
  assert.equal(
    code(() => ns.planRename(parsePath('/x'), parsePath('/x/f/z'), 1)),
    'FAILED_PRECONDITION',
  );
  assert.equal(
    code(() => ns.planRename(parsePath('/x'), parsePath('/x/sub'), 1)),
    'INVALID_ARGUMENT',
  );
  assert.equal(
    code(() => ns.planRename(parsePath('/x/f'), parsePath('/x/f'), 1)),
    'ALREADY_EXISTS',
  );
  assert.equal(
    code(() => ns.planSetReplication(parsePath('/x'), 0)),
    'INVALID_ARGUMENT',
  );
  assert.equal(JSON.stringify(ns.counts()), before);
});

test('paths: relative, "..", NUL, long components and long paths are refused', () => {
  for (const bad of [
    '',
    'a/b',
    '/a/../b',
    '/a/./b',
    '/a\0b',
    '/' + 'x'.repeat(256),
    '/' + 'a/'.repeat(2100),
    '/a//b',
  ]) {
    assert.equal(
      code(() => parsePath(bad)),
      'INVALID_ARGUMENT',
      JSON.stringify(bad.slice(0, 20)),
    );
  }
  assert.deepEqual(parsePath('/'), []);
  assert.deepEqual(parsePath('/a/b/'), ['a', 'b']);
  assert.deepEqual(parsePath('/' + 'é'.repeat(127)), ['é'.repeat(127)]);
});

test('only the lease holder may add blocks or complete', () => {
  const ns = new Namespace(options);
  run(
    ns,
    ns.planCreate({
      path: parsePath('/f'),
      clientName: 'c1',
      replication: 0,
      blockSizeBytes: 0,
      overwrite: false,
      createParents: false,
      nowMs: 1,
    }),
  );
  const id = ns.resolve(['f'])!.id;
  assert.equal(
    code(() => ns.planAddBlock(id, 'c2', null)),
    'FAILED_PRECONDITION',
  );
  assert.equal(
    code(() => ns.planComplete(id, 'c2', null, 1)),
    'FAILED_PRECONDITION',
  );
  run(ns, [ns.planComplete(id, 'c1', null, 1)]);
  assert.equal(
    code(() => ns.planAddBlock(id, 'c1', null)),
    'FAILED_PRECONDITION',
  );
});

test('recursive delete and rename move whole subtrees', () => {
  const ns = new Namespace(options);
  writeFile(ns, '/d/e/f1', [3]);
  writeFile(ns, '/d/f2', [4, 4]);
  run(ns, [ns.planRename(parsePath('/d'), parsePath('/moved'), 3)]);
  assert.equal(ns.resolve(parsePath('/d')), undefined);
  assert.ok(ns.resolve(parsePath('/moved/e/f1')));
  const effects = run(ns, [ns.planDelete(parsePath('/moved'), true, 4)]);
  assert.equal(effects.filter((e) => e.kind === 'deleteBlock').length, 3);
  assert.deepEqual(ns.counts(), { files: 0, directories: 1, blocks: 0 });
});

test('setrep on a directory reaches every file below it and new files inherit it', () => {
  const ns = new Namespace(options);
  const a = writeFile(ns, '/d/a', [1]);
  const b = writeFile(ns, '/d/e/b', [1]);
  run(ns, [ns.planSetReplication(parsePath('/d'), 2)]);
  assert.equal(ns.get(a)!.replication, 2);
  assert.equal(ns.get(b)!.replication, 2);
  const c = writeFile(ns, '/d/e/c', [1]);
  assert.equal(ns.get(c)!.replication, 2);
});

test('replaying the journal, or reloading the store, gives the same namespace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'strata-ns-'));
  try {
    const live = new Namespace(options);
    const store = new MetadataStore(join(dir, 'm.sqlite'));
    const log: JournalOp[] = [];
    let txid = 0;
    /** As the nameserver does: apply, then persist the op with its effects. */
    const persist = (ops: JournalOp[]) => {
      for (const op of ops) store.commit([{ txid: ++txid, epoch: 1, op }], run(live, [op], log));
    };
    for (let i = 0; i < 40; i++) {
      persist(
        live.planCreate({
          path: parsePath(`/dir${i % 5}/file${i}`),
          clientName: 'c1',
          replication: 0,
          blockSizeBytes: 0,
          overwrite: false,
          createParents: true,
          nowMs: i,
        }),
      );
      const id = live.resolve(parsePath(`/dir${i % 5}/file${i}`))!.id;
      const add1 = live.planAddBlock(id, 'c1', null);
      persist([add1]);
      const first = add1.op === 'addBlock' ? add1.blockId : 0;
      const add2 = live.planAddBlock(id, 'c1', { blockId: first, length: 1024 * 1024 });
      persist([add2]);
      const second = add2.op === 'addBlock' ? add2.blockId : 0;
      persist([live.planComplete(id, 'c1', { blockId: second, length: i + 1 }, i)]);
    }
    persist([live.planRename(parsePath('/dir1'), parsePath('/renamed'), 50)]);
    persist([live.planDelete(parsePath('/dir2'), true, 51)]);
    persist([live.planSetReplication(parsePath('/dir3'), 2)]);
    persist([live.planSetStoragePolicy(parsePath('/dir3'), 'hot')]);
    persist([live.planSetStoragePolicy(parsePath('/dir0/file0'), 'cold')]);
    persist([live.planSetStoragePolicy(parsePath('/'), 'warm')]);
    persist(
      live.planCreate({
        path: parsePath('/open'),
        clientName: 'c9',
        replication: 1,
        blockSizeBytes: 0,
        overwrite: false,
        createParents: false,
        nowMs: 52,
      }),
    );
    // Cache pools and directives are persisted and replayed too; a directive goes with its file.
    persist([live.cache.planAddPool('p1', 1 << 30)]);
    for (const path of ['/dir0/file0', '/dir3', '/dir4/file4'])
      persist([live.cache.planAddDirective(live.lookup(parsePath(path)), path, 'p1', 2, 99, 60)]);
    persist([live.planDelete(parsePath('/dir4/file4'), false, 61)]);
    assert.deepEqual(
      live.cache.allDirectives().map((d) => live.pathOf(d.inodeId)),
      ['/dir0/file0', '/dir3'],
    );
    assert.equal(live.counts().files, 32);
    store.close();

    const reloaded = new Namespace(options);
    const reopened = new MetadataStore(join(dir, 'm.sqlite'));
    reopened.loadInto(reloaded);
    assert.equal(reopened.lastTxid, txid);
    assert.equal(reopened.journalAfter(txid - 3, 10).length, 3);
    reopened.close();

    const replayed = new Namespace(options);
    for (const op of log) replayed.apply(op);

    assert.deepEqual(snapshot(reloaded), snapshot(live));
    assert.deepEqual(snapshot(replayed), snapshot(live));
    assert.deepEqual(reloaded.counts(), live.counts());
    assert.equal(reloaded.checksum(), live.checksum());
    assert.equal(replayed.checksum(), live.checksum());
    assert.equal(reloaded.root().storagePolicy, 'warm');
    assert.deepEqual(reloaded.cache.allDirectives(), live.cache.allDirectives());
    assert.deepEqual(reloaded.cache.allPools(), live.cache.allPools());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function snapshot(ns: Namespace): string[] {
  const out: string[] = [];
  for (const inode of ns.allInodes()) {
    const path = ns.pathOf(inode.id);
    if (inode.kind === 'dir')
      out.push(`d ${inode.id} ${path} ${inode.replication} ${inode.storagePolicy}`);
    else
      out.push(
        `f ${inode.id} ${path} ${inode.length} ${inode.blocks.join(',')} ${inode.replication} ${inode.leaseHolder} ${inode.storagePolicy}`,
      );
  }
  return out.sort();
}

test('storage policies: inherited from the nearest ancestor that has one, cleared by null, checked', () => {
  const ns = new Namespace(options);
  run(ns, ns.planMkdir(parsePath('/a/b/c'), true, 1));
  const file = writeFile(ns, '/a/b/c/f', [10]);
  const policyOf = (path: string) => ns.effectiveStoragePolicy(ns.lookup(parsePath(path))).policy;
  assert.equal(policyOf('/a/b/c/f'), null, 'no policy anywhere: any medium');
  const before = ns.checksum();
  run(ns, [ns.planSetStoragePolicy(parsePath('/a'), 'cold')]);
  assert.notEqual(ns.checksum(), before, 'a policy is part of the namespace image');
  assert.equal(policyOf('/a/b/c/f'), 'cold');
  run(ns, [ns.planSetStoragePolicy(parsePath('/a/b'), 'hot')]);
  assert.equal(policyOf('/a/b/c/f'), 'hot');
  assert.equal(policyOf('/a'), 'cold');
  run(ns, [ns.planSetStoragePolicy(parsePath('/a/b/c/f'), 'warm')]);
  assert.equal(policyOf('/a/b/c/f'), 'warm');
  assert.equal(ns.get(file)!.storagePolicy, 'warm');
  // Moved elsewhere, a file without its own policy takes its new parent's.
  run(ns, [ns.planSetStoragePolicy(parsePath('/a/b/c/f'), null)]);
  run(ns, ns.planMkdir(parsePath('/z'), false, 2));
  run(ns, [ns.planRename(parsePath('/a/b/c/f'), parsePath('/z/f'), 3)]);
  assert.equal(policyOf('/z/f'), null);
  run(ns, [ns.planRename(parsePath('/z/f'), parsePath('/a/f'), 4)]);
  assert.equal(policyOf('/a/f'), 'cold');
  assert.equal(
    code(() => ns.planSetStoragePolicy(parsePath('/a'), 'lukewarm')),
    'INVALID_ARGUMENT',
  );
  assert.equal(
    code(() => ns.planSetStoragePolicy(parsePath('/nope'), 'hot')),
    'NOT_FOUND',
  );
});

test('a store written before storage policies gains the column and reads as no policy', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'strata-ns-'));
  try {
    const { default: Database } = await import('libsql');
    const old = new Database(join(dir, 'm.sqlite'));
    old.exec(`CREATE TABLE inodes (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL, name TEXT NOT NULL,
      kind INTEGER NOT NULL, replication INTEGER NOT NULL, block_size INTEGER NOT NULL,
      mtime_ms INTEGER NOT NULL, length INTEGER NOT NULL, lease_holder TEXT)`);
    old.prepare('INSERT INTO inodes VALUES (2, 1, ?, 0, 0, 0, 5, 0, NULL)').run('old-dir');
    old.close();
    const store = new MetadataStore(join(dir, 'm.sqlite'));
    const ns = new Namespace(options);
    store.loadInto(ns);
    const inode = ns.lookup(parsePath('/old-dir'));
    assert.equal(inode.storagePolicy, null);
    store.commit(
      [{ txid: 1, epoch: 1, op: ns.planSetStoragePolicy(['old-dir'], 'hot') }],
      ns.apply(ns.planSetStoragePolicy(['old-dir'], 'hot')),
    );
    store.close();
    const again = new Namespace(options);
    const reopened = new MetadataStore(join(dir, 'm.sqlite'));
    reopened.loadInto(again);
    reopened.close();
    assert.equal(again.lookup(parsePath('/old-dir')).storagePolicy, 'hot');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a directory of 12,345 entries lists in pages, each name once and in order, and reloads whole', () => {
  const dir = mkdtempSync(join(tmpdir(), 'strata-ns-'));
  try {
    const live = new Namespace(options);
    const store = new MetadataStore(join(dir, 'm.sqlite'));
    const log: JournalOp[] = [];
    const names: string[] = [];
    for (let i = 0; i < 12_345; i++) {
      // Not created in name order: the listing has to sort.
      const name = `f${(i * 7919) % 12_345}`;
      names.push(name);
      writeFile(live, `/big/${name}`, i % 3 === 0 ? [] : [100], log);
    }
    names.sort();
    const big = live.lookup(parsePath('/big'));
    assert.equal(big.kind, 'dir');
    if (big.kind !== 'dir') return;
    const listed: string[] = [];
    for (let startAfter = ''; ;) {
      const page = live.list(big, startAfter, 1000);
      listed.push(...page.entries.map((e) => e.name));
      if (!page.hasMore) break;
      assert.equal(page.entries.length, 1000);
      startAfter = page.entries[page.entries.length - 1]!.name;
    }
    assert.deepEqual(listed, names);
    // A page may start after a name that is not (or no longer) there.
    const after = live.list(big, 'f5000x', 3);
    assert.deepEqual(
      after.entries.map((e) => e.name),
      names.filter((n) => n > 'f5000x').slice(0, 3),
    );
    assert.deepEqual(live.list(big, names[names.length - 1]!, 10), { entries: [], hasMore: false });

    // More rows than one load page: the reloaded namespace is the same.
    let txid = 0;
    store.commit(
      log.map((op) => ({ txid: ++txid, epoch: 1, op })),
      run(new Namespace(options), log),
    );
    const reloaded = new Namespace(options);
    store.loadInto(reloaded);
    store.close();
    assert.equal(reloaded.counts().files, 12_345);
    assert.equal(reloaded.checksum(), live.checksum());
    const reloadedBig = reloaded.lookup(parsePath('/big'));
    if (reloadedBig.kind !== 'dir') throw new Error('/big is not a directory');
    assert.deepEqual(
      reloaded.list(reloadedBig, names[99]!, 2).entries.map((e) => e.name),
      names.slice(100, 102),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('files created complete with reserved block ids: sequential ids go on, and a reload (tables or image) gives them back', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'strata-ns-'));
  try {
    const live = new Namespace(options);
    const store = new MetadataStore(join(dir, 'm.sqlite'));
    let txid = 0;
    const persist = (ops: JournalOp[]) => {
      for (const op of ops) store.commit([{ txid: ++txid, epoch: 1, op }], run(live, [op]));
    };
    const plan = (path: string, overwrite = false) => ({
      path: parsePath(path),
      clientName: 'c1',
      replication: 0,
      blockSizeBytes: 0,
      overwrite,
      nowMs: 7,
    });
    persist(live.planMkdir(parsePath('/small'), true, 1));
    const created = (path: string) => live.resolve(parsePath(path))!;
    /** A sequential block, as AddBlock hands out: the id it got. */
    const plainFile = (path: string): number => {
      persist(live.planCreate({ ...plan(path), createParents: false }));
      const add = live.planAddBlock(created(path).id, 'c1', null);
      persist([add]);
      assert.equal(add.op, 'addBlock');
      const blockId = add.op === 'addBlock' ? add.blockId : 0;
      persist([live.planComplete(created(path).id, 'c1', { blockId, length: 10 }, 8)]);
      return blockId;
    };
    const first = plainFile('/small/plain1');
    const reserved = [
      DETACHED_BLOCK_ID_BASE + 5 * DETACHED_BLOCKS_PER_EPOCH + 0,
      DETACHED_BLOCK_ID_BASE + 5 * DETACHED_BLOCKS_PER_EPOCH + 1,
    ];
    persist(
      live.planCreateComplete(plan('/small/r0'), {
        blockId: reserved[0]!,
        generation: 1,
        length: 4096,
      }),
    );
    persist(
      live.planCreateComplete(plan('/small/r1'), {
        blockId: reserved[1]!,
        generation: 1,
        length: 1,
      }),
    );
    // Reserved ids leave the sequence alone: the next plain block follows the last plain one.
    assert.equal(plainFile('/small/plain2'), first + 1);
    const r0 = created('/small/r0');
    assert.equal(r0.kind, 'file');
    if (r0.kind === 'file') {
      assert.deepEqual(r0.blocks, [reserved[0]]);
      assert.equal(r0.length, 4096);
      assert.equal(r0.leaseHolder, null, 'created complete: no lease left');
    }
    assert.equal(live.getBlock(reserved[1]!)?.committed, true);

    // Refused, changing nothing: a sequential id, a block in use, too long, empty, an
    // existing file, no parent.
    const unused = reserved[1]! + 1;
    const refusals: [string, number, number, string][] = [
      ['/small/x', 99, 1, 'INVALID_ARGUMENT'],
      ['/small/x', reserved[0]!, 1, 'FAILED_PRECONDITION'],
      ['/small/x', unused, 1024 * 1024 + 1, 'INVALID_ARGUMENT'],
      ['/small/x', unused, 0, 'INVALID_ARGUMENT'],
      ['/small/r0', unused, 1, 'ALREADY_EXISTS'],
      ['/nowhere/x', unused, 1, 'NOT_FOUND'],
    ];
    const before = live.checksum();
    for (const [path, blockId, length, expected] of refusals) {
      const call = () => live.planCreateComplete(plan(path), { blockId, generation: 1, length });
      assert.equal(code(call), expected, `${path} ${blockId} ${length}`);
    }
    assert.equal(live.checksum(), before);
    // Overwriting a file with one created complete deletes the old one in the same batch.
    const again = DETACHED_BLOCK_ID_BASE + 6 * DETACHED_BLOCKS_PER_EPOCH;
    persist(
      live.planCreateComplete(plan('/small/plain1', true), {
        blockId: again,
        generation: 1,
        length: 3,
      }),
    );
    assert.equal(live.getBlock(first), undefined);
    assert.equal(live.getBlock(again)?.length, 3);

    await store.writeImage(live);
    persist(
      live.planCreateComplete(plan('/small/after-image'), {
        blockId: again + 1,
        generation: 1,
        length: 2,
      }),
    );
    const next = plainFile('/small/plain3');
    store.close();

    for (const via of ['image', 'tables'] as const) {
      if (via === 'tables') rmSync(join(dir, 'namespace.image'), { force: true });
      const reopened = new MetadataStore(join(dir, 'm.sqlite'));
      const { ns: reloaded, report } = reopened.load(() => new Namespace(options));
      reopened.close();
      assert.equal(report.from, via);
      assert.deepEqual(snapshot(reloaded), snapshot(live));
      assert.equal(reloaded.checksum(), live.checksum());
      // And the sequence still goes on from the last plain block, not from a reserved id.
      const add = reloaded.planAddBlock(
        (() => {
          run(reloaded, reloaded.planCreate({ ...plan('/small/plain4'), createParents: false }));
          return reloaded.resolve(parsePath('/small/plain4'))!.id;
        })(),
        'c1',
        null,
      );
      assert.equal(add.op === 'addBlock' && add.blockId, next + 1);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
