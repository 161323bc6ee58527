/**
 * The Calls stream (a sequenced stream) between a real grpc-js client and server on
 * loopback: the server's serveCallStream with stand-in methods, the client's
 * SeqStream. Answers find their batch by seq in any order; a batch with no answer
 * fails in time, alone while the stream answers others, and the next batch after a
 * silent stream opens a new one; an idle stream is closed; a stream's running
 * batches and its answers' size are bounded; a draining server ends its streams
 * once their batches are answered; a server without the method is told apart (I-6).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { pino } from 'pino';
import { ErrorCode, StrataError, notFound } from '../../src/core/errors.js';
import { Limits } from '../../src/core/limits.js';
import { strataProto, channelOptions } from '../../src/rpc/proto.js';
import { serveCallStream, type BatchMethod } from '../../src/rpc/batch-server.js';
import { SeqStream, SeqStreamUnsupported, type ServedSeqStream } from '../../src/rpc/seq-stream.js';
import type { BatchRequest } from '../../src/rpc/generated/strata/v1/BatchRequest.js';
import type { BatchResponse__Output } from '../../src/rpc/generated/strata/v1/BatchResponse.js';

const service = strataProto().strata.v1.NameService;
const definitions = service.service;

/** Stat answers with the path it was asked for; '/hang' waits until released. */
const hanging: (() => void)[] = [];
let openStreams = 0;
const served = new Set<ServedSeqStream>();
const methods = new Map<string, BatchMethod>([
  [
    'Stat',
    {
      definition: definitions.Stat as unknown as BatchMethod['definition'],
      fn: async (request) => {
        const { path } = request as { path: string };
        if (path === '/hang') await new Promise<void>((resolve) => hanging.push(resolve));
        if (path.startsWith('/missing')) throw notFound(`no such path: ${path}`);
        if (path.startsWith('/slow')) await new Promise((resolve) => setTimeout(resolve, 50));
        // An answer of about 1 MiB: five of them do not fit in one 4 MiB message.
        if (path.startsWith('/big')) return { status: { path: path + 'x'.repeat(1 << 20) } };
        if (path === '/huge') return { status: { path: path + 'x'.repeat(3_900_000) } };
        return { status: { path } };
      },
    },
  ],
]);

let server: grpc.Server;
let address: string;
before(async () => {
  server = new grpc.Server();
  server.addService(definitions, {
    Calls: ((stream: Parameters<typeof serveCallStream>[0]) => {
      openStreams++;
      stream.on('close', () => openStreams--);
      serveCallStream(stream, methods, pino({ level: 'silent' }), served);
    }) as grpc.handleBidiStreamingCall<unknown, unknown>,
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  address = `127.0.0.1:${port}`;
});
after(() => server.forceShutdown());

function newClient(at = address): grpc.Client {
  return new service(at, grpc.credentials.createInsecure(), channelOptions);
}

/** Runs `fn` with a SeqStream of the Calls method; afterwards releases hung stats and closes. */
async function withStream(
  fn: (calls: SeqStream<BatchRequest, BatchResponse__Output>) => Promise<void>,
  idleCloseMs?: number,
): Promise<void> {
  const client = newClient();
  const calls = new SeqStream<BatchRequest, BatchResponse__Output>(client, 'Calls', idleCloseMs);
  try {
    await fn(calls);
  } finally {
    for (const release of hanging.splice(0)) release();
    calls.close();
    client.close();
  }
}

const stat = (path: string) => ({
  method: 'Stat',
  request: (definitions.Stat.requestSerialize as (r: object) => Buffer)({ path }),
  requestId: '',
});

function statusPath(answer: BatchResponse__Output, i: number): string {
  const result = answer.results[i]!;
  assert.equal(result.code, grpc.status.OK, result.message);
  const response = definitions.Stat.responseDeserialize(result.response) as {
    status: { path: string };
  };
  return response.status.path;
}

async function until(condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test('answers find their batch by seq, in any order; each call of a batch gets its own', async () => {
  await withStream(async (calls) => {
    const finished: string[] = [];
    const slow = calls
      .send({ calls: [stat('/slow-a'), stat('/missing')] }, 5_000, 'Batch')
      .then((a) => {
        finished.push('slow');
        return a;
      });
    const fast = calls.send({ calls: [stat('/fast-b')] }, 5_000, 'Stat').then((a) => {
      finished.push('fast');
      return a;
    });
    const [a, b] = await Promise.all([slow, fast]);
    assert.deepEqual(finished, ['fast', 'slow'], 'the later batch was answered first');
    assert.equal(statusPath(a, 0), '/slow-a');
    assert.equal(a.results[1]!.code, grpc.status.NOT_FOUND);
    assert.match(a.results[1]!.message, /no such path: \/missing/);
    assert.equal(statusPath(b, 0), '/fast-b');
    assert.equal(openStreams, 1, 'both went on one stream');
  });
});

test('a batch with no answer fails with UNAVAILABLE in time, and the next batch opens a new stream', async () => {
  await withStream(async (calls) => {
    const started = Date.now();
    await assert.rejects(calls.send({ calls: [stat('/hang')] }, 200, 'Stat'), (err: unknown) => {
      assert.ok(err instanceof StrataError);
      assert.equal(err.code, ErrorCode.UNAVAILABLE);
      assert.match(err.message, /Stat: no answer within 200 ms/);
      return true;
    });
    assert.ok(Date.now() - started < 2_000);
    const answer = await calls.send({ calls: [stat('/after')] }, 5_000, 'Stat');
    assert.equal(statusPath(answer, 0), '/after');
  });
});

test('a stream with nothing outstanding is closed after its idle time, at both ends', async () => {
  await until(() => openStreams === 0, 5_000);
  await withStream(async (calls) => {
    await calls.send({ calls: [stat('/one')] }, 5_000, 'Stat');
    assert.equal(openStreams, 1);
    await until(() => openStreams === 0, 5_000);
    // A batch after that opens a stream again.
    assert.equal(statusPath(await calls.send({ calls: [stat('/two')] }, 5_000, 'Stat'), 0), '/two');
  }, 100);
});

test(`I-6: a stream runs at most ${Limits.maxStreamedBatches} batches at once; one more is refused whole, the rest are answered`, async () => {
  await withStream(async (calls) => {
    const running = Array.from({ length: Limits.maxStreamedBatches }, () =>
      calls.send({ calls: [stat('/hang')] }, 10_000, 'Stat'),
    );
    await until(() => hanging.length === Limits.maxStreamedBatches, 5_000);
    await assert.rejects(
      calls.send({ calls: [stat('/one-more')] }, 10_000, 'Stat'),
      (err: unknown) => {
        assert.ok(err instanceof StrataError);
        assert.equal(err.code, ErrorCode.RESOURCE_EXHAUSTED);
        assert.match(err.message, /at most 64 requests run at once on a stream/);
        return true;
      },
    );
    for (const release of hanging.splice(0)) release();
    const answers = await Promise.all(running);
    assert.equal(answers.length, Limits.maxStreamedBatches);
    for (const answer of answers) assert.equal(statusPath(answer, 0), '/hang');
    // Once they are done, the stream takes batches again.
    assert.equal(
      statusPath(await calls.send({ calls: [stat('/again')] }, 5_000, 'Stat'), 0),
      '/again',
    );
  });
});

test('a server without the Calls method is told apart (SeqStreamUnsupported), and the stream is tried again later; a server gone fails the batch', async () => {
  const bare = new grpc.Server();
  bare.addService(definitions, {});
  const port = await new Promise<number>((resolve, reject) =>
    bare.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  const client = newClient(`127.0.0.1:${port}`);
  const calls = new SeqStream<BatchRequest, BatchResponse__Output>(client, 'Calls', 2_000, 200);
  try {
    assert.equal(calls.available, true);
    await assert.rejects(calls.send({ calls: [stat('/x')] }, 5_000, 'Stat'), SeqStreamUnsupported);
    assert.equal(calls.available, false, 'callers use unary calls for a while');
    await until(() => calls.available, 5_000);
    bare.forceShutdown();
    await assert.rejects(calls.send({ calls: [stat('/y')] }, 5_000, 'Stat'), (err: unknown) => {
      assert.ok(err instanceof StrataError);
      assert.equal(err.code, ErrorCode.UNAVAILABLE);
      return true;
    });
  } finally {
    calls.close();
    client.close();
    bare.forceShutdown();
  }
});

test('a batch with no answer fails alone while the stream keeps answering others', async () => {
  await withStream(async (calls) => {
    const patient = calls.send({ calls: [stat('/hang')] }, 10_000, 'Stat');
    const impatient = calls.send({ calls: [stat('/hang')] }, 300, 'Stat');
    let pinging = true;
    const pings = (async () => {
      while (pinging) {
        await calls.send({ calls: [stat('/ping')] }, 5_000, 'Stat');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    await assert.rejects(impatient, /no answer within 300 ms/);
    pinging = false;
    await pings;
    for (const release of hanging.splice(0)) release();
    assert.equal(statusPath(await patient, 0), '/hang', 'the other batch on the stream lived on');
  });
});

test('answers too large for one message: the largest read-only ones are refused each, the rest arrive', async () => {
  await withStream(async (calls) => {
    const paths = ['/big-1', '/small', '/big-2', '/big-3', '/big-4', '/big-5'];
    const answer = await calls.send({ calls: paths.map(stat) }, 10_000, 'Batch');
    const codes = answer.results.map((r) => r.code);
    assert.equal(codes.filter((c) => c === grpc.status.RESOURCE_EXHAUSTED).length, 2, `${codes}`);
    assert.equal(statusPath(answer, 1), '/small');
    for (const r of answer.results.filter((r) => r.code !== grpc.status.OK))
      assert.match(r.message, /the answers of this batch outgrew \d+ bytes: send Stat alone/);
    // The stream survived: the next batch is answered on it.
    assert.equal(
      statusPath(await calls.send({ calls: [stat('/after')] }, 5_000, 'Stat'), 0),
      '/after',
    );
  });
});

test('a draining server answers what is under way, refuses new batches (UNAVAILABLE) and ends the stream', async () => {
  await until(() => openStreams === 0, 5_000);
  await withStream(async (calls) => {
    const underWay = calls.send({ calls: [stat('/hang')] }, 10_000, 'Stat');
    await until(() => hanging.length === 1 && served.size === 1, 5_000);
    for (const stream of served) stream.drain();
    await assert.rejects(calls.send({ calls: [stat('/late')] }, 5_000, 'Stat'), (err: unknown) => {
      assert.ok(err instanceof StrataError);
      assert.equal(err.code, ErrorCode.UNAVAILABLE);
      assert.match(err.message, /the server is stopping/);
      return true;
    });
    assert.equal(openStreams, 1, 'the stream waits for the batch under way');
    for (const release of hanging.splice(0)) release();
    assert.equal(statusPath(await underWay, 0), '/hang');
    await until(() => openStreams === 0 && served.size === 0, 5_000);
  });
});

test('a stream whose last request timed out alone is still closed when idle', async () => {
  await until(() => openStreams === 0, 5_000);
  await withStream(async (calls) => {
    const impatient = assert.rejects(
      calls.send({ calls: [stat('/hang')] }, 300, 'Stat'),
      /no answer within 300 ms/,
    );
    const started = Date.now();
    while (Date.now() - started < 500) {
      await calls.send({ calls: [stat('/ping')] }, 5_000, 'Stat');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await impatient;
    // Nothing is outstanding now: the client half-closes the stream, and the server
    // ends it once the request it still runs is done.
    for (const release of hanging.splice(0)) release();
    await until(() => openStreams === 0, 5_000);
  }, 100);
});

test('error messages count toward the size of an answer: a large answer beside many long errors is refused alone', async () => {
  await withStream(async (calls) => {
    const longMissing = Array.from({ length: 255 }, (_, i) =>
      stat(`/missing-${i}-${'y'.repeat(4_000)}`),
    );
    const answer = await calls.send({ calls: [stat('/huge'), ...longMissing] }, 10_000, 'Batch');
    assert.equal(answer.results[0]!.code, grpc.status.RESOURCE_EXHAUSTED);
    assert.ok(answer.results.slice(1).every((r) => r.code === grpc.status.NOT_FOUND));
    assert.equal(
      statusPath(await calls.send({ calls: [stat('/after')] }, 5_000, 'Stat'), 0),
      '/after',
    );
  });
});
