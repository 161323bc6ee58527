/**
 * The Batch call against a real nameserver process: concurrent calls of one client
 * share gRPC calls, each still gets its own answer or error, a retried request id in
 * a batch is answered rather than applied twice, and a bad batch is refused whole
 * while the nameserver keeps serving (I-6).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { TestCluster } from '../helpers/cluster.js';
import { ErrorCode, StrataError } from '../../src/core/errors.js';
import { channelOptions, strataProto } from '../../src/rpc/proto.js';
import { unaryCall } from '../../src/rpc/unary-call.js';
import { SeqStream } from '../../src/rpc/seq-stream.js';
import type { BatchRequest } from '../../src/rpc/generated/strata/v1/BatchRequest.js';
import type { BatchResponse__Output } from '../../src/rpc/generated/strata/v1/BatchResponse.js';

let cluster: TestCluster;

before(async () => {
  cluster = await TestCluster.start({ dataservers: 1, replication: 1 });
});
after(async () => {
  await cluster.destroy();
});

async function listPaths(path: string): Promise<string[]> {
  const paths: string[] = [];
  for await (const status of cluster.client().list(path)) paths.push(status.path);
  return paths;
}

const definitions = strataProto().strata.v1.NameService;

/** A NameService client of the cluster's nameserver, without the library's batching. */
function rawNameService(): grpc.Client {
  return new definitions(
    cluster.nameserverAddress,
    grpc.credentials.createInsecure(),
    channelOptions,
  );
}

function serialize(method: string, request: object): Buffer {
  return (definitions.service[method as 'Mkdir'].requestSerialize as (r: object) => Buffer)(
    request,
  );
}

function errorCodeOf(err: unknown): ErrorCode | undefined {
  return err instanceof StrataError ? err.code : undefined;
}

test('200 concurrent mkdirs from one client share few gRPC calls, and all of them land', async () => {
  const client = cluster.client({ maxCallsInFlight: 1 });
  await Promise.all(
    Array.from({ length: 200 }, (_, i) =>
      client.mkdir(`/many/d${i % 10}/e${i}`, { parents: true }),
    ),
  );
  const stats = client.nameserver.batchingStats();
  assert.ok(stats.batches > 0, 'some calls went out in batches');
  assert.ok(stats.roundTrips < 100, `200 calls in ${stats.roundTrips} round trips`);
  const listed = await Promise.all(Array.from({ length: 10 }, (_, d) => listPaths(`/many/d${d}`)));
  assert.equal(listed.flat().length, 200);
});

test('each call of a batch gets its own answer: a bad path, a missing file and good calls side by side', async () => {
  const client = cluster.client({ maxCallsInFlight: 1 });
  await client.mkdir('/mixed', { parents: true });
  const outcomes = await Promise.allSettled([
    client.mkdir('/mixed/a'),
    client.mkdir('/mixed/bad\0name'),
    client.stat('/mixed/missing'),
    client.mkdir('/mixed/b'),
    client.mkdir('/mixed/a'),
    client.stat('/mixed'),
  ]);
  const codes = outcomes.map((o) => (o.status === 'fulfilled' ? 'ok' : errorCodeOf(o.reason)));
  assert.deepEqual(codes, [
    'ok',
    ErrorCode.INVALID_ARGUMENT,
    ErrorCode.NOT_FOUND,
    'ok',
    ErrorCode.ALREADY_EXISTS,
    'ok',
  ]);
  assert.ok(client.nameserver.batchingStats().batches > 0, 'the calls shared a batch');
  assert.deepEqual(await listPaths('/mixed'), ['/mixed/a', '/mixed/b']);
});

test('I-6: a raw Batch with a retried request id, a call it may not carry, bad bytes, or too many calls', async () => {
  const raw = rawNameService();
  const batch = (calls: { method: string; request: Buffer; requestId?: string }[]) =>
    unaryCall<BatchResponse__Output>(raw, 'Batch', { calls }, 10_000);
  try {
    // The same create twice under one request id (a client's retry): one file, two answers.
    const create = serialize('Create', {
      path: '/raw/once',
      clientName: 'raw-client',
      replication: 1,
      createParents: true,
    });
    const twice = await batch([
      { method: 'Create', request: create, requestId: 'retry-1' },
      { method: 'Create', request: create, requestId: 'retry-1' },
    ]);
    assert.deepEqual(
      twice.results.map((r) => r.code),
      [grpc.status.OK, grpc.status.OK],
    );

    // Admin calls do not ride in batches; garbage does not decode. Neither changes anything.
    const refused = await batch([
      { method: 'Failover', request: Buffer.alloc(0) },
      { method: 'Mkdir', request: Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f]) },
      { method: 'Mkdir', request: serialize('Mkdir', { path: '/raw/fine' }) },
    ]);
    assert.deepEqual(
      refused.results.map((r) => r.code),
      [grpc.status.INVALID_ARGUMENT, grpc.status.INVALID_ARGUMENT, grpc.status.OK],
    );
    assert.match(refused.results[0]!.message, /not a call a batch may carry: Failover/);

    const tooMany = Array.from({ length: 257 }, (_, i) => ({
      method: 'Mkdir',
      request: serialize('Mkdir', { path: `/raw/too-many-${i}` }),
    }));
    await assert.rejects(batch(tooMany), (err: unknown) => {
      assert.equal(errorCodeOf(err), ErrorCode.INVALID_ARGUMENT);
      assert.match(String((err as Error).message), /at most 256 calls, not 257/);
      return true;
    });

    const client = cluster.client();
    assert.deepEqual(await listPaths('/raw'), ['/raw/fine', '/raw/once']);
    assert.equal((await client.stat('/raw/once')).type, 'FILE_TYPE_FILE');
  } finally {
    raw.close();
  }
});

for (const streams of [true, false]) {
  test(`the calls of a batch refused by a standby all move on to the active together (${streams ? 'on the Calls stream' : 'a standby without the Calls stream: unary Batch'})`, async () => {
    // A stand-in standby that refuses every call as NOT_ACTIVE, listed first.
    const standby = new grpc.Server();
    const details = 'fake-standby is not the active nameserver';
    const refuse = (_call: unknown, callback: grpc.sendUnaryData<unknown>) =>
      callback({ code: grpc.status.ABORTED, details });
    const refuseStreamed = (stream: grpc.ServerDuplexStream<{ seq: number }, object>) => {
      stream.on('data', ({ seq }) =>
        stream.write({ seq, code: grpc.status.ABORTED, message: details }),
      );
      stream.on('end', () => stream.end());
    };
    standby.addService(definitions.service, {
      Batch: refuse,
      Mkdir: refuse,
      ...(streams ? { Calls: refuseStreamed } : {}),
    });
    const port = await new Promise<number>((resolve, reject) =>
      standby.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) =>
        err ? reject(err) : resolve(p),
      ),
    );
    const attempts: number[] = [];
    try {
      const client = cluster.client({
        nameservers: [`127.0.0.1:${port}`, cluster.nameserverAddress],
        maxCallsInFlight: 1,
        failoverTimeoutMs: 5_000,
        onNameServerAnswer: (answer) => attempts.push(answer.attempts),
      });
      // 16 calls made at once go out as one batch to the first address and fail together;
      // each then moves past it once (16 steps of a shared index would land back on it).
      const dir = streams ? '/moved' : '/moved-unary';
      await Promise.all(
        Array.from({ length: 16 }, (_, i) => client.mkdir(`${dir}/d${i}`, { parents: true })),
      );
      assert.equal((await listPaths(dir)).length, 16);
      assert.deepEqual(attempts, Array(16).fill(2), 'each call: the standby, then the active');
    } finally {
      standby.forceShutdown();
    }
  });
}

test('I-6: on a raw Calls stream, a retried request id is answered once applied, and a batch of too many calls is refused alone', async () => {
  const raw = rawNameService();
  const calls = new SeqStream<BatchRequest, BatchResponse__Output>(raw, 'Calls');
  try {
    await cluster.client().mkdir('/streamed');
    // Without `parents`: a second mkdir of it would be ALREADY_EXISTS but for its request id.
    const mkdir = serialize('Mkdir', { path: '/streamed/once', parents: false });
    const tooMany = Array.from({ length: 257 }, (_, i) => ({
      method: 'Mkdir',
      request: serialize('Mkdir', { path: `/streamed/too-many-${i}` }),
      requestId: '',
    }));
    const once = { method: 'Mkdir', request: mkdir, requestId: 'stream-retry-1' };
    const [first, refused, retried] = await Promise.allSettled([
      calls.send({ calls: [once] }, 10_000, 'Mkdir'),
      calls.send({ calls: tooMany }, 10_000, 'Batch'),
      calls.send({ calls: [once] }, 10_000, 'Mkdir'),
    ]);
    assert.ok(first.status === 'fulfilled' && retried.status === 'fulfilled');
    assert.equal(first.value.results[0]!.code, grpc.status.OK);
    assert.equal(retried.value.results[0]!.code, grpc.status.OK, 'answered, not ALREADY_EXISTS');
    assert.equal(refused.status, 'rejected');
    assert.equal(errorCodeOf(refused.reason), ErrorCode.INVALID_ARGUMENT);
    assert.match(String((refused.reason as Error).message), /at most 256 calls, not 257/);
    assert.deepEqual(await listPaths('/streamed'), ['/streamed/once']);
  } finally {
    calls.close();
    raw.close();
  }
});
