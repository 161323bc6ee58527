/**
 * FileReadStream (src/client/file-read-stream.ts) over real HTTP on loopback and real
 * block stores: a file's blocks stream in order; a replica that fails, before its
 * first byte or in the middle of a large block, is reported (as corrupt when its
 * bytes failed their checksum) and the next one serves the block from the byte where
 * it stopped, so the reader gets every byte once and none wrong (I-2).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FileReadStream } from '../../src/client/file-read-stream.js';
import type { ReplicaFailure } from '../../src/client/block-reader.js';
import { ErrorCode, StrataError } from '../../src/core/errors.js';
import { seededBytes } from '../helpers/data.js';
import { putReplica } from '../helpers/replicas.js';
import { findBlockFile, flipByte } from '../helpers/block-files.js';
import { startDataPlane, type DataPlane } from '../helpers/data-plane.js';
import type { LocatedBlock__Output } from '../../src/rpc/generated/strata/v1/LocatedBlock.js';

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function planes(...names: string[]): Promise<DataPlane[]> {
  const started = await Promise.all(names.map((name) => startDataPlane(`file-read-${name}`)));
  for (const plane of started) cleanups.push(() => plane.cleanup());
  return started;
}

function located(blockId: number, length: number, on: { url: string }[]): LocatedBlock__Output {
  return {
    blockId,
    generation: 1,
    length,
    locations: on.map((p, i) => ({ id: `ds-${blockId}-${i}`, dataUrl: p.url })),
  } as unknown as LocatedBlock__Output;
}

function streamOf(blocks: LocatedBlock__Output[], failures: ReplicaFailure[]): FileReadStream {
  return new FileReadStream({
    locate: () => ({ blocks }) as never,
    ordered: (block) => block,
    options: { onReplicaFailure: (_blockId, failure) => failures.push(failure) },
  });
}

/**
 * A server in front of `plane` that passes on the first `cutAfter` bytes of each
 * answer's body and then drops the connection, as a dataserver killed mid-answer.
 * `closed` counts answers whose client went away before their end.
 */
async function cuttingProxy(
  plane: DataPlane,
  cutAfter: number,
): Promise<{ url: string; closed: () => number }> {
  let closed = 0;
  const server = http.createServer((req, res) => {
    req.socket.on('close', () => {
      if (!res.writableFinished) closed++;
    });
    http.get(`${plane.url}${req.url}`, (up) => {
      const headers = Object.fromEntries(
        Object.entries(up.headers).filter(([name]) => name.startsWith('x-strata-')),
      );
      res.writeHead(up.statusCode ?? 500, headers);
      let sent = 0;
      up.on('data', (piece: Buffer) => {
        const room = cutAfter - sent;
        sent += piece.length;
        if (room >= piece.length) {
          // As fast as the client takes it, no faster: a reader that stops must show.
          if (!res.write(piece)) {
            up.pause();
            res.once('drain', () => up.resume());
          }
          return;
        }
        up.destroy();
        // Dropped once what passes is on its way (destroyed at once, it would be lost).
        res.write(piece.subarray(0, Math.max(0, room)), () => res.destroy());
      });
      up.on('end', () => res.end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    closed: () => closed,
  };
}

/** The stream taken as 'data' events (flowing mode, as pipeline and readFile take it). */
function readFlowing(stream: FileReadStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  return new Promise((resolve, reject) => {
    stream.on('data', (part: Buffer) => parts.push(part));
    stream.on('end', () => resolve(Buffer.concat(parts)));
    stream.on('error', reject);
  });
}

async function readAll(stream: FileReadStream, slowFirst = 0): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream as AsyncIterable<Buffer>) {
    parts.push(part);
    // A slow reader at first: the stream must pause its source and resume it.
    if (parts.length <= slowFirst) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return Buffer.concat(parts);
}

test('a large block streams on from the next replica at the byte where one failed mid-block', async () => {
  const [missing, corrupt, right] = await planes('missing', 'corrupt', 'right');
  const large = seededBytes(3 * 1024 * 1024 + 123, 31);
  const small = seededBytes(10_000, 32);
  await putReplica(corrupt!.store, 41, 1, large);
  await putReplica(right!.store, 41, 1, large);
  await putReplica(right!.store, 42, 1, small);
  // A flipped byte 2 MiB into the corrupt replica: its first 32 chunks reach the reader.
  flipByte(findBlockFile(corrupt!.dir, 41)!, 2 * 1024 * 1024 + 5);

  const failures: ReplicaFailure[] = [];
  const blocks = [
    located(41, large.length, [missing!, corrupt!, right!]),
    located(42, small.length, [right!]),
  ];
  const bytes = await readAll(streamOf(blocks, failures), 8);
  assert.ok(bytes.equals(Buffer.concat([large, small])), 'every byte once, none wrong');
  assert.deepEqual(
    failures.map((f) => [f.dataserverId, f.corrupt]),
    [
      ['ds-41-0', false],
      ['ds-41-1', true],
    ],
  );
  assert.match(failures[0]!.reason, /not here/);
  assert.match(failures[1]!.reason, /checksum mismatch in the chunk at offset 2097152/);
});

test('a block no replica can serve ends the stream with DATA_LOSS naming each failure', async () => {
  const [a, b] = await planes('lost-a', 'lost-b');
  const data = seededBytes(2 * 1024 * 1024, 33);
  await putReplica(a!.store, 51, 1, data);
  flipByte(findBlockFile(a!.dir, 51)!, 100);
  const failures: ReplicaFailure[] = [];
  await assert.rejects(
    readAll(streamOf([located(51, data.length, [a!, b!])], failures)),
    (err: unknown) => {
      assert.ok(err instanceof StrataError);
      assert.equal(err.code, ErrorCode.DATA_LOSS);
      assert.match(err.message, /ds-51-0: checksum mismatch.*ds-51-1: .*not here/);
      return true;
    },
  );
  assert.deepEqual(
    failures.map((f) => f.corrupt),
    [true, false],
  );
});

test('a connection dropped mid-frame: the next replica serves on from the last whole frame', async () => {
  const [dropping, right] = await planes('dropping', 'right-2');
  const data = seededBytes(3 * 1024 * 1024 + 77, 35);
  await putReplica(dropping!.store, 71, 1, data);
  await putReplica(right!.store, 71, 1, data);
  // 1.5 MiB and change into the body: in the middle of the 24th frame.
  const proxy = await cuttingProxy(dropping!, 1.5 * 1024 * 1024 + 1000);
  const failures: ReplicaFailure[] = [];
  const bytes = await readFlowing(streamOf([located(71, data.length, [proxy, right!])], failures));
  assert.ok(bytes.equals(data), 'every byte once, none wrong');
  assert.deepEqual(
    failures.map((f) => [f.dataserverId, f.corrupt]),
    [['ds-71-0', false]],
  );
});

test('a replica lost after its last byte but before its terminator costs no failed read', async () => {
  const [plane] = await planes('no-terminator');
  const data = seededBytes(2 * 1024 * 1024 + 5, 36);
  await putReplica(plane!.store, 81, 1, data);
  // Every frame (8-byte header and payload) passes; the terminator does not.
  const frames = Math.ceil(data.length / (64 * 1024));
  const proxy = await cuttingProxy(plane!, data.length + 8 * frames);
  const failures: ReplicaFailure[] = [];
  const bytes = await readAll(streamOf([located(81, data.length, [proxy])], failures));
  assert.ok(bytes.equals(data));
  assert.equal(failures.length, 1, 'the cut answer is still reported');
});

test('a reader that stops early stops the block it was reading', async () => {
  const [plane] = await planes('early');
  // More than the loopback socket buffers hold, so the answer cannot be all sent.
  const data = seededBytes(24 * 1024 * 1024, 34);
  await putReplica(plane!.store, 61, 1, data);
  const proxy = await cuttingProxy(plane!, Infinity);
  const stream = streamOf([located(61, data.length, [proxy])], []);
  let first: Buffer | undefined;
  for await (const part of stream as AsyncIterable<Buffer>) {
    first = part;
    break;
  }
  assert.ok(first && data.subarray(0, first.length).equals(first));
  assert.equal(stream.destroyed, true);
  // The answer's connection is dropped, not left to send the rest of the block.
  for (let i = 0; i < 100 && proxy.closed() === 0; i++)
    await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(proxy.closed(), 1);
  // The same server still serves the whole block to the next reader.
  const again = await readAll(streamOf([located(61, data.length, [proxy])], []));
  assert.ok(again.equals(data));
});
