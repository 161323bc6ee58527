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
import { serveSeqStream } from './seq-stream.js';

/** What a batch may carry: the namespace calls, not the admin and long-running ones. */
export const BATCHABLE_METHODS: ReadonlySet<string> = new Set([
  'Mkdir',
  'Create',
  'AddBlock',
  'AbandonBlock',
  'Complete',
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
  return { results };
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
): void {
  serveSeqStream(
    stream,
    (request) => runBatch(methods, request, logger),
    Limits.maxStreamedBatches,
    (err) => logger.error({ err }, 'internal error in a streamed batch'),
  );
}
