/**
 * The active's reserved blocks (src/nameserver/detached-blocks.ts): ids from the
 * epoch's own range, bounded, taken back only by their client, expiring, and
 * holding the replicas reported before their file exists.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DetachedBlocks } from '../../src/nameserver/detached-blocks.js';
import {
  DETACHED_BLOCK_ID_BASE,
  DETACHED_BLOCKS_PER_EPOCH,
  MAX_DETACHED_EPOCH,
  isDetachedBlockId,
} from '../../src/core/ids.js';

const options = { maxReservations: 4, maxPerClient: 3, ttlMs: 1_000, maxHeldReplicas: 2 };

test("ids come from the epoch's range, one after another; none before a term or past the last epoch", () => {
  const blocks = new DetachedBlocks<string>(options);
  assert.equal(blocks.reserve('c1', 'f', 0), null, 'no term yet: a standby reserves nothing');
  blocks.startTerm(3);
  const base = DETACHED_BLOCK_ID_BASE + 3 * DETACHED_BLOCKS_PER_EPOCH;
  assert.deepEqual(
    [blocks.reserve('c1', 'f', 0), blocks.reserve('c2', 'f', 0), blocks.reserve('c1', 'f', 0)],
    [base, base + 1, base + 2],
  );
  assert.ok(isDetachedBlockId(base) && !isDetachedBlockId(DETACHED_BLOCK_ID_BASE - 1));
  // The next epoch's range starts past every id this one may hand out.
  const dropped = blocks.startTerm(4);
  assert.equal(dropped.length, 3, "the previous term's reservations are given back");
  assert.equal(blocks.reserve('c1', 'f', 0), base + DETACHED_BLOCKS_PER_EPOCH);
  // The last epoch's ids are still safe integers; past it, none.
  blocks.startTerm(MAX_DETACHED_EPOCH);
  const last = blocks.reserve('c1', 'f', 0)!;
  assert.ok(Number.isSafeInteger(last + DETACHED_BLOCKS_PER_EPOCH - 1));
  assert.equal(blocks.exhausted, false);
  blocks.startTerm(MAX_DETACHED_EPOCH + 1);
  assert.equal(blocks.reserve('c1', 'f', 0), null);
  assert.equal(blocks.exhausted, true, 'said, so that the nameserver can log it');
  blocks.startTerm(0);
  assert.equal(blocks.reserve('c1', 'f', 0), null);
});

test('at most maxReservations at once, and maxPerClient for one client; a take frees one, only for the client and file it was reserved for; a release, only for the client', () => {
  const blocks = new DetachedBlocks<string>(options);
  blocks.startTerm(1);
  const ids = [0, 1, 2].map(() => blocks.reserve('c1', 'f', 0)!);
  assert.equal(blocks.reserve('c1', 'f', 0), null, "c1's share");
  const other = blocks.reserve('c2', 'f', 0)!;
  assert.notEqual(other, null);
  assert.equal(blocks.reserve('c3', 'f', 0), null, 'full');
  assert.equal(blocks.take(ids[0]!, 'c2', 'f'), undefined, "another client's");
  assert.equal(blocks.take(ids[0]!, 'c1', 'g'), undefined, 'for another file');
  assert.equal(blocks.size, 4);
  assert.equal(blocks.take(ids[0]!, 'c1', 'f')?.blockId, ids[0]);
  assert.equal(blocks.take(ids[0]!, 'c1', 'f'), undefined, 'taken once');
  assert.notEqual(blocks.reserve('c1', 'f', 0), null, 'c1 has room again');
  // Given back unused: only by its own client (for any file), once, freeing a place.
  assert.equal(blocks.release(ids[1]!, 'c2'), undefined, "another client's");
  assert.equal(blocks.release(ids[1]!, 'c1')?.blockId, ids[1]);
  assert.equal(blocks.release(ids[1]!, 'c1'), undefined, 'released once');
  assert.equal(blocks.take(ids[1]!, 'c1', 'f'), undefined, 'released: not taken after');
  assert.notEqual(blocks.reserve('c1', 'f', 0), null, 'c1 has room again');
  // Expired and dropped reservations give their client's share back too.
  assert.equal(blocks.expire(1_000).length, 4);
  assert.deepEqual(
    [0, 1, 2].map(() => blocks.reserve('c1', 'f', 2_000) !== null),
    [true, true, true],
  );
  blocks.startTerm(2);
  assert.notEqual(blocks.reserve('c1', 'f', 2_000), null);
});

test('replicas reported for a reserved block are held (one per server, bounded), forgotten when corrupt; others are not', () => {
  const blocks = new DetachedBlocks<string>(options);
  blocks.startTerm(1);
  const id = blocks.reserve('c1', 'f', 0)!;
  assert.equal(blocks.hold(id + 1, 'ds1', 'r'), false, 'not reserved');
  assert.equal(blocks.hold(id, 'ds1', 'first'), true);
  assert.equal(blocks.hold(id, 'ds1', 'again'), true);
  assert.equal(blocks.hold(id, 'ds2', 'b'), true);
  assert.equal(blocks.hold(id, 'ds3', 'c'), false, 'past the bound: not held, so unknown');
  assert.equal(blocks.unhold(id + 1, 'ds1'), false, 'not reserved');
  assert.equal(blocks.unhold(id, 'ds2'), true, 'found corrupt: forgotten');
  assert.equal(blocks.hold(id, 'ds3', 'c'), true, 'room again');
  assert.deepEqual(blocks.take(id, 'c1', 'f')?.held, [
    { server: 'ds1', replica: 'again' },
    { server: 'ds3', replica: 'c' },
  ]);
});

test('reservations expire after ttlMs, oldest first, with what they held', () => {
  const blocks = new DetachedBlocks<string>(options);
  blocks.startTerm(1);
  const early = blocks.reserve('c1', 'f', 0)!;
  const late = blocks.reserve('c1', 'f', 500)!;
  blocks.hold(early, 'ds1', 'r');
  assert.deepEqual(blocks.expire(999), []);
  const expired = blocks.expire(1_000);
  assert.deepEqual(
    expired.map((r) => [r.blockId, r.held.length]),
    [[early, 1]],
  );
  assert.equal(blocks.hold(early, 'ds2', 'r'), false, 'gone: reported now, it is unknown');
  assert.deepEqual(
    blocks.expire(1_500).map((r) => r.blockId),
    [late],
  );
  assert.equal(blocks.size, 0);
});
