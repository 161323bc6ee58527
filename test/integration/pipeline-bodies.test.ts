/**
 * A block's body travels along a pipeline of three real dataservers either whole
 * (length declared, at most WHOLE_BODY_MAX_BYTES: read in one piece and passed on as
 * it came) or streamed (chunked, passed on frame by frame). Either way every hop
 * stores the same bytes, and a chunk whose CRC32C does not match is refused at the
 * first hop with the block stored nowhere.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { request } from 'undici';
import { TestCluster } from '../helpers/cluster.js';
import { seededBytes } from '../helpers/data.js';
import { crc32c } from '../../src/core/checksum.js';
import {
  WHOLE_BODY_MAX_BYTES,
  decodeFrames,
  encodeFrameHeader,
  encodeTerminator,
  encodeWholeBody,
  type Frame,
} from '../../src/core/frames.js';
import type { StrataClient } from '../../src/client/index.js';
import type { LocatedBlock__Output } from '../../src/rpc/generated/strata/v1/LocatedBlock.js';

const CHUNK = 64 * 1024;
let cluster: TestCluster;
let client: StrataClient;

before(async () => {
  cluster = await TestCluster.start({ dataservers: 3, replication: 3 });
  client = cluster.client();
  await client.mkdir('/bodies');
});
after(async () => {
  await cluster.destroy();
});

/** A block the nameserver allocated (with a file's create), with its pipeline of three. */
async function allocatedBlock(name: string): Promise<LocatedBlock__Output> {
  const created = await client.nameserver.create({
    path: `/bodies/${name}`,
    clientName: client.clientName,
    replication: 3,
    blockSize: 0,
    overwrite: false,
    createParents: false,
    allocateFirstBlock: true,
  });
  const block = created.firstBlock!;
  assert.equal(block.locations.length, 3);
  return block;
}

function framesOf(data: Buffer): Frame[] {
  const frames: Frame[] = [];
  for (let at = 0; at < data.length; at += CHUNK) {
    const payload = data.subarray(at, at + CHUNK);
    frames.push({ payload, crc: crc32c(payload) });
  }
  return frames;
}

function streamed(frames: Frame[]): PassThrough {
  const body = new PassThrough();
  for (const f of frames)
    body.write(Buffer.concat([encodeFrameHeader(f.payload.length, f.crc), f.payload]));
  body.end(encodeTerminator());
  return body;
}

async function put(
  block: LocatedBlock__Output,
  body: Buffer | PassThrough,
): Promise<{ status: number; answer: { storedOn?: string[]; length?: number; message?: string } }> {
  const [first, ...rest] = block.locations;
  const r = await request(`${first!.dataUrl}/blocks/${block.blockId}?gen=${block.generation}`, {
    method: 'PUT',
    body,
    headers: {
      'x-strata-pipeline': rest.map((l) => l.dataUrl).join(','),
      'x-strata-block-bytes': String(8 * 1024 * 1024),
      'content-type': 'application/octet-stream',
    },
  });
  return { status: r.statusCode, answer: (await r.body.json()) as never };
}

/** The block's bytes as one dataserver serves them, or the HTTP status it answers. */
async function storedOn(dataUrl: string, block: LocatedBlock__Output): Promise<Buffer | number> {
  const r = await request(`${dataUrl}/blocks/${block.blockId}`);
  if (r.statusCode !== 200) {
    await r.body.dump();
    return r.statusCode;
  }
  const payloads: Buffer[] = [];
  for await (const frame of decodeFrames(r.body)) payloads.push(frame.payload);
  return Buffer.concat(payloads);
}

test('a small block goes along the pipeline whole, a larger one streamed: every hop stores the same bytes', async () => {
  const cases: [string, Buffer, (frames: Frame[]) => Buffer | PassThrough][] = [
    ['whole', seededBytes(100_000, 1), encodeWholeBody],
    ['whole at the limit', seededBytes(WHOLE_BODY_MAX_BYTES - 8 * 10, 2), encodeWholeBody],
    ['streamed', seededBytes(700_000, 3), streamed],
    // Over the limit with its length declared: read frame by frame, like a stream.
    ['declared, over the limit', seededBytes(WHOLE_BODY_MAX_BYTES + 1, 4), encodeWholeBody],
  ];
  for (const [what, data, encode] of cases) {
    const block = await allocatedBlock(what.replaceAll(' ', '-'));
    const body = encode(framesOf(data));
    if (Buffer.isBuffer(body))
      assert.equal(body.length <= WHOLE_BODY_MAX_BYTES, !what.includes('over'), what);
    const { status, answer } = await put(block, body);
    assert.equal(status, 200, `${what}: ${answer.message}`);
    assert.deepEqual(
      answer.storedOn,
      block.locations.map((l) => l.id),
      `${what}: stored on the whole pipeline`,
    );
    assert.equal(answer.length, data.length);
    for (const location of block.locations) {
      assert.deepEqual(await storedOn(location.dataUrl, block), data, `${what} on ${location.id}`);
    }
  }
});

test('a chunk that fails its CRC32C is refused at the first hop, whole or streamed, and stored nowhere', async () => {
  for (const [what, encode] of [
    ['whole', encodeWholeBody],
    ['streamed', streamed],
  ] as const) {
    const block = await allocatedBlock(`bad-${what}`);
    const frames = framesOf(seededBytes(3 * CHUNK, 9));
    // The second chunk's bytes change after its CRC was taken.
    const bad = Buffer.from(frames[1]!.payload);
    bad[100] = bad[100]! ^ 0x01;
    frames[1] = { payload: bad, crc: frames[1]!.crc };
    const { status, answer } = await put(block, encode(frames));
    assert.equal(status, 422, what);
    assert.match(answer.message ?? '', /checksum mismatch/);
    for (const location of block.locations) {
      assert.equal(
        await storedOn(location.dataUrl, block),
        404,
        `${what}: nothing on ${location.id}`,
      );
    }
  }
});
