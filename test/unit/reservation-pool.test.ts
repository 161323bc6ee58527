/**
 * A client's supply of reserved blocks (src/client/reservation-pool.ts), against a
 * fake ReserveBlock: one call for a batch, shared by the writers that wait on it,
 * refilled when low, kept apart by directory, dropped when old or forgotten.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReservationPool } from '../../src/client/reservation-pool.js';
import type { ReserveBlockRequest } from '../../src/rpc/generated/strata/v1/ReserveBlockRequest.js';
import type { LocatedBlock__Output } from '../../src/rpc/generated/strata/v1/LocatedBlock.js';

/** A fake nameserver handing out ids 1, 2, 3, ... and recording each call. */
function fakeNameserver(
  options: { ttlMs?: number; refuse?: (r: ReserveBlockRequest) => boolean } = {},
) {
  let next = 1;
  const calls: ReserveBlockRequest[] = [];
  const reserve = (request: ReserveBlockRequest) => {
    calls.push(request);
    if (options.refuse?.(request)) return Promise.reject(new Error('refused'));
    const blocks = Array.from(
      { length: request.count ?? 1 },
      () => ({ blockId: next++ }) as LocatedBlock__Output,
    );
    return Promise.resolve({ blocks, blockSize: 1024, ttlMs: options.ttlMs ?? 60_000 });
  };
  return { reserve, calls };
}

const ask = (path: string, replication = 0) => ({
  path,
  clientName: 'c',
  replication,
  blockSize: 0,
});

test('one call reserves a batch; writers waiting meanwhile share it; a low supply is refilled ahead', async () => {
  const ns = fakeNameserver();
  const pool = new ReservationPool({ reserve: ns.reserve, batch: 4 });
  const taken = await Promise.all([1, 2, 3].map((i) => pool.take(ask(`/d/f${i}`))));
  assert.deepEqual(
    taken.map((t) => t?.located.blockId),
    [1, 2, 3],
  );
  assert.equal(ns.calls.length, 2, 'one for the batch, one to refill it (1 of 4 left)');
  assert.equal(ns.calls[0]!.count, 4);
  assert.equal(taken[0]!.blockSize, 1024);
  // The refill is in: no call for the next ones.
  assert.equal((await pool.take(ask('/d/g')))?.located.blockId, 4);
  assert.equal((await pool.take(ask('/d/h')))?.located.blockId, 5);
  assert.equal(ns.calls.length, 2);
});

test('supplies are kept by directory and replication; at most maxSupplies, the least used dropped', async () => {
  const ns = fakeNameserver();
  const pool = new ReservationPool({ reserve: ns.reserve, batch: 2, maxSupplies: 2 });
  await pool.take(ask('/a/f'));
  await pool.take(ask('/b/f'));
  await pool.take(ask('/b/f', 2));
  assert.equal(ns.calls.length, 3, "each directory and replication its own; /a's dropped");
  assert.deepEqual(
    ns.calls.map((c) => [c.path, c.replication]),
    [
      ['/a/f', 0],
      ['/b/f', 0],
      ['/b/f', 2],
    ],
  );
  await pool.take(ask('/a/g'));
  assert.equal(ns.calls.length, 4, 'dropped: asked again');
});

test('a reservation is used within half its time, or dropped; forgetAll drops every one', async () => {
  let now = 0;
  const ns = fakeNameserver({ ttlMs: 1_000 });
  const pool = new ReservationPool({ reserve: ns.reserve, batch: 8, now: () => now });
  assert.equal((await pool.take(ask('/d/a')))?.located.blockId, 1);
  now = 499;
  assert.equal((await pool.take(ask('/d/b')))?.located.blockId, 2);
  now = 500;
  assert.equal((await pool.take(ask('/d/c')))?.located.blockId, 9, 'the first batch is too old');
  pool.forgetAll();
  assert.equal((await pool.take(ask('/d/d')))?.located.blockId, 17);
});

test('a refused reservation supplies nothing: null, and the next writer asks again', async () => {
  const ns = fakeNameserver({ refuse: (r) => r.path === '/d/exists' });
  const pool = new ReservationPool({ reserve: ns.reserve, batch: 4 });
  assert.equal(await pool.take(ask('/d/exists')), null);
  assert.equal((await pool.take(ask('/d/new')))?.located.blockId, 1);
});
