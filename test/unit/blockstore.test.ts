import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdir, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { BlockStore, type BlockWriter } from '../../src/blockstore/block-store.js';
import { decodeMeta, finalPaths, shardOf } from '../../src/blockstore/block-files.js';
import { flipByte } from '../helpers/block-files.js';
import { putReplica, tempStorageDirs, writeChunks as writeChunksOf } from '../helpers/replicas.js';
import { crc32c } from '../../src/core/checksum.js';
import { ErrorCode, StrataError } from '../../src/core/errors.js';
import { verifyFrame, type Frame } from '../../src/core/frames.js';
import { Defaults } from '../../src/core/limits.js';
import { seededBytes, sha256 } from '../helpers/data.js';

const CHUNK = 4096;
/**
 * These tests are of replicas kept as files, so none is small enough to be a
 * needle; needles have their own tests (volume-store.test.ts).
 */
const FILES = { smallReplicaBytes: 0 } as const;
const freshDirs = tempStorageDirs('strata-blockstore-');

function chunksOf(data: Buffer, chunkSizeBytes: number): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < data.length; at += chunkSizeBytes) {
    out.push(data.subarray(at, at + chunkSizeBytes));
  }
  return out;
}

const putBlock = putReplica;
const writeChunks = (writer: BlockWriter, data: Buffer) => writeChunksOf(writer, data, CHUNK);

async function readFrames(store: BlockStore, blockId: number, offset?: number, length?: number) {
  const frames: Frame[] = [];
  for await (const f of store.readChunks(blockId, offset, length)) frames.push(f);
  return frames;
}

async function readRange(store: BlockStore, blockId: number, offset: number, length: number) {
  const frames = await readFrames(store, blockId, offset, length);
  for (const f of frames) assert.ok(verifyFrame(f), 'stored crc disagrees with the bytes');
  const aligned = offset - (offset % store.chunkSizeBytes);
  return Buffer.concat(frames.map((f) => f.payload)).subarray(
    offset - aligned,
    offset - aligned + length,
  );
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

function isCode(code: ErrorCode) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof StrataError, `expected a StrataError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return true;
  };
}

test('write, finalize and read back: bytes, crcs and on-disk layout', async () => {
  const dirs = await freshDirs('nvme');
  const store = await BlockStore.open(dirs, { ...FILES, chunkSizeBytes: CHUNK });
  const data = seededBytes(5 * CHUNK + 7, 1);
  const writer = await store.createWriter(300, 4);
  await writeChunks(writer, data);
  assert.equal(writer.bytesWritten, data.length);
  // Not visible before finalize.
  assert.equal(store.get(300), undefined);
  const info = await writer.finalize();
  assert.deepEqual(info, {
    blockId: 300,
    generation: 4,
    length: data.length,
    medium: 'nvme',
    dirIndex: 0,
  });
  assert.deepEqual(store.get(300), info);

  const frames = await readFrames(store, 300);
  assert.equal(frames.length, 6);
  const expected = chunksOf(data, CHUNK);
  frames.forEach((f, i) => {
    assert.equal(f.crc, crc32c(expected[i]!));
    assert.ok(verifyFrame(f));
  });
  assert.equal(sha256(Buffer.concat(frames.map((f) => f.payload))), sha256(data));
  // Payloads stay valid after later yields (no buffer is reused): the digest above
  // was taken after every frame had been collected.

  // 300 % 256 = 44 = 0x2c
  assert.equal(shardOf(300), '2c');
  assert.deepEqual(await filesUnder(dirs[0]!.path), [
    'current/2c/blk_300_4.data',
    'current/2c/blk_300_4.meta',
  ]);
  const paths = finalPaths(dirs[0]!.path, 300, 4);
  assert.equal(sha256(await readFile(paths.data)), sha256(data));
  const metaBytes = await readFile(paths.meta);
  assert.equal(metaBytes.length, 32 + 4 * 6);
  assert.equal(metaBytes.toString('latin1', 0, 4), 'STRM');
  assert.equal(metaBytes.readUInt16BE(4), 1);
  const meta = decodeMeta(metaBytes);
  assert.deepEqual(meta.header, {
    chunkSizeBytes: CHUNK,
    generation: 4,
    length: data.length,
  });
  assert.deepEqual(
    meta.crcs,
    expected.map((c) => crc32c(c)),
  );
  await store.close();
});

test('an empty block has a header-only meta and reads as nothing', async () => {
  const dirs = await freshDirs('nvme');
  const store = await BlockStore.open(dirs, { ...FILES, chunkSizeBytes: CHUNK });
  const info = await putBlock(store, 9, 1, Buffer.alloc(0));
  assert.equal(info.length, 0);
  assert.equal((await stat(finalPaths(dirs[0]!.path, 9, 1).meta)).size, 32);
  assert.deepEqual(await readFrames(store, 9), []);
  assert.deepEqual(await store.verify(9), { ok: true });
  const reopened = await BlockStore.open(dirs, { ...FILES, chunkSizeBytes: CHUNK });
  assert.deepEqual(reopened.list(), [info]);
});

test('the default chunk size is 64 KiB', async () => {
  const dirs = await freshDirs('nvme');
  const store = await BlockStore.open(dirs, FILES);
  assert.equal(store.chunkSizeBytes, Defaults.chunkSizeBytes);
  const data = seededBytes(2 * Defaults.chunkSizeBytes + 1, 2);
  await putBlock(store, 1, 1, data);
  const frames = await readFrames(store, 1);
  assert.deepEqual(
    frames.map((f) => f.payload.length),
    [65536, 65536, 1],
  );
  assert.equal(sha256(Buffer.concat(frames.map((f) => f.payload))), sha256(data));
});

test('ranged reads yield the aligned chunks covering the range', async () => {
  const dirs = await freshDirs('nvme');
  const store = await BlockStore.open(dirs, { ...FILES, chunkSizeBytes: CHUNK });
  const data = seededBytes(5 * CHUNK + 7, 3);
  await putBlock(store, 2, 1, data);
  const ranges: [number, number][] = [
    [0, 1],
    [1, CHUNK],
    [CHUNK - 1, 2],
    [CHUNK, CHUNK],
    [3 * CHUNK + 100, CHUNK + 50],
    [5 * CHUNK, 7],
    [5 * CHUNK + 6, 1],
    [2 * CHUNK + 5, 100 * CHUNK], // past the end: clamped
  ];
  for (const [offset, length] of ranges) {
    const got = await readRange(store, 2, offset, length);
    assert.equal(
      sha256(got),
      sha256(data.subarray(offset, offset + length)),
      `[${offset}, +${length})`,
    );
  }
  const frames = await readFrames(store, 2, 3 * CHUNK + 100, CHUNK + 50);
  assert.equal(frames.length, 2);
  assert.equal(sha256(frames[0]!.payload), sha256(data.subarray(3 * CHUNK, 4 * CHUNK)));
  assert.deepEqual(await readFrames(store, 2, data.length, 10), []);
  assert.deepEqual(await readFrames(store, 2, data.length + 5000), []);
  assert.deepEqual(await readFrames(store, 2, 10, 0), []);
  await assert.rejects(readFrames(store, 2, -1), isCode(ErrorCode.INVALID_ARGUMENT));
  await assert.rejects(readFrames(store, 77), isCode(ErrorCode.NOT_FOUND));
});

test('writers enforce chunk sizes and generations', async () => {
  const dirs = await freshDirs('nvme');
  const store = await BlockStore.open(dirs, { ...FILES, chunkSizeBytes: CHUNK });
  const writer = await store.createWriter(5, 2);
  await assert.rejects(store.createWriter(5, 2), isCode(ErrorCode.ALREADY_EXISTS));
  const big = seededBytes(CHUNK + 1, 4);
  await assert.rejects(writer.write(big, crc32c(big)), isCode(ErrorCode.INVALID_ARGUMENT));
  await assert.rejects(writer.write(Buffer.alloc(0), 0), isCode(ErrorCode.INVALID_ARGUMENT));
  const short = seededBytes(100, 5);
  await writer.write(short, crc32c(short));
  const full = seededBytes(CHUNK, 6);
  await assert.rejects(writer.write(full, crc32c(full)), isCode(ErrorCode.INVALID_ARGUMENT));
  assert.equal(writer.bytesWritten, 100);
  await writer.finalize();
  await assert.rejects(store.createWriter(5, 2), isCode(ErrorCode.ALREADY_EXISTS));
  await assert.rejects(store.createWriter(5, 1), isCode(ErrorCode.FAILED_PRECONDITION));
  await assert.rejects(store.createWriter(0, 1), isCode(ErrorCode.INVALID_ARGUMENT));
  await assert.rejects(store.createWriter(1.5, 1), isCode(ErrorCode.INVALID_ARGUMENT));
  await assert.rejects(store.createWriter(2 ** 53, 1), isCode(ErrorCode.INVALID_ARGUMENT));

  const limited = await BlockStore.open(await freshDirs('nvme'), {
    chunkSizeBytes: CHUNK,
    maxBlockBytes: 2 * CHUNK,
  });
  const w = await limited.createWriter(1, 1);
  await writeChunks(w, seededBytes(2 * CHUNK, 7));
  await assert.rejects(w.write(full, crc32c(full)), isCode(ErrorCode.INVALID_ARGUMENT));
  await w.abort();
});

test('abort leaves no files, is idempotent, and frees the block for a new writer', async () => {
  const dirs = await freshDirs('nvme');
  const store = await BlockStore.open(dirs, { ...FILES, chunkSizeBytes: CHUNK });
  const writer = await store.createWriter(6, 1);
  // Past one write batch (1 MiB), so that the temp files exist.
  await writeChunks(writer, seededBytes(257 * CHUNK, 8));
  assert.equal((await readdir(join(dirs[0]!.path, 'tmp'))).length, 2);
  await writer.abort();
  await writer.abort();
  assert.deepEqual(await filesUnder(dirs[0]!.path), []);
  assert.equal(store.get(6), undefined);
  const data = seededBytes(CHUNK + 3, 9);
  await putBlock(store, 6, 1, data);
  assert.equal(sha256(await readRange(store, 6, 0, data.length)), sha256(data));
});

test('reopening rebuilds the index from disk and empties tmp/', async () => {
  const dirs = await freshDirs('nvme');
  const store = await BlockStore.open(dirs, { ...FILES, chunkSizeBytes: CHUNK });
  const blocks = new Map<number, Buffer>();
  for (const id of [1, 2, 257, 513, 1000]) {
    const data = seededBytes(id * 13, id);
    blocks.set(id, data);
    await putBlock(store, id, 3, data);
  }
  // A write in progress when the process "crashes", and stray junk.
  const pending = await store.createWriter(2000, 1);
  await writeChunks(pending, seededBytes(CHUNK, 10));
  await writeFile(join(dirs[0]!.path, 'tmp', 'junk'), 'x');
  await mkdir(join(dirs[0]!.path, 'tmp', 'subdir'));
  const before = store.list().sort((a, b) => a.blockId - b.blockId);

  const reopened = await BlockStore.open(dirs, { ...FILES, chunkSizeBytes: CHUNK });
  assert.deepEqual(await readdir(join(dirs[0]!.path, 'tmp')), []);
  assert.deepEqual(
    reopened.list().sort((a, b) => a.blockId - b.blockId),
    before,
  );
  assert.equal(reopened.get(2000), undefined);
  assert.deepEqual(reopened.corruptReplicas(), []);
  for (const [id, data] of blocks) {
    assert.equal(sha256(await readRange(reopened, id, 0, data.length)), sha256(data));
    assert.deepEqual(await reopened.verify(id), { ok: true });
  }
  // Blocks 1, 257 and 513 share shard 01.
  assert.deepEqual((await readdir(join(dirs[0]!.path, 'current', '01'))).sort(), [
    'blk_1_3.data',
    'blk_1_3.meta',
    'blk_257_3.data',
    'blk_257_3.meta',
    'blk_513_3.data',
    'blk_513_3.meta',
  ]);
});

test('a flipped byte on disk is caught by verify() and by the reader', async () => {
  const dirs = await freshDirs('nvme');
  const store = await BlockStore.open(dirs, { ...FILES, chunkSizeBytes: CHUNK });
  const data = seededBytes(4 * CHUNK, 11);
  await putBlock(store, 12, 1, data);
  await putBlock(store, 13, 1, data);
  const path = finalPaths(dirs[0]!.path, 12, 1).data;
  const onDisk = await readFile(path);
  onDisk[2 * CHUNK + 17] = onDisk[2 * CHUNK + 17]! ^ 0x40;
  await writeFile(path, onDisk);

  const result = await store.verify(12);
  assert.equal(result.ok, false);
  assert.match(result.reason ?? '', /chunk 2/);
  assert.deepEqual(await store.verify(13), { ok: true });
  const frames = await readFrames(store, 12);
  assert.deepEqual(
    frames.map((f) => verifyFrame(f)),
    [true, true, false, true],
  );
  // The stored crc (of the good bytes) is what was served.
  assert.equal(frames[2]!.crc, crc32c(data.subarray(2 * CHUNK, 3 * CHUNK)));
});

test('a missing meta, a truncated data file or a bad meta make a replica corrupt at open', async () => {
  const dirs = await freshDirs('nvme');
  const store = await BlockStore.open(dirs, { ...FILES, chunkSizeBytes: CHUNK });
  for (const id of [20, 21, 22, 23, 24]) await putBlock(store, id, 1, seededBytes(3 * CHUNK, id));
  const dir = dirs[0]!.path;
  await rm(finalPaths(dir, 20, 1).meta);
  await truncate(finalPaths(dir, 21, 1).data, 3 * CHUNK - 1);
  const badMagic = await readFile(finalPaths(dir, 22, 1).meta);
  badMagic.write('XXXX', 0, 'latin1');
  await writeFile(finalPaths(dir, 22, 1).meta, badMagic);
  const shortMeta = await readFile(finalPaths(dir, 23, 1).meta);
  await writeFile(finalPaths(dir, 23, 1).meta, shortMeta.subarray(0, shortMeta.length - 4));
  // A meta without its data is deleted.
  await rm(finalPaths(dir, 24, 1).data);

  // Even before reopening, a truncated data file is DATA_LOSS for a reader, not a short block.
  await assert.rejects(readFrames(store, 21), isCode(ErrorCode.DATA_LOSS));
  assert.equal((await store.verify(21)).ok, false);

  const reopened = await BlockStore.open(dirs, { ...FILES, chunkSizeBytes: CHUNK });
  assert.deepEqual(reopened.list(), []);
  const corrupt = reopened.corruptReplicas();
  assert.deepEqual(
    corrupt.map((c) => [c.blockId, c.generation, c.dirIndex]),
    [
      [20, 1, 0],
      [21, 1, 0],
      [22, 1, 0],
      [23, 1, 0],
    ],
  );
  assert.match(corrupt[0]!.reason, /meta file missing/);
  assert.match(corrupt[1]!.reason, /12287 bytes/);
  assert.match(corrupt[2]!.reason, /magic/);
  assert.match(corrupt[3]!.reason, /checksums/);
  for (const id of [20, 21, 22, 23]) {
    assert.equal(reopened.get(id), undefined);
    await assert.rejects(readFrames(reopened, id), isCode(ErrorCode.NOT_FOUND));
  }
  await assert.rejects(stat(finalPaths(dir, 24, 1).meta), { code: 'ENOENT' });
  assert.equal((await reopened.storageStates())[0]!.usedBytes, 0);

  // Rewriting a corrupt replica replaces it; deleting a block removes its corrupt copies.
  await putBlock(reopened, 20, 1, seededBytes(10, 1));
  assert.deepEqual(
    reopened.corruptReplicas().map((c) => c.blockId),
    [21, 22, 23],
  );
  assert.equal(await reopened.delete(21), true);
  await assert.rejects(stat(finalPaths(dir, 21, 1).data), { code: 'ENOENT' });
  assert.deepEqual(
    reopened.corruptReplicas().map((c) => c.blockId),
    [22, 23],
  );
});

test('of two generations of a block the higher is kept', async () => {
  const dirs = await freshDirs('nvme');
  const store = await BlockStore.open(dirs, { ...FILES, chunkSizeBytes: CHUNK });
  const dir = dirs[0]!.path;
  const old = seededBytes(2 * CHUNK, 30);
  const newer = seededBytes(2 * CHUNK + 9, 31);
  await putBlock(store, 30, 1, old);
  const saved = join(dir, 'saved');
  await mkdir(saved);
  await cp(finalPaths(dir, 30, 1).data, join(saved, 'd'));
  await cp(finalPaths(dir, 30, 1).meta, join(saved, 'm'));

  // A newer generation written here replaces the older one at finalize.
  const info = await putBlock(store, 30, 2, newer);
  assert.equal(info.generation, 2);
  assert.equal(store.get(30)?.generation, 2);
  await assert.rejects(stat(finalPaths(dir, 30, 1).data), { code: 'ENOENT' });
  assert.equal(sha256(await readRange(store, 30, 0, newer.length)), sha256(newer));

  // Both generations on disk (as after a crash mid-replacement): the lower goes at open.
  await cp(join(saved, 'd'), finalPaths(dir, 30, 1).data);
  await cp(join(saved, 'm'), finalPaths(dir, 30, 1).meta);
  const reopened = await BlockStore.open(dirs, { ...FILES, chunkSizeBytes: CHUNK });
  assert.deepEqual(reopened.list(), [{ ...info }]);
  assert.deepEqual(reopened.corruptReplicas(), []);
  assert.deepEqual((await readdir(join(dir, 'current', shardOf(30)))).sort(), [
    'blk_30_2.data',
    'blk_30_2.meta',
  ]);
  assert.equal(sha256(await readRange(reopened, 30, 0, newer.length)), sha256(newer));
  const used = (await reopened.storageStates())[0]!.usedBytes;
  assert.equal(used, newer.length + 32 + 4 * 3);
});

test('createWriter honours the wanted medium', async () => {
  const dirs = await freshDirs('nvme', 'hdd');
  const store = await BlockStore.open(dirs, { ...FILES, chunkSizeBytes: CHUNK });
  const onHdd = await putBlock(store, 40, 1, seededBytes(CHUNK, 40), 'hdd');
  const onNvme = await putBlock(store, 41, 1, seededBytes(CHUNK, 41), 'nvme');
  assert.deepEqual([onHdd.medium, onHdd.dirIndex], ['hdd', 1]);
  assert.deepEqual([onNvme.medium, onNvme.dirIndex], ['nvme', 0]);
  assert.deepEqual(await filesUnder(dirs[1]!.path), [
    'current/28/blk_40_1.data',
    'current/28/blk_40_1.meta',
  ]);
  assert.deepEqual(await filesUnder(dirs[0]!.path), [
    'current/29/blk_41_1.data',
    'current/29/blk_41_1.meta',
  ]);
  const reopened = await BlockStore.open(dirs, { ...FILES, chunkSizeBytes: CHUNK });
  assert.deepEqual(reopened.get(40), onHdd);
  assert.deepEqual(reopened.get(41), onNvme);
  assert.equal(sha256(await readRange(reopened, 40, 0, CHUNK)), sha256(seededBytes(CHUNK, 40)));

  // With only one medium, a request for the other still lands somewhere.
  const single = await BlockStore.open(await freshDirs('hdd'), { ...FILES, chunkSizeBytes: CHUNK });
  assert.equal((await putBlock(single, 1, 1, seededBytes(5, 1), 'nvme')).medium, 'hdd');
});

test('moveReplica moves a replica to a dir of the other medium, whole and still readable', async () => {
  const dirs = await freshDirs('nvme', 'hdd');
  const store = await BlockStore.open(dirs, {
    ...FILES,
    chunkSizeBytes: CHUNK,
    cacheBytes: 16 * CHUNK,
  });
  const data = seededBytes(3 * CHUNK + 9, 60);
  await putBlock(store, 60, 4, data, 'hdd');
  // Cached before the move: what is read after it still matches the bytes.
  assert.equal(sha256(await readRange(store, 60, 0, data.length)), sha256(data));
  const moved = await store.moveReplica(60, 'nvme');
  assert.deepEqual([moved.medium, moved.dirIndex, moved.generation], ['nvme', 0, 4]);
  assert.deepEqual(await filesUnder(dirs[1]!.path), [], 'nothing left on the old medium');
  assert.deepEqual(await filesUnder(dirs[0]!.path), [
    'current/3c/blk_60_4.data',
    'current/3c/blk_60_4.meta',
  ]);
  assert.equal(sha256(await readRange(store, 60, 0, data.length)), sha256(data));
  assert.deepEqual((await store.moveReplica(60, 'nvme')).dirIndex, 0, 'already there: unchanged');
  const states = await store.storageStates();
  assert.deepEqual(
    states.map((st) => st.blockCount),
    [1, 0],
  );
  const reopened = await BlockStore.open(dirs, { ...FILES, chunkSizeBytes: CHUNK });
  assert.deepEqual(reopened.get(60), moved);

  // A rotten replica is condemned, not carried to the new medium.
  await putBlock(reopened, 61, 1, seededBytes(2 * CHUNK, 61), 'nvme');
  flipByte(join(dirs[0]!.path, 'current/3d/blk_61_1.data'), 5);
  await assert.rejects(reopened.moveReplica(61, 'hdd'), isCode(ErrorCode.DATA_LOSS));
  assert.equal(reopened.get(61), undefined);
  assert.deepEqual(await filesUnder(dirs[1]!.path), []);
  await assert.rejects(reopened.moveReplica(999, 'hdd'), isCode(ErrorCode.NOT_FOUND));
});

test('an HDD replica read often is promoted to the NVMe tier, read from there, and never a replica', async () => {
  const dirs = await freshDirs('nvme', 'hdd');
  const options = { ...FILES, chunkSizeBytes: CHUNK, cacheBytes: 0, nvmePromoteAfterReads: 2 };
  const store = await BlockStore.open(dirs, options);
  const data = seededBytes(5 * CHUNK + 3, 70);
  await putBlock(store, 70, 1, data, 'hdd');
  await putBlock(store, 71, 1, seededBytes(CHUNK, 71), 'nvme');
  assert.equal(sha256(await readRange(store, 70, 0, data.length)), sha256(data));
  assert.equal(store.nvmeTierStats().blocks, 0, 'one read does not promote');
  assert.equal(sha256(await readRange(store, 70, 0, data.length)), sha256(data));
  const promoted = async () => {
    for (let i = 0; i < 100 && store.nvmeTierStats().blocks === 0; i++) await sleep(20);
    return store.nvmeTierStats();
  };
  assert.equal((await promoted()).blocks, 1);
  assert.deepEqual(await filesUnder(join(dirs[0]!.path, 'cache')), [
    'blk_70_1.data',
    'blk_70_1.meta',
  ]);
  // Read from the copy, with the stored CRCs, and the replica is still the HDD one.
  const frames = await readFrames(store, 70);
  assert.ok(frames.every(verifyFrame));
  assert.equal(sha256(Buffer.concat(frames.map((f) => f.payload))), sha256(data));
  assert.equal(store.nvmeTierStats().hits, 1);
  assert.equal(store.get(70)!.medium, 'hdd');
  assert.deepEqual(
    (await store.storageStates()).map((st) => st.blockCount),
    [1, 1],
    'the copy is not counted',
  );
  // An NVMe replica is never promoted; a copy that vanished falls back to the replica.
  for (let i = 0; i < 3; i++) await readRange(store, 71, 0, CHUNK);
  await rm(join(dirs[0]!.path, 'cache', 'blk_70_1.meta'));
  assert.equal(sha256(await readRange(store, 70, 0, data.length)), sha256(data));
  // Deleting the replica drops its copy; reopening empties the tier.
  await store.delete(70);
  for (let i = 0; i < 50 && (await filesUnder(join(dirs[0]!.path, 'cache'))).length > 0; i++)
    await sleep(20);
  assert.deepEqual(await filesUnder(join(dirs[0]!.path, 'cache')), []);
  assert.equal(store.nvmeTierStats().blocks, 0);
  await putBlock(store, 72, 1, data, 'hdd');
  for (let i = 0; i < 2; i++) await readRange(store, 72, 0, data.length);
  assert.equal((await promoted()).blocks, 1);
  await BlockStore.open(dirs, options);
  assert.deepEqual(await filesUnder(join(dirs[0]!.path, 'cache')), []);
});

test('storageStates reports used bytes and block counts per dir', async () => {
  const dirs = await freshDirs('nvme', 'hdd');
  const store = await BlockStore.open(dirs, { ...FILES, chunkSizeBytes: CHUNK });
  await putBlock(store, 50, 1, seededBytes(3 * CHUNK + 1, 50), 'nvme');
  await putBlock(store, 51, 1, seededBytes(CHUNK, 51), 'nvme');
  await putBlock(store, 52, 1, seededBytes(10, 52), 'hdd');

  const sizeOf = async (dir: string) => {
    let total = 0;
    for (const f of await filesUnder(dir)) total += (await stat(join(dir, f))).size;
    return total;
  };
  const states = await store.storageStates();
  assert.equal(states.length, 2);
  assert.equal(states[0]!.usedBytes, 3 * CHUNK + 1 + 32 + 16 + CHUNK + 32 + 4);
  assert.equal(states[0]!.usedBytes, await sizeOf(dirs[0]!.path));
  assert.equal(states[1]!.usedBytes, await sizeOf(dirs[1]!.path));
  assert.deepEqual(
    states.map((s) => [s.medium, s.blockCount, s.failed]),
    [
      ['nvme', 2, false],
      ['hdd', 1, false],
    ],
  );
  for (const s of states) {
    assert.ok(s.capacityBytes > 0 && s.freeBytes > 0 && s.freeBytes <= s.capacityBytes);
  }
  // Reopening recomputes the same figures from disk.
  const reopened = await BlockStore.open(dirs, { ...FILES, chunkSizeBytes: CHUNK });
  assert.deepEqual(
    (await reopened.storageStates()).map((s) => [s.usedBytes, s.blockCount]),
    states.map((s) => [s.usedBytes, s.blockCount]),
  );

  assert.equal(await store.delete(50), true);
  assert.equal(await store.delete(51), true);
  assert.equal(await store.delete(51), false);
  const after = await store.storageStates();
  assert.deepEqual(
    after.map((s) => [s.usedBytes, s.blockCount]),
    [
      [0, 0],
      [10 + 32 + 4, 1],
    ],
  );
  assert.deepEqual(await filesUnder(join(dirs[0]!.path, 'current')), []);
  await assert.rejects(readFrames(store, 50), isCode(ErrorCode.NOT_FOUND));

  // A dir that has gone is reported failed, and is not written to.
  await rm(dirs[0]!.path, { recursive: true });
  const gone = await store.storageStates();
  assert.deepEqual(
    gone.map((s) => s.failed),
    [true, false],
  );
  assert.equal((await putBlock(store, 53, 1, seededBytes(5, 53), 'nvme')).dirIndex, 1);
});

test('replicas go to the medium asked for while space answers are remembered', async () => {
  // Both dirs are on this disk: each has the same room, for about four blocks of
  // 256 MiB above the space kept free. Small replicas of such blocks, back to back,
  // must all go to NVMe. (A cache that booked each block's size against its
  // remembered answer sent the fifth and later to HDD.)
  const dirs = await freshDirs('nvme', 'hdd');
  const free = (await (await BlockStore.open(dirs, FILES)).storageStates())[0]!.freeBytes;
  const blockBytes = 256 * 1024 * 1024;
  const store = await BlockStore.open(dirs, {
    ...FILES,
    chunkSizeBytes: CHUNK,
    leaveFreeBytes: Math.max(0, free - 4 * blockBytes - 128 * 1024 * 1024),
    maxBlockBytes: blockBytes,
  });
  const placed: string[] = [];
  for (let i = 0; i < 10; i++) {
    const writer = await store.createWriter(90 + i, 1, {
      medium: 'nvme',
      expectedBytes: blockBytes,
    });
    await writeChunks(writer, seededBytes(CHUNK, 90 + i));
    placed.push((await writer.finalize()).medium);
  }
  assert.deepEqual(placed, Array<string>(10).fill('nvme'));
});

test('a block goes only where it fits above the space kept free; otherwise RESOURCE_EXHAUSTED', async () => {
  const dirs = await freshDirs('nvme');
  const free = (await (await BlockStore.open(dirs, FILES)).storageStates())[0]!.freeBytes;
  // Keep all but 64 MiB free (other writers on this disk may take a little meanwhile):
  // a 1 MiB block fits, a 1 GiB one does not.
  const store = await BlockStore.open(dirs, {
    ...FILES,
    chunkSizeBytes: CHUNK,
    leaveFreeBytes: Math.max(0, free - 64 * 1024 * 1024),
    maxBlockBytes: 2 * 1024 * 1024 * 1024,
  });
  const fits = await store.createWriter(60, 1, { expectedBytes: 1024 * 1024 });
  await fits.abort();
  await assert.rejects(store.createWriter(61, 1, { expectedBytes: 1024 * 1024 * 1024 }), (err) => {
    assert.ok(err instanceof StrataError);
    assert.equal(err.code, ErrorCode.RESOURCE_EXHAUSTED);
    assert.match(err.message, /storage full/);
    return true;
  });
  // A refused block leaves nothing behind, and the same id may be written once there is room.
  assert.deepEqual(await readdir(join(dirs[0]!.path, 'tmp')), []);
  const roomy = await BlockStore.open(dirs, { ...FILES, chunkSizeBytes: CHUNK, leaveFreeBytes: 0 });
  await putBlock(roomy, 61, 1, seededBytes(100, 61), 'nvme');
  const [state] = await roomy.storageStates();
  assert.equal(state!.full, false);
  assert.equal(state!.availableBytes, state!.freeBytes);
  const crowded = await BlockStore.open(dirs, {
    ...FILES,
    chunkSizeBytes: CHUNK,
    leaveFreeBytes: free * 2,
  });
  const [crowdedState] = await crowded.storageStates();
  assert.equal(crowdedState!.full, true);
  assert.equal(crowdedState!.availableBytes, 0);
});
