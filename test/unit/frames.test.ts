import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32c } from '../../src/core/checksum.js';
import { ErrorCode, StrataError } from '../../src/core/errors.js';
import {
  FrameParser,
  decodeFrames,
  decodeWholeBody,
  encodeFrameHeader,
  encodeFrames,
  encodeTerminator,
  encodeWholeBody,
  FRAME_HEADER_BYTES,
  MAX_FRAME_PAYLOAD_BYTES,
  verifyFrame,
  verifyFrameParts,
  type Frame,
} from '../../src/core/frames.js';
import { Defaults } from '../../src/core/limits.js';
import { seededBytes, sha256 } from '../helpers/data.js';

/** Deterministic PRNG (mulberry32), so that a failing split can be reproduced from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Split = 'whole' | 'bytes' | 'random';

/** Cuts `data` into pieces: one, 1-byte each, or at random points (some empty, some large). */
function split(data: Buffer, how: Split, seed: number): Buffer[] {
  if (how === 'whole') return [data];
  if (how === 'bytes')
    return Array.from({ length: data.length }, (_, i) => data.subarray(i, i + 1));
  const random = prng(seed);
  const pieces: Buffer[] = [];
  let at = 0;
  while (at < data.length) {
    const r = random();
    const size =
      r < 0.1 ? 0 : r < 0.4 ? 1 + Math.floor(random() * 16) : Math.floor(random() * 100_000);
    pieces.push(data.subarray(at, at + size));
    at += size;
  }
  return pieces;
}

async function* source(pieces: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const piece of pieces) yield piece;
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

async function encodeAll(data: Buffer, chunkSizeBytes: number, how: Split, seed: number) {
  return Buffer.concat(await collect(encodeFrames(source(split(data, how, seed)), chunkSizeBytes)));
}

function isCode(code: ErrorCode) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof StrataError, `expected a StrataError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return true;
  };
}

/** The wire form of `payloads`, built by hand (independently of encodeFrames). */
function wire(payloads: Buffer[], terminator = true): Buffer {
  const parts: Buffer[] = [];
  for (const p of payloads) parts.push(encodeFrameHeader(p.length, crc32c(p)), p);
  if (terminator) parts.push(encodeTerminator());
  return Buffer.concat(parts);
}

test('frame header and terminator layout', () => {
  const header = encodeFrameHeader(0x01020304, 0xa1b2c3d4);
  assert.equal(header.toString('hex'), '01020304a1b2c3d4');
  assert.equal(encodeTerminator().toString('hex'), '0000000000000000');
  assert.equal(FRAME_HEADER_BYTES, 8);
  assert.equal(MAX_FRAME_PAYLOAD_BYTES, 1024 * 1024);
  assert.throws(() => encodeFrameHeader(-1, 0), isCode(ErrorCode.INVALID_ARGUMENT));
  assert.throws(() => encodeFrameHeader(2 ** 32, 0), isCode(ErrorCode.INVALID_ARGUMENT));
});

for (const chunk of [4096, Defaults.chunkSizeBytes]) {
  const sizes = [0, 1, chunk - 1, chunk, chunk + 1, 5 * chunk + 7];
  // 1-byte pieces only with the small chunk: the point is the boundaries, not the volume.
  const splits: Split[] = chunk === 4096 ? ['whole', 'bytes', 'random'] : ['whole', 'random'];
  for (const size of sizes) {
    for (const how of splits) {
      test(`round trip: ${size} bytes, chunk ${chunk}, ${how} pieces`, async () => {
        const seed = size * 31 + chunk;
        const data = seededBytes(size, seed);
        const encoded = await encodeAll(data, chunk, how, seed);
        const chunks = Math.ceil(size / chunk);
        assert.equal(encoded.length, size + FRAME_HEADER_BYTES * (chunks + 1));
        // Encoding is deterministic whatever the input split, and matches a hand-built wire.
        const expectedPayloads = Array.from({ length: chunks }, (_, i) =>
          data.subarray(i * chunk, (i + 1) * chunk),
        );
        assert.equal(sha256(encoded), sha256(wire(expectedPayloads)));

        for (const decodeHow of ['whole', 'bytes', 'random'] as const) {
          if (decodeHow === 'bytes' && encoded.length > 200_000) continue;
          const frames = await collect(decodeFrames(source(split(encoded, decodeHow, seed + 1))));
          assert.equal(frames.length, chunks);
          frames.forEach((f, i) => {
            assert.ok(verifyFrame(f), `frame ${i} fails its crc`);
            assert.equal(f.crc, crc32c(expectedPayloads[i]!));
            assert.equal(f.payload.length, i < chunks - 1 ? chunk : size - (chunks - 1) * chunk);
          });
          assert.equal(sha256(Buffer.concat(frames.map((f) => f.payload))), sha256(data));
        }
      });
    }
  }
}

test('decodeFrames yields a view of the input, not a copy, when a payload lies in one piece', async () => {
  const data = seededBytes(10_000, 7);
  const encoded = wire([data.subarray(0, 6000), data.subarray(6000)]);
  const frames = await collect(decodeFrames(source([encoded])));
  assert.equal(frames.length, 2);
  for (const f of frames) assert.equal(f.payload.buffer, encoded.buffer);
  assert.equal(frames[0]!.payload.byteOffset, encoded.byteOffset + FRAME_HEADER_BYTES);
});

test('FrameParser yields a payload as views of the pieces it lay in; verifyFrameParts checks them in order', () => {
  const payloads = [seededBytes(70_000, 8), seededBytes(3, 9), seededBytes(65_536, 10)];
  const encoded = wire(payloads);
  for (const seed of [1, 2, 3]) {
    const pieces = split(encoded, 'random', seed);
    const parser = new FrameParser();
    const frames = pieces.flatMap((piece) => parser.push(piece));
    parser.finish();
    assert.equal(frames.length, payloads.length);
    frames.forEach((f, i) => {
      assert.ok(Buffer.concat(f.parts).equals(payloads[i]!), `frame ${i}, seed ${seed}`);
      assert.ok(verifyFrameParts(f));
      for (const part of f.parts) {
        assert.ok(part.length > 0, 'no empty part');
        assert.ok(
          pieces.some((p) => p.buffer === part.buffer),
          'a view of an input piece, not a copy',
        );
      }
    });
    // A flipped byte in any part, or the parts out of order, fail the check.
    const spanning = frames.find((f) => f.parts.length > 1)!;
    assert.ok(spanning, 'a random split cuts a 70,000-byte payload');
    assert.equal(verifyFrameParts({ ...spanning, parts: [...spanning.parts].reverse() }), false);
    const copy = spanning.parts.map((p) => Buffer.from(p));
    copy[copy.length - 1]![0]! ^= 1;
    assert.equal(verifyFrameParts({ ...spanning, parts: copy }), false);
  }
  const empty = new FrameParser();
  assert.deepEqual(empty.push(encodeTerminator()), []);
  empty.finish();
});

test('FrameParser returns the frames before a fault in the same piece, then throws the fault', () => {
  const good = seededBytes(100, 11);
  const parser = new FrameParser(1000);
  const piece = Buffer.concat([wire([good], false), encodeFrameHeader(1001, 0)]);
  const frames = parser.push(piece);
  assert.equal(frames.length, 1);
  assert.ok(Buffer.concat(frames[0]!.parts).equals(good));
  assert.throws(() => parser.finish(), isCode(ErrorCode.INVALID_ARGUMENT));
  assert.throws(() => parser.push(Buffer.from([1])), isCode(ErrorCode.INVALID_ARGUMENT));
  // A fault with no frame before it throws at once; a stream without its terminator, at finish.
  assert.throws(
    () => new FrameParser(1000).push(encodeFrameHeader(1001, 0)),
    isCode(ErrorCode.INVALID_ARGUMENT),
  );
  const cut = new FrameParser();
  assert.equal(cut.push(wire([good], false)).length, 1);
  assert.throws(() => cut.finish(), isCode(ErrorCode.DATA_LOSS));
});

test('encodeFrames passes large input pieces through as views', async () => {
  const data = seededBytes(3 * 4096 + 5, 8);
  const out = await collect(encodeFrames(source([data]), 4096));
  // header, payload x4, terminator
  assert.equal(out.length, 9);
  for (const i of [1, 3, 5, 7]) assert.equal(out[i]!.buffer, data.buffer);
  assert.equal(out[7]!.length, 5);
  assert.deepEqual(out[8], encodeTerminator());
});

test('a whole body is the same bytes as the streamed frames of its chunks', async () => {
  const data = seededBytes(3 * 4096 + 17, 12);
  const chunks: Frame[] = [0, 4096, 8192, 12288].map((at) => {
    const payload = data.subarray(at, at + 4096);
    return { payload, crc: crc32c(payload) };
  });
  const body = encodeWholeBody(chunks);
  assert.deepEqual(body, Buffer.concat(await collect(encodeFrames(source([data]), 4096))));
  assert.equal(body.length, data.length + 5 * FRAME_HEADER_BYTES);
  // A whole body decodes from a plain array of one buffer, too, and at once.
  const decoded = await collect(decodeFrames([body]));
  assert.deepEqual(decoded, chunks);
  assert.deepEqual(decodeWholeBody(body), chunks);
  assert.equal(decodeWholeBody(body)[0]!.payload.buffer, body.buffer, 'views of the body');
  assert.deepEqual(encodeWholeBody([]), encodeTerminator());
  assert.deepEqual(decodeWholeBody(encodeTerminator()), []);
});

test('a whole body is refused as a stream is: cut short, over the limit, trailing bytes, a bad terminator', () => {
  const encoded = wire([seededBytes(5000, 1), seededBytes(300, 2)]);
  for (const cut of [0, 1, 7, 8, 9, 4000, 5008, 5009, 5316, encoded.length - 1]) {
    assert.throws(
      () => decodeWholeBody(encoded.subarray(0, cut)),
      isCode(ErrorCode.DATA_LOSS),
      `cut at ${cut}`,
    );
  }
  assert.throws(
    () => decodeWholeBody(encodeFrameHeader(MAX_FRAME_PAYLOAD_BYTES + 1, 0)),
    isCode(ErrorCode.INVALID_ARGUMENT),
  );
  assert.throws(
    () => decodeWholeBody(wire([seededBytes(101, 3)]), 100),
    isCode(ErrorCode.INVALID_ARGUMENT),
  );
  assert.throws(
    () => decodeWholeBody(Buffer.concat([wire([seededBytes(50, 4)]), Buffer.from([0])])),
    isCode(ErrorCode.INVALID_ARGUMENT),
  );
  assert.throws(
    () =>
      decodeWholeBody(Buffer.concat([wire([seededBytes(50, 4)], false), encodeFrameHeader(0, 1)])),
    isCode(ErrorCode.INVALID_ARGUMENT),
  );
});

test('an empty stream is a terminator alone', async () => {
  assert.deepEqual(await collect(encodeFrames(source([]), 4096)), [encodeTerminator()]);
  assert.deepEqual(await collect(decodeFrames(source([encodeTerminator()]))), []);
});

test('a stream cut anywhere before its terminator is DATA_LOSS', async () => {
  const encoded = wire([seededBytes(5000, 1), seededBytes(300, 2)]);
  const cuts = [0, 1, 7, 8, 9, 4000, 5008, 5009, 5316, encoded.length - 1];
  for (const cut of cuts) {
    await assert.rejects(
      collect(decodeFrames(source(split(encoded.subarray(0, cut), 'random', cut)))),
      isCode(ErrorCode.DATA_LOSS),
      `cut at ${cut}`,
    );
  }
  // The frames before the cut were still delivered.
  const seen: Frame[] = [];
  await assert.rejects(async () => {
    for await (const f of decodeFrames(source([encoded.subarray(0, 5316)]))) seen.push(f);
  }, /terminator/);
  assert.equal(seen.length, 2);
});

test('a frame over the limit is INVALID_ARGUMENT, before its payload is buffered', async () => {
  const oversized = Buffer.concat([encodeFrameHeader(MAX_FRAME_PAYLOAD_BYTES + 1, 0)]);
  await assert.rejects(
    collect(decodeFrames(source([oversized]))),
    isCode(ErrorCode.INVALID_ARGUMENT),
  );
  const small = wire([seededBytes(101, 3)]);
  await assert.rejects(
    collect(decodeFrames(source([small]), 100)),
    isCode(ErrorCode.INVALID_ARGUMENT),
  );
  assert.equal((await collect(decodeFrames(source([small]), 101))).length, 1);
});

test('bytes after the terminator, or a terminator with a crc, are INVALID_ARGUMENT', async () => {
  const encoded = wire([seededBytes(50, 4)]);
  const trailing = Buffer.concat([encoded, Buffer.from([0])]);
  await assert.rejects(
    collect(decodeFrames(source([trailing]))),
    isCode(ErrorCode.INVALID_ARGUMENT),
  );
  await assert.rejects(
    collect(decodeFrames(source([encoded, Buffer.from([0])]))),
    isCode(ErrorCode.INVALID_ARGUMENT),
  );
  const badTerminator = Buffer.concat([wire([seededBytes(50, 4)], false), encodeFrameHeader(0, 1)]);
  await assert.rejects(
    collect(decodeFrames(source([badTerminator]))),
    isCode(ErrorCode.INVALID_ARGUMENT),
  );
});

test('a corrupted payload decodes but fails verifyFrame', async () => {
  const payloads = [seededBytes(4096, 5), seededBytes(4096, 6), seededBytes(17, 7)];
  const encoded = wire(payloads);
  const flipAt = FRAME_HEADER_BYTES + 4096 + FRAME_HEADER_BYTES + 1234; // inside the second payload
  encoded[flipAt] = encoded[flipAt]! ^ 0x01;
  const frames = await collect(decodeFrames(source(split(encoded, 'random', 9))));
  assert.deepEqual(
    frames.map((f) => verifyFrame(f)),
    [true, false, true],
  );
  assert.equal(frames[1]!.crc, crc32c(payloads[1]!));
});
