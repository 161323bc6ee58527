/**
 * Small blocks written in batches (src/core/block-batch.ts, src/client/block-batcher.ts,
 * BlockHttpServer.writeBatch): the wire format refuses what is malformed; over real
 * HTTP on loopback, three dataservers' data planes pass a batch on as batches, each
 * block along its own pipeline, a block one hop refuses is stored nowhere and the rest
 * are unaffected; a hop without the batch endpoint (an older dataserver) gets the
 * blocks alone; the client's batcher sends what waited together, and single writes
 * to a server that has no batches.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { once } from 'node:events';
import { getGlobalDispatcher, request } from 'undici';
import { startDataPlane } from '../helpers/data-plane.js';
import { BlockBatcher } from '../../src/client/block-batcher.js';
import { pipelineOrder } from '../../src/client/pipeline-order.js';
import { crc32c } from '../../src/core/checksum.js';
import { encodeWholeBody } from '../../src/core/frames.js';
import {
  BLOCK_BATCH_PATH,
  MAX_BATCH_BLOCKS,
  decodeBlockBatch,
  encodeBlockBatch,
  sendBlockBatch,
  type BatchedBlock,
  type BatchedResult,
} from '../../src/core/block-batch.js';
import { ErrorCode, StrataError } from '../../src/core/errors.js';

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

function block(blockId: number, pipeline: string[], fill = blockId): BatchedBlock {
  const payload = Buffer.alloc(4096, fill);
  return {
    blockId,
    generation: 1,
    blockBytes: 64 * 1024,
    pipeline,
    media: [],
    body: encodeWholeBody([{ payload, crc: crc32c(payload) }]),
  };
}

async function dataPlane(name: string, maxConcurrentWrites = 16) {
  const plane = await startDataPlane(name, { maxConcurrentWrites });
  cleanups.push(() => plane.cleanup());
  return plane;
}

/** A plain HTTP server on loopback whose requests `handle` answers. */
async function fakeServer(
  handle: (req: http.IncomingMessage, body: Buffer, res: http.ServerResponse) => void,
) {
  const requests: { method: string; url: string; body: Buffer }[] = [];
  const server = http.createServer((req, res) => {
    const pieces: Buffer[] = [];
    req.on('data', (p: Buffer) => pieces.push(p));
    req.on('end', () => {
      const body = Buffer.concat(pieces);
      requests.push({ method: req.method!, url: req.url!, body });
      handle(req, body, res);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, requests };
}

function answer(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

test('a batch decodes to what was encoded; malformed ones are refused', () => {
  const blocks = [block(1, ['http://a:1']), block(2, [])];
  const decoded = decodeBlockBatch(encodeBlockBatch(blocks));
  assert.deepEqual(
    decoded.map((b) => ({ ...b, body: Buffer.from(b.body) })),
    blocks,
  );

  const refused = (body: Buffer, pattern: RegExp) =>
    assert.throws(
      () => decodeBlockBatch(body),
      (err: unknown) =>
        err instanceof StrataError &&
        err.code === ErrorCode.INVALID_ARGUMENT &&
        pattern.test(err.message),
    );
  const good = encodeBlockBatch(blocks);
  refused(Buffer.alloc(2), /no descriptor/);
  refused(Buffer.from([0, 0, 0, 200, 1, 2]), /descriptor length/);
  refused(Buffer.concat([Buffer.from([0, 0, 0, 3]), Buffer.from('{x]')]), /not JSON/);
  refused(good.subarray(0, good.length - 1), /shorter than its descriptor/);
  refused(Buffer.concat([good, Buffer.alloc(1)]), /longer than its descriptor/);
  const descriptor = (d: unknown) => {
    const json = Buffer.from(JSON.stringify(d));
    const head = Buffer.alloc(4);
    head.writeUInt32BE(json.length);
    return Buffer.concat([head, json]);
  };
  refused(descriptor([]), /must list 1 to 64 blocks/);
  const one = { id: 1, gen: 1, bytes: 0, pipeline: [], media: [], length: 1 };
  refused(descriptor(Array(MAX_BATCH_BLOCKS + 1).fill(one)), /must list 1 to 64 blocks/);
  refused(descriptor([one, { ...one, id: -1 }]), /block 1: bad id/);
  refused(descriptor([{ ...one, gen: 1.5 }]), /block 0: bad generation/);
  refused(descriptor([{ ...one, pipeline: [7] }]), /bad pipeline/);
  refused(descriptor([{ ...one, media: 'hdd' }]), /bad media/);
  refused(descriptor([{ ...one, length: 10 * 1024 * 1024 }]), /bad body length/);
  refused(descriptor({ blocks: [one] }), /must list/);
});

test('a batch goes down each pipeline as batches; a refused block is stored nowhere', async () => {
  const [a, b, c] = [await dataPlane('a'), await dataPlane('b'), await dataPlane('c')];
  const batcher = new BlockBatcher();
  const corrupt = block(13, [b.url, c.url]);
  corrupt.body.writeUInt32BE((corrupt.body.readUInt32BE(4) + 1) >>> 0, 4); // the chunk's CRC
  const results = await Promise.all([
    batcher.write(a.url, block(11, [b.url, c.url])),
    batcher.write(a.url, block(12, [c.url])),
    batcher.write(a.url, corrupt),
    batcher.write(a.url, block(14, [])),
  ]);
  assert.deepEqual(results[0], { storedOn: ['a', 'b', 'c'], length: 4096 });
  assert.deepEqual(results[1], { storedOn: ['a', 'c'], length: 4096 });
  assert.equal((results[2] as { code: string }).code, ErrorCode.DATA_LOSS);
  assert.match((results[2] as { message: string }).message, /checksum mismatch in block 13/);
  assert.deepEqual(results[3], { storedOn: ['a'], length: 4096 });
  assert.deepEqual([a.stored.sort(), b.stored, c.stored.sort()], [[11, 12, 14], [11], [11, 12]]);
  for (const plane of [a, b, c]) assert.equal(plane.store.get(13), undefined);
  // What was stored reads back.
  const r = await request(`${c.url}/blocks/12`);
  const bytes = Buffer.from(await r.body.arrayBuffer());
  assert.equal(r.statusCode, 200);
  assert.deepEqual(bytes.subarray(8, 8 + 4096), Buffer.alloc(4096, 12));

  // A malformed batch is refused whole, and the server goes on serving.
  const bad = await request(`${a.url}${BLOCK_BATCH_PATH}`, {
    method: 'POST',
    body: Buffer.from([0, 0, 0, 9, 1]),
  });
  assert.equal(bad.statusCode, 400);
  await bad.body.text();
  const again = await batcher.write(a.url, block(15, [b.url]));
  assert.deepEqual(again, { storedOn: ['a', 'b'], length: 4096 });
});

test('a batch is held to the writes and bytes a dataserver takes at once', async () => {
  const a = await dataPlane('a', 2);
  const results = await new BlockBatcher().write(a.url, block(61, [])).then(async (first) => {
    assert.deepEqual(first, { storedOn: ['a'], length: 4096 });
    return sendWhole(
      a.url,
      [62, 63, 64, 65].map((id) => block(id, [])),
    );
  });
  // Two writes at once: the first two blocks are taken, the others refused alone.
  assert.deepEqual(
    results.map((r) => ('code' in r ? r.code : r.storedOn.join())),
    ['a', 'a', ErrorCode.UNAVAILABLE, ErrorCode.UNAVAILABLE],
  );
  // Bodies held: at most twice 2 writes of 512 KiB, counting the copy passed on.
  const big = (id: number) => {
    const payload = Buffer.alloc(64 * 1024, id);
    const frame = { payload, crc: crc32c(payload) };
    return { ...block(id, []), blockBytes: 1 << 20, body: encodeWholeBody(Array(7).fill(frame)) };
  };
  const r = await request(`${a.url}${BLOCK_BATCH_PATH}`, {
    method: 'POST',
    body: encodeBlockBatch([big(66), big(67), big(68)]),
  });
  assert.equal(r.statusCode, 503);
  assert.match(await r.body.text(), /too many block bytes in flight/);
  assert.deepEqual(a.stored.sort(), [61, 62, 63]);
});

/** One batch straight to a data plane, without the batcher. */
async function sendWhole(url: string, blocks: BatchedBlock[]) {
  const r = await request(`${url}${BLOCK_BATCH_PATH}`, {
    method: 'POST',
    body: encodeBlockBatch(blocks),
  });
  assert.equal(r.statusCode, 200);
  return ((await r.body.json()) as { results: BatchedResult[] }).results;
}

test('a hop that hangs further down costs the batch only its own replicas', async () => {
  const [a, b] = [await dataPlane('a'), await dataPlane('b')];
  const hung = await fakeServer(() => undefined); // takes the batch, never answers
  const started = Date.now();
  // One batch to a, both blocks going on to b; block 71 then on to the hung server.
  const results = await sendBlockBatch(a.url, [block(71, [b.url, hung.url]), block(72, [b.url])], {
    dispatcher: getGlobalDispatcher(),
    timeoutMs: 3_000,
  });
  // Each hop waits less than the one before it, so b gives up on the hung server and
  // answers for what it stored before a gives up on b: neither block loses b.
  assert.deepEqual(results, [
    { storedOn: ['a', 'b'], length: 4096 },
    { storedOn: ['a', 'b'], length: 4096 },
  ]);
  assert.ok(Date.now() - started < 3_000, 'answered within the timeout of the sender');
  assert.equal(hung.requests.length, 1);
});

test('a next hop without batches gets the block alone', async () => {
  const a = await dataPlane('a');
  const older = await fakeServer((req, body, res) => {
    if (req.method === 'PUT' && req.url?.startsWith('/blocks/'))
      answer(res, 200, { storedOn: ['older'], length: body.length - 16 });
    else answer(res, 404, { code: 'NOT_FOUND', message: `no such endpoint: ${req.method}` });
  });
  const result = await new BlockBatcher().write(a.url, block(21, [older.url]));
  assert.deepEqual(result, { storedOn: ['a', 'older'], length: 4096 });
  assert.deepEqual(
    older.requests.map((r) => `${r.method} ${r.url}`),
    [`POST ${BLOCK_BATCH_PATH}`, 'PUT /blocks/21?gen=1'],
  );
});

test('the batcher sends what waited together, and nothing to a server without batches', async () => {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  const server = await fakeServer((_req, body, res) => {
    const blocks = decodeBlockBatch(body);
    const results = blocks.map((b) =>
      b.blockId === 35
        ? { code: 'RESOURCE_EXHAUSTED', message: 'full' }
        : { storedOn: ['s'], length: 4096 },
    );
    // The first batch is answered only once the others are queued.
    void (blocks[0]!.blockId === 31 ? held : Promise.resolve()).then(() =>
      answer(res, 200, { results }),
    );
  });
  const batcher = new BlockBatcher({ maxInFlightPerServer: 1 });
  const writes = [31, 32, 33, 34, 35].map((id) => batcher.write(server.url, block(id, [])));
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(server.requests.length, 1, 'one batch under way, the rest waiting');
  release();
  const results = await Promise.all(writes);
  assert.deepEqual(
    server.requests.map((r) => decodeBlockBatch(r.body).map((b) => b.blockId)),
    [[31], [32, 33, 34, 35]],
  );
  assert.deepEqual(results[1], { storedOn: ['s'], length: 4096 });
  assert.deepEqual(results[4], { code: 'RESOURCE_EXHAUSTED', message: 'full' });

  const failing = await fakeServer((_req, _body, res) => answer(res, 503, { message: 'busy' }));
  await assert.rejects(batcher.write(failing.url, block(41, [])), /busy/);

  const garbled = await fakeServer((_req, _body, res) =>
    answer(res, 200, { results: [{ storedOn: 's', length: 1 }] }),
  );
  await assert.rejects(batcher.write(garbled.url, block(42, [])), /malformed answer/);

  const older = await fakeServer((req, _body, res) =>
    answer(res, 404, { code: 'NOT_FOUND', message: `no such endpoint: ${req.method}` }),
  );
  assert.equal(await batcher.write(older.url, block(51, [])), null);
  assert.equal(await batcher.write(older.url, block(52, [])), null);
  assert.equal(older.requests.length, 1, 'asked once, then left alone');
  // ... until the retry time has passed: then a batch is tried again.
  const retrying = new BlockBatcher({ batchlessRetryMs: 100 });
  assert.equal(await retrying.write(older.url, block(53, [])), null);
  assert.equal(await retrying.write(older.url, block(54, [])), null);
  await new Promise((resolve) => setTimeout(resolve, 150));
  assert.equal(await retrying.write(older.url, block(55, [])), null);
  assert.equal(older.requests.length, 3);
});

test("a client sends a set of servers' small blocks down one pipeline; clients differ", () => {
  const servers = ['ds-a', 'ds-b', 'ds-c', 'ds-d'].map((id) => ({ id, dataUrl: `http://${id}` }));
  const batcher = new BlockBatcher({ rankSeed: 7 });
  const orders = new Set<string>();
  // The same three servers, handed over in every order, each with its own medium.
  const set = servers.slice(0, 3);
  const mediumOf: Record<string, string> = { 'ds-a': 'nvme', 'ds-b': 'hdd', 'ds-c': 'hdd' };
  for (const given of [
    [0, 1, 2],
    [2, 1, 0],
    [1, 0, 2],
    [0, 2, 1],
    [2, 0, 1],
    [1, 2, 0],
  ]) {
    const locations = given.map((i) => set[i]!);
    const { locations: ordered, media } = batcher.pipelineOrder(
      locations,
      locations.map((l) => mediumOf[l.id]!),
    );
    assert.deepEqual(
      ordered.map((l) => l.id).sort(),
      ['ds-a', 'ds-b', 'ds-c'],
      'the same servers, each once',
    );
    assert.deepEqual(
      media,
      ordered.map((l) => mediumOf[l.id]),
      'each medium stays with its server',
    );
    orders.add(ordered.map((l) => l.id).join(','));
  }
  assert.equal(orders.size, 1, 'one order for the set, whatever order it came in');
  // Without media (any medium), none are made up.
  assert.deepEqual(batcher.pipelineOrder(set, []).media, []);

  // Many clients (seeds): each server leads some clients' pipelines, so first hops spread.
  const firsts = new Map<string, number>();
  for (let seed = 1; seed <= 200; seed++) {
    const first = pipelineOrder(seed, servers, []).locations[0]!.id;
    firsts.set(first, (firsts.get(first) ?? 0) + 1);
  }
  assert.equal(firsts.size, 4, `first hops: ${JSON.stringify([...firsts])}`);
  for (const [id, n] of firsts) assert.ok(n >= 20, `${id} leads ${n} of 200 clients`);
});
