/**
 * The write of one block's body to the first dataserver of its pipeline, which
 * passes it on along the rest: in one PUT of its own (a body streamed, or whole), or
 * whole in a batch with other writers' blocks to the same first server. Resolves
 * with the servers that stored it, from the first one's acknowledgement.
 */
import type { PassThrough } from 'node:stream';
import { loadUndici, type LazyAgent } from './lazy-undici.js';
import { ErrorCode, StrataError, errorCodeOfHttp } from '../core/errors.js';
import type { BlockBatcher } from './block-batcher.js';
import type { LocatedBlock__Output } from '../rpc/generated/strata/v1/LocatedBlock.js';

export interface BlockPutTarget {
  located: LocatedBlock__Output;
  /** The file's block size: the block must fit whole in one storage dir of every server. */
  blockSizeBytes: number;
  dispatcher?: LazyAgent | undefined;
  /** The block's length once its body is all sent (read when the acknowledgement comes). */
  expectedLength: () => number;
}

/** The servers an acknowledgement names, once its length is the block's. */
function storedOn(
  target: BlockPutTarget,
  ack: { storedOn: string[]; length: number },
  from: string,
): string[] {
  if (ack.length !== target.expectedLength()) {
    throw new StrataError(
      ErrorCode.DATA_LOSS,
      `${from} stored ${ack.length} bytes of block ${target.located.blockId}, expected ${target.expectedLength()}`,
    );
  }
  return ack.storedOn;
}

/** One PUT of the block's body to the first server, in the nameserver's pipeline order. */
export async function putBlock(
  target: BlockPutTarget,
  body: PassThrough | Buffer,
): Promise<string[]> {
  const { located } = target;
  const [first, ...rest] = located.locations;
  if (!first)
    throw new StrataError(ErrorCode.UNAVAILABLE, 'the nameserver gave no dataserver for the block');
  const [{ request }, pool] = await Promise.all([loadUndici(), target.dispatcher?.get()]);
  const r = await request(`${first.dataUrl}/blocks/${located.blockId}?gen=${located.generation}`, {
    method: 'PUT',
    body,
    headers: {
      'x-strata-pipeline': rest.map((l) => l.dataUrl).join(','),
      // The block must fit whole in one storage dir of every server of the pipeline.
      'x-strata-block-bytes': String(target.blockSizeBytes),
      // The medium each server of the pipeline stores on (the file's storage policy).
      ...(located.media.length > 0 ? { 'x-strata-media': located.media.join(',') } : {}),
      'content-type': 'application/octet-stream',
    },
    headersTimeout: 120_000,
    bodyTimeout: 120_000,
    ...(pool ? { dispatcher: pool } : {}),
  });
  const text = await r.body.text();
  if (r.statusCode !== 200) {
    let message = text.slice(0, 300);
    try {
      message = (JSON.parse(text) as { message: string }).message;
    } catch {
      // not JSON: keep the text
    }
    throw new StrataError(errorCodeOfHttp(r.statusCode), `${first.id}: ${message}`);
  }
  return storedOn(target, JSON.parse(text) as { storedOn: string[]; length: number }, first.id);
}

/**
 * A whole body in a batch with other writers' blocks to the same first server (or
 * alone without a batcher). The batcher may reorder the pipeline: `onOrder` hears
 * the order the block went along, in which the first server missing from the
 * acknowledgement is where it broke.
 */
export async function putWholeBlock(
  target: BlockPutTarget,
  body: Buffer,
  batcher: BlockBatcher | undefined,
  onOrder: (order: string[]) => void,
): Promise<string[]> {
  const { located } = target;
  const nameserverOrder = located.locations.map((l) => l.id);
  if (!batcher) {
    onOrder(nameserverOrder);
    return putBlock(target, body);
  }
  const { locations, media } = batcher.pipelineOrder(located.locations, located.media);
  const [head, ...tail] = locations as [(typeof locations)[number], ...typeof locations];
  onOrder(locations.map((l) => l.id));
  const result = await batcher.write(head.dataUrl, {
    blockId: located.blockId,
    generation: located.generation,
    blockBytes: target.blockSizeBytes,
    pipeline: tail.map((l) => l.dataUrl),
    media,
    body,
  });
  if (result === null) {
    // A server without batches: the block goes alone, in the nameserver's order.
    onOrder(nameserverOrder);
    return putBlock(target, body);
  }
  if ('code' in result) throw new StrataError(result.code, `${head.id}: ${result.message}`);
  return storedOn(target, result, head.id);
}
