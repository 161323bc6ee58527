/**
 * A client's supply of reserved blocks (src/client/reservation-pool.ts), against a
 * fake ReserveBlock: one call for a batch, shared by the writers that wait on it,
 * growing while a directory's files keep coming, refilled when low, kept apart by
 * directory, dropped when old or forgotten, and left alone a while once refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReservationPool } from '../../src/client/reservation-pool.js';
import type { ReserveBlockRequest } from '../../src/rpc/generated/strata/v1/ReserveBlockRequest.js';
import type { ReserveBlockResponse__Output } from '../../src/rpc/generated/strata/v1/ReserveBlockResponse.js';
import type { LocatedBlock__Output } from '../../src/rpc/generated/strata/v1/LocatedBlock.js';

/** A fake nameserver handing out ids 1, 2, 3, ... and recording each call. */
function fakeNameserver(
  options: { ttlMs?: number; refuse?: (r: ReserveBlockRequest) => boolean } = {},
) {
  let next = 1;
  const calls: ReserveBlockRequest[] = [];
  const answer = (request: ReserveBlockRequest): ReserveBlockResponse__Output => {
    const blocks = Array.from(
      { length: request.count ?? 1 },
      () => ({ blockId: next++ }) as LocatedBlock__Output,
    );
    return { blocks, blockSize: 1024, ttlMs: options.ttlMs ?? 60_000 };
  };
  const reserve = (request: ReserveBlockRequest) => {
    calls.push(request);
    if (options.refuse?.(request)) return Promise.reject(new Error('refused'));
    return Promise.resolve(answer(request));
  };
  return { reserve, calls, answer };
}

const ask = (path: string, replication = 0) => ({
  path,
  clientName: 'c',
  replication,
  blockSize: 0,
});
const idsOf = (taken: ({ located: { blockId: number } } | null)[]) =>
  taken.map((t) => t?.located.blockId ?? null);

test("a directory's batches start at 2 and double up to the most; writers waiting share a refill; a low supply is refilled ahead", async () => {
  const ns = fakeNameserver();
  const pool = new ReservationPool({ reserve: ns.reserve, batch: 8 });
  const taken = await Promise.all([1, 2, 3].map((i) => pool.take(ask(`/d/f${i}`))));
  assert.deepEqual(idsOf(taken), [1, 2, 3]);
  assert.equal(taken[0]!.blockSize, 1024);
  // 2 for the first two writers; the third waited on the refill of 4 the first
  // started, and started one of 8 ahead (3 left, fewer than half of 8).
  assert.deepEqual(
    ns.calls.map((c) => c.count),
    [2, 4, 8],
  );
  const more = [];
  for (let i = 0; i < 12; i++) more.push(await pool.take(ask(`/d/g${i}`)));
  assert.deepEqual(
    idsOf(more),
    Array.from({ length: 12 }, (_, i) => 4 + i),
  );
  assert.deepEqual(
    ns.calls.map((c) => c.count),
    [2, 4, 8, 8],
    '15 files: four calls, the last ones of the most (8)',
  );
});

test('supplies are kept by directory and replication; at most maxSupplies, the least used dropped', async () => {
  const ns = fakeNameserver();
  const pool = new ReservationPool({ reserve: ns.reserve, batch: 2, maxSupplies: 2 });
  await pool.take(ask('/a/f'));
  await pool.take(ask('/b/f'));
  await pool.take(ask('/b/f', 2));
  assert.deepEqual(
    ns.calls.map((c) => [c.path, c.replication]),
    [
      ['/a/f', 0],
      ['/b/f', 0],
      ['/b/f', 2],
    ],
  );
  await pool.take(ask('/a/g'));
  assert.equal(ns.calls.length, 4, "/a's supply was dropped (the least used): asked again");
});

test('a reservation is used within half its time, or dropped; forgetAll drops every one, and what a refill under way brings; drain hands over those held, drainSettled those a refill brings too', async () => {
  let now = 0;
  const ns = fakeNameserver({ ttlMs: 1_000 });
  const pool = new ReservationPool({ reserve: ns.reserve, batch: 4, now: () => now });
  // 1 and 2, then 3 to 6 ahead (half of the next batch left): all usable until 500.
  assert.equal((await pool.take(ask('/d/a')))?.located.blockId, 1);
  await new Promise((r) => setImmediate(r));
  now = 500;
  assert.equal((await pool.take(ask('/d/b')))?.located.blockId, 7, '2 to 6 too old');
  pool.forgetAll();
  assert.equal((await pool.take(ask('/d/c')))?.located.blockId, 11, '8 to 10 forgotten');
  // Drained (the client closing): the ones held, to give back, and none left to take.
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(pool.drain(), [12, 13, 14]);
  assert.deepEqual(pool.drain(), []);

  // A refill under way when forgetAll comes: what it brings is dropped too.
  let release: (r: ReserveBlockResponse__Output) => void = () => undefined;
  const asked: ReserveBlockRequest[] = [];
  const slow = new ReservationPool({
    reserve: (r) => {
      asked.push(r);
      return new Promise((resolve) => (release = resolve));
    },
    batch: 2,
  });
  const waiting = slow.take(ask('/s/a'));
  slow.forgetAll();
  release(ns.answer({ count: 2 })); // 15 and 16, asked for before forgetAll
  await new Promise((r) => setImmediate(r));
  assert.equal(asked.length, 2, 'the waiter asked again');
  release(ns.answer({ count: 2 }));
  assert.equal((await waiting)?.located.blockId, 17);

  // Drained once settled (the client closing): what the refill under way brings too.
  assert.equal((await slow.take(ask('/s/b')))?.located.blockId, 18);
  assert.equal(asked.length, 3, 'the supply ran out: a refill went ahead');
  const settled = slow.drainSettled();
  release(ns.answer({ count: 2 }));
  assert.deepEqual(await settled, [19, 20]);
});

test('a refused refill supplies nothing: null, and the directory asks again only after a second', async () => {
  let now = 0;
  const ns = fakeNameserver({ refuse: (r) => r.path === '/d/exists' });
  const pool = new ReservationPool({ reserve: ns.reserve, batch: 4, now: () => now });
  assert.equal(await pool.take(ask('/d/exists')), null);
  assert.equal(ns.calls.length, 1, 'one call');
  assert.equal(await pool.take(ask('/d/new')), null, 'within the second: the plain way');
  assert.equal(ns.calls.length, 1, 'no call');
  // Another directory asks (for 2, then 4 ahead: ids 1 to 6).
  assert.equal((await pool.take(ask('/e/new')))?.located.blockId, 1);
  now = 1_000;
  assert.equal((await pool.take(ask('/d/new')))?.located.blockId, 7, 'asked again');
  assert.deepEqual(
    ns.calls.map((c) => c.path),
    ['/d/exists', '/e/new', '/e/new', '/d/new'],
  );
});
