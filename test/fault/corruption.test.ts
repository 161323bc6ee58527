/**
 * I-2: a flipped byte in one replica's block file never reaches the reader: the
 * client detects the CRC mismatch, reads the other replica, and reports the bad
 * one, which the nameserver then lists as corrupt and stops handing out (I-2);
 * the nameserver then replaces it from a good replica and deletes it (F7).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { TestCluster } from '../helpers/cluster.js';
import { seededBytes, sha256 } from '../helpers/data.js';
import { findBlockFile, flipByte } from '../helpers/block-files.js';
import { waitFor } from '../helpers/wait-for.js';

let cluster: TestCluster | undefined;
after(async () => {
  await cluster?.destroy();
});

test('I-2 F7: a flipped byte in a replica a client reads is caught, read around, reported and repaired', async () => {
  cluster = await TestCluster.start({ dataservers: 3, blockSizeBytes: 1024 * 1024 });
  const writer = cluster.client();
  const data = seededBytes(2_500_000, 77);
  await writer.writeFile('/corrupt/f', data, { createParents: true });

  const fsck = await writer.fsck('/corrupt/f');
  const block = fsck.files[0]!.blocks[1]!;
  const victim = block.liveReplicas[0]!.id;
  const victimIndex = cluster.dataservers.findIndex((d) => d?.ready.id === victim);
  const file = findBlockFile(cluster.dataserverDir(victimIndex), Number(block.blockId));
  assert.ok(file, 'the replica file exists on the victim');
  flipByte(file, 12_345);

  // Read with the victim first, so the corrupt replica is certainly tried.
  const reader = cluster.client({ preferredDataServers: [victim] });
  const got = await reader.readFile('/corrupt/f');
  assert.equal(sha256(got), sha256(data));
  const failure = reader.replicaFailures.find((f) => f.dataserverId === victim);
  assert.ok(failure?.corrupt, 'the client saw the checksum mismatch');
  assert.equal(Number(failure.blockId), Number(block.blockId));

  // The report reaches the nameserver: fsck names the corrupt replica, and reads skip it.
  // The repair may delete the corrupt replica before a poll sees the mark (a frozen
  // VM stretches the gap between two polls): then the ordered delete is what shows
  // the report arrived, since 3 replicas on 3 servers have no excess to delete.
  const learned = await waitFor(
    'the nameserver to learn of the corrupt replica',
    async () => {
      const on = (await writer.fsck('/corrupt/f')).files[0]!.blocks[1]!.corruptOn;
      if (on.length > 0) return { corruptOn: on };
      const deletes = Number((await writer.report()).repair?.deletesOrdered ?? 0);
      return deletes > 0 ? { corruptOn: null } : null;
    },
    30_000,
    100,
  );
  if (learned.corruptOn) assert.deepEqual(learned.corruptOn, [victim]);
  // F7: the nameserver replaces the corrupt replica from a good one and has it deleted.
  // With 3 dataservers and 3 replicas there is no spare server: the corrupt replica
  // goes first, then its server takes a fresh copy.
  const startedAt = Date.now();
  const repaired = await waitFor(
    'the corrupt replica to be replaced',
    async () => {
      const b = (await writer.fsck('/corrupt/f')).files[0]!.blocks[1]!;
      return b.corruptOn.length === 0 && b.liveReplicas.length === 3 ? b : null;
    },
    60_000,
  );
  console.log(
    `F7: the replica a client found corrupt was replaced in ${Date.now() - startedAt} ms`,
  );
  assert.ok(repaired.liveReplicas.some((r) => r.id === victim));
  assert.equal((await writer.report()).corruptReplicas, 0);
  const again = cluster.client({ preferredDataServers: [victim] });
  assert.equal(sha256(await again.readFile('/corrupt/f')), sha256(data));
  assert.equal(again.replicaFailures.length, 0, 'the replaced replica reads clean');
});
