/**
 * Self-healing with real processes, on one cluster of 5 dataservers (dead after
 * 4 s of silence, repair rounds every 3 s):
 * - F1: kill -9 of the dataserver holding the most replicas; every block returns
 *   to 3 good replicas with no operator, and the restarted server's now excess
 *   replicas are deleted;
 * - setrep down and up takes effect on disk;
 * - decommission under a concurrent read load: no read fails, every replica is
 *   copied elsewhere, the server reports safe to stop; recommission undoes it;
 * - F6: a flipped bit and a truncated block file in replicas nobody reads are found
 *   by the scrubber and repaired.
 * STRATA_F1_MIB sets how much data F1 repairs (default 16 MiB; bench/repair.ts runs 2 GiB).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { truncateSync } from 'node:fs';
import { TestCluster } from '../helpers/cluster.js';
import { seededBytes, sha256 } from '../helpers/data.js';
import { blockFiles, flipByte } from '../helpers/block-files.js';
import { waitFor } from '../helpers/wait-for.js';

const MiB = 1024 * 1024;
const BLOCK = 4 * MiB;
const FILE_BYTES = 2 * BLOCK + 12_345;
const TOTAL_MIB = Number(process.env.STRATA_F1_MIB ?? 16);
const FILES = Math.max(2, Math.ceil((TOTAL_MIB * MiB) / FILE_BYTES));

let cluster: TestCluster;
const digests = new Map<string, string>();

before(async () => {
  cluster = await TestCluster.start({
    dataservers: 5,
    blockSizeBytes: BLOCK,
    nameserverArgs: ['--stale-after', '2', '--dead-after', '4'],
    // The scrubber passes every 2 s in these tests (default: every 6 h).
    dataserverArgs: () => ['--scrub-interval', '2', '--scrub-rate', '20'],
  });
  const client = cluster.client();
  for (let i = 0; i < FILES; i++) {
    const data = seededBytes(FILE_BYTES, 500 + i);
    await client.writeFile(`/heal/f${i}`, data, { createParents: true });
    digests.set(`/heal/f${i}`, sha256(data));
  }
});
after(async () => {
  await cluster?.destroy();
});

type Fsck = Awaited<ReturnType<ReturnType<TestCluster['client']>['fsck']>>;

/** Length of every block under `path`, by block id. */
function lengthsOf(fsck: Fsck): Map<number, number> {
  const out = new Map<number, number>();
  for (const f of fsck.files)
    for (const b of f.blocks) out.set(Number(b.blockId), Number(b.length));
  return out;
}

/** Replica holders of every block under `path`, by block id (fsck's view). */
function holdersOf(fsck: Fsck): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const f of fsck.files) {
    for (const b of f.blocks)
      out.set(
        Number(b.blockId),
        b.liveReplicas.map((r) => r.id),
      );
  }
  return out;
}

/** How many dataservers hold each block on disk. */
function copiesOnDisk(): Map<number, number> {
  const count = new Map<number, number>();
  for (let i = 0; i < cluster.dataservers.length; i++) {
    for (const id of blockFiles(cluster.dataserverDir(i)).keys()) {
      count.set(id, (count.get(id) ?? 0) + 1);
    }
  }
  return count;
}

function indexOf(id: string): number {
  return cluster.dataservers.findIndex((d) => d?.ready.id === id);
}

async function readAllBack(client: ReturnType<TestCluster['client']>): Promise<void> {
  for (const [path, digest] of digests) {
    assert.equal(sha256(await client.readFile(path)), digest, path);
  }
}

test('F1: after kill -9 of a dataserver every block is back at 3 replicas with no operator; its return leaves no excess', async () => {
  const client = cluster.client();
  const initial = await client.fsck('/heal');
  const before = holdersOf(initial);
  const perServer = new Map<string, number>();
  for (const holders of before.values())
    for (const h of holders) perServer.set(h, (perServer.get(h) ?? 0) + 1);
  const [victim, lost] = [...perServer].sort((a, b) => b[1] - a[1])[0]!;
  const victimIndex = indexOf(victim);
  const lengths = lengthsOf(initial);
  const lostBytes = [...before]
    .filter(([, h]) => h.includes(victim))
    .reduce((sum, [id]) => sum + lengths.get(id)!, 0);

  const killedAt = Date.now();
  await cluster.killDataServer(victimIndex);
  const dead = await waitFor(
    'the dataserver to be marked dead',
    async () => {
      const r = await client.report();
      return r.dataservers.find((d) => d.server?.id === victim)?.state === 'dead'
        ? Date.now()
        : null;
    },
    30_000,
    100,
  );
  const healed = await waitFor(
    'every block back at 3 replicas',
    async () => {
      const fsck = await client.fsck('/heal');
      const all = [...holdersOf(fsck).values()];
      return fsck.healthy && all.every((h) => h.length === 3 && !h.includes(victim)) ? fsck : null;
    },
    300_000,
    200,
  );
  const doneAt = Date.now();
  const report = await client.report();
  const repairedMiB = Number(report.repair!.bytesRepaired) / MiB;
  console.log(
    `F1: ${lost} blocks (${(lostBytes / MiB).toFixed(1)} MiB) on the killed dataserver of ${before.size} blocks; ` +
      `marked dead ${dead - killedAt} ms after kill -9, all blocks at 3 replicas ${doneAt - killedAt} ms after it; ` +
      `${report.repair!.copiesDone} copies, ${repairedMiB.toFixed(1)} MiB at ${(repairedMiB / ((doneAt - dead) / 1000)).toFixed(1)} MiB/s from the dead mark`,
  );
  assert.ok(Number(report.repair!.copiesDone) >= lost, 'a copy for every lost replica');
  // The new replicas are real files on the servers fsck names.
  for (const [blockId, holders] of holdersOf(healed)) {
    for (const h of holders)
      assert.ok(blockFiles(cluster.dataserverDir(indexOf(h))).has(blockId), `${blockId} on ${h}`);
  }
  await readAllBack(client);

  // The server comes back with its old replicas: one per block too many, deleted.
  const restartedAt = Date.now();
  await cluster.startDataServer(victimIndex);
  await waitFor(
    'the excess replicas to be deleted',
    async () => {
      const fsck = await client.fsck('/heal');
      const onDisk = copiesOnDisk();
      return [...holdersOf(fsck)].every(([id, h]) => h.length === 3 && onDisk.get(id) === 3);
    },
    120_000,
  );
  console.log(
    `F1: the returned server's excess replicas deleted ${Date.now() - restartedAt} ms after its restart`,
  );
  await readAllBack(client);
});

test('setrep down and up: replicas are deleted and copied until the disks hold the new target', async () => {
  const client = cluster.client();
  const path = '/heal/f0';
  const ids = () => client.fsck(path).then((f) => [...holdersOf(f).keys()]);
  await client.setReplication(path, 2);
  await waitFor(
    'two replicas of every block',
    async () => (await ids()).every((id) => copiesOnDisk().get(id) === 2),
    60_000,
  );
  await client.setReplication(path, 4);
  await waitFor(
    'four replicas of every block',
    async () => {
      const fsck = await client.fsck(path);
      return (
        fsck.healthy &&
        [...holdersOf(fsck)].every(([id, h]) => h.length === 4 && copiesOnDisk().get(id) === 4)
      );
    },
    60_000,
  );
  await client.setReplication(path, 3);
  assert.equal(sha256(await client.readFile(path)), digests.get(path));
});

test('decommission under a read load: no read fails, every replica moves, then safe to stop; recommission undoes it', async () => {
  const client = cluster.client();
  const report = await client.report();
  const target = report.dataservers
    .filter((d) => d.state === 'live')
    .sort((a, b) => Number(b.blockCount) - Number(a.blockCount))[0]!;
  const id = target.server!.id;
  const held = [...blockFiles(cluster.dataserverDir(indexOf(id))).keys()];
  assert.ok(held.length > 0);

  let reading = true;
  let reads = 0;
  const failures: string[] = [];
  const readers = Array.from({ length: 3 }, async (_, r) => {
    // Half the readers prefer the draining server: it keeps serving while it drains.
    const reader = cluster.client(r === 0 ? { preferredDataServers: [id] } : {});
    for (let i = r; reading; i++) {
      const path = `/heal/f${i % FILES}`;
      try {
        assert.equal(sha256(await reader.readFile(path)), digests.get(path));
        reads++;
      } catch (err) {
        failures.push(`${path}: ${String(err)}`);
      }
    }
  });
  try {
    const answer = await client.nameserver.decommission(id);
    assert.equal(answer.dataserver?.decommissioning, true);
    const startedAt = Date.now();
    await waitFor(
      'the decommissioned server to be safe to stop',
      async () => (await client.report()).dataservers.find((d) => d.server?.id === id)?.safeToStop,
      300_000,
    );
    console.log(
      `decommission: ${held.length} replicas drained in ${Date.now() - startedAt} ms with ${reads} reads meanwhile`,
    );
  } finally {
    reading = false;
    await Promise.all(readers);
  }
  assert.deepEqual(failures, [], 'no read failed during the drain');
  // Every block it holds has 3 good replicas on other servers.
  const fsck = await client.fsck('/heal');
  for (const [blockId, holders] of holdersOf(fsck)) {
    if (!held.includes(blockId)) continue;
    assert.ok(holders.filter((h) => h !== id).length >= 3, `block ${blockId} elsewhere`);
  }
  // No new block goes to a draining server.
  const placed = await client.fsck('/heal');
  assert.ok(placed.healthy);
  await client.writeFile('/heal/after-drain', seededBytes(BLOCK, 9));
  const fresh = holdersOf(await client.fsck('/heal/after-drain'));
  for (const holders of fresh.values()) assert.ok(!holders.includes(id));

  // Recommission: it serves again, and the now excess replicas are deleted.
  await client.nameserver.decommission(id, true);
  await waitFor(
    'one replica set per block again',
    async () => {
      const r = await client.report();
      const d = r.dataservers.find((s) => s.server?.id === id);
      const onDisk = copiesOnDisk();
      const all = holdersOf(await client.fsck('/heal'));
      return (
        d?.decommissioning === false &&
        [...all].every(([b, h]) => h.length === 3 && onDisk.get(b) === 3)
      );
    },
    120_000,
  );
});

test('F6: a flipped bit and a truncated block file in replicas nobody reads are found by the scrubber and repaired', async () => {
  const client = cluster.client();
  const fsck = await client.fsck('/heal/f1');
  const [flipBlock, truncBlock] = fsck.files[0]!.blocks.map((b) => ({
    id: Number(b.blockId),
    holder: b.liveReplicas[0]!.id,
  }));
  const flipped = blockFiles(cluster.dataserverDir(indexOf(flipBlock!.holder))).get(flipBlock!.id)!;
  flipByte(flipped.path, 1_000_000);
  const truncated = blockFiles(cluster.dataserverDir(indexOf(truncBlock!.holder))).get(
    truncBlock!.id,
  )!;
  truncateSync(truncated.path, truncated.size - 4096);
  const startedAt = Date.now();
  const before = Number((await client.report()).repair!.copiesDone);
  await waitFor(
    'both damaged replicas found and replaced',
    async () => {
      const now = await client.fsck('/heal/f1');
      const r = await client.report();
      return (
        now.healthy &&
        now.files[0]!.blocks.every(
          (b) => b.liveReplicas.length === 3 && b.corruptOn.length === 0,
        ) &&
        Number(r.repair!.copiesDone) >= before + 2 &&
        r.corruptReplicas === 0
      );
    },
    120_000,
  );
  console.log(`F6: the scrubber's finds were replaced in ${Date.now() - startedAt} ms`);
  // The truncated file goes from disk (deleted, or replaced by a good copy); the
  // flipped replica is never served again.
  const truncDir = cluster.dataserverDir(indexOf(truncBlock!.holder));
  await waitFor(
    'the damaged files to be deleted or replaced',
    async () => {
      const t = blockFiles(truncDir).get(truncBlock!.id);
      return !t || t.size === truncated.size;
    },
    30_000,
  );
  const reader = cluster.client({ preferredDataServers: [flipBlock!.holder] });
  assert.equal(sha256(await reader.readFile('/heal/f1')), digests.get('/heal/f1'));
  assert.equal(reader.replicaFailures.length, 0, 'no corrupt replica is served');
  assert.equal(sha256(await client.readFile('/heal/f1')), digests.get('/heal/f1'));
});

test('the balancer brings a new empty dataserver within the threshold; reads meanwhile all succeed', async () => {
  const client = cluster.client();
  const fresh = cluster.dataservers.length;
  await cluster.startDataServer(fresh);
  await cluster.waitForLiveDataServers(fresh + 1);
  const spread = async () => {
    const r = await client.report();
    const live = r.dataservers.filter((d) => d.state === 'live' && !d.decommissioning);
    const pct = (d: (typeof live)[number]) => (100 * Number(d.usedBytes)) / Number(d.capacityBytes);
    const capacity = live.reduce((a, d) => a + Number(d.capacityBytes), 0);
    const mean = (100 * live.reduce((a, d) => a + Number(d.usedBytes), 0)) / capacity;
    return { r, mean, deviations: live.map((d) => Math.abs(pct(d) - mean)) };
  };
  // Used fractions here are tiny (a few MiB of a shared disk): a threshold of a
  // quarter of the mean puts the empty server well outside it. Moves are whole
  // blocks, so the threshold is at least one and a half of them.
  const { r: before, mean } = await spread();
  const blockPct = (100 * BLOCK) / Number(before.dataservers[0]!.capacityBytes);
  const threshold = Math.max(mean / 4, 1.5 * blockPct);

  let reading = true;
  let reads = 0;
  const failures: string[] = [];
  const reader = (async () => {
    const r = cluster.client();
    for (let i = 0; reading; i++) {
      const path = `/heal/f${i % FILES}`;
      try {
        assert.equal(sha256(await r.readFile(path)), digests.get(path));
        reads++;
      } catch (err) {
        failures.push(`${path}: ${String(err)}`);
      }
    }
  })();
  const startedAt = Date.now();
  try {
    await client.nameserver.balance(threshold);
    await waitFor(
      'balancing to finish',
      async () => !(await client.report()).balance!.running,
      300_000,
    );
  } finally {
    reading = false;
    await reader;
  }
  // No block below its target, and the excess from each move deleted.
  await waitFor(
    'three replicas of every block, on disk too',
    async () => {
      const fsck = await client.fsck('/heal');
      const onDisk = copiesOnDisk();
      return (
        fsck.healthy &&
        [...holdersOf(fsck)].every(([id, h]) => h.length === 3 && onDisk.get(id) === 3)
      );
    },
    60_000,
  );
  await new Promise((r) => setTimeout(r, 2_500)); // usage reports ride on heartbeats
  const after = await spread();
  const newcomer = after.r.dataservers.find(
    (d) => d.server?.id === cluster.dataservers[fresh]!.ready.id,
  )!;
  console.log(
    `balance: ${after.r.balance!.moves} moves in ${Date.now() - startedAt} ms; the new dataserver holds ${newcomer.blockCount} replicas; ${reads} reads meanwhile`,
  );
  assert.deepEqual(failures, [], 'no read failed during balancing');
  assert.ok(Number(newcomer.blockCount) > 0, 'the new dataserver took replicas');
  // Within the threshold, give or take one block (moves are whole blocks).
  for (const d of after.deviations)
    assert.ok(d <= threshold + blockPct, `${d} within ${threshold}`);
});
