/**
 * One block range read alone: `GET /blocks/{id}?offset&length`, its answer held whole
 * (src/platform/http-exchange.ts). A read that finds no other under way to its
 * dataserver goes this way rather than as a batch of one: at one read in flight the
 * batch's envelope (a request body, JSON both ways) made reads 20–30 % slower.
 */
import type { Dispatcher } from 'undici';
import { errorCodeOfHttp } from '../core/errors.js';
import { maxRangeAnswerBytes, type BatchedRange, type RangeResult } from '../core/read-batch.js';
import { exchange, joined } from '../platform/http-exchange.js';

export async function readRangeAlone(
  dispatcher: Dispatcher,
  dataUrl: string,
  range: BatchedRange,
  timeoutMs: number,
): Promise<RangeResult> {
  const answer = await exchange(dispatcher, {
    origin: dataUrl,
    path: `/blocks/${range.blockId}?offset=${range.offset}&length=${range.length}`,
    method: 'GET',
    timeoutMs,
    maxBodyBytes: maxRangeAnswerBytes(range.length),
  });
  if (answer.statusCode !== 200)
    return {
      code: errorCodeOfHttp(answer.statusCode),
      message: `HTTP ${answer.statusCode} ${joined(answer).toString('utf8', 0, 200)}`,
    };
  return {
    body: joined(answer),
    generation: Number(answer.headers.get('x-strata-generation')),
    chunkOffset: Number(answer.headers.get('x-strata-chunk-offset')),
  };
}
