/**
 * I-2: a flipped byte in one replica's block file never reaches the reader: the
 * client detects the CRC mismatch, reads the other replica, and reports the bad
 * one, which the nameserver then lists as corrupt and stops handing out.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { openSync, readSync, writeSync, closeSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TestCluster } from '../helpers/cluster.js';
import { seededBytes, sha256 } from '../helpers/data.js';

let cluster: TestCluster | undefined;
after(async () => {
  await cluster?.destroy();
});

function findBlockFile(dir: string, blockId: number): string | undefined {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      const found = findBlockFile(path, blockId);
      if (found) return found;
    } else if (new RegExp(`^blk_${blockId}_\\d+\\.data$`).test(name)) {
      return path;
    }
  }
  return undefined;
}

function flipByte(path: string, offset: number): void {
  const fd = openSync(path, 'r+');
  const b = Buffer.alloc(1);
  readSync(fd, b, 0, 1, offset);
  b[0] = b[0]! ^ 0x01;
  writeSync(fd, b, 0, 1, offset);
  closeSync(fd);
}

test('I-2: a flipped byte in one replica is caught, read around and reported', async () => {
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
  let corruptOn: string[] = [];
  for (let i = 0; i < 50 && corruptOn.length === 0; i++) {
    corruptOn = (await writer.fsck('/corrupt/f')).files[0]!.blocks[1]!.corruptOn;
    if (corruptOn.length === 0) await new Promise((r) => setTimeout(r, 100));
  }
  assert.deepEqual(corruptOn, [victim]);
  const report = await writer.report();
  assert.equal(report.corruptReplicas, 1);
  const again = cluster.client({ preferredDataServers: [victim] });
  assert.equal(sha256(await again.readFile('/corrupt/f')), sha256(data));
  assert.equal(again.replicaFailures.length, 0, 'the corrupt replica is no longer handed out');
});
