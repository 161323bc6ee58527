/**
 * A file with data is written with two nameserver calls, not three: the create
 * brings its first block along (issue 6's first lever). Against a real nameserver
 * and dataserver: the calls counted at the client, the bytes read back, and a
 * retried create answered with the same block rather than a second one.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { TestCluster } from '../helpers/cluster.js';
import { seededBytes } from '../helpers/data.js';
import { sentTwice } from '../helpers/raw-batch.js';
import type { StrataClient } from '../../src/client/index.js';

let cluster: TestCluster;

before(async () => {
  cluster = await TestCluster.start({ dataservers: 1, replication: 1 });
});
after(async () => {
  await cluster.destroy();
});

/** gRPC calls a client made to the nameserver while `work` ran (one at a time: none batched). */
async function callsFor(client: StrataClient, work: () => Promise<unknown>): Promise<number> {
  const before = client.nameserver.batchingStats().roundTrips;
  await work();
  return client.nameserver.batchingStats().roundTrips - before;
}

test('a file with data takes two nameserver calls (create with its first block, complete); an empty one too', async () => {
  const client = cluster.client();
  await client.mkdir('/small');
  for (let i = 0; i < 5; i++) {
    // A stream (small files written whole take reserved blocks: small-file-commit.test.ts).
    const data = seededBytes(4096 + i, 70 + i);
    const calls = await callsFor(client, async () => {
      const writer = client.createWriteStream(`/small/f${i}`);
      await new Promise<void>((resolve, reject) => {
        writer.on('error', reject);
        writer.end(data, () => resolve());
      });
    });
    assert.equal(calls, 2);
    assert.deepEqual(await client.readFile(`/small/f${i}`), data);
    const status = await client.stat(`/small/f${i}`);
    assert.equal(status.blockCount, 1);
    assert.equal(status.length, 4096 + i);
  }
  // Two blocks: the second is an AddBlock as before.
  const twoBlocks = seededBytes(1024 * 1024 + 1, 80);
  assert.equal(await callsFor(client, () => client.writeFile('/small/two', twoBlocks)), 3);
  assert.deepEqual(await client.readFile('/small/two'), twoBlocks);
  // What writeFile answers is the file as completed, the last block's bytes included.
  const written = await client.writeFile('/small/two-again', twoBlocks);
  assert.equal(Number(written.length), twoBlocks.length);
  assert.equal(written.underConstruction, false);
  assert.equal(written.blockCount, 2);

  assert.equal(await callsFor(client, () => client.writeFile('/small/empty', Buffer.alloc(0))), 2);
  assert.equal((await client.stat('/small/empty')).blockCount, 0);
});

test('a stream that ends empty gives its first block back; a new parent directory means an AddBlock', async () => {
  const client = cluster.client();
  await client.mkdir('/streams');
  const calls = await callsFor(client, async () => {
    const writer = client.createWriteStream('/streams/empty');
    await new Promise<void>((resolve, reject) => {
      writer.on('error', reject);
      writer.end(() => resolve());
    });
  });
  assert.equal(calls, 3, 'create, abandon the unused block, complete');
  const empty = await client.stat('/streams/empty');
  assert.equal(empty.blockCount, 0);
  assert.equal(empty.underConstruction, false);
  assert.equal((await client.readFile('/streams/empty')).length, 0);

  // The parent is made by this very create: where the block goes is not known until
  // it is applied, so the writer asks for it as before.
  const data = seededBytes(5000, 90);
  const made = await callsFor(client, () =>
    client.writeFile('/streams/new/dir/f', data, { createParents: true }),
  );
  assert.equal(made, 3);
  assert.deepEqual(await client.readFile('/streams/new/dir/f'), data);
});

test('a retried create with its first block is answered with the same block, not a second one', async () => {
  await cluster.client().mkdir('/retried');
  const [first, again] = await sentTwice<{
    status: { id: number; blockCount: number };
    firstBlock: { blockId: number; generation: number; locations: unknown[] } | null;
  }>(
    cluster.nameserverAddress,
    'Create',
    { path: '/retried/f', clientName: 'raw-client', replication: 1, allocateFirstBlock: true },
    'first-block-1',
  );
  assert.ok(first!.firstBlock && first!.firstBlock.blockId > 0);
  assert.equal(again!.firstBlock?.blockId, first!.firstBlock.blockId);
  assert.equal(again!.firstBlock?.generation, first!.firstBlock.generation);
  assert.equal(first!.firstBlock.locations.length, 1);
  assert.equal(again!.status.id, first!.status.id);
  assert.equal(again!.status.blockCount, 1, 'one block, not two');
});
