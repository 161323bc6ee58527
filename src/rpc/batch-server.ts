/**
 * Server side of the Batch call and of the Calls stream: runs each call of a batch
 * through the same function that serves it when sent alone, and answers each with
 * its own result or error.
 *
 * The calls start in their order and run concurrently: each one plans and applies
 * its mutation synchronously, then waits for the journal commit, so the mutations of
 * one batch share a commit (group commit), as concurrent single calls would.
 */
import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { grpcStatusOf, invalidArgument, StrataError } from '../core/errors.js';
import { Limits } from '../core/limits.js';
import type { CallContext } from './handlers.js';
import type { BatchRequest__Output } from './generated/strata/v1/BatchRequest.js';
import type { BatchResult } from './generated/strata/v1/BatchResult.js';
import type { BatchResponse } from './generated/strata/v1/BatchResponse.js';
import { serveSeqStream, type ServedSeqStream } from './seq-stream.js';

/** What a batch may carry: the namespace calls, not the admin and long-running ones. */
export const BATCHABLE_METHODS: ReadonlySet<string> = new Set([
  'Mkdir',
  'Create',
  'AddBlock',
  'AbandonBlock',
  'Complete',
  'ReserveBlock',
  'CreateComplete',
  'ReleaseReservedBlocks',
  'RenewLease',
  'GetBlockLocations',
  'Stat',
  'List',
  'Delete',
  'Rename',
  'SetReplication',
  'SetStoragePolicy',
]);

export type CallFunction = (request: unknown, context: CallContext) => unknown;

/** Each method's function and its message codecs (grpc-js's, from the service definition). */
export interface BatchMethod {
  fn: CallFunction;
  definition: grpc.MethodDefinition<unknown, unknown>;
}

export async function runBatch(
  methods: ReadonlyMap<string, BatchMethod>,
  request: BatchRequest__Output,
  logger: Logger,
): Promise<{ results: BatchResult[] }> {
  if (request.calls.length > Limits.maxBatchCalls)
    throw invalidArgument(
      `a batch carries at most ${Limits.maxBatchCalls} calls, not ${request.calls.length}`,
    );
  const results = await Promise.all(
    request.calls.map(async (call): Promise<BatchResult> => {
      const method = BATCHABLE_METHODS.has(call.method) ? methods.get(call.method) : undefined;
      try {
        if (!method) throw invalidArgument(`not a call a batch may carry: ${call.method}`);
        const requestId =
          call.requestId.length > 0 && call.requestId.length <= 64 ? call.requestId : undefined;
        const response = await method.fn(method.definition.requestDeserialize(call.request), {
          requestId,
        });
        return { code: grpc.status.OK, response: method.definition.responseSerialize(response) };
      } catch (err) {
        if (err instanceof StrataError)
          return { code: grpcStatusOf(err.code), message: err.message };
        // A request that does not decode is the caller's error, like a bad message alone.
        if (err instanceof Error && /invalid wire type|index out of range/i.test(err.message))
          return { code: grpc.status.INVALID_ARGUMENT, message: `bad ${call.method} request` };
        logger.error({ err, method: call.method }, 'internal error in a batched call');
        return { code: grpc.status.INTERNAL, message: `internal error in ${call.method}` };
      }
    }),
  );
  return { results: withinAnswerLimit(request, results) };
}

/** Calls that change nothing: their answer may be dropped and the call sent again. */
export const READ_ONLY_METHODS: ReadonlySet<string> = new Set([
  'GetBlockLocations',
  'Stat',
  'List',
]);
/** Room left in an answer for its framing and the results' own fields. */
const ANSWER_MARGIN_BYTES = 64 * 1024;
/** A result's tag, length and code fields, at most. */
const RESULT_FRAMING_BYTES = 24;

/**
 * An answer over gRPC's message limit would fail the whole call (on the Calls
 * stream, every batch on it). When the results outgrow it, the largest answers of
 * read-only calls are replaced by RESOURCE_EXHAUSTED, each call's own error, until
 * the rest fit; a mutation's answer is never dropped (it is small, and its change is made).
 */
function withinAnswerLimit(request: BatchRequest__Output, results: BatchResult[]): BatchResult[] {
  const limit = Limits.maxGrpcMessageBytes - ANSWER_MARGIN_BYTES;
  const responseBytes = (r: BatchResult) => (r.response as Buffer | undefined)?.length ?? 0;
  // A result's serialized size: its answer, its message, and a few bytes of framing.
  const size = (r: BatchResult) =>
    responseBytes(r) + Buffer.byteLength(r.message ?? '') + RESULT_FRAMING_BYTES;
  let total = results.reduce((sum, r) => sum + size(r), 0);
  if (total <= limit) return results;
  const droppable = results
    .map((r, i) => i)
    .filter(
      (i) => READ_ONLY_METHODS.has(request.calls[i]!.method) && responseBytes(results[i]!) > 0,
    )
    .sort((a, b) => size(results[b]!) - size(results[a]!));
  const out = [...results];
  for (const i of droppable) {
    if (total <= limit) break;
    const refusal: BatchResult = {
      code: grpc.status.RESOURCE_EXHAUSTED,
      message: `the answers of this batch outgrew ${limit} bytes: send ${request.calls[i]!.method} alone`,
    };
    total += size(refusal) - size(out[i]!);
    out[i] = refusal;
  }
  return out;
}

/**
 * Serves a Calls stream: each batch runs as a Batch call would, at once and
 * concurrently with the others, and its answer goes back with its seq; at most
 * `Limits.maxStreamedBatches` run at once on a stream (seq-stream.ts).
 */
export function serveCallStream(
  stream: grpc.ServerDuplexStream<BatchRequest__Output, BatchResponse>,
  methods: ReadonlyMap<string, BatchMethod>,
  logger: Logger,
  open: Set<ServedSeqStream>,
): void {
  serveSeqStream(stream, {
    handle: (request) => runBatch(methods, request, logger),
    maxRunning: Limits.maxStreamedBatches,
    onInternalError: (err) => logger.error({ err }, 'internal error in a streamed batch'),
    open,
  });
}
