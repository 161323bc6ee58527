/**
 * F8: dataservers whose storage is a size-limited tmpfs fill up during a write.
 * - One server fills while it is in the pipeline of a block being written: the
 *   block is written again on the others and the file completes with every block
 *   at 3 replicas; the full server says so in its heartbeat and gets no new block.
 * - Every server fills during a write: the write fails with RESOURCE_EXHAUSTED,
 *   the blocks acknowledged before stay whole and readable, and nothing partial
 *   is left on any disk or visible to a reader.
 * - Space freed: the servers take writes again.
 *
 * Needs root to mount tmpfs (CI and these machines run as root); anywhere else
 * the file is skipped with that reason.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { TestCluster } from '../helpers/cluster.js';
import { seededBytes, sha256 } from '../helpers/data.js';
import { blockFiles } from '../helpers/block-files.js';
import { waitFor } from '../helpers/wait-for.js';
import { ErrorCode, StrataError } from '../../src/core/errors.js';

const MiB = 1024 * 1024;
const BLOCK = MiB;
const DATASERVERS = 4;
const TMPFS_MIB = 24;
const LEAVE_FREE_MIB = 2;

const mountable = canMountTmpfs();
const skip = mountable
  ? false
  : 'mounting a tmpfs needs root with CAP_SYS_ADMIN, which this process lacks';

let cluster: TestCluster | null = null;
const mounts: string[] = [];

before(async () => {
  if (skip) return;
  cluster = await TestCluster.start({
    dataservers: 0,
    blockSizeBytes: BLOCK,
    dataserverArgs: () => ['--leave-free', String(LEAVE_FREE_MIB)],
  });
  for (let i = 0; i < DATASERVERS; i++) {
    const dir = cluster.dataserverDir(i);
    mkdirSync(dir, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_MIB}m`, 'tmpfs', dir]);
    mounts.push(dir);
    await cluster.startDataServer(i);
  }
  await cluster.waitForLiveDataServers(DATASERVERS);
});

after(async () => {
  // The servers go first: a busy mount cannot be unmounted, and the dir cannot be removed mounted.
  try {
    await cluster?.killAll();
  } finally {
    for (const dir of mounts) execFileSync('umount', ['-l', dir]);
    await cluster?.destroy();
  }
});

test(
  'F8: a dataserver fills up in the middle of a block: the block is rebuilt on the others and the write completes',
  { skip },
  async () => {
    const c = cluster!;
    const client = c.client();
    const full = DATASERVERS - 1;
    const fullDir = c.dataserverDir(full);
    const fullId = c.dataservers[full]!.ready.id!;
    const data = seededBytes(12 * BLOCK + 777, 8);
    // The moment the server has a replica half written, its disk fills up.
    let cutBlock = 0;
    const watching = watch(async () => {
      const names = tmpFiles(fullDir);
      if (names.length === 0) return false;
      fillUp(fullDir);
      cutBlock = Number(/^blk_(\d+)_/.exec(names[0]!)![1]);
      return true;
    });
    try {
      await client.writeFile('/f8/ok', data, { createParents: true });
    } finally {
      await watching.stop();
    }
    assert.ok(cutBlock > 0, 'the server was in some pipeline');

    assert.equal(sha256(await client.readFile('/f8/ok')), sha256(data));
    const blocks = (await client.fsck('/f8/ok')).files[0]!.blocks;
    assert.equal(blocks.length, 13);
    for (const b of blocks) {
      assert.equal(b.liveReplicas.length, 3, `block ${b.blockId} has 3 replicas`);
      // The block it was writing went elsewhere, and every later one avoided it.
      if (Number(b.blockId) > cutBlock)
        assert.ok(
          !b.liveReplicas.some((r) => r.id === fullId),
          `block ${b.blockId}, begun after the fill under block ${cutBlock}, is not on the full server`,
        );
    }
    // Nothing half written is left on the full server, and what it holds is whole.
    await waitFor(
      'the aborted write to be cleaned up',
      async () => tmpFiles(fullDir).length === 0,
      10_000,
    );
    assertReplicasWhole(fullDir, blocks);
    // Its heartbeat says it is full.
    await waitFor(
      'the full server to report its storage full',
      async () => {
        const r = await client.report();
        const d = r.dataservers.find((s) => s.server?.id === fullId)!;
        return d.storages.length > 0 && d.storages.every((s) => s.full);
      },
      10_000,
    );
    console.log(
      `F8: one server filled up under block ${cutBlock}; the write completed on the others`,
    );
  },
);

test(
  'F8: every dataserver fills up during a write: it fails with RESOURCE_EXHAUSTED and no partial block is visible',
  { skip },
  async () => {
    const c = cluster!;
    const client = c.client();
    const data = seededBytes(16 * BLOCK, 9);
    // Two blocks acknowledged first, then every disk fills up under a later one.
    const watching = watch(async () => {
      const length = await client.stat('/f8/too-big').then(
        (s) => Number(s.length),
        () => 0,
      );
      if (length < 2 * BLOCK) return false;
      for (const dir of mounts) fillUp(dir);
      return true;
    });
    const error = await client
      .writeFile('/f8/too-big', data)
      .then(
        () => null,
        (err: unknown) => err,
      )
      .finally(() => watching.stop());
    assert.ok(error instanceof StrataError, `a StrataError, not ${String(error)}`);
    assert.equal(error.code, ErrorCode.RESOURCE_EXHAUSTED, error.message);
    console.log(`F8: the write failed with: ${error.message}`);

    // What a reader sees is whole blocks only, and every one of them reads back.
    const blocks = (await client.fsck('/f8/too-big')).files[0]!.blocks;
    const visible = await client.readFile('/f8/too-big');
    assert.equal(
      visible.length,
      blocks.reduce((a, b) => a + Number(b.length), 0),
    );
    assert.equal(visible.length % BLOCK, 0, 'only whole blocks are visible');
    assert.ok(visible.length >= 2 * BLOCK, 'the blocks acknowledged before the fill are kept');
    assert.ok(visible.equals(data.subarray(0, visible.length)));
    await waitFor(
      'no half-written replica left on any server',
      async () => mounts.every((dir) => tmpFiles(dir).length === 0),
      10_000,
    );
    for (const dir of mounts) assertReplicasWhole(dir, blocks);
    // A new file cannot even start a block while every server is full.
    await waitFor(
      'every server to report full',
      async () => (await client.report()).dataservers.every((d) => d.storages.every((s) => s.full)),
      10_000,
    );
    await assert.rejects(client.writeFile('/f8/none', seededBytes(1000, 3)), (err: StrataError) => {
      assert.equal(err.code, ErrorCode.RESOURCE_EXHAUSTED, err.message);
      return true;
    });
  },
);

test('F8: once space is freed the servers take writes again', { skip }, async () => {
  const c = cluster!;
  const client = c.client();
  for (const dir of mounts) rmSync(join(dir, 'filler'), { force: true });
  await waitFor(
    'the servers to report room again',
    async () => (await client.report()).dataservers.every((d) => d.storages.every((s) => !s.full)),
    10_000,
  );
  const data = seededBytes(3 * BLOCK + 5, 10);
  await client.writeFile('/f8/after', data);
  assert.equal(sha256(await client.readFile('/f8/after')), sha256(data));
});

/** Polls `act` every few ms, beside the test, until it returns true or is stopped. */
function watch(act: () => Promise<boolean>): { stop(): Promise<void> } {
  let stopped = false;
  const loop = (async () => {
    while (!stopped && !(await act())) await sleep(5);
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

/** Every replica file in `dsDir` of one of `blocks` has the block's full length. */
function assertReplicasWhole(
  dsDir: string,
  blocks: { blockId: number | string; length: number | string }[],
): void {
  for (const [blockId, f] of blockFiles(dsDir)) {
    const b = blocks.find((x) => Number(x.blockId) === blockId);
    if (b) assert.equal(f.size, Number(b.length), `the replica of block ${blockId} is whole`);
  }
}

/** Half-written replicas (the store's tmp/ dirs) under a dataserver's dir. */
function tmpFiles(dsDir: string): string[] {
  const out: string[] = [];
  for (const medium of ['nvme', 'hdd']) {
    try {
      out.push(...readdirSync(join(dsDir, medium, 'tmp')));
    } catch {
      // not created yet
    }
  }
  return out;
}

/** Fills the file system holding `dir` to the last byte. */
function fillUp(dir: string): void {
  const fd = openSync(join(dir, 'filler'), 'a');
  const chunk = Buffer.alloc(256 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
    // The tail smaller than a chunk, byte by byte in halves.
    for (let size = chunk.length / 2; size >= 1; size = Math.floor(size / 2)) {
      try {
        for (;;) writeSync(fd, chunk, 0, size);
      } catch {
        // this size no longer fits; try half of it
      }
    }
  } finally {
    closeSync(fd);
  }
}

/** Whether this process may mount a tmpfs: tried for real on a scratch dir (root alone is not enough in a container without CAP_SYS_ADMIN). */
function canMountTmpfs(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = mkdtempSync(join(tmpdir(), 'strata-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}
