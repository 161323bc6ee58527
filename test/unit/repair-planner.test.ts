/** The repair planner: priorities, sources and targets, limits, excess and corrupt replicas. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  planRepairs,
  type BlockView,
  type ServerView,
} from '../../src/nameserver/repair-planner.js';

const GiB = 1024 ** 3;

function servers(...specs: Partial<ServerView>[]): Map<string, ServerView> {
  return new Map(
    specs.map((s, i) => {
      const view: ServerView = {
        id: `ds${i + 1}`,
        live: true,
        dead: false,
        decommissioning: false,
        roomBytes: 10 * GiB,
        zone: '',
        ...s,
      };
      return [view.id, view];
    }),
  );
}

function block(blockId: number, holders: string[], extra: Partial<BlockView> = {}): BlockView {
  return {
    blockId,
    generation: 1,
    length: 100,
    targetReplicas: 3,
    holders: new Map(holders.map((h) => [h, 100])),
    corruptOn: new Set(),
    ...extra,
  };
}

const limits = { maxTransfersPerServer: 2, maxOrdersPerRound: 100 };

test('a dead server’s replicas are replaced, fewest good replicas first, on servers without the block', () => {
  const view = servers({}, {}, {}, { dead: true, live: false }, {});
  const plan = planRepairs(
    [block(1, ['ds1', 'ds2', 'ds4']), block(2, ['ds3', 'ds4']), block(3, ['ds1', 'ds2', 'ds3'])],
    view,
    [],
    limits,
  );
  assert.equal(plan.copies[0]!.blockId, 2, 'the block with one good replica goes first');
  const byBlock = new Map(plan.copies.map((c) => [c.blockId, c]));
  assert.deepEqual([...byBlock.keys()].sort(), [1, 2]);
  for (const c of plan.copies) {
    assert.notEqual(c.target, 'ds4');
    assert.ok(!['ds4'].includes(c.source));
  }
  assert.ok(!['ds1', 'ds2'].includes(byBlock.get(1)!.target));
  assert.ok(['ds1', 'ds2'].includes(byBlock.get(1)!.source));
  assert.equal(plan.deletes.length, 0);
});

test('no server takes part in more copies than the limit, counting those under way', () => {
  const view = servers({}, {}, {}, {});
  const blocks = Array.from({ length: 10 }, (_, i) => block(i + 1, ['ds1']));
  const plan = planRepairs(blocks, view, [{ blockId: 99, source: 'ds1', target: 'ds2' }], limits);
  const load = new Map<string, number>([
    ['ds1', 1],
    ['ds2', 1],
  ]);
  for (const c of plan.copies) {
    load.set(c.source, (load.get(c.source) ?? 0) + 1);
    load.set(c.target, (load.get(c.target) ?? 0) + 1);
  }
  for (const [id, n] of load) assert.ok(n <= 2, `${id} in ${n} copies`);
  assert.ok(plan.stuck > 0, 'the rest wait for a later round');
});

test('copies under way count towards the target: no second order for the same replica', () => {
  const view = servers({}, {}, {}, {});
  const plan = planRepairs(
    [block(1, ['ds1', 'ds2'])],
    view,
    [{ blockId: 1, source: 'ds1', target: 'ds3' }],
    limits,
  );
  assert.deepEqual(plan.copies, []);
  assert.deepEqual(plan.deletes, []);
});

test('excess replicas are deleted from the fullest server once nothing is copying', () => {
  const view = servers({}, {}, { roomBytes: GiB }, {});
  const plan = planRepairs([block(1, ['ds1', 'ds2', 'ds3', 'ds4'])], view, [], limits);
  assert.deepEqual(plan.deletes, [{ server: 'ds3', blockId: 1, reason: 'excess' }]);
  const lowered = planRepairs(
    [block(1, ['ds1', 'ds2', 'ds3'], { targetReplicas: 1 })],
    view,
    [],
    limits,
  );
  assert.equal(lowered.deletes.length, 2, 'setrep down');
});

test('a corrupt replica is replaced first and deleted only when the good ones reach the target', () => {
  const view = servers({}, {}, {}, {});
  const bad = block(1, ['ds1', 'ds2', 'ds3'], { corruptOn: new Set(['ds2']) });
  const first = planRepairs([bad], view, [], limits);
  assert.equal(first.copies.length, 1);
  assert.equal(first.copies[0]!.target, 'ds4');
  assert.notEqual(first.copies[0]!.source, 'ds2', 'never copy from the corrupt replica');
  assert.deepEqual(first.deletes, []);
  const repaired = block(1, ['ds1', 'ds2', 'ds3', 'ds4'], { corruptOn: new Set(['ds2']) });
  assert.deepEqual(planRepairs([repaired], view, [], limits).deletes, [
    { server: 'ds2', blockId: 1, reason: 'corrupt' },
  ]);
  // A replica shorter than the committed block (truncated) is corrupt too.
  const truncated = block(2, ['ds1', 'ds2', 'ds3']);
  (truncated.holders as Map<string, number>).set('ds3', 50);
  assert.equal(planRepairs([truncated], view, [], limits).copies.length, 1);
});

test('a draining server’s replicas are copied elsewhere and serve as sources', () => {
  const view = servers({ decommissioning: true }, {}, {}, {});
  const plan = planRepairs([block(1, ['ds1', 'ds2', 'ds3'])], view, [], limits);
  assert.equal(plan.copies.length, 1);
  assert.equal(plan.copies[0]!.target, 'ds4');
  assert.deepEqual(plan.deletes, [], 'a draining server’s replica is not deleted');
  const onlyDraining = planRepairs(
    [block(2, ['ds1'], { targetReplicas: 1 })],
    servers({ decommissioning: true }, {}),
    [],
    limits,
  );
  assert.deepEqual(
    onlyDraining.copies.map((c) => [c.source, c.target]),
    [['ds1', 'ds2']],
  );
});

test('targets spread across zones when zones are labelled', () => {
  const view = servers(
    { zone: 'a' },
    { zone: 'a' },
    { zone: 'a', roomBytes: 20 * GiB },
    { zone: 'b' },
  );
  const plan = planRepairs([block(1, ['ds1', 'ds2'])], view, [], limits);
  assert.equal(plan.copies[0]!.target, 'ds4', 'zone b, though ds3 has more free space');
});

test('with no server free to take a copy, a corrupt replica is deleted so its server can take one', () => {
  const view = servers({}, {}, {});
  const plan = planRepairs(
    [block(1, ['ds1', 'ds2', 'ds3'], { corruptOn: new Set(['ds2']) })],
    view,
    [],
    limits,
  );
  assert.deepEqual(plan.copies, []);
  assert.deepEqual(plan.deletes, [{ server: 'ds2', blockId: 1, reason: 'corrupt' }]);
  // Its only replica, even if corrupt, is kept.
  const alone = planRepairs(
    [block(2, ['ds1'], { corruptOn: new Set(['ds1']) })],
    servers({}),
    [],
    limits,
  );
  assert.deepEqual(alone.deletes, []);
});

test('blocks nothing holds (before the block reports) are counted stuck, and a block a copy can help still gets its copies', () => {
  const unreported = Array.from({ length: 50 }, (_, i) => block(1000 + i, []));
  const plan = planRepairs([...unreported, block(1, ['ds1'])], servers({}, {}, {}), [], {
    ...limits,
    maxOrdersPerRound: 2,
  });
  assert.equal(plan.stuck, 50);
  assert.equal(plan.underReplicated, 51);
  // Block 1 is short of two copies: both ordered, though 50 blocks sort before it.
  assert.deepEqual(
    plan.copies.map((c) => [c.blockId, c.source]),
    [
      [1, 'ds1'],
      [1, 'ds1'],
    ],
  );
});
