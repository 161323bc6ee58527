/**
 * A hop that refuses a whole body never passes it on: over real HTTP on loopback,
 * two dataservers' data planes with different block size limits, a body the first
 * refuses is stored on neither. (The first version forwarded a whole body before
 * taking it, and the next hop stored a replica of a block the pipeline refused.)
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { crc32c } from '../../src/core/checksum.js';
import { encodeWholeBody } from '../../src/core/frames.js';
import { startDataPlane } from '../helpers/data-plane.js';

const CHUNK = 64 * 1024;
const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function dataPlane(name: string, maxBlockBytes: number) {
  const plane = await startDataPlane(name, { maxBlockBytes });
  cleanups.push(() => plane.cleanup());
  return plane;
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
