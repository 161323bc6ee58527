/**
 * The chunks of a byte stream as they were pushed, for `for await`. A Readable's own
 * async iterator calls `read()`, which joins every buffered chunk into one new
 * buffer: a copy of every byte, a megabyte at a time with the data plane's buffers.
 * Reading a large HTTP body of 64 KiB frames that way cost 2.5–2.6 ms of CPU per MB
 * at the client; taking the chunks as they come, 1.3 ms (undici, loopback, `/tmp`
 * probe).
 */
import type { Readable } from 'node:stream';

/** Chunks held before the stream is paused (resumed once half have been taken). */
const MAX_QUEUED = 16;

export async function* piecesOf(stream: Readable): AsyncGenerator<Buffer> {
  const queue: Buffer[] = [];
  let ended = false;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    const resolve = wake;
    wake = null;
    resolve?.();
  };
  const onData = (piece: Buffer) => {
    queue.push(piece);
    if (queue.length >= MAX_QUEUED) stream.pause();
    notify();
  };
  const onEnd = () => {
    ended = true;
    notify();
  };
  const onError = (err: unknown) => {
    failure ??= err;
    notify();
  };
  // A stream torn down without 'end' (a peer gone mid-body) must not leave us waiting.
  const onClose = () => {
    if (!ended) failure ??= new Error('the stream closed before its end');
    notify();
  };
  stream.on('data', onData);
  stream.on('end', onEnd);
  stream.on('error', onError);
  stream.on('close', onClose);
  // Torn down before we listened (a sender gone while the caller awaited something
  // else): no event will come.
  if (stream.destroyed && !stream.readableEnded) failure ??= new Error('the stream was destroyed');
  try {
    for (;;) {
      const piece = queue.shift();
      if (piece !== undefined) {
        if (queue.length <= MAX_QUEUED / 2 && stream.isPaused()) stream.resume();
        yield piece;
        continue;
      }
      if (failure !== null) throw failure;
      if (ended) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    // onError stays: an error after this must not go unhandled. A reader that stops
    // early leaves the stream to its owner, flowing: a server's request then drains,
    // so its answer can still go out on the connection (destroying it reset the
    // connection under the answer); a client destroys a response it gives up on.
    stream.off('data', onData);
    stream.off('end', onEnd);
    stream.off('close', onClose);
    if (!ended && stream.isPaused()) stream.resume();
  }
}
