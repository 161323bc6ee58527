/**
 * A dataserver's answer to a block read declares its length: over real HTTP on
 * loopback, every range of a stored replica (inside, across chunks, past its end,
 * empty) answers exactly the bytes its content-length says, and they decode to the
 * chunks that cover the range.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import { decodeWholeBody, verifyFrame } from '../../src/core/frames.js';
import { readAnswerSize } from '../../src/dataserver/block-http.js';
import { seededBytes } from '../helpers/data.js';
import { putReplica } from '../helpers/replicas.js';
import { startDataPlane } from '../helpers/data-plane.js';

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

test('readAnswerSize counts the covering chunks and the terminator', () => {
  const size = (offset: number, length: number) => readAnswerSize(offset, length, 2500, 1000);
  assert.deepEqual(size(0, Number.MAX_SAFE_INTEGER), { frames: 3, bytes: 2500 + 4 * 8 });
  assert.deepEqual(size(999, 2), { frames: 2, bytes: 2000 + 3 * 8 });
  assert.deepEqual(size(2400, 50), { frames: 1, bytes: 500 + 2 * 8 });
  assert.deepEqual(size(2500, 10), { frames: 0, bytes: 8 });
  assert.deepEqual(size(100, 0), { frames: 0, bytes: 8 });
});

test('a read answers exactly its declared length, for any range', async () => {
  // Every read from disk (no memory pool), of a replica with files of its own and of a needle.
  const plane = await startDataPlane('reader', { smallReplicaBytes: 64 * 1024, cacheBytes: 0 });
  cleanups.push(() => plane.cleanup());
  const chunk = plane.store.chunkSizeBytes;
  const data = seededBytes(3 * chunk + 123, 5); // files of its own
  await putReplica(plane.store, 7, 1, data);
  const small = seededBytes(200, 6); // a needle
  await putReplica(plane.store, 8, 1, small);
  const ranges: [number, number, number][] = [
    [7, 0, data.length],
    [7, chunk - 1, 2],
    [7, 3 * chunk, 1_000_000],
    [7, data.length, 10],
    [7, 10, 0],
    [8, 0, 200],
    [8, 50, 10],
  ];
  for (const [blockId, offset, length] of ranges) {
    const r = await request(`${plane.url}/blocks/${blockId}?offset=${offset}&length=${length}`);
    const body = Buffer.from(await r.body.arrayBuffer());
    const what = `block ${blockId} [${offset}, +${length})`;
    assert.equal(r.statusCode, 200, what);
    assert.equal(r.headers['transfer-encoding'], undefined, what);
    // Only what a reader uses: the parser's work on a small read is mostly headers.
    assert.equal(r.headers.date, undefined, what);
    assert.equal(Number(r.headers['content-length']), body.length, what);
    const frames = decodeWholeBody(body);
    assert.ok(frames.every(verifyFrame), what);
    const replica = blockId === 7 ? data : small;
    const from = Number(r.headers['x-strata-chunk-offset']);
    const expected = readAnswerSize(offset, length, replica.length, chunk);
    assert.equal(frames.length, expected.frames, what);
    assert.ok(
      Buffer.concat(frames.map((f) => f.payload)).equals(
        replica.subarray(from, from + body.length - (frames.length + 1) * 8),
      ),
      what,
    );
  }
});
