/**
 * Cache pools and directives (issue 5): the namespace's rules for them, the plan of
 * what each dataserver pins, and the pinned part of a dataserver's chunk cache.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Namespace } from '../../src/namespace/namespace.js';
import type { JournalOp } from '../../src/namespace/types.js';
import { parsePath } from '../../src/core/paths.js';
import { errorCode as code } from '../helpers/error-code.js';
import { planCaching, pinOrders } from '../../src/nameserver/cache-planner.js';
import { ChunkCache } from '../../src/blockstore/chunk-cache.js';

const MiB = 1024 * 1024;

function apply(ns: Namespace, ops: JournalOp[]): void {
  for (const op of ops) ns.apply(op);
}

/** A complete file of blocks with the given lengths. */
function writeFile(ns: Namespace, path: string, lengths: number[]): void {
  apply(
    ns,
    ns.planCreate({
      path: parsePath(path),
      clientName: 'c',
      replication: 0,
      blockSizeBytes: 0,
      overwrite: false,
      createParents: true,
      nowMs: 1,
    }),
  );
  const id = ns.lookup(parsePath(path)).id;
  let previous: { blockId: number; length: number } | null = null;
  for (const length of lengths) {
    const op = ns.planAddBlock(id, 'c', previous);
    apply(ns, [op]);
    if (op.op === 'addBlock') previous = { blockId: op.blockId, length };
  }
  apply(ns, [ns.planComplete(id, 'c', previous, 2)]);
}

function addDirective(ns: Namespace, path: string, pool: string, replication = 1, expiresAtMs = 0) {
  const op = ns.cache.planAddDirective(
    ns.lookup(parsePath(path)),
    path,
    pool,
    replication,
    expiresAtMs,
    100,
  );
  apply(ns, [op]);
  return op.op === 'addCacheDirective' ? op.directive.id : 0;
}

test('a pool limit refuses a directive that does not fit; expired directives make room', () => {
  const ns = new Namespace({ defaultReplication: 3, defaultBlockSizeBytes: MiB });
  writeFile(ns, '/a', [MiB, MiB]);
  writeFile(ns, '/b', [MiB]);
  writeFile(ns, '/d/x', [MiB]);
  writeFile(ns, '/d/y', [MiB]);
  writeFile(ns, '/d/sub/z', [MiB]);
  apply(ns, [ns.cache.planAddPool('small', 3 * MiB)]);
  assert.equal(
    code(() => ns.cache.planAddPool('small', 1)),
    'ALREADY_EXISTS',
  );
  assert.equal(
    code(() => ns.cache.planAddPool('has space', 1)),
    'INVALID_ARGUMENT',
  );
  assert.equal(
    code(() => ns.cache.planAddPool('neg', -1)),
    'INVALID_ARGUMENT',
  );

  addDirective(ns, '/a', 'small', 1, 150); // 2 MiB, expires at 150
  assert.equal(
    code(() => ns.cache.planAddDirective(ns.lookup(parsePath('/b')), '/b', 'small', 2, 0, 100)),
    'RESOURCE_EXHAUSTED',
  );
  // Once /a's directive expired, its bytes no longer count against the pool.
  assert.doesNotThrow(() =>
    ns.cache.planAddDirective(ns.lookup(parsePath('/b')), '/b', 'small', 2, 0, 200),
  );
  assert.equal(
    code(() => ns.cache.planAddDirective(ns.lookup(parsePath('/a')), '/a', 'small', 1, 0, 100)),
    'ALREADY_EXISTS',
  );
  assert.equal(
    code(() => ns.cache.planAddDirective(ns.lookup(parsePath('/a')), '/a', 'nope', 1, 0, 100)),
    'NOT_FOUND',
  );
  assert.equal(
    code(() => ns.cache.planAddDirective(ns.lookup(parsePath('/a')), '/a', 'default', 0, 0, 100)),
    'INVALID_ARGUMENT',
  );
  // A directory: the files directly in it, not those further down (as HDFS).
  const d = addDirective(ns, '/d', 'default');
  const directive = ns.cache.allDirectives().find((x) => x.id === d)!;
  assert.deepEqual(
    ns.cache
      .filesOf(directive)
      .map((f) => f.name)
      .sort(),
    ['x', 'y'],
  );
  assert.equal(ns.cache.bytesNeeded(directive), 2 * MiB);
  // Renamed, the directive follows its inode; removing a pool removes its directives.
  apply(ns, [ns.planRename(parsePath('/d'), parsePath('/e'), 3)]);
  assert.equal(ns.pathOf(directive.inodeId), '/e');
  const before = ns.checksum();
  apply(ns, [ns.cache.planRemovePool('small')]);
  assert.notEqual(ns.checksum(), before);
  assert.deepEqual(
    ns.cache.allDirectives().map((x) => x.pool),
    ['default'],
  );
  assert.equal(
    code(() => ns.cache.planRemovePool('default')),
    'INVALID_ARGUMENT',
  );
  assert.equal(
    code(() => ns.cache.planRemoveDirective(12345)),
    'NOT_FOUND',
  );
});

test('the plan pins each block on its replication of holders, those already pinning first, within the pool limit', () => {
  const ns = new Namespace({ defaultReplication: 3, defaultBlockSizeBytes: MiB });
  writeFile(ns, '/f', [MiB, MiB, 10]);
  writeFile(ns, '/g', [MiB]);
  writeFile(ns, '/old', [MiB]);
  apply(ns, [ns.cache.planAddPool('p', 2 * MiB + 10)]);
  addDirective(ns, '/f', 'p', 1);
  addDirective(ns, '/g', 'default', 2);
  addDirective(ns, '/old', 'default', 1, 50); // expired at now=100
  const blocksOf = (path: string) => {
    const inode = ns.lookup(parsePath(path));
    return inode.kind === 'file' ? inode.blocks : [];
  };
  const [f1, f2, f3] = blocksOf('/f') as [number, number, number];
  const [g1] = blocksOf('/g') as [number];
  const pinned = new Map([['ds3', new Set([f2])]]);
  const plan = planCaching({
    pools: ns.cache.allPools(),
    directives: ns.cache.allDirectives(),
    filesOf: (d) => ns.cache.filesOf(d),
    block: (id) => ns.getBlock(id),
    holders: () => ['ds1', 'ds2', 'ds3'],
    pinned,
    nowMs: 100,
  });
  assert.deepEqual([...(plan.wanted.get('ds1') ?? [])].sort(), [f1, f3, g1].sort());
  assert.deepEqual([...(plan.wanted.get('ds2') ?? [])], [g1]);
  assert.deepEqual([...(plan.wanted.get('ds3') ?? [])], [f2]); // already pinned there
  const byPath = (p: string) =>
    plan.directives.get(ns.cache.allDirectives().find((d) => ns.pathOf(d.inodeId) === p)!.id)!;
  assert.equal(byPath('/f').bytesNeeded, 2 * MiB + 10);
  assert.equal(byPath('/f').bytesCached, MiB); // only f2 is reported pinned
  assert.equal(byPath('/old').expired, true);
  assert.equal(byPath('/old').bytesNeeded, 0);
  assert.equal(plan.pools.get('default')!.bytesNeeded, 2 * MiB);

  // A pool limit caps what is planned: with 1 MiB of room only one block of /f is pinned.
  const tight = planCaching({
    pools: [
      { name: 'p', limitBytes: MiB },
      { name: 'default', limitBytes: 0 },
    ],
    directives: ns.cache.allDirectives().filter((d) => d.pool === 'p'),
    filesOf: (d) => ns.cache.filesOf(d),
    block: (id) => ns.getBlock(id),
    holders: () => ['ds1'],
    pinned: new Map(),
    nowMs: 100,
  });
  assert.deepEqual([...(tight.wanted.get('ds1') ?? [])], [f1]);

  const orders = pinOrders(new Set([1, 2, 3]), new Set([3, 4]), 10);
  assert.deepEqual(orders, { pin: [1, 2], unpin: [4] });
  assert.deepEqual(pinOrders(new Set([1, 2, 3]), undefined, 2), { pin: [1, 2], unpin: [] });
});

test('pinned chunks are served, never evicted, bounded, and dropped with their replica', () => {
  const cache = new ChunkCache(1024, 4096);
  const chunk = (n: number) => ({ payload: Buffer.alloc(1000, n), crc: n });
  assert.equal(cache.pin(7, 1, [chunk(1), chunk(2)]), true);
  // The LRU churns; the pinned replica stays.
  for (let i = 0; i < 20; i++) cache.set(100 + i, 1, 0, Buffer.alloc(900), 0, 1);
  const run = cache.getRun(7, 1, 0, 2);
  assert.deepEqual(
    run?.map((c) => c.crc),
    [1, 2],
  );
  assert.equal(cache.getRun(7, 2, 0, 2), null, 'another generation is not served');
  assert.deepEqual(cache.pinnedBlocks(10), [7]);
  assert.ok(cache.wholeBlocks(10).includes(7));
  // Past the bound: refused, and nothing else changes.
  assert.equal(cache.pin(8, 1, [chunk(3), chunk(4), chunk(5)]), false);
  assert.equal(cache.isPinned(8), false);
  assert.equal(cache.stats().pinnedBlocks, 1);
  // The replica deleted or replaced: gone from memory with it.
  cache.dropReplica(7, 1, 2);
  assert.equal(cache.isPinned(7), false);
  assert.equal(cache.stats().pinnedBytes, 0);
  assert.equal(cache.getRun(7, 1, 0, 2), null);
});
