/**
 * I-1/I-2 on the happy path: files of awkward sizes go in and come out with the
 * same sha256, with 3 replicas on 3 distinct dataservers, on disk and in fsck.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestCluster, CLI_MAIN } from '../helpers/cluster.js';
import { seededBytes, sha256 } from '../helpers/data.js';
import { blockFiles } from '../helpers/block-files.js';
import { waitFor } from '../helpers/wait-for.js';

const run = promisify(execFile);
const BLOCK = 1024 * 1024;
let cluster: TestCluster;
let strata: ReturnType<TestCluster['cli']>;

before(async () => {
  cluster = await TestCluster.start({ dataservers: 3, blockSizeBytes: BLOCK });
  strata = cluster.cli();
});
after(async () => {
  await cluster.destroy();
});

/** Block files on dataserver i's disks: block id → size. */
function blockFilesOn(i: number): Map<number, number> {
  return new Map([...blockFiles(cluster.dataserverDir(i))].map(([id, f]) => [id, f.size]));
}

const sizes = [0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 8 * 1024 * 1024 + 7];

test('put/get through the CLI keeps every byte, for sizes 0, 1, B-1, B, B+1 and 8 MiB + 7 (9 blocks)', async () => {
  // One CLI process per file and step, the files side by side (each process mostly
  // waits on Node's start-up; in series they took most of this test's time).
  const data = sizes.map((size, i) => seededBytes(size, 1000 + i));
  await Promise.all(
    sizes.map(async (size, i) => {
      const local = join(cluster.dir, `in-${size}`);
      writeFileSync(local, data[i]!);
      await strata('put', local, `/files/f-${size}`, '--parents');
    }),
  );
  await Promise.all(
    sizes.map(async (size, i) => {
      const out = join(cluster.dir, `out-${size}`);
      await strata('get', `/files/f-${size}`, out);
      assert.equal(sha256(readFileSync(out)), sha256(data[i]!), `sha256 of the ${size}-byte file`);
    }),
  );
  // Lengths as the nameserver has them, in one `ls -l` (block counts: the fsck test).
  const { stdout } = await strata('ls', '-l', '/files');
  for (const size of sizes)
    assert.match(stdout, new RegExp(`^- +3 +${size} .* /files/f-${size}$`, 'm'));
});

test('every block has 3 replicas on 3 distinct dataservers, in fsck and on disk', async () => {
  const { stdout } = await strata('admin', 'fsck', '/files', '--json');
  const fsck = JSON.parse(stdout) as {
    healthy: boolean;
    totalBlocks: number;
    files: {
      status: { path: string };
      blocks: { blockId: number; length: number; liveReplicas: { id: string }[] }[];
    }[];
  };
  assert.equal(fsck.healthy, true);
  assert.equal(fsck.files.length, sizes.length);
  const expectedBlocks = sizes.reduce((a, s) => a + Math.ceil(s / BLOCK), 0);
  assert.equal(fsck.totalBlocks, expectedBlocks);
  const onDisk = [0, 1, 2].map(blockFilesOn);
  for (const file of fsck.files) {
    for (const block of file.blocks) {
      const holders = new Set(block.liveReplicas.map((r) => r.id));
      assert.equal(holders.size, 3, `block ${block.blockId} of ${file.status.path}`);
      const disks = onDisk.filter((m) => m.get(Number(block.blockId)) === Number(block.length));
      assert.equal(disks.length, 3, `block ${block.blockId} is on 3 disks with its full length`);
    }
  }
});

test('ls, mkdir, mv, rm, stat and setrep work from the CLI', async () => {
  await strata('mkdir', '-p', '/tour/a/b');
  await strata('put', join(cluster.dir, 'in-1'), '/tour/a/b/one');
  await strata('mv', '/tour/a/b/one', '/tour/a');
  const ls = await strata('ls', '-R', '/tour');
  assert.match(ls.stdout, /\/tour\/a\/one/);
  const long = await strata('ls', '-l', '/tour/a');
  assert.match(long.stdout, /^- +3 +1 .*\/tour\/a\/one$/m);
  await strata('setrep', '2', '/tour/a/one');
  const st = JSON.parse((await strata('stat', '--json', '/tour/a/one')).stdout) as {
    replication: number;
  };
  assert.equal(st.replication, 2);
  await assert.rejects(strata('rm', '/tour'), /directory not empty/);
  await strata('rm', '-r', '/tour');
  await assert.rejects(strata('stat', '/tour'), (err: { stderr: string; code: number }) => {
    assert.match(err.stderr, /^strata: no such file or directory: \/tour\n$/);
    assert.equal(err.code, 1);
    return true;
  });
  const report = await strata('admin', 'report');
  assert.match(report.stdout, /dataservers: 3 live of 3/);
  assert.match(report.stdout, /under-replicated blocks: 0/);
});

test('put and get show a progress bar when stdout is a terminal, and none otherwise', async () => {
  const local = join(cluster.dir, 'in-progress');
  writeFileSync(local, seededBytes(16 * 1024 * 1024, 31));
  const cli = [process.execPath, CLI_MAIN, '--cluster', join(cluster.dir, 'cluster.json')].join(
    ' ',
  );
  // `script` gives the command a pseudo-terminal, as a user's shell would.
  const { stdout } = await run('script', [
    '-qec',
    `${cli} put ${local} /progress.bin`,
    '/dev/null',
  ]);
  assert.match(stdout, /put \[.*\] 100% \| 16\.0 MiB of 16\.0 MiB/);
  const piped = await strata('get', '/progress.bin', join(cluster.dir, 'out-progress'));
  assert.equal(piped.stdout, '', 'no progress bar into a pipe');
});

test('deleting a file removes its replicas from the dataservers’ disks', async () => {
  const local = join(cluster.dir, 'in-delete');
  writeFileSync(local, seededBytes(3 * BLOCK, 32));
  await strata('put', local, '/doomed.bin');
  const fsck = JSON.parse((await strata('admin', 'fsck', '/doomed.bin', '--json')).stdout) as {
    files: { blocks: { blockId: number }[] }[];
  };
  const ids = fsck.files[0]!.blocks.map((b) => Number(b.blockId));
  assert.equal(ids.length, 3);
  const onDisk = () => [0, 1, 2].flatMap((i) => ids.filter((id) => blockFilesOn(i).has(id)));
  assert.equal(onDisk().length, 9);
  await strata('rm', '/doomed.bin');
  // Deletion commands ride on heartbeats (every second).
  const deadline = Date.now() + 10_000;
  while (onDisk().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(onDisk(), []);
});

test('a block read again comes from a dataserver memory cache pool; admin report shows hits and each medium', async () => {
  const client = cluster.client();
  const data = seededBytes(3 * BLOCK, 77);
  await client.writeFile('/cached/file', data, { createParents: true });
  const hits = async () =>
    (await client.report()).dataservers.reduce((a, d) => a + Number(d.cache?.hits ?? 0), 0);
  const before = await hits();
  // A server keeps a block from its second read of it on. Seven reads over three
  // replicas of each block: at least one server serves a block a third time, from
  // memory, whole.
  for (let i = 0; i < 7; i++) assert.ok((await client.readFile('/cached/file')).equals(data));
  const chunksPerRead = (3 * BLOCK) / (64 * 1024);
  await waitFor(
    'cache hits in the heartbeats',
    async () => (await hits()) - before >= chunksPerRead,
    10_000,
  );
  const { stdout } = await strata('admin', 'report');
  assert.match(stdout, /CACHE/);
  assert.match(stdout, /% hits/);
  assert.match(stdout, /MEDIUM/);
  assert.match(stdout, /\bnvme\b/);
  assert.match(stdout, /\bhdd\b/);

  // A file read twice through one server (kept from its second read): readers are
  // then sent to that server first.
  const warmId = cluster.dataservers[1]!.ready.id!;
  await client.writeFile('/cached/warm', data);
  const warmReader = cluster.client({ preferredDataServers: [warmId] });
  for (let i = 0; i < 2; i++) assert.ok((await warmReader.readFile('/cached/warm')).equals(data));
  await waitFor(
    'the nameserver to hand out the caching server first',
    async () => {
      for (let i = 0; i < 8; i++) {
        const { blocks } = await client.nameserver.getBlockLocations('/cached/warm');
        if (!blocks.every((b) => b.locations[0]?.id === warmId)) return false;
      }
      return true;
    },
    10_000,
  );
});

test('a small file is in one dataserver’s memory pool from its write: readers go there first and its first read is a hit', async () => {
  const client = cluster.client();
  const data = seededBytes(10_000, 78); // one chunk, a needle
  await client.writeFile('/cached/small', data, { createParents: true });
  const firstLocations = async () => {
    const firsts = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const { blocks } = await client.nameserver.getBlockLocations('/cached/small');
      firsts.add(blocks[0]!.locations[0]!.id);
    }
    return [...firsts];
  };
  // The pipeline's last hop keeps it; its heartbeat tells the nameserver, which then
  // hands that server out first (else the order is random among the three).
  await waitFor(
    'the nameserver to hand out one server first',
    async () => (await firstLocations()).length === 1,
    10_000,
  );
  const [caching] = await firstLocations();
  const hitsOf = async (id: string) =>
    Number(
      (await client.report()).dataservers.find((d) => d.server?.id === id)?.cache?.hits ??
        Number.NaN,
    );
  const before = await hitsOf(caching!);
  assert.ok((await client.readFile('/cached/small')).equals(data));
  await waitFor(
    'the first read to be a hit in the heartbeats',
    async () => (await hitsOf(caching!)) - before === 1,
    10_000,
  );
});
