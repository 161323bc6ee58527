/**
 * FileReadStream (src/client/file-read-stream.ts) over real HTTP on loopback and real
 * block stores: a file's blocks stream in order; a replica that fails, before its
 * first byte or in the middle of a large block, is reported (as corrupt when its
 * bytes failed their checksum) and the next one serves the block from the byte where
 * it stopped, so the reader gets every byte once and none wrong (I-2).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
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

function located(blockId: number, length: number, on: DataPlane[]): LocatedBlock__Output {
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

test('a reader that stops early stops the block it was reading', async () => {
  const [plane] = await planes('early');
  const data = seededBytes(4 * 1024 * 1024, 34);
  await putReplica(plane!.store, 61, 1, data);
  const stream = streamOf([located(61, data.length, [plane!])], []);
  let first: Buffer | undefined;
  for await (const part of stream as AsyncIterable<Buffer>) {
    first = part;
    break;
  }
  assert.ok(first && data.subarray(0, first.length).equals(first));
  assert.equal(stream.destroyed, true);
  // The same server still serves the whole block to the next reader.
  const again = await readAll(streamOf([located(61, data.length, [plane!])], []));
  assert.ok(again.equals(data));
});
