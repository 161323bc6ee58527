/**
 * Small reads in one request (src/core/read-batch.ts): over real HTTP on loopback, a
 * dataserver answers each range of a batch with the very bytes a single GET of it
 * answers, and a range it cannot read with its own error, without failing the
 * others; a malformed batch is refused whole and the server goes on serving. The
 * client's ReadBatcher gathers concurrent reads to one server into few requests, and
 * gives a server without the endpoint (an older dataserver) back to single reads.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import {
  MAX_BATCHED_RANGE_BYTES,
  MAX_READ_BATCH_RANGES,
  decodeReadBatch,
  decodeReadBatchAnswer,
  encodeReadBatch,
  encodeReadBatchDescriptor,
} from '../../src/core/read-batch.js';
import { ReadBatcher } from '../../src/client/read-batcher.js';
import { ServerQueues } from '../../src/client/server-queues.js';
import { readSmallRange, type ReplicaFailure } from '../../src/client/block-reader.js';
import { seededBytes } from '../helpers/data.js';
import { putReplica } from '../helpers/replicas.js';
import { startDataPlane } from '../helpers/data-plane.js';

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

test('a read batch request round-trips, and a malformed one is refused', () => {
  const ranges = [
    { blockId: 7, offset: 0, length: 4096 },
    { blockId: 9, offset: 100, length: 0 },
  ];
  assert.deepEqual(decodeReadBatch(encodeReadBatch(ranges)), ranges);
  const refused = (body: string) => assert.throws(() => decodeReadBatch(Buffer.from(body)));
  refused('not json');
  refused('[]');
  refused('{"id": 1}');
  refused('[{"id": 0, "offset": 0, "length": 1}]');
  refused('[{"id": 1, "offset": -1, "length": 1}]');
  refused('[{"id": 1, "offset": 0.5, "length": 1}]');
  refused(`[{"id": 1, "offset": 0, "length": ${MAX_BATCHED_RANGE_BYTES + 1}}]`);
  refused(JSON.stringify(Array(MAX_READ_BATCH_RANGES + 1).fill({ id: 1, offset: 0, length: 1 })));
});

test('a read batch answer splits into its ranges, and one that does not add up is refused', () => {
  const ranges = [
    { blockId: 7, offset: 0, length: 5 },
    { blockId: 9, offset: 0, length: 5 },
    { blockId: 7, offset: 65537, length: 1 },
  ];
  const answerOf = (first = { id: 7, offset: 0 }, code = 'NOT_FOUND') =>
    Buffer.concat([
      ...encodeReadBatchDescriptor([
        { ...first, gen: 3, chunkOffset: 0, bytes: 5 },
        { id: 9, offset: 0, code: code as 'NOT_FOUND', message: 'block 9 is not here' },
        { id: 7, offset: 65537, gen: 1, chunkOffset: 65536, bytes: 2 },
      ]),
      Buffer.from('abcde'),
      Buffer.from('xy'),
    ]);
  const answer = answerOf();
  const results = decodeReadBatchAnswer(answer, ranges);
  assert.deepEqual(results[0], { generation: 3, chunkOffset: 0, body: Buffer.from('abcde') });
  assert.deepEqual(results[1], { code: 'NOT_FOUND', message: 'block 9 is not here' });
  assert.deepEqual(results[2], { generation: 1, chunkOffset: 65536, body: Buffer.from('xy') });
  assert.throws(() => decodeReadBatchAnswer(answer, ranges.slice(0, 2)), /expected 2 answers/);
  assert.throws(() => decodeReadBatchAnswer(answer.subarray(0, answer.length - 1), ranges));
  assert.throws(() => decodeReadBatchAnswer(Buffer.concat([answer, Buffer.from('!')]), ranges));
  assert.throws(() => decodeReadBatchAnswer(Buffer.from([0, 0, 1]), ranges));
  // An answer for another block, or another place in it, never reaches the reader.
  assert.throws(() => decodeReadBatchAnswer(answerOf({ id: 8, offset: 0 }), ranges), /not for/);
  assert.throws(() => decodeReadBatchAnswer(answerOf({ id: 7, offset: 1 }), ranges), /not for/);
  assert.throws(() => decodeReadBatchAnswer(answerOf(undefined, 'BOGUS'), ranges), /unknown/);
});

test('a dataserver answers each range of a batch as a single read answers it', async () => {
  // From disk (no memory pool) and from the pool, replicas with files of their own and needles.
  for (const cacheBytes of [0, 64 * 1024 * 1024]) {
    const plane = await startDataPlane('read-batch', { smallReplicaBytes: 64 * 1024, cacheBytes });
    cleanups.push(() => plane.cleanup());
    const chunk = plane.store.chunkSizeBytes;
    const large = seededBytes(3 * chunk + 123, 5);
    await putReplica(plane.store, 7, 1, large);
    await putReplica(plane.store, 8, 1, seededBytes(4096, 6));
    const ranges = [
      { blockId: 8, offset: 0, length: 4096 },
      { blockId: 7, offset: chunk - 1, length: 2 },
      { blockId: 404, offset: 0, length: 10 },
      { blockId: 7, offset: large.length, length: 10 },
      { blockId: 8, offset: 100, length: 50 },
    ];
    for (let round = 0; round < 2; round++) {
      const r = await request(`${plane.url}/read-batch`, {
        method: 'POST',
        body: encodeReadBatch(ranges),
      });
      const answer = Buffer.from(await r.body.arrayBuffer());
      assert.equal(r.statusCode, 200);
      assert.equal(Number(r.headers['content-length']), answer.length);
      const results = decodeReadBatchAnswer(answer, ranges);
      for (const [i, range] of ranges.entries()) {
        const what = `cache ${cacheBytes}, round ${round}, range ${i}`;
        const single = await request(
          `${plane.url}/blocks/${range.blockId}?offset=${range.offset}&length=${range.length}`,
        );
        const body = Buffer.from(await single.body.arrayBuffer());
        const result = results[i]!;
        if (single.statusCode !== 200) {
          assert.equal(single.statusCode, 404, what);
          assert.ok('code' in result && result.code === 'NOT_FOUND', what);
          continue;
        }
        assert.ok('body' in result, what);
        assert.ok(result.body.equals(body), what);
        assert.equal(result.generation, Number(single.headers['x-strata-generation']), what);
        assert.equal(result.chunkOffset, Number(single.headers['x-strata-chunk-offset']), what);
      }
    }
  }
});

test('a malformed read batch is refused whole, and the dataserver goes on serving', async () => {
  const plane = await startDataPlane('read-batch-bad');
  cleanups.push(() => plane.cleanup());
  await putReplica(plane.store, 8, 1, seededBytes(4096, 6));
  // Malformed: INVALID_ARGUMENT (400); over the size a read batch may declare:
  // RESOURCE_EXHAUSTED (507).
  const refused: [string, number][] = [
    ['[', 400],
    ['[{"id": 8, "offset": 0, "length": 1048576}]', 400],
    ['x'.repeat(20_000), 507],
  ];
  for (const [body, status] of refused) {
    const r = await request(`${plane.url}/read-batch`, { method: 'POST', body });
    const text = await r.body.text();
    assert.equal(r.statusCode, status, text);
    assert.match(text, /read batch/);
  }
  const good = await request(`${plane.url}/read-batch`, {
    method: 'POST',
    body: encodeReadBatch([{ blockId: 8, offset: 0, length: 4096 }]),
  });
  const [result] = decodeReadBatchAnswer(Buffer.from(await good.body.arrayBuffer()), [
    { blockId: 8, offset: 0, length: 4096 },
  ]);
  assert.ok(result && 'body' in result && result.body.length > 4096);
});

test('concurrent reads to one dataserver go in few batches, each answered on its own', async () => {
  const plane = await startDataPlane('read-batcher', { smallReplicaBytes: 64 * 1024 });
  cleanups.push(() => plane.cleanup());
  for (let id = 1; id <= 40; id++) await putReplica(plane.store, id, 1, seededBytes(1000 + id, id));
  // Count the requests on their way in, through a pass-through proxy of our own.
  const requests: string[] = [];
  const proxy = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url?.split('?')[0]}`);
    const upstream = http.request(
      `${plane.url}${req.url}`,
      { method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => proxy.close(() => resolve())));
  const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  const batcher = new ReadBatcher();
  const results = await Promise.all(
    Array.from({ length: 41 }, (_, i) =>
      batcher.read(url, { blockId: i + 1, offset: 0, length: 4096 }),
    ),
  );
  // The first alone, as a plain GET; the 40 that waited meanwhile in one batch.
  assert.deepEqual(requests, ['GET /blocks/1', 'POST /read-batch'], requests.join(', '));
  for (const [i, result] of results.entries()) {
    if (i === 40) {
      assert.ok(result && 'code' in result && result.code === 'NOT_FOUND');
      continue;
    }
    assert.ok(result && 'body' in result, `read ${i}`);
    assert.equal(result.generation, 1);
  }
});

test('a dataserver without the read batch endpoint gets single reads', async () => {
  // An older dataserver: it knows no /read-batch.
  let batches = 0;
  const older = http.createServer((req, res) => {
    if (req.url === '/read-batch') batches++;
    req.resume();
    res.writeHead(404).end('no such endpoint');
  });
  await new Promise<void>((resolve) => older.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => older.close(() => resolve())));
  const url = `http://127.0.0.1:${(older.address() as AddressInfo).port}`;
  const batcher = new ReadBatcher();
  const range = (blockId: number) => ({ blockId, offset: 0, length: 10 });
  // The first goes alone (a GET, refused here too); the two that waited meanwhile go
  // as a batch, and are handed back (null) to be read alone.
  const results = await Promise.all([1, 2, 3].map((id) => batcher.read(url, range(id))));
  assert.ok(results[0] && 'code' in results[0] && results[0].code === 'NOT_FOUND');
  assert.deepEqual(results.slice(1), [null, null]);
  assert.equal(await batcher.read(url, range(4)), null);
  assert.equal(batches, 1, 'asked once, then remembered');
});

test('a batch that stalls does not hold back the reads queued behind it', async () => {
  const sent: number[][] = [];
  const queues = new ServerQueues<number, number>({
    maxInFlight: 1,
    stallMs: 50,
    batchSize: (queue) => queue.length,
    // The first batch never comes back; the others are answered at once.
    send: (_url, items) => {
      sent.push(items);
      return sent.length === 1 ? new Promise(() => undefined) : Promise.resolve(items);
    },
  });
  void queues.add('x', 1);
  const behind = await Promise.all([queues.add('x', 2), queues.add('x', 3)]);
  assert.deepEqual(behind, [2, 3]);
  assert.deepEqual(sent, [[1], [2, 3]]);
});

test('a batched read falls back to the next replica, and reports a wrong one as corrupt', async () => {
  // Three servers: one without the block, one with another generation, one right.
  const planes = await Promise.all(
    ['missing', 'stale', 'right'].map((name) =>
      startDataPlane(`read-batch-${name}`, { smallReplicaBytes: 64 * 1024 }),
    ),
  );
  for (const plane of planes) cleanups.push(() => plane.cleanup());
  const data = seededBytes(5000, 9);
  await putReplica(planes[1]!.store, 21, 1, seededBytes(5000, 10));
  await putReplica(planes[2]!.store, 21, 2, data);
  const failures: ReplicaFailure[] = [];
  const block = {
    blockId: 21,
    generation: 2,
    length: data.length,
    locations: planes.map((p, i) => ({ id: `ds${i}`, dataUrl: p.url })),
  } as unknown as Parameters<typeof readSmallRange>[0];
  const pieces = await readSmallRange(block, 100, 4100, {
    batcher: new ReadBatcher(),
    onReplicaFailure: (_id, failure) => failures.push(failure),
  });
  assert.ok(Buffer.concat(pieces).equals(data.subarray(100, 4100)));
  assert.deepEqual(
    failures.map((f) => [f.dataserverId, f.corrupt]),
    [
      ['ds0', false],
      ['ds1', true],
    ],
  );
  assert.match(failures[0]!.reason, /not here/);
  assert.match(failures[1]!.reason, /generation 1, expected 2/);
});
