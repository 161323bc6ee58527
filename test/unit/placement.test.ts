import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRandom } from '../../src/sim/seeded-random.js';
import { chooseTargets, type PlacementCandidate } from '../../src/nameserver/placement.js';

const MiB = 1024 * 1024;

function seeded(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}

function server(id: string, roomMiB: number, availableMiB = roomMiB): PlacementCandidate {
  return { id, roomBytes: roomMiB * MiB, availableBytes: availableMiB * MiB, activeTransfers: 0 };
}

test('placement: distinct servers, only those with a whole block of room in one dir', () => {
  const candidates = [
    server('a', 100),
    server('b', 100),
    // 200 MiB available in all, but no single dir holds a 64 MiB block.
    server('split', 40, 200),
    server('full', 0),
    server('c', 100),
  ];
  const random = seeded(7);
  for (let i = 0; i < 200; i++) {
    const chosen = chooseTargets(candidates, 3, 64 * MiB, random);
    assert.equal(new Set(chosen).size, chosen.length);
    assert.deepEqual([...chosen].sort(), ['a', 'b', 'c']);
  }
  // Fewer servers with room than replicas wanted: as many as there are.
  assert.deepEqual(chooseTargets([server('a', 100), server('full', 1)], 3, 64 * MiB, random), [
    'a',
  ]);
  assert.deepEqual(chooseTargets([server('full', 1)], 3, 64 * MiB, random), []);
});

test('placement: weighted towards available space, away from busy servers', () => {
  const random = seeded(11);
  const count = new Map<string, number>();
  const candidates = [server('big', 1000), server('small', 100)];
  for (let i = 0; i < 2000; i++) {
    const [first] = chooseTargets(candidates, 1, MiB, random);
    count.set(first!, (count.get(first!) ?? 0) + 1);
  }
  // 10:1 by space.
  assert.ok(count.get('big')! > 1600 && count.get('small')! > 80, JSON.stringify([...count]));
  const busy = [{ ...server('busy', 1000), activeTransfers: 9 }, server('idle', 1000)];
  let idle = 0;
  for (let i = 0; i < 2000; i++) if (chooseTargets(busy, 1, MiB, random)[0] === 'idle') idle++;
  assert.ok(idle > 1600, `idle chosen ${idle} of 2000`);
});
