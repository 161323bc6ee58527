/**
 * I-1: every acknowledged write survives kill -9 of every process and a restart
 * of the whole cluster on the same directories. I-2: kill -9 of one dataserver
 * leaves every file readable from the other replicas.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { TestCluster } from '../helpers/cluster.js';
import { seededBytes, sha256 } from '../helpers/data.js';
import { waitFor } from '../helpers/wait-for.js';

const BLOCK = 256 * 1024;
let cluster: TestCluster | undefined;
after(async () => {
  await cluster?.destroy();
});

test('I-1: acknowledged files read back identical after kill -9 of every process and a restart', async () => {
  cluster = await TestCluster.start({ dataservers: 3, blockSizeBytes: BLOCK });
  const client = cluster.client();
  const expected = new Map<string, string>();
  // Concurrent writers, so that group commit batches many mutations together.
  await Promise.all(
    Array.from({ length: 40 }, async (_, i) => {
      const data = seededBytes((i * 37_123) % (3 * BLOCK), i + 1);
      const path = `/crash/d${i % 4}/f${i}`;
      await client.writeFile(path, data, { createParents: true });
      expected.set(path, sha256(data));
    }),
  );
  await client.mkdir('/crash/empty-dir');
  await client.rename('/crash/d0/f0', '/crash/renamed');
  expected.set('/crash/renamed', expected.get('/crash/d0/f0')!);
  expected.delete('/crash/d0/f0');
  await client.delete('/crash/d1/f1');
  expected.delete('/crash/d1/f1');

  await cluster.restartAll();

  const after = cluster.client();
  for (const [path, digest] of expected) {
    assert.equal(sha256(await after.readFile(path)), digest, path);
  }
  assert.equal(await after.exists('/crash/d1/f1'), false);
  assert.equal(await after.exists('/crash/d0/f0'), false);
  assert.equal((await after.stat('/crash/empty-dir')).type, 'FILE_TYPE_DIRECTORY');
  const report = await after.report();
  assert.equal(report.files, expected.size);
});

test('I-2: after kill -9 of one dataserver every file is still readable', async () => {
  assert.ok(cluster);
  const client = cluster.client();
  const files = new Map<string, string>();
  for (let i = 0; i < 10; i++) {
    const data = seededBytes(BLOCK * 2 + i * 1000, 500 + i);
    await client.writeFile(`/one-down/f${i}`, data, { createParents: true });
    files.set(`/one-down/f${i}`, sha256(data));
  }
  await cluster.killDataServer(1);
  const reader = cluster.client();
  for (const [path, digest] of files) {
    assert.equal(sha256(await reader.readFile(path)), digest, path);
  }
  // Writes go on too, on the two servers left (the nameserver has not yet noticed the
  // death, so the client's pipeline retry routes around it).
  const data = seededBytes(BLOCK + 5, 999);
  await reader.writeFile('/one-down/after', data);
  assert.equal(sha256(await reader.readFile('/one-down/after')), sha256(data));
});

test('I-1: small files written right after kill -9 of one of four dataservers get 3 replicas on the three left', async () => {
  await cluster?.destroy();
  cluster = await TestCluster.start({ dataservers: 4, replication: 3 });
  const client = cluster.client();
  await client.writeFile('/small-one-down/warm', Buffer.from('warm'), { createParents: true });
  // Each client ranks the servers its own way (src/client/pipeline-order.ts); one that
  // ranks the dead server last never shows the fault, so six write, four files each.
  const writers = Array.from({ length: 6 }, () => cluster!.client());
  await cluster.killDataServer(0);
  // The nameserver still counts the dead server live (15 s), so it is in most pipelines;
  // the client must blame it, in the order it sent each block, and write the block
  // again without it. Blaming another server left blocks on fewer than three.
  const paths = Array.from({ length: 24 }, (_, i) => `/small-one-down/f${i}`);
  for (let i = 0; i < paths.length; i += 8)
    await Promise.all(
      paths
        .slice(i, i + 8)
        .map((p, k) => writers[(i + k) % 6]!.writeFile(p, seededBytes(4096, i + k))),
    );
  // Well within the 15 s before the server counts as dead: no repair can make up for
  // a missing replica meanwhile, so what is counted is what the writes stored.
  let short: string[] = [];
  await waitFor(
    'every small file on 3 servers',
    async () => {
      const fsck = await client.fsck('/small-one-down');
      short = fsck.files
        .filter((f) => f.status!.path !== '/small-one-down/warm')
        .filter((f) => f.blocks.some((b) => b.liveReplicas.length < 3))
        .map((f) => f.status!.path);
      return short.length === 0;
    },
    5_000,
    200,
  ).catch(() => undefined);
  assert.deepEqual(short, [], 'files with a block on fewer than 3 servers');
  for (const [i, p] of paths.entries())
    assert.equal(sha256(await client.readFile(p)), sha256(seededBytes(4096, i)), p);
});
