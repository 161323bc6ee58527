/**
 * Storage policies (issue 5): files under hot, warm and cold directories have their
 * replica files on the media the policy names, checked on the dataservers' disks
 * (each dataserver has an nvme and an hdd dir); a changed policy and
 * `strata admin migrate` move existing replicas, and the bytes still read back.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { TestCluster } from '../helpers/cluster.js';
import { seededBytes } from '../helpers/data.js';
import { blockFiles } from '../helpers/block-files.js';
import type { StrataClient } from '../../src/client/strata-client.js';

const BLOCK = 1024 * 1024;
const DATASERVERS = 3;
let cluster: TestCluster;
let client: StrataClient;
let strata: ReturnType<TestCluster['cli']>;

before(async () => {
  cluster = await TestCluster.start({ dataservers: DATASERVERS, blockSizeBytes: BLOCK });
  client = cluster.client();
  strata = cluster.cli();
});
after(async () => {
  await client?.close();
  await cluster?.destroy();
});

/** For each block of `path`: how many replica files sit in nvme dirs and in hdd dirs. */
async function mediaOnDisk(path: string): Promise<{ nvme: number; hdd: number }[]> {
  const { blocks } = await client.nameserver.getBlockLocations(path);
  const dirs = (medium: string) =>
    Array.from({ length: DATASERVERS }, (_, i) =>
      blockFiles(join(cluster.dataserverDir(i), medium)),
    );
  const nvme = dirs('nvme');
  const hdd = dirs('hdd');
  return blocks.map((b) => ({
    nvme: nvme.filter((m) => m.has(Number(b.blockId))).length,
    hdd: hdd.filter((m) => m.has(Number(b.blockId))).length,
  }));
}

test('files under hot, warm and cold directories have their replicas on the media the policy names', async () => {
  for (const p of ['hot', 'warm', 'cold'] as const)
    await client.mkdir(`/${p}/sub`, { parents: true });
  await strata('policy', 'set', '/hot', 'hot');
  await client.setStoragePolicy('/warm', 'warm');
  await client.setStoragePolicy('/cold', 'cold');
  assert.match((await strata('policy', 'get', '/hot')).stdout, /^\/hot: hot$/m);
  // (Each CLI call is a process start, seconds on a loaded CI machine: the rest goes
  // through the library, which the CLI wraps.)
  assert.equal((await client.stat('/hot/sub')).effectiveStoragePolicy, 'hot');
  assert.equal((await client.stat('/')).effectiveStoragePolicy, '');

  const data = seededBytes(2 * BLOCK + 5, 5);
  const expected = {
    hot: { nvme: 3, hdd: 0 },
    warm: { nvme: 1, hdd: 2 },
    cold: { nvme: 0, hdd: 3 },
  };
  for (const [p, media] of Object.entries(expected)) {
    const path = `/${p}/sub/file`;
    await client.writeFile(path, data);
    const status = await client.stat(path);
    assert.equal(status.storagePolicy, '', 'a file written under a policy has none of its own');
    assert.equal(status.effectiveStoragePolicy, p);
    const blocks = await mediaOnDisk(path);
    assert.equal(blocks.length, 3);
    for (const b of blocks) assert.deepEqual(b, media, `a block of ${path}`);
    assert.ok((await client.readFile(path)).equals(data));
  }
});

test('a changed policy and admin migrate move existing replicas onto the new media', async () => {
  const data = seededBytes(3 * BLOCK, 6);
  await client.writeFile('/cold/moving', data);
  await client.writeFile('/hot/one-cold-file', data);
  for (const b of await mediaOnDisk('/cold/moving')) assert.deepEqual(b, { nvme: 0, hdd: 3 });

  // A directory's new policy reaches the files below it; a file's own policy overrides it.
  await client.setStoragePolicy('/cold', 'hot');
  await client.setStoragePolicy('/hot/one-cold-file', 'cold');
  const before = (await strata('admin', 'migrate', '/cold')).stdout;
  assert.match(before, /replicas on the wrong medium/);
  assert.doesNotMatch(before, / 0 replicas on the wrong medium/);

  const { stdout } = await strata('admin', 'migrate', '/', '--wait', '--timeout', '120');
  assert.match(stdout, / 0 replicas on the wrong medium$/m);
  for (const path of ['/cold/moving', '/cold/sub/file'])
    for (const b of await mediaOnDisk(path)) assert.deepEqual(b, { nvme: 3, hdd: 0 }, path);
  for (const b of await mediaOnDisk('/hot/one-cold-file')) assert.deepEqual(b, { nvme: 0, hdd: 3 });
  assert.ok((await client.readFile('/cold/moving')).equals(data));
  assert.ok((await client.readFile('/hot/one-cold-file')).equals(data));

  // Back to inheriting: the file follows its directory (hot) again.
  await strata('policy', 'set', '/hot/one-cold-file', 'inherit');
  assert.match((await strata('policy', 'get', '/hot/one-cold-file')).stdout, /hot \(inherited\)/);
  await strata('admin', 'migrate', '/hot', '--wait', '--timeout', '120');
  for (const b of await mediaOnDisk('/hot/one-cold-file')) assert.deepEqual(b, { nvme: 3, hdd: 0 });
  assert.equal((await client.fsck('/')).healthy, true);
});

test('an unknown policy is refused with a clear error and changes nothing', async () => {
  await assert.rejects(
    strata('policy', 'set', '/hot', 'lukewarm'),
    (err: { stderr: string; code: number }) => {
      assert.match(err.stderr, /lukewarm/);
      assert.equal(err.code, 2);
      return true;
    },
  );
  await assert.rejects(
    client.nameserver.setStoragePolicy('/hot', 'lukewarm'),
    /unknown storage policy/,
  );
  assert.equal((await client.stat('/hot')).storagePolicy, 'hot');
  await assert.rejects(client.nameserver.migrate('/no/such/dir'), /no such file or directory/);
});
