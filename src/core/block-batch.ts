/**
 * Many small block writes in one data-plane request: `POST /block-batch`.
 *
 * A 4 KiB block written alone costs each hop of its pipeline an HTTP request in,
 * one out to the next hop and an answer back: most of a dataserver's CPU for a small
 * file, where the bytes themselves cost little. A client with several small blocks
 * under way to the same first dataserver sends them together, and each hop passes
 * them on together, grouped by their next hop. Each block keeps its own pipeline,
 * media and result: the batch is only the envelope.
 *
 * Request body:
 *
 *   u32 BE   descriptor bytes D (at most {@link MAX_DESCRIPTOR_BYTES})
 *   D bytes  JSON: [{ id, gen, bytes, pipeline, media, length }, ...], one per block
 *   the blocks' whole bodies (frames and terminator, as a single PUT carries them),
 *   in the descriptor's order, each `length` bytes
 *
 * Header `x-strata-timeout-ms`: how long the sender waits; each hop waits less for
 * the next ({@link downstreamTimeoutMs}).
 *
 * Answer: 200 with JSON `{ results: [...] }`, one per block in the same order:
 * `{ storedOn, length }` as a single PUT answers, or `{ code, message }` for a block
 * this hop did not store. A request that is malformed as a whole is refused as a
 * whole (4xx), and nothing of it is stored.
 */
import type { Dispatcher } from 'undici';
import { LRUCache } from 'lru-cache';
import { exchange, joined } from '../platform/http-exchange.js';
import {
  ErrorCode,
  isErrorCode,
  StrataError,
  errorCodeOfHttp,
  invalidArgument,
  resourceExhausted,
  unavailable,
} from './errors.js';
import { WHOLE_BODY_MAX_BYTES } from './frames.js';

export const BLOCK_BATCH_PATH = '/block-batch';
/** Most blocks one batch carries. */
export const MAX_BATCH_BLOCKS = 64;
/** Largest batch request body: bounds what a dataserver holds in memory for one request. */
export const MAX_BATCH_BYTES = 8 * 1024 * 1024;
/** How long the sender of a batch waits for its answer, in ms. */
export const BATCH_TIMEOUT_HEADER = 'x-strata-timeout-ms';

/**
 * How long a hop waits for the next one, given how long it is waited for itself
 * (`timeoutMs`, from {@link BATCH_TIMEOUT_HEADER}): a tenth less, and 50 ms less
 * again. A hop whose next hop hangs then gives up on it and answers for the blocks
 * it stored before the hop before it gives up in turn; with the same timeout at
 * every hop, the first to give up was the one nearest the client, and every block
 * of the batch was written again elsewhere, also those that never went near the
 * hung server.
 */
export function downstreamTimeoutMs(timeoutMs: number): number {
  return Math.max(100, Math.floor(timeoutMs * 0.9) - 50);
}

/**
 * Servers that answered they have no batch endpoint (older dataservers): a sender
 * gives them single writes for `retryMs`, then tries a batch again. Kept by the
 * client and by every hop; bounded, as the URLs come from requests.
 */
export function batchlessServers(retryMs = 60_000): LRUCache<string, true> {
  return new LRUCache<string, true>({ max: 1024, ttl: retryMs });
}

/** Largest answer a sender reads: 64 results, each naming up to 16 servers. */
const MAX_ANSWER_BYTES = 1024 * 1024;
/** Largest descriptor: 64 blocks, each naming up to 15 more hops, fit well within it. */
export const MAX_DESCRIPTOR_BYTES = 256 * 1024;

/** One block of a batch, as the hop it is sent to sees it. */
export interface BatchedBlock {
  blockId: number;
  generation: number;
  /** The most bytes the block may reach (its file's block size): it must fit in one storage dir. */
  blockBytes: number;
  /** The data URLs of the hops after the one this batch goes to. */
  pipeline: string[];
  /** The medium of this hop, then of each after it ('': any); empty: any everywhere. */
  media: string[];
  /** The block's whole body: frames and terminator. */
  body: Buffer;
}

/** What one hop answers for one block of a batch. */
export type BatchedResult =
  { storedOn: string[]; length: number } | { code: ErrorCode; message: string };

/**
 * A descriptor's entry, checked by hand: this runs for every batch at every hop, and
 * zod's parse of the descriptor and of the answer was 4 % of a dataserver's CPU.
 */
function checkEntry(d: unknown, index: number): asserts d is DescriptorEntry {
  const bad = (what: string) => invalidArgument(`block batch: block ${index}: bad ${what}`);
  if (typeof d !== 'object' || d === null) throw bad('entry');
  const e = d as Record<string, unknown>;
  if (!isId(e.id)) throw bad('id');
  if (!isId(e.gen)) throw bad('generation');
  if (!(Number.isSafeInteger(e.bytes) && (e.bytes as number) >= 0)) throw bad('block size');
  if (!isStringList(e.pipeline, 64, 512)) throw bad('pipeline');
  if (!isStringList(e.media, 65, 16)) throw bad('media');
  const length = e.length;
  if (!(
    Number.isInteger(length) &&
    (length as number) > 0 &&
    (length as number) <= WHOLE_BODY_MAX_BYTES
  ))
    throw bad('body length');
}

interface DescriptorEntry {
  id: number;
  gen: number;
  bytes: number;
  pipeline: string[];
  media: string[];
  length: number;
}

function isId(v: unknown): v is number {
  return Number.isSafeInteger(v) && (v as number) > 0;
}

function isStringList(v: unknown, maxItems: number, maxLength: number): v is string[] {
  return (
    Array.isArray(v) &&
    v.length <= maxItems &&
    v.every((item) => typeof item === 'string' && item.length <= maxLength)
  );
}

function isResult(v: unknown): v is BatchedResult {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  if ('code' in r) return typeof r.code === 'string' && typeof r.message === 'string';
  return (
    isStringList(r.storedOn, 64, 512) && Number.isSafeInteger(r.length) && (r.length as number) >= 0
  );
}

/** The request body for `blocks`: one buffer, sent with its length declared. */
export function encodeBlockBatch(blocks: readonly BatchedBlock[]): Buffer {
  const descriptor = Buffer.from(
    JSON.stringify(
      blocks.map((b) => ({
        id: b.blockId,
        gen: b.generation,
        bytes: b.blockBytes,
        pipeline: b.pipeline,
        media: b.media,
        length: b.body.length,
      })),
    ),
  );
  return Buffer.concat([u32(descriptor.length), descriptor, ...blocks.map((b) => b.body)]);
}

/**
 * The blocks of a batch request body; throws INVALID_ARGUMENT for a malformed one.
 * The bodies are views of `body`, not copies; their frames are not checked here.
 */
export function decodeBlockBatch(body: Buffer): BatchedBlock[] {
  if (body.length < 4) throw invalidArgument('block batch: no descriptor');
  const descriptorBytes = body.readUInt32BE(0);
  if (descriptorBytes > MAX_DESCRIPTOR_BYTES || 4 + descriptorBytes > body.length)
    throw invalidArgument(`block batch: bad descriptor length ${descriptorBytes}`);
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8', 4, 4 + descriptorBytes));
  } catch {
    throw invalidArgument('block batch: the descriptor is not JSON');
  }
  if (!Array.isArray(json) || json.length === 0 || json.length > MAX_BATCH_BLOCKS)
    throw invalidArgument(`block batch: the descriptor must list 1 to ${MAX_BATCH_BLOCKS} blocks`);
  json.forEach(checkEntry);
  let at = 4 + descriptorBytes;
  const blocks = (json as DescriptorEntry[]).map((d): BatchedBlock => {
    const end = at + d.length;
    if (end > body.length) throw invalidArgument('block batch: shorter than its descriptor says');
    const block = {
      blockId: d.id,
      generation: d.gen,
      blockBytes: d.bytes,
      pipeline: d.pipeline,
      media: d.media,
      body: body.subarray(at, end),
    };
    at = end;
    return block;
  });
  if (at !== body.length) throw invalidArgument('block batch: longer than its descriptor says');
  return blocks;
}

export function encodeBatchResults(results: readonly BatchedResult[]): string {
  return JSON.stringify({ results });
}

export interface SendBatchOptions {
  dispatcher: Dispatcher;
  timeoutMs: number;
}

/**
 * Sends `blocks` as one batch to the dataserver at `url`. Resolves with a result per
 * block, in order, or with null if that server has no batch endpoint (an older
 * dataserver: send the blocks alone). A batch refused or failed as a whole rejects.
 */
export async function sendBlockBatch(
  url: string,
  blocks: readonly BatchedBlock[],
  options: SendBatchOptions,
): Promise<BatchedResult[] | null> {
  const body = encodeBlockBatch(blocks);
  if (body.length > MAX_BATCH_BYTES)
    throw resourceExhausted(`a block batch may carry at most ${MAX_BATCH_BYTES} bytes`);
  const response = await exchange(options.dispatcher, {
    origin: url,
    path: BLOCK_BATCH_PATH,
    method: 'POST',
    body,
    // How long this sender waits: each hop gives the next less (downstreamTimeoutMs).
    headers: {
      'content-type': 'application/octet-stream',
      [BATCH_TIMEOUT_HEADER]: String(options.timeoutMs),
    },
    timeoutMs: options.timeoutMs,
    maxBodyBytes: MAX_ANSWER_BYTES,
  });
  const text = joined(response).toString('utf8');
  if (isMissingEndpoint(response.statusCode, text)) return null;
  if (response.statusCode !== 200) {
    let message = text.slice(0, 300);
    try {
      message = (JSON.parse(text) as { message: string }).message;
    } catch {
      // not JSON: keep the text
    }
    throw new StrataError(errorCodeOfHttp(response.statusCode), `${url}: ${message}`);
  }
  let results: unknown;
  try {
    results = (JSON.parse(text) as { results?: unknown }).results;
  } catch {
    // malformed: below
  }
  if (!Array.isArray(results) || results.length !== blocks.length || !results.every(isResult))
    throw unavailable(`${url} answered a block batch of ${blocks.length} with a malformed answer`);
  // A code this client does not know (a newer server's) fails its block as INTERNAL.
  return results.map((r: BatchedResult) =>
    'code' in r && !isErrorCode(r.code) ? { code: ErrorCode.INTERNAL, message: r.message } : r,
  );
}

/**
 * Whether an answer says the server has no such endpoint: an older dataserver answers
 * a batch path it does not serve as it does any unknown path.
 */
export function isMissingEndpoint(statusCode: number, text: string): boolean {
  return statusCode === 404 && text.includes('no such endpoint');
}

function u32(value: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(value, 0);
  return b;
}
