/**
 * Small replicas kept as needles in shared volumes: written with a group commit,
 * read back with the CRCs on disk, rebuilt at open, deleted in place, compacted,
 * moved between media, and a torn or damaged volume read up to its damage.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants } from 'node:fs';
import { appendFile, readdir, readFile, readlink, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { BlockStore, type StorageDirConfig } from '../../src/blockstore/block-store.js';
import { crc32c } from '../../src/core/checksum.js';
import { ErrorCode, StrataError } from '../../src/core/errors.js';
import { blockFiles, flipByte, needlesIn } from '../helpers/block-files.js';
import { seededBytes, sha256 } from '../helpers/data.js';
import { putReplica, tempStorageDirs } from '../helpers/replicas.js';

const CHUNK = 4096;
const SMALL = 16 * CHUNK;
const freshDirs = tempStorageDirs('strata-volumes-');

function openStore(dirs: StorageDirConfig[], maxVolumeBytes?: number): Promise<BlockStore> {
  return BlockStore.open(dirs, {
    chunkSizeBytes: CHUNK,
    smallReplicaBytes: SMALL,
    cacheBytes: 0,
    ...(maxVolumeBytes ? { maxVolumeBytes } : {}),
  });
}

const put = putReplica;

async function read(store: BlockStore, blockId: number, offset = 0, length = Infinity) {
  const parts: Buffer[] = [];
  for await (const { payload, crc } of store.readChunks(blockId, offset, length)) {
    assert.equal(crc32c(payload), crc, `chunk of block ${blockId} matches its CRC`);
    parts.push(payload);
  }
  return Buffer.concat(parts);
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

const isCode = (code: ErrorCode) => (err: unknown) =>
  err instanceof StrataError && err.code === code;

test('small replicas are needles in one volume, written by shared group commits, and read back whole', async () => {
  const dirs = await freshDirs('nvme');
  const store = await openStore(dirs);
  const data = new Map<number, Buffer>();
  for (let id = 1; id <= 32; id++) data.set(id, seededBytes((id * 1237) % SMALL, id));
  data.set(33, Buffer.alloc(0));
  data.set(34, seededBytes(SMALL, 34)); // exactly the limit
  // All at once: the appends that arrive while one batch is synced share the next.
  await Promise.all([...data].map(([id, bytes]) => put(store, id, 1, bytes)));
  const stats = store.volumeStats();
  assert.equal(stats.appended, data.size);
  assert.ok(
    stats.commits < stats.appended,
    `${stats.commits} commits for ${stats.appended} needles`,
  );
  const files = await filesUnder(dirs[0]!.path);
  assert.deepEqual(
    files.map((f) => f.slice(dirs[0]!.path.length)),
    ['/volumes/00000001.vol'],
    'no file of its own for any replica',
  );
  for (const [id, bytes] of data) {
    assert.equal(sha256(await read(store, id)), sha256(bytes), `block ${id}`);
    assert.deepEqual(await store.verify(id), { ok: true });
  }
  // A range inside one needle yields the aligned chunks covering it.
  const big = data.get(34)!;
  assert.equal(
    sha256(await read(store, 34, 3 * CHUNK, 2 * CHUNK)),
    sha256(big.subarray(3 * CHUNK, 5 * CHUNK)),
  );
  const state = (await store.storageStates())[0]!;
  assert.equal(state.blockCount, data.size);
  await store.close();
});

test('a replica past the limit still gets files of its own', async () => {
  const dirs = await freshDirs('nvme');
  const store = await openStore(dirs);
  const bytes = seededBytes(SMALL + 1, 5);
  await put(store, 5, 1, bytes);
  assert.equal(store.volumeStats().appended, 0);
  assert.equal(blockFiles(dirs[0]!.path).get(5)?.needle, false);
  assert.equal(sha256(await read(store, 5)), sha256(bytes));
  await store.close();
});

test('reopening rebuilds needles and files alike; deletes and replaced generations stay gone', async () => {
  const dirs = await freshDirs('nvme');
  const store = await openStore(dirs);
  const small = seededBytes(3 * CHUNK + 5, 1);
  const large = seededBytes(SMALL + 100, 2);
  await put(store, 1, 1, small);
  await put(store, 2, 1, large);
  await put(store, 3, 1, seededBytes(100, 3));
  await put(store, 4, 1, seededBytes(200, 4));
  const newer = seededBytes(300, 44);
  await put(store, 4, 2, newer); // replaces generation 1
  assert.equal(await store.delete(3), true);
  await store.close();

  const reopened = await openStore(dirs);
  assert.deepEqual(
    reopened
      .list()
      .map((r) => [r.blockId, r.generation, r.length])
      .sort((a, b) => a[0]! - b[0]!),
    [
      [1, 1, small.length],
      [2, 1, large.length],
      [4, 2, newer.length],
    ],
  );
  assert.equal(sha256(await read(reopened, 1)), sha256(small));
  assert.equal(sha256(await read(reopened, 2)), sha256(large));
  assert.equal(sha256(await read(reopened, 4)), sha256(newer));
  await assert.rejects(read(reopened, 3), isCode(ErrorCode.NOT_FOUND));
  // Only the 2 live needles are on disk as live: the delete and the replaced generation were marked.
  const volume = join(dirs[0]!.path, 'volumes', '00000001.vol');
  assert.deepEqual(
    needlesIn(volume).map((n) => n.blockId),
    [1, 4],
  );
  // New needles after a reopen go to a new volume: the old one may end torn.
  await put(reopened, 6, 1, seededBytes(10, 6));
  assert.ok(needlesIn(join(dirs[0]!.path, 'volumes', '00000002.vol')).some((n) => n.blockId === 6));
  await reopened.close();
});

test('a stale generation finalized after a newer one is refused and leaves nothing behind', async () => {
  const dirs = await freshDirs('nvme');
  const store = await openStore(dirs);
  const older = await store.createWriter(7, 1);
  const chunk = seededBytes(CHUNK, 7);
  await older.write(chunk, crc32c(chunk));
  const fresh = seededBytes(50, 70);
  await put(store, 7, 2, fresh);
  await assert.rejects(older.finalize(), isCode(ErrorCode.FAILED_PRECONDITION));
  await store.close();
  const reopened = await openStore(dirs);
  assert.deepEqual(
    reopened.list().map((r) => [r.blockId, r.generation]),
    [[7, 2]],
  );
  assert.equal(sha256(await read(reopened, 7)), sha256(fresh));
  await reopened.close();
});

test('a torn end of a volume (a crash mid-append) loses only what was never acknowledged', async () => {
  const dirs = await freshDirs('nvme');
  const store = await openStore(dirs);
  const kept = new Map<number, Buffer>();
  for (let id = 1; id <= 5; id++) {
    kept.set(id, seededBytes(id * 999, id));
    await put(store, id, 1, kept.get(id)!);
  }
  await store.close();
  const volume = join(dirs[0]!.path, 'volumes', '00000001.vol');
  const whole = await readFile(volume);
  // The first 40 bytes of a copy of the first needle: a header cut short.
  await appendFile(volume, whole.subarray(0, 40));

  const reopened = await openStore(dirs);
  assert.equal(reopened.list().length, 5);
  for (const [id, bytes] of kept) assert.equal(sha256(await read(reopened, id)), sha256(bytes));
  const damage = reopened.volumeStats().damage;
  assert.equal(damage.length, 1);
  assert.match(damage[0]!, new RegExp(`00000001.vol at byte ${whole.length}: `));
  // Writes go on, in a new volume, and survive another reopen.
  await put(reopened, 9, 1, seededBytes(10, 9));
  await reopened.close();
  const again = await openStore(dirs);
  assert.equal(again.list().length, 6);
  await again.close();
});

test('a damaged needle header stops the scan there: earlier needles are served, later ones are not reported', async () => {
  const dirs = await freshDirs('nvme');
  const store = await openStore(dirs);
  for (let id = 1; id <= 3; id++) await put(store, id, 1, seededBytes(1000, id));
  await store.close();
  const volume = join(dirs[0]!.path, 'volumes', '00000001.vol');
  const [, second] = needlesIn(volume);
  // A byte of the second needle's block id (covered by the header CRC).
  flipByte(volume, second!.dataOffset - 36 + 8);
  const reopened = await openStore(dirs);
  assert.deepEqual(
    reopened.list().map((r) => r.blockId),
    [1],
  );
  assert.match(reopened.volumeStats().damage[0]!, /needle header fails its CRC/);
  await reopened.close();
});

test('a flipped byte in a needle is caught by verify and by the reader; the condemned needle is deleted on order', async () => {
  const dirs = await freshDirs('nvme');
  const store = await openStore(dirs);
  const bytes = seededBytes(3 * CHUNK, 8);
  await put(store, 8, 1, bytes);
  await put(store, 9, 1, seededBytes(100, 9));
  const where = blockFiles(dirs[0]!.path).get(8)!;
  assert.equal(where.needle, true);
  flipByte(where.path, where.offset + CHUNK + 10);
  const check = await store.verify(8);
  assert.equal(check.ok, false);
  assert.match(check.reason!, /checksum mismatch in chunk 1/);
  const frames = [];
  for await (const f of store.readChunks(8)) frames.push(f);
  assert.equal(crc32c(frames[1]!.payload) === frames[1]!.crc, false, 'the reader sees the rot');
  store.markCorrupt(8, check.reason!);
  assert.deepEqual(
    store.corruptReplicas().map((c) => c.blockId),
    [8],
  );
  await assert.rejects(read(store, 8), isCode(ErrorCode.NOT_FOUND));
  assert.equal(await store.delete(8), true);
  assert.deepEqual(store.corruptReplicas(), []);
  await store.close();
  const reopened = await openStore(dirs);
  assert.deepEqual(
    reopened.list().map((r) => r.blockId),
    [9],
  );
  await reopened.close();
});

test('a sealed volume at least half dead is compacted: its live needles move, the file goes', async () => {
  const dirs = await freshDirs('nvme');
  // Volumes of ~8 needles of 4 KiB: the store rotates through several.
  const store = await openStore(dirs, 8 * (CHUNK + 36));
  const data = new Map<number, Buffer>();
  for (let id = 1; id <= 40; id++) {
    data.set(id, seededBytes(CHUNK, id));
    await put(store, id, 1, data.get(id)!);
  }
  const before = store.volumeStats().volumes;
  assert.ok(before >= 5, `${before} volumes`);
  // Delete 3 of every 4 blocks: every sealed volume ends up mostly dead.
  for (let id = 1; id <= 40; id++) {
    if (id % 4 !== 0) {
      await store.delete(id);
      data.delete(id);
    }
  }
  const deadline = Date.now() + 10_000;
  while (store.volumeStats().compacted < before - 1 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
  const after = store.volumeStats();
  assert.ok(after.compacted >= before - 1, `${after.compacted} of ${before} volumes compacted`);
  assert.ok(after.volumes < before, `${after.volumes} volumes left of ${before}`);
  for (const [id, bytes] of data) assert.equal(sha256(await read(store, id)), sha256(bytes));
  // A volume sealed meanwhile may still be being compacted: wait for the two to agree.
  const volumeFiles = async () =>
    (await filesUnder(dirs[0]!.path)).filter((f) => f.endsWith('.vol')).length;
  const settledBy = Date.now() + 10_000;
  while ((await volumeFiles()) !== store.volumeStats().volumes && Date.now() < settledBy) {
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(await volumeFiles(), store.volumeStats().volumes);
  await store.close();
  const reopened = await openStore(dirs);
  assert.deepEqual(
    reopened
      .list()
      .map((r) => r.blockId)
      .sort((a, b) => a - b),
    [...data.keys()],
  );
  for (const [id, bytes] of data) assert.equal(sha256(await read(reopened, id)), sha256(bytes));
  await reopened.close();
});

test('moveReplica moves a needle to a volume of the other medium', async () => {
  const dirs = await freshDirs('nvme', 'hdd');
  const store = await openStore(dirs);
  const bytes = seededBytes(2 * CHUNK + 7, 11);
  assert.equal((await putReplica(store, 11, 1, bytes, 'hdd')).medium, 'hdd');
  const moved = await store.moveReplica(11, 'nvme');
  assert.equal(moved.medium, 'nvme');
  assert.equal(sha256(await read(store, 11)), sha256(bytes));
  assert.equal(blockFiles(dirs[0]!.path).get(11)?.needle, true);
  assert.equal(blockFiles(dirs[1]!.path).has(11), false, 'nothing live left on the old medium');
  await store.close();
  const reopened = await openStore(dirs);
  assert.equal(reopened.get(11)?.medium, 'nvme');
  assert.equal(sha256(await read(reopened, 11)), sha256(bytes));
  await reopened.close();
});

/** A 4 KiB block of one repeated byte, written as generation `gen` and left to finalize. */
async function writer4k(store: BlockStore, id: number, gen: number, medium?: 'nvme' | 'hdd') {
  const w = await store.createWriter(id, gen, medium ? { medium } : {});
  const b = Buffer.alloc(CHUNK, id * 10 + gen);
  await w.write(b, crc32c(b));
  return w;
}

const settle = () => new Promise((r) => setTimeout(r, 200));

test('a generation that replaces one in a volume sealed and compacted meanwhile stays readable', async () => {
  const dirs = await freshDirs('nvme');
  const max = 8 * (CHUNK + 36);
  const store = await openStore(dirs, max);
  await (await writer4k(store, 1, 1)).finalize();
  for (let id = 2; id <= 7; id++) await (await writer4k(store, id, 1)).finalize();
  for (let id = 2; id <= 7; id++) await store.delete(id);
  // Generation 2 of block 1 is the last needle that fits; block 50 seals the volume,
  // and the delete of generation 1 leaves it mostly dead: it is compacted at once.
  const x = await writer4k(store, 1, 2);
  const y = await writer4k(store, 50, 1);
  await Promise.all([x.finalize(), y.finalize()]);
  await settle();
  assert.ok(store.volumeStats().compacted >= 1);
  assert.ok((await read(store, 1)).equals(Buffer.alloc(CHUNK, 12)));
  await store.close();
  const reopened = await openStore(dirs, max);
  assert.equal(reopened.get(1)?.generation, 2);
  assert.ok((await read(reopened, 1)).equals(Buffer.alloc(CHUNK, 12)));
  await reopened.close();
});

test('no compaction before the index is rebuilt at open, even when a stale duplicate is discarded', async () => {
  const dirs = await freshDirs('nvme');
  const max = 16 * (CHUNK + 36);
  const store = await openStore(dirs, max);
  await (await writer4k(store, 20, 1)).finalize();
  for (let id = 1; id <= 10; id++) await (await writer4k(store, id, 1)).finalize();
  for (let id = 1; id <= 10; id += 2) await store.delete(id);
  await (await writer4k(store, 20, 2)).finalize();
  await store.close();
  // The dead mark of block 20 generation 1 was lost (marks are not synced).
  const volume = join(dirs[0]!.path, 'volumes', '00000001.vol');
  const raw = await readFile(volume);
  const { NEEDLE_LIVE } = await import('../../src/blockstore/needle.js');
  const fix = Buffer.alloc(4);
  fix.writeUInt32LE(NEEDLE_LIVE);
  const { openSync, writeSync, closeSync } = await import('node:fs');
  const fd = openSync(volume, 'r+');
  assert.equal(Number(raw.readBigUInt64LE(8)), 20, 'block 20 generation 1 is the first needle');
  writeSync(fd, fix, 0, 4, 0);
  closeSync(fd);

  const reopened = await openStore(dirs, max);
  await settle();
  const expected = [2, 4, 6, 8, 10, 20];
  assert.deepEqual(
    reopened
      .list()
      .map((r) => r.blockId)
      .sort((a, b) => a - b),
    expected,
  );
  for (const id of expected) await read(reopened, id);
  assert.equal(reopened.get(20)?.generation, 2);
  await reopened.close();
  const again = await openStore(dirs, max);
  assert.deepEqual(
    again
      .list()
      .map((r) => r.blockId)
      .sort((a, b) => a - b),
    expected,
  );
  await again.close();
});

test('a damaged volume is never compacted away: what follows the damage is still on disk', async () => {
  const dirs = await freshDirs('nvme');
  const store = await openStore(dirs);
  for (let id = 1; id <= 10; id++) await (await writer4k(store, id, 1)).finalize();
  await store.close();
  const volume = join(dirs[0]!.path, 'volumes', '00000001.vol');
  flipByte(volume, CHUNK + 36 + 30); // in the second needle's header
  const reopened = await openStore(dirs);
  assert.deepEqual(
    reopened.list().map((r) => r.blockId),
    [1],
  );
  await reopened.delete(1); // the volume is now all dead, as far as the index knows
  await settle();
  assert.equal(reopened.volumeStats().compacted, 0);
  assert.equal((await readFile(volume)).length, 10 * (CHUNK + 36), 'the volume is kept whole');
  await reopened.close();
});

test('a needle moved by a compaction while moveReplica copies it ends where the move put it', async () => {
  const dirs = await freshDirs('nvme', 'hdd');
  const store = await openStore(dirs, 8 * (CHUNK + 36));
  for (let id = 1; id <= 8; id++) await (await writer4k(store, id, 1, 'nvme')).finalize();
  await (await writer4k(store, 9, 1, 'nvme')).finalize(); // seals the first volume
  for (let id = 2; id <= 4; id++) await store.delete(id);
  const deleting = store.delete(5); // half dead: its compaction starts
  const moving = store.moveReplica(1, 'hdd');
  await deleting;
  assert.equal((await moving).medium, 'hdd');
  await settle();
  assert.equal(store.get(1)?.medium, 'hdd');
  assert.ok((await read(store, 1)).equals(Buffer.alloc(CHUNK, 11)));
  await store.close();
  const reopened = await openStore(dirs, 8 * (CHUNK + 36));
  assert.equal(reopened.get(1)?.medium, 'hdd');
  assert.equal(blockFiles(dirs[0]!.path).has(1), false, 'no live copy left on nvme');
  await reopened.close();
});

test('a needle whose bytes did not reach the disk before a crash is found corrupt at open, not served', async () => {
  const dirs = await freshDirs('nvme');
  const store = await openStore(dirs);
  for (let id = 1; id <= 3; id++) await (await writer4k(store, id, 1)).finalize();
  await store.close();
  // The last needle's header made it, its bytes did not (a hole reads as zeroes).
  const volume = join(dirs[0]!.path, 'volumes', '00000001.vol');
  const { openSync, writeSync, closeSync } = await import('node:fs');
  const fd = openSync(volume, 'r+');
  writeSync(fd, Buffer.alloc(CHUNK), 0, CHUNK, 2 * (CHUNK + 36) + 36);
  closeSync(fd);
  const reopened = await openStore(dirs);
  assert.deepEqual(
    reopened.list().map((r) => r.blockId),
    [1, 2],
  );
  assert.deepEqual(
    reopened.corruptReplicas().map((c) => [c.blockId, c.reason]),
    [[3, 'checksum mismatch in chunk 0 (found at open)']],
  );
  assert.equal(await reopened.delete(3), true);
  await reopened.close();
  const again = await openStore(dirs);
  assert.deepEqual(again.corruptReplicas(), []);
  await again.close();
});

/**
 * The open descriptors of this process on `.vol` files under `dir`, with their open
 * flags; a removed volume's too (the kernel names it `<path> (deleted)`).
 */
async function volumeDescriptors(dir: string): Promise<{ path: string; flags: number }[]> {
  const root = await realpath(dir);
  const found: { path: string; flags: number }[] = [];
  for (const fd of await readdir('/proc/self/fd')) {
    const target = await readlink(`/proc/self/fd/${fd}`).catch(() => '');
    const path = target.replace(/ \(deleted\)$/, '');
    if (!path.startsWith(root) || !path.endsWith('.vol')) continue;
    const info = await readFile(`/proc/self/fdinfo/${fd}`, 'utf8').catch(() => '');
    const flags = /^flags:\s+([0-7]+)/m.exec(info);
    if (flags) found.push({ path, flags: parseInt(flags[1]!, 8) });
  }
  return found;
}

test('appends go through a handle opened with O_DSYNC (one durable write, no fdatasync after it); a sealed volume keeps none', async () => {
  const dirs = await freshDirs('nvme');
  // Volumes of ~4 needles of 4 KiB: the first is sealed within the writes below.
  const store = await openStore(dirs, 4 * (CHUNK + 36));
  for (let id = 1; id <= 10; id++) await put(store, id, 1, seededBytes(CHUNK, id));
  const volumes = (await filesUnder(await realpath(dirs[0]!.path)))
    .filter((f) => f.endsWith('.vol'))
    .sort();
  assert.ok(volumes.length >= 3, `${volumes.length} volumes`);
  const open = await volumeDescriptors(dirs[0]!.path);
  const synced = open.filter((d) => (d.flags & constants.O_DSYNC) === constants.O_DSYNC);
  // Only the volume being appended to has one; the sealed ones were given theirs back.
  assert.deepEqual(
    synced.map((d) => d.path),
    [volumes[volumes.length - 1]],
  );
  for (let id = 1; id <= 10; id++)
    assert.equal(sha256(await read(store, id)), sha256(seededBytes(CHUNK, id)));
  await store.close();
  assert.deepEqual(await volumeDescriptors(dirs[0]!.path), [], 'every handle closed');
});
