/**
 * A dataserver's incremental block reports against a recording gRPC nameserver
 * (real gRPC on loopback): gathered into one call, the later of a store and a
 * delete of one block wins, and nothing is sent after stop().
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as grpc from '@grpc/grpc-js';
import { pino } from 'pino';
import { BlockStore } from '../../src/blockstore/block-store.js';
import { NameServerLink } from '../../src/dataserver/nameserver-link.js';
import { serverOptions, strataProto } from '../../src/rpc/proto.js';
import type { BlockReceivedRequest__Output } from '../../src/rpc/generated/strata/v1/BlockReceivedRequest.js';
import { waitFor } from '../helpers/wait-for.js';

let root: string;
let server: grpc.Server;
let address: string;
const received: BlockReceivedRequest__Output[] = [];
let registrations = 0;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'strata-link-'));
  server = new grpc.Server(serverOptions);
  const answer =
    (body: object = {}) =>
    (_call: unknown, done: grpc.sendUnaryData<object>) =>
      done(null, body);
  server.addService(strataProto().strata.v1.DataServerProtocol.service, {
    Register: (_call: unknown, done: grpc.sendUnaryData<object>) => {
      registrations++;
      done(null, {});
    },
    Heartbeat: answer({ active: true, epoch: 1 }),
    BlockReport: answer(),
    BlockReceived: (
      call: grpc.ServerUnaryCall<BlockReceivedRequest__Output, object>,
      done: grpc.sendUnaryData<object>,
    ) => {
      received.push(call.request);
      done(null, {});
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  address = `127.0.0.1:${port}`;
});

after(async () => {
  server.forceShutdown();
  await rm(root, { recursive: true, force: true });
});

/** Warnings the link logged, for the tests that check none was. */
const warnings: string[] = [];
const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(line) });

async function startLink(): Promise<{ link: NameServerLink; store: BlockStore }> {
  const store = await BlockStore.open([{ path: join(root, `d${registrations}`), medium: 'nvme' }]);
  const link = new NameServerLink({
    nameserverAddress: address,
    fence: { highestActiveEpoch: 0 },
    dataserverId: 'ds-test',
    dataUrl: () => 'http://127.0.0.1:1',
    store,
    logger,
    activeTransfers: () => 0,
    copy: () => undefined,
    move: () => undefined,
    pin: () => undefined,
    unpin: () => undefined,
    decommissioning: () => false,
    setDecommissioning: () => undefined,
    heartbeatIntervalMs: 60_000,
  });
  const before = registrations;
  link.start();
  await waitFor('the link to register', async () => registrations > before, 10_000);
  // Registration sends its full report, then marks the link registered.
  await sleep(50);
  return { link, store };
}

const ids = (xs: readonly (string | number | { blockId: string | number })[]) =>
  xs.map((x) => Number(typeof x === 'object' ? x.blockId : x));

test('reports made within the gathering delay go in one call, the later of a store and a delete winning', async () => {
  const { link, store } = await startLink();
  received.length = 0;
  link.blockStored({ blockId: 1, generation: 1, length: 10, medium: 'nvme' });
  link.blockDeleted(2);
  link.blockStored({ blockId: 2, generation: 1, length: 10, medium: 'nvme' }); // stored again after its delete
  link.blockStored({ blockId: 3, generation: 1, length: 10, medium: 'nvme' });
  link.blockDeleted(3); // deleted after it was stored
  await waitFor('a BlockReceived call', async () => received.length > 0, 5_000);
  await sleep(100);
  assert.equal(received.length, 1, 'one call for all five events');
  assert.deepEqual(ids(received[0]!.received).sort(), [1, 2]);
  assert.deepEqual(ids(received[0]!.deleted), [3]);
  link.stop();
  await store.close();
});

test('nothing is sent, or tried, after stop(), even what was queued just before it', async () => {
  const { link, store } = await startLink();
  received.length = 0;
  warnings.length = 0;
  link.blockStored({ blockId: 7, generation: 1, length: 10, medium: 'nvme' });
  link.stop();
  link.blockStored({ blockId: 8, generation: 1, length: 10, medium: 'nvme' });
  await sleep(200);
  assert.deepEqual(received, []);
  // A report tried on the closed channel fails and is logged as a lost nameserver.
  assert.deepEqual(warnings, []);
  await store.close();
});
