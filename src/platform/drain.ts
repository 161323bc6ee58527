/**
 * Waits until a writable stream wants more data, or is closed. Unlike racing two
 * `events.once` calls, it leaves no listener behind, so it can run per chunk.
 */
import type { Writable } from 'node:stream';

export function drained(stream: Writable): Promise<void> {
  if (stream.destroyed || stream.writableEnded) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}
