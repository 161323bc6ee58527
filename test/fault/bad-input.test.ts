/**
 * I-6: bad paths, bad arguments, oversized messages and garbage bytes get a clear
 * error, change nothing, and the servers go on serving the next good request.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { connect } from 'node:net';
import { request } from 'undici';
import { TestCluster } from '../helpers/cluster.js';
import { NameServerClient } from '../../src/client/nameserver-client.js';
import { StrataError } from '../../src/core/errors.js';
import { strataProto } from '../../src/rpc/proto.js';
import { unaryCall } from '../../src/rpc/unary-call.js';
import { encodeFrameHeader, encodeTerminator } from '../../src/core/frames.js';
import { BLOCK_BATCH_PATH, encodeBlockBatch } from '../../src/core/block-batch.js';

let cluster: TestCluster;
let ns: NameServerClient;

before(async () => {
  cluster = await TestCluster.start({ dataservers: 1, replication: 1 });
  ns = new NameServerClient({ addresses: [cluster.nameserverAddress], failoverTimeoutMs: 0 });
  await ns.mkdir({ path: '/exists', parents: false });
});
after(async () => {
  ns.close();
  await cluster.destroy();
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof StrataError, String(err));
    assert.ok(err.message.length > 0 && !err.message.includes('\n'), 'one clear line');
    return err.code;
  }
  assert.fail('expected an error');
}

async function stillServes(): Promise<void> {
  const status = (await ns.stat('/exists')).status!;
  assert.equal(status.type, 'FILE_TYPE_DIRECTORY');
}

test('I-6: bad paths are refused with INVALID_ARGUMENT and the nameserver keeps serving', async () => {
  const bad = [
    '',
    'relative/path',
    '/a/../b',
    '/a/./b',
    '/nul\0byte',
    '/' + 'n'.repeat(256),
    '/' + 'd/'.repeat(2049) + 'x',
    '//double',
  ];
  const before = (await ns.clusterReport()).lastTxid;
  for (const path of bad) {
    assert.equal(
      await codeOf(ns.mkdir({ path, parents: true })),
      'INVALID_ARGUMENT',
      JSON.stringify(path.slice(0, 30)),
    );
    assert.equal(
      await codeOf(ns.create({ path, clientName: 'c', createParents: true })),
      'INVALID_ARGUMENT',
    );
    assert.equal(await codeOf(ns.stat(path)), 'INVALID_ARGUMENT');
    await stillServes();
  }
  assert.equal((await ns.clusterReport()).lastTxid, before, 'nothing was journaled');
});

test('I-6: missing parents, existing targets and wrong types get clear errors', async () => {
  assert.equal(await codeOf(ns.mkdir({ path: '/no/such/parent', parents: false })), 'NOT_FOUND');
  assert.equal(await codeOf(ns.create({ path: '/no/such/file', clientName: 'c' })), 'NOT_FOUND');
  assert.equal(await codeOf(ns.mkdir({ path: '/exists', parents: false })), 'ALREADY_EXISTS');
  assert.equal(await codeOf(ns.rename('/exists', '/exists')), 'ALREADY_EXISTS');
  assert.equal(await codeOf(ns.rename('/missing', '/elsewhere')), 'NOT_FOUND');
  assert.equal(await codeOf(ns.delete('/', true)), 'INVALID_ARGUMENT');
  assert.equal(await codeOf(ns.getBlockLocations('/exists')), 'FAILED_PRECONDITION');
  assert.equal(await codeOf(ns.setReplication('/exists', 10_000)), 'INVALID_ARGUMENT');
  assert.equal(await codeOf(ns.addBlock({ fileId: 999_999, clientName: 'c' })), 'NOT_FOUND');
  assert.equal(await codeOf(ns.create({ path: '/f', clientName: '' })), 'INVALID_ARGUMENT');
  assert.equal(
    await codeOf(ns.create({ path: '/f', clientName: 'c', blockSize: 7 })),
    'INVALID_ARGUMENT',
  );
  assert.equal(await codeOf(ns.list({ path: '/missing' })), 'NOT_FOUND');
  await stillServes();
});

test('I-6: an oversized message is refused with RESOURCE_EXHAUSTED', async () => {
  // A client that would send up to 64 MiB, so the nameserver's own 4 MiB limit is what refuses it.
  const Service = strataProto().strata.v1.NameService;
  const big = new Service(cluster.nameserverAddress, grpc.credentials.createInsecure(), {
    'grpc.max_send_message_length': 64 * 1024 * 1024,
  });
  try {
    const err = await unaryCall(
      big,
      'Mkdir',
      { path: '/' + 'x'.repeat(8 * 1024 * 1024) },
      10_000,
    ).then(
      () => assert.fail('expected an error'),
      (e: StrataError) => e,
    );
    assert.equal(err.code, 'RESOURCE_EXHAUSTED');
  } finally {
    big.close();
  }
  await stillServes();
});

test('I-6: garbage bytes on the gRPC port leave the nameserver serving', async () => {
  const [host, port] = cluster.nameserverAddress.split(':');
  await new Promise<void>((resolve) => {
    const socket = connect(Number(port), host, () => {
      socket.end(Buffer.from('GET / HTTP/1.1\r\n\r\n\x00\xff\xfe garbage'.repeat(100)));
    });
    socket.on('error', () => resolve());
    socket.on('close', () => resolve());
    socket.resume();
  });
  await stillServes();
});

test('I-6: the data plane refuses bad ids, bad frames and path tricks, and keeps serving', async () => {
  const dataUrl = cluster.dataservers[0]!.ready.dataUrl!;
  const cases: [string, string, Buffer | undefined, number][] = [
    ['PUT', '/blocks/abc?gen=1', Buffer.alloc(0), 400],
    ['PUT', '/blocks/1?gen=-1', Buffer.alloc(0), 400],
    ['GET', '/blocks/..%2f..%2fetc%2fpasswd', undefined, 400],
    ['GET', '/blocks/424242', undefined, 404],
    ['GET', '/nothing', undefined, 404],
    // A frame header claiming 2 GiB of payload.
    ['PUT', '/blocks/77?gen=1', encodeFrameHeader(0x7fffffff, 0), 400],
    // A stream cut before its terminator.
    ['PUT', '/blocks/78?gen=1', Buffer.concat([encodeFrameHeader(3, 0), Buffer.from('abc')]), 422],
    // Block batches: a descriptor longer than the body, and a block routed to a bad URL.
    ['POST', BLOCK_BATCH_PATH, Buffer.from([0, 0, 0, 9, 1]), 400],
    [
      'POST',
      BLOCK_BATCH_PATH,
      encodeBlockBatch([
        {
          blockId: 79,
          generation: 1,
          blockBytes: 4096,
          pipeline: ['ftp://127.0.0.1:1/'],
          media: [],
          body: encodeTerminator(),
        },
      ]),
      400,
    ],
  ];
  for (const [method, path, body, status] of cases) {
    const res = await request(dataUrl + path, {
      method: method as 'GET' | 'PUT' | 'POST',
      ...(body ? { body } : {}),
    });
    const text = await res.body.text();
    assert.equal(res.statusCode, status, `${method} ${path}: ${text}`);
    const parsed = JSON.parse(text) as { message: string };
    assert.ok(parsed.message.length > 0);
  }
  const health = await request(dataUrl + '/health');
  assert.equal(health.statusCode, 200);
  await health.body.text();
  // Nothing half-written became a replica.
  const fsck = await ns.clusterReport();
  assert.equal(Number(fsck.dataservers[0]!.blockCount), 0);
});
