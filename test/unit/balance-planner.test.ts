/** The balancer's planner: which replicas move where, and when it stops. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planBalance, type BalanceBlock } from '../../src/nameserver/balance-planner.js';

const GiB = 1024 ** 3;
const block = (blockId: number, holders: string[]): BalanceBlock => ({
  blockId,
  generation: 1,
  length: GiB,
  holders: new Set(holders),
});

test('replicas move from the fullest servers to the emptiest that lack them, until within the threshold', () => {
  // ds1..ds3 hold blocks 1..6 (3 replicas each); ds4 is new and empty.
  const blocks = [1, 2, 3, 4, 5, 6].map((id) => block(id, ['ds1', 'ds2', 'ds3']));
  const servers = ['ds1', 'ds2', 'ds3', 'ds4'].map((id) => ({
    id,
    usedBytes: id === 'ds4' ? 0 : 6 * GiB,
    capacityBytes: 100 * GiB,
    usable: true,
  }));
  const plan = planBalance(servers, () => blocks, [], {
    thresholdPercent: 1,
    maxTransfersPerServer: 10,
    maxOrders: 100,
  });
  assert.equal(plan.meanPercent, 4.5);
  assert.deepEqual(plan.outside.sort(), ['ds1', 'ds2', 'ds3', 'ds4']);
  assert.ok(plan.moves.length >= 4, `${plan.moves.length} moves`);
  for (const m of plan.moves) {
    assert.equal(m.target, 'ds4');
    assert.notEqual(m.source, 'ds4');
  }
  assert.equal(
    new Set(plan.moves.map((m) => m.blockId)).size,
    plan.moves.length,
    'a block moves once',
  );
  // Projected: ds4 gains what the others lose, and ends within the threshold.
  assert.ok(plan.moves.length * 1 <= 6 && 4.5 - plan.moves.length < 1 + 1e-9);
});

test('within the threshold nothing moves; limits and draining servers are respected', () => {
  const blocks = [block(1, ['ds1']), block(2, ['ds1'])];
  const even = ['ds1', 'ds2'].map((id) => ({
    id,
    usedBytes: GiB,
    capacityBytes: 100 * GiB,
    usable: true,
  }));
  assert.deepEqual(
    planBalance(even, () => blocks, [], {
      thresholdPercent: 5,
      maxTransfersPerServer: 1,
      maxOrders: 10,
    }).moves,
    [],
  );
  const skewed = [
    { id: 'ds1', usedBytes: 20 * GiB, capacityBytes: 100 * GiB, usable: true },
    { id: 'ds2', usedBytes: 0, capacityBytes: 100 * GiB, usable: false },
    { id: 'ds3', usedBytes: 0, capacityBytes: 100 * GiB, usable: true },
  ];
  const many = Array.from({ length: 20 }, (_, i) => block(i + 1, ['ds1']));
  const plan = planBalance(skewed, () => many, [], {
    thresholdPercent: 1,
    maxTransfersPerServer: 2,
    maxOrders: 10,
  });
  assert.equal(plan.moves.length, 2, 'at most 2 transfers per server');
  for (const m of plan.moves) assert.equal(m.target, 'ds3', 'never onto a draining server');
});
