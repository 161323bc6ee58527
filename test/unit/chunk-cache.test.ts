import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlockStore, type StorageDirConfig } from '../../src/blockstore/block-store.js';
import { ChunkCache } from '../../src/blockstore/chunk-cache.js';
import { crc32c } from '../../src/core/checksum.js';
import { ErrorCode, StrataError } from '../../src/core/errors.js';
import { seededBytes } from '../helpers/data.js';
import { putReplica, writeChunks } from '../helpers/replicas.js';
import { findBlockFile, flipByte } from '../helpers/block-files.js';

const CHUNK = 4096;
let root: string;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'strata-cache-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

async function openStore(
  cacheBytes: number,
  smallReplicaBytes = 0,
): Promise<{ store: BlockStore; dir: string }> {
  const dir = await mkdtemp(join(root, 's-'));
  const dirs: StorageDirConfig[] = [{ path: dir, medium: 'hdd' }];
  return {
    store: await BlockStore.open(dirs, { chunkSizeBytes: CHUNK, cacheBytes, smallReplicaBytes }),
    dir,
  };
}

const put = putReplica;

async function read(store: BlockStore, blockId: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const f of store.readChunks(blockId)) {
    assert.equal(crc32c(f.payload), f.crc, 'every chunk comes with its verified CRC');
    parts.push(f.payload);
  }
  return Buffer.concat(parts);
}

test('the cache pool keeps a replica from its second read on and serves it from memory, with its CRCs', async () => {
  const { store } = await openStore(1024 * 1024);
  const data = seededBytes(10 * CHUNK + 100, 1);
  await put(store, 1, 1, data);
  const stats = () => {
    const s = store.cache.stats();
    return [s.hits, s.misses, s.chunks];
  };
  // Read once (a scan, a copy): nothing is kept.
  assert.ok((await read(store, 1)).equals(data));
  assert.deepEqual(stats(), [0, 11, 0]);
  // Read again: kept.
  assert.ok((await read(store, 1)).equals(data));
  assert.deepEqual(stats(), [0, 22, 11]);
  assert.ok((await read(store, 1)).equals(data));
  assert.deepEqual(stats(), [11, 22, 11]);
  assert.deepEqual(store.cache.wholeBlocks(10), [1], 'the whole block is in memory');
});

test('a small replica written with cacheOnWrite is served from memory at its first read; others are not', async () => {
  const { store } = await openStore(1024 * 1024, 4 * CHUNK);
  const write = async (blockId: number, data: Buffer, cacheOnWrite: boolean) => {
    const writer = await store.createWriter(blockId, 1, { cacheOnWrite });
    await writeChunks(writer, data, CHUNK);
    await writer.finalize();
  };
  const smallBytes = seededBytes(2 * CHUNK + 10, 11);
  const small = Buffer.from(smallBytes); // a needle; overwritten after it was written
  const large = seededBytes(6 * CHUNK, 12); // files of its own
  await write(21, small, true);
  await write(22, small, false);
  await write(23, large, true);
  assert.deepEqual(store.cache.wholeBlocks(10), [21], 'only the needle asked for is in memory');
  const { hits } = store.cache.stats();
  assert.ok((await read(store, 21)).equals(smallBytes));
  assert.equal(store.cache.stats().hits - hits, 3, 'its three chunks came from memory');
  // The cache holds copies: the buffers the writer was given may be reused.
  small.fill(0);
  assert.ok((await read(store, 21)).equals(smallBytes));
  // The others were read from disk.
  assert.ok((await read(store, 22)).equals(smallBytes));
  assert.ok((await read(store, 23)).equals(large));
  assert.equal(store.cache.stats().hits - hits, 6);
});

test('the blocks reported as cached are the latest cached first', () => {
  const cache = new ChunkCache(1024 * 1024);
  for (const b of [5, 3, 9]) cache.set(b, 1, 0, Buffer.alloc(10), 0, 1);
  cache.set(7, 1, 0, Buffer.alloc(10), 0, 2); // one chunk of two: not whole
  assert.deepEqual(cache.wholeBlocks(2), [9, 3]);
  assert.deepEqual(cache.wholeBlocks(10), [9, 3, 5]);
});

test('the pool never holds more bytes than its bound; the least recently used go first', async () => {
  const bound = 64 * 1024;
  const { store } = await openStore(bound);
  // Blocks of 1/8 of the bound (the largest admitted), 4x the bound in all.
  for (let b = 1; b <= 32; b++) await put(store, b, 1, seededBytes(2 * CHUNK, b));
  for (let round = 0; round < 2; round++)
    for (let b = 1; b <= 32; b++) {
      assert.ok((await read(store, b)).equals(seededBytes(2 * CHUNK, b)));
      assert.ok(store.cache.stats().usedBytes <= bound);
    }
  const stats = store.cache.stats();
  assert.ok(stats.evictions > 0);
  // 4x the bound cycled through an LRU: nothing was ever found in memory.
  assert.equal(stats.hits, 0);
  assert.ok(stats.chunks > 0 && stats.chunks < 16);
  // Only blocks with every chunk still in memory count as cached.
  for (const b of store.cache.wholeBlocks(100)) assert.equal(store.cache.cachedChunks(b, 1, 2), 2);
});

test('a replica over an eighth of the pool is never admitted: reading it again does not churn the pool', async () => {
  const { store } = await openStore(64 * 1024);
  await put(store, 1, 1, seededBytes(2 * CHUNK, 1));
  await put(store, 2, 1, seededBytes(3 * CHUNK, 2)); // 12 KiB, over 64 KiB / 8
  for (let i = 0; i < 3; i++) {
    assert.ok((await read(store, 1)).equals(seededBytes(2 * CHUNK, 1)));
    assert.ok((await read(store, 2)).equals(seededBytes(3 * CHUNK, 2)));
  }
  assert.deepEqual(store.cache.wholeBlocks(10), [1]);
  assert.equal(store.cache.cachedChunks(2, 1, 3), 0);
  assert.equal(store.cache.stats().evictions, 0);
});

test('a replica deleted, condemned or replaced leaves the cache: no stale chunk is served', async () => {
  const { store, dir } = await openStore(1024 * 1024);
  const first = seededBytes(4 * CHUNK, 2);
  await put(store, 5, 1, first);
  await read(store, 5);
  await read(store, 5);
  assert.equal(store.cache.cachedChunks(5, 1, 4), 4);

  // Rot on disk under a cached replica: the scrubber's check reads the disk, not the cache.
  flipByte(findBlockFile(dir, 5)!, 100);
  const check = await store.verify(5);
  assert.equal(check.ok, false);
  store.markCorrupt(5, check.reason!);
  assert.equal(store.cache.cachedChunks(5, 1, 4), 0, 'condemned: out of the cache');
  assert.deepEqual(store.cache.wholeBlocks(10), []);
  await assert.rejects(read(store, 5), (err: StrataError) => err.code === ErrorCode.NOT_FOUND);

  // Replaced by a newer generation with other bytes: those are what a reader gets.
  await store.delete(5);
  const second = seededBytes(4 * CHUNK, 3);
  await put(store, 5, 2, second);
  assert.ok((await read(store, 5)).equals(second));
  const third = seededBytes(4 * CHUNK, 4);
  await put(store, 5, 3, third);
  assert.equal(store.cache.cachedChunks(5, 2, 4), 0, 'the older generation left the cache');
  assert.ok((await read(store, 5)).equals(third));

  // Deleted: gone from memory too.
  await store.delete(5);
  assert.equal(store.cache.cachedChunks(5, 3, 4), 0);
  await assert.rejects(read(store, 5), (err: StrataError) => err.code === ErrorCode.NOT_FOUND);
});

test('a chunk that fails its CRC on disk is never cached', async () => {
  const { store, dir } = await openStore(1024 * 1024);
  const data = seededBytes(4 * CHUNK, 6);
  await put(store, 7, 1, data);
  flipByte(findBlockFile(dir, 7)!, CHUNK + 10);
  for (let pass = 0; pass < 2; pass++) {
    const frames = [];
    for await (const f of store.readChunks(7)) frames.push(f);
    assert.equal(crc32c(frames[1]!.payload) === frames[1]!.crc, false, 'the reader sees the rot');
  }
  assert.equal(store.cache.cachedChunks(7, 1, 4), 3, 'only the three good chunks are cached');
  // A read of the whole replica still goes to disk (one chunk missing) and still sees the rot.
  const again = [];
  for await (const f of store.readChunks(7)) again.push(f);
  assert.equal(crc32c(again[1]!.payload) === again[1]!.crc, false);
});

test('a pool of 0 bytes caches nothing', () => {
  const cache = new ChunkCache(0);
  cache.set(1, 1, 0, Buffer.alloc(10), 0, 1);
  assert.equal(cache.getRun(1, 1, 0, 1), null);
  assert.equal(cache.stats().chunks, 0);
});
