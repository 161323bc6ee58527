/**
 * A hop that refuses a whole body never passes it on: over real HTTP on loopback,
 * two dataservers' data planes with different block size limits, a body the first
 * refuses is stored on neither. (The first version forwarded a whole body before
 * taking it, and the next hop stored a replica of a block the pipeline refused.)
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { request } from 'undici';
import { BlockStore } from '../../src/blockstore/block-store.js';
import { BlockHttpServer } from '../../src/dataserver/block-http.js';
import { crc32c } from '../../src/core/checksum.js';
import { encodeWholeBody } from '../../src/core/frames.js';

const CHUNK = 64 * 1024;
const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function dataPlane(name: string, maxBlockBytes: number) {
  const dir = await mkdtemp(join(tmpdir(), `strata-whole-${name}-`));
  const store = await BlockStore.open([{ path: dir, medium: 'hdd' }], {
    leaveFreeBytes: 0,
    maxBlockBytes,
  });
  const stored: number[] = [];
  const server = new BlockHttpServer({
    dataserverId: name,
    store,
    logger: pino({ level: 'silent' }),
    onBlockStored: (blockId) => stored.push(blockId),
    maxConcurrentWrites: 16,
    maxPipelineHops: 4,
  });
  const port = await server.listen('127.0.0.1', 0);
  cleanups.push(async () => {
    await server.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  return { url: `http://127.0.0.1:${port}`, store, stored };
}

test('a whole body the first hop refuses is not stored downstream', async () => {
  const first = await dataPlane('first', CHUNK);
  const next = await dataPlane('next', 64 * 1024 * 1024);
  const payload = Buffer.alloc(CHUNK, 9);
  const frame = { payload, crc: crc32c(payload) };
  const put = async (blockId: number, chunks: number) => {
    const r = await request(`${first.url}/blocks/${blockId}?gen=1`, {
      method: 'PUT',
      body: encodeWholeBody(Array<typeof frame>(chunks).fill(frame)),
      headers: { 'x-strata-pipeline': next.url },
    });
    return { status: r.statusCode, answer: (await r.body.json()) as { message?: string } };
  };

  const refused = await put(7, 2);
  assert.equal(refused.status, 400);
  assert.match(refused.answer.message ?? '', /over the 65536-byte limit/);
  // Long enough for a forwarded body to have been stored downstream.
  await sleep(300);
  assert.deepEqual(first.stored, []);
  assert.deepEqual(next.stored, [], 'the next hop stored nothing');
  assert.equal(next.store.get(7), undefined);

  // A body both take goes along as before.
  assert.equal((await put(8, 1)).status, 200);
  assert.deepEqual([first.stored, next.stored], [[8], [8]]);
});
