/**
 * Small files created complete in one journal commit (ReserveBlock, the block,
 * CreateComplete; src/client/whole-file-write.ts), with real processes: the ids
 * they get, what a restart or a kill -9 of the active does to them (I-1, F2), and
 * what becomes of a reservation that is never completed.
 */
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { TestCluster } from '../helpers/cluster.js';
import { seededBytes } from '../helpers/data.js';
import { waitFor } from '../helpers/wait-for.js';
import { blockFiles } from '../helpers/block-files.js';
import { StrataError } from '../../src/core/errors.js';
import { crc32c } from '../../src/core/checksum.js';
import { encodeWholeBody } from '../../src/core/frames.js';
import {
  DETACHED_BLOCK_ID_BASE,
  DETACHED_BLOCKS_PER_EPOCH,
  isDetachedBlockId,
} from '../../src/core/ids.js';
import { putWholeBlock } from '../../src/client/block-put.js';
import type { StrataClient } from '../../src/client/index.js';
import { sentTwice } from '../helpers/raw-batch.js';

let cluster: TestCluster | undefined;
afterEach(async () => {
  await cluster?.destroy();
  cluster = undefined;
});

/** The range (epoch, or a single nameserver's start) a reserved id comes from. */
const rangeOf = (blockId: number) =>
  Math.floor((blockId - DETACHED_BLOCK_ID_BASE) / DETACHED_BLOCKS_PER_EPOCH);

async function blockIdOf(client: StrataClient, path: string): Promise<number> {
  const located = await client.nameserver.getBlockLocations(path);
  assert.equal(located.blocks.length, 1);
  return located.blocks[0]!.blockId;
}

/** Reserves a block for `path` as client `clientName` and writes `data` to its pipeline. */
async function reserveAndWrite(
  client: StrataClient,
  path: string,
  clientName: string,
  data: Buffer,
) {
  const reserved = await client.nameserver.reserveBlock({
    path,
    clientName,
    replication: 3,
    blockSize: 0,
    overwrite: false,
  });
  assert.equal(reserved.blocks.length, 1, 'one asked for (count 0)');
  const located = reserved.blocks[0]!;
  const storedOn = await putWholeBlock(
    { located, blockSizeBytes: reserved.blockSize, expectedLength: () => data.length },
    encodeWholeBody([{ payload: data, crc: crc32c(data) }]),
    undefined,
    () => undefined,
  );
  assert.equal(storedOn.length, 3);
  return {
    path,
    clientName,
    replication: 3,
    blockSize: 0,
    overwrite: false,
    blockId: located.blockId,
    generation: located.generation,
    length: data.length,
    storedOn,
  };
}

function codeOf(err: unknown): string {
  return err instanceof StrataError ? err.code : String(err);
}

test('small files are created complete in one commit each, with reserved block ids reserved a batch at a time; a restart (kill -9) reserves from a new range', async () => {
  cluster = await TestCluster.start({ dataservers: 3 });
  const answered: { method: string; requestId: string | undefined }[] = [];
  const client = cluster.client({ onNameServerAnswer: (a) => answered.push(a) });
  await client.mkdir('/s');
  const files = Array.from({ length: 8 }, (_, i) => seededBytes(4096 + i, 10 + i));
  const before = client.nameserver.batchingStats().roundTrips;
  for (const [i, data] of files.entries()) {
    const status = await client.writeFile(`/s/f${i}`, data);
    assert.equal(Number(status.length), data.length);
    assert.equal(status.underConstruction, false);
  }
  // One CreateComplete a file, and a ReserveBlock for a batch now and then (of 2,
  // then 4, 8 and 16, each asked for ahead: at most four for these eight files).
  const reserves = answered.filter((a) => a.method === 'ReserveBlock').length;
  assert.ok(reserves >= 2 && reserves <= 4, `${reserves} ReserveBlock calls`);
  assert.equal(client.nameserver.batchingStats().roundTrips - before, reserves + files.length);
  // CreateComplete goes with a request id (a retry after a lost answer is recognised).
  const completes = answered.filter((a) => a.method === 'CreateComplete');
  assert.equal(completes.length, files.length);
  assert.ok(completes.every((a) => a.requestId));
  const ids = await Promise.all(files.map((_, i) => blockIdOf(client, `/s/f${i}`)));
  assert.ok(ids.every(isDetachedBlockId), `reserved ids: ${ids.join(', ')}`);
  assert.equal(new Set(ids).size, ids.length);
  for (const [i, data] of files.entries())
    assert.deepEqual(await client.readFile(`/s/f${i}`), data);
  // Every replica is in the block map (reported before or after the file's commit).
  await waitFor(
    'three replicas of each in the block map',
    async () => {
      for (let i = 0; i < files.length; i++) {
        const located = await client.nameserver.getBlockLocations(`/s/f${i}`);
        if (located.blocks[0]!.locations.length !== 3) return false;
      }
      return true;
    },
    15_000,
  );

  await cluster.killNameServer();
  await cluster.startNameServer();
  await cluster.waitForLiveDataServers(3);
  // The client's reservations were the old start's: its first file after the
  // restart is refused them and takes the plain way; the next reserves anew.
  const first = seededBytes(5000, 98);
  await client.writeFile('/s/first-after-restart', first);
  assert.ok(!isDetachedBlockId(await blockIdOf(client, '/s/first-after-restart')));
  const after = seededBytes(5000, 99);
  await client.writeFile('/s/after-restart', after);
  const next = await blockIdOf(client, '/s/after-restart');
  assert.ok(isDetachedBlockId(next));
  assert.notEqual(rangeOf(next), rangeOf(ids[0]!), 'a new start reserves from a range of its own');
  assert.ok(!ids.includes(next));
  for (const [i, data] of files.entries())
    assert.deepEqual(await client.readFile(`/s/f${i}`), data);
  assert.deepEqual(await client.readFile('/s/first-after-restart'), first);
  assert.deepEqual(await client.readFile('/s/after-restart'), after);
});

test('a reservation never completed is given back: its replicas are deleted, its CreateComplete refused; bad CreateCompletes change nothing', async () => {
  cluster = await TestCluster.start({ dataservers: 3, nameserverArgs: ['--reservation-ttl', '2'] });
  const client = cluster.client();
  await client.mkdir('/o');
  await client.mkdir('/o2');
  const data = seededBytes(3000, 5);

  // Refused, and the reservation stands: I-6 bad input, then another client's
  // reservation, an id never reserved, a file in another directory, or of another
  // replication, than the ones it was reserved for (which placed it).
  const mine = await reserveAndWrite(client, '/o/kept', 'raw-client-1', data);
  const refused: [object, string][] = [
    [{ ...mine, generation: 2 }, 'INVALID_ARGUMENT'],
    [{ ...mine, storedOn: [] }, 'INVALID_ARGUMENT'],
    [{ ...mine, length: 0 }, 'INVALID_ARGUMENT'],
    [{ ...mine, blockId: 12345 }, 'INVALID_ARGUMENT'],
    [{ ...mine, clientName: 'raw-client-2' }, 'FAILED_PRECONDITION'],
    [{ ...mine, blockId: mine.blockId + 1000 }, 'FAILED_PRECONDITION'],
    [{ ...mine, path: '/o2/kept' }, 'FAILED_PRECONDITION'],
    [{ ...mine, replication: 2 }, 'FAILED_PRECONDITION'],
  ];
  for (const [bad, expected] of refused) {
    await assert.rejects(client.nameserver.createComplete(bad as typeof mine), (err) => {
      assert.equal(codeOf(err), expected, JSON.stringify(bad));
      return true;
    });
  }
  await assert.rejects(client.stat('/o/kept'), (err) => codeOf(err) === 'NOT_FOUND');
  await assert.rejects(client.stat('/o2/kept'), (err) => codeOf(err) === 'NOT_FOUND');
  // The replicas were reported before the file existed (a dataserver reports what it
  // stored within 100 ms): held with the reservation, not ordered deleted as unknown.
  await new Promise((r) => setTimeout(r, 1_000));
  // Sent twice with one request id (a retry after a lost answer): one file, both answered.
  const twice = await sentTwice<{ status: { id: number; length: number } }>(
    cluster.nameserverAddress,
    'CreateComplete',
    mine,
    'create-complete-1',
  );
  assert.deepEqual(
    twice.map((a) => [a.status.id, Number(a.status.length)]),
    [0, 1].map(() => [twice[0]!.status.id, data.length]),
  );
  assert.deepEqual(await client.readFile('/o/kept'), data);

  // Written to all three, never created: after the reservation's 2 s, deleted everywhere.
  const orphan = await reserveAndWrite(client, '/o/orphan', 'raw-client-1', data);
  const holders = () =>
    [0, 1, 2].filter((i) => blockFiles(cluster!.dataserverDir(i)).has(orphan.blockId)).length;
  assert.equal(holders(), 3, 'each dataserver stored it');
  await waitFor('the orphan deleted', () => Promise.resolve(holders() === 0), 20_000);
  await assert.rejects(client.nameserver.createComplete(orphan), (err) => {
    assert.equal(codeOf(err), 'FAILED_PRECONDITION');
    return true;
  });
  // The file itself can still be written (the short way again).
  await client.writeFile('/o/orphan', data);
  assert.deepEqual(await client.readFile('/o/orphan'), data);
  // The completed file's replicas were not taken for orphans.
  assert.equal(
    [0, 1, 2].filter((i) => blockFiles(cluster!.dataserverDir(i)).has(mine.blockId)).length,
    3,
  );
  // A storage policy set on the directory since the block was placed: refused (the
  // block sits where the old policy put it), and the file is written the plain way.
  const placed = await reserveAndWrite(client, '/o/placed', 'raw-client-1', data);
  await client.setStoragePolicy('/o', 'cold');
  await assert.rejects(client.nameserver.createComplete(placed), (err) => {
    assert.equal(codeOf(err), 'FAILED_PRECONDITION');
    assert.match(String(err), /reservation unknown/);
    return true;
  });
  await client.writeFile('/o/placed', data);
  assert.deepEqual(await client.readFile('/o/placed'), data);
});

test('I-1 F2: 4 KiB files created complete survive a kill -9 of the active; a reservation from before it is refused after it', async () => {
  cluster = await TestCluster.start({ ha: true, dataservers: 3 });
  const client = cluster.client({ failoverTimeoutMs: 30_000 });
  await client.mkdir('/h');
  await cluster.waitForStandbyInSync();
  const stale = await reserveAndWrite(client, '/h/stale', 'raw-client', seededBytes(2000, 1));

  const total = 300;
  const acked: number[] = [];
  const failed: { i: number; code: string }[] = [];
  let next = 0;
  let killed: Promise<void> | null = null;
  const active = await cluster.waitForActive();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < total) {
        const i = next++;
        try {
          await client.writeFile(`/h/f${i}`, seededBytes(4096, 1000 + i));
          acked.push(i);
          if (acked.length === 60) killed = cluster!.killHaNameServer(active);
        } catch (err) {
          failed.push({ i, code: codeOf(err) });
        }
      }
    }),
  );
  await killed;
  const failures = failed.map((f) => `/h/f${f.i}: ${f.code}`).join(', ');
  assert.ok(acked.length >= 60, `acknowledged ${acked.length}, failed: ${failures}`);
  // A write the failover interrupted may fail, but never for a file it made itself.
  assert.ok(!failed.some((f) => f.code === 'ALREADY_EXISTS'), failures);
  const newActive = await cluster.waitForActive();
  assert.notEqual(newActive, active);
  for (const i of acked) {
    assert.deepEqual(await client.readFile(`/h/f${i}`), seededBytes(4096, 1000 + i), `/h/f${i}`);
  }
  // One that failed is there whole or not at all.
  for (const { i } of failed) {
    const read = await client.readFile(`/h/f${i}`).catch((err: unknown) => codeOf(err));
    if (read !== 'NOT_FOUND') assert.deepEqual(read, seededBytes(4096, 1000 + i), `/h/f${i}`);
  }
  // Files written now get ids from the new epoch's range.
  await client.writeFile('/h/after', seededBytes(100, 7));
  const after = await blockIdOf(client, '/h/after');
  assert.ok(isDetachedBlockId(after) && rangeOf(after) > rangeOf(stale.blockId));
  // The old active's reservation is not the new one's: refused, nothing created.
  await assert.rejects(client.nameserver.createComplete(stale), (err) => {
    assert.equal(codeOf(err), 'FAILED_PRECONDITION');
    return true;
  });
  await assert.rejects(client.stat('/h/stale'), (err) => codeOf(err) === 'NOT_FOUND');
});

test('a reserved block that will not be completed is given back: its replicas are deleted at once, not when it expires; a closing client gives back those it did not use', async () => {
  // The reservations' default time (60 s): every deletion below comes from a release.
  cluster = await TestCluster.start({ dataservers: 3 });
  const answered: { method: string; request: object }[] = [];
  const client = cluster.client({ onNameServerAnswer: (a) => answered.push(a) });
  await client.mkdir('/g');
  const data = seededBytes(3000, 9);
  const replicas = () => [0, 1, 2].map((i) => blockFiles(cluster!.dataserverDir(i)));
  const holders = (blockId: number) => replicas().filter((ids) => ids.has(blockId)).length;

  // Given back only by the client that reserved it, once (a second time releases
  // nothing); an oversized release is refused and changes nothing.
  const mine = await reserveAndWrite(client, '/g/raw', 'raw-client-1', data);
  assert.equal(holders(mine.blockId), 3);
  const release = (clientName: string, blockIds: number[]) =>
    client.nameserver.releaseReservedBlocks(clientName, blockIds);
  assert.equal((await release('raw-client-2', [mine.blockId])).released, 0);
  await assert.rejects(
    release(
      'raw-client-1',
      Array.from({ length: 1025 }, () => mine.blockId),
    ),
    (err) => codeOf(err) === 'INVALID_ARGUMENT',
  );
  assert.equal((await release('raw-client-1', [mine.blockId, 12345])).released, 1);
  assert.equal((await release('raw-client-1', [mine.blockId])).released, 0);
  await waitFor(
    'the released replicas deleted',
    () => Promise.resolve(holders(mine.blockId) === 0),
    15_000,
  );
  await assert.rejects(client.nameserver.createComplete(mine), (err) => {
    assert.match(String(err), /reservation unknown/);
    return true;
  });

  // A file that exists already, written again without overwrite: its new block was
  // written (from the client's supply) before the nameserver refused the file, and is
  // given back, so only the files' own replicas stay.
  await client.writeFile('/g/a', data);
  await client.writeFile('/g/b', data);
  const own = new Set([await blockIdOf(client, '/g/a'), await blockIdOf(client, '/g/b')]);
  const sentBefore = answered.length;
  await assert.rejects(client.writeFile('/g/a', seededBytes(3000, 10)), (err) => {
    assert.equal(codeOf(err), 'ALREADY_EXISTS');
    return true;
  });
  const givenBack = () =>
    answered
      .slice(sentBefore)
      .filter((a) => a.method === 'ReleaseReservedBlocks')
      .flatMap((a) => (a.request as { blockIds: number[] }).blockIds);
  await waitFor(
    'the writer gave its block back',
    () => Promise.resolve(givenBack().length > 0),
    5_000,
  );
  assert.deepEqual(
    givenBack().filter((id) => own.has(id) || !isDetachedBlockId(id)),
    [],
    "a reserved block, not a file's",
  );
  await waitFor(
    "only the files' replicas left",
    () =>
      Promise.resolve(
        replicas().every((ids) => ids.size === own.size && [...own].every((id) => ids.has(id))),
      ),
    15_000,
  );
  assert.deepEqual(await client.readFile('/g/a'), data);

  // A client that wrote one file gives the rest of its supply back when it closes:
  // the other of its first batch of two, and the four of the refill that went ahead
  // (one still under way is waited for: the unit test). None left to release after.
  const closing: { method: string; request: object }[] = [];
  const shortLived = cluster.client({ onNameServerAnswer: (a) => closing.push(a) });
  await shortLived.writeFile('/g/c', data);
  await shortLived.close();
  const given = closing.find((a) => a.method === 'ReleaseReservedBlocks');
  assert.ok(given, 'closing gave back its unused reservation');
  const { clientName, blockIds } = given.request as { clientName: string; blockIds: number[] };
  assert.equal(blockIds.length, 5, `given back: ${blockIds.join(', ')}`);
  assert.ok(blockIds.every(isDetachedBlockId));
  assert.equal((await release(clientName, blockIds)).released, 0);
});
