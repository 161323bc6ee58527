/**
 * piecesOf hands a stream's chunks on as they were pushed (not joined, as a
 * Readable's own iterator joins what is buffered), pauses a stream its reader is
 * behind on, and ends in an error, never a wait, when the stream fails or is torn
 * down before its end.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { piecesOf } from '../../src/platform/stream-pieces.js';

/** Reads a stream to its end; resolves to the bytes read. */
async function drain(stream: Readable): Promise<number> {
  let bytes = 0;
  for await (const piece of piecesOf(stream)) bytes += piece.length;
  return bytes;
}

test('the chunks come out as they went in, even when many were buffered', async () => {
  const pushed = Array.from({ length: 40 }, (_, i) => Buffer.alloc(1000 + i, i));
  const stream = Readable.from(pushed, { objectMode: false });
  const got: Buffer[] = [];
  for await (const piece of piecesOf(stream)) {
    got.push(piece);
    await sleep(1); // a slow reader: the stream gets ahead of it
  }
  assert.equal(got.length, pushed.length);
  got.forEach((piece, i) => assert.equal(piece, pushed[i], `chunk ${i} is the very buffer pushed`));
});

test('a stream its reader is behind on is paused, and resumed as the reader catches up', async () => {
  const stream = new PassThrough();
  const pieces = piecesOf(stream);
  for (let i = 0; i < 64; i++) stream.write(Buffer.alloc(10, i));
  stream.end();
  const first = await pieces.next();
  assert.equal(first.done, false);
  assert.equal(stream.isPaused(), true, 'paused with 16 chunks waiting');
  let count = 1;
  for await (const piece of pieces) count += piece.length === 10 ? 1 : 0;
  assert.equal(count, 64);
});

test('an error, or a teardown before the end, ends the iteration with an error', async () => {
  const failing = new PassThrough();
  const reading = drain(failing);
  failing.write(Buffer.from('some'));
  failing.destroy(new Error('peer reset'));
  await assert.rejects(reading, /peer reset/);

  const torn = new PassThrough();
  const readingTorn = drain(torn);
  torn.write(Buffer.from('some'));
  await sleep(5);
  torn.destroy();
  await assert.rejects(readingTorn, /closed before its end/);

  // Torn down before it was read at all (its 'close' already emitted): an error, not a wait.
  const gone = new PassThrough();
  gone.write(Buffer.from('some'));
  gone.destroy();
  await sleep(5);
  await assert.rejects(drain(gone), /destroyed/);
});

test('a reader that stops early leaves the stream to its owner, flowing, so the rest drains', async () => {
  const stream = new PassThrough();
  for (let i = 0; i < 40; i++) stream.write(Buffer.alloc(10, i));
  stream.end();
  for await (const piece of piecesOf(stream)) {
    assert.equal(piece[0], 0);
    break;
  }
  assert.equal(stream.destroyed, false);
  assert.equal(stream.isPaused(), false);
  await new Promise((ended) => stream.once('end', ended));
});
