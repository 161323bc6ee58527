/**
 * Server-side glue: turns an async function into a grpc-js unary handler whose
 * thrown StrataErrors become the matching gRPC status with a one-line message.
 * Anything else is an internal error: logged with its stack, reported as INTERNAL.
 */
import * as grpc from '@grpc/grpc-js';
import { grpcStatusOf, StrataError } from '../core/errors.js';
import type { Logger } from 'pino';

/** What a handler learns from the call besides its request. */
export interface CallContext {
  /** The client's id for this logical request, the same on every retry (metadata x-request-id). */
  requestId: string | undefined;
}

export const REQUEST_ID_HEADER = 'x-request-id';

export function unaryHandler<Req, Res>(
  logger: Logger,
  method: string,
  fn: (request: Req, context: CallContext) => Promise<Res> | Res,
): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    let result: Promise<Res>;
    try {
      const raw = call.metadata.get(REQUEST_ID_HEADER)[0];
      const requestId = typeof raw === 'string' && raw.length <= 64 ? raw : undefined;
      result = Promise.resolve(fn(call.request, { requestId }));
    } catch (err) {
      result = Promise.reject(err);
    }
    result.then(
      (response) => callback(null, response),
      (err: unknown) => {
        if (err instanceof StrataError) {
          callback({ code: grpcStatusOf(err.code), details: err.message });
          return;
        }
        logger.error({ err, method }, 'internal error');
        callback({ code: grpc.status.INTERNAL, details: `internal error in ${method}` });
      },
    );
  };
}
