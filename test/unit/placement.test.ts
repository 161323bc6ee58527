import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRandom } from '../../src/sim/seeded-random.js';
import {
  chooseTargets,
  chooseTargetsOnMedia,
  mediaForPolicy,
  type PlacementCandidate,
} from '../../src/nameserver/placement.js';
import { planBlockMoves } from '../../src/nameserver/migration-planner.js';

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

/** A server with `nvme` and `hdd` MiB of room, each in one dir. */
function tiered(id: string, nvme: number, hdd: number): PlacementCandidate {
  return {
    id,
    roomBytes: Math.max(nvme, hdd) * MiB,
    availableBytes: (nvme + hdd) * MiB,
    media: {
      nvme: { availableBytes: nvme * MiB, roomBytes: nvme * MiB },
      hdd: { availableBytes: hdd * MiB, roomBytes: hdd * MiB },
    },
    activeTransfers: 0,
  };
}

test('placement by policy: hot all NVMe, warm one NVMe then HDD, cold all HDD', () => {
  assert.deepEqual(mediaForPolicy('hot', 3), ['nvme', 'nvme', 'nvme']);
  assert.deepEqual(mediaForPolicy('warm', 3), ['nvme', 'hdd', 'hdd']);
  assert.deepEqual(mediaForPolicy('cold', 2), ['hdd', 'hdd']);
  assert.deepEqual(mediaForPolicy(null, 2), [null, null]);
  const servers = ['a', 'b', 'c', 'd'].map((id) => tiered(id, 100, 100));
  const random = seeded(3);
  for (const policy of ['hot', 'warm', 'cold'] as const) {
    const chosen = chooseTargetsOnMedia(servers, mediaForPolicy(policy, 3), MiB, random);
    assert.equal(new Set(chosen.map((t) => t.id)).size, 3);
    assert.deepEqual(
      chosen.map((t) => t.medium),
      mediaForPolicy(policy, 3),
    );
  }
});

test('placement falls back to the other medium when the wanted one has no room anywhere', () => {
  const random = seeded(5);
  // NVMe full everywhere: a hot file still gets 3 replicas, on HDD.
  const noNvme = ['a', 'b', 'c'].map((id) => tiered(id, 0, 100));
  assert.deepEqual(
    chooseTargetsOnMedia(noNvme, mediaForPolicy('hot', 3), MiB, random).map((t) => t.medium),
    ['hdd', 'hdd', 'hdd'],
  );
  // One server with NVMe room: warm's NVMe replica goes there, the rest on HDD elsewhere.
  const one = [tiered('fast', 100, 0), tiered('b', 0, 100), tiered('c', 0, 100)];
  for (let i = 0; i < 20; i++) {
    const chosen = chooseTargetsOnMedia(one, mediaForPolicy('warm', 3), MiB, random);
    assert.deepEqual(chosen[0], { id: 'fast', medium: 'nvme' });
    assert.deepEqual(
      chosen.slice(1).map((t) => t.medium),
      ['hdd', 'hdd'],
    );
  }
  // No room on either medium: fewer targets, never a server twice.
  assert.deepEqual(chooseTargetsOnMedia([tiered('a', 0, 0)], ['nvme'], MiB, random), []);
});

test('migration: misplaced replicas move on their own server when it has room on the wanted medium', () => {
  const block = { blockId: 9, generation: 2, length: 10 * MiB };
  const on = (
    server: string,
    medium: 'nvme' | 'hdd',
    room = { nvme: 100 * MiB, hdd: 100 * MiB },
  ) => ({
    server,
    medium,
    live: true,
    roomBytes: room,
  });
  // cold → hot: every HDD replica moves to NVMe on its own server.
  const hot = planBlockMoves(block, mediaForPolicy('hot', 3), [
    on('a', 'hdd'),
    on('b', 'hdd'),
    on('c', 'nvme'),
  ]);
  assert.equal(hot.misplaced, 2);
  assert.deepEqual(
    hot.moves.map((m) => [m.server, m.medium]),
    [
      ['a', 'nvme'],
      ['b', 'nvme'],
    ],
  );
  // warm with three NVMe replicas: two go to HDD.
  const warm = planBlockMoves(block, mediaForPolicy('warm', 3), [
    on('a', 'nvme'),
    on('b', 'nvme'),
    on('c', 'nvme'),
  ]);
  assert.equal(warm.moves.length, 2);
  assert.ok(warm.moves.every((m) => m.medium === 'hdd'));
  // In place already, or no policy: nothing.
  assert.equal(
    planBlockMoves(block, mediaForPolicy('warm', 3), [
      on('a', 'hdd'),
      on('b', 'nvme'),
      on('c', 'hdd'),
    ]).misplaced,
    0,
  );
  assert.equal(planBlockMoves(block, mediaForPolicy(null, 3), [on('a', 'hdd')]).misplaced, 0);
  // No room on the wanted medium: stuck, not moved.
  const full = planBlockMoves(block, mediaForPolicy('hot', 1), [
    on('a', 'hdd', { nvme: MiB, hdd: 0 }),
  ]);
  assert.deepEqual([full.misplaced, full.moves.length, full.stuck], [1, 0, 1]);
});
