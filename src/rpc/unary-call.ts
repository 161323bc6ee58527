/**
 * Client-side glue: one promise-returning unary call with a deadline; gRPC errors
 * come back as StrataErrors with the server's message.
 *
 * The deadline is enforced here rather than by gRPC alone. After the process was
 * frozen (a busy or throttled host stops every process for hundreds of ms at a
 * time), Node runs due timers before it reads the sockets, so a gRPC deadline
 * timer fails a call whose answer has already arrived. Our timer looks one turn
 * of the event loop later (setImmediate runs after the poll phase has read the
 * sockets) and only then gives up; gRPC's own deadline, later by a margin, is the
 * backstop and tells the server when to stop.
 */
import type * as grpc from '@grpc/grpc-js';
import { ErrorCode, StrataError } from '../core/errors.js';
import { errorCodeOfGrpc } from '../core/errors.js';

type Callback<Res> = (err: grpc.ServiceError | null, value?: Res) => void;

/** How much later than our own deadline gRPC's fires. */
const GRPC_DEADLINE_MARGIN_MS = 1_000;

export function unaryCall<Res>(
  client: grpc.Client,
  method: string,
  request: object,
  timeoutMs: number,
  metadata?: grpc.Metadata,
): Promise<Res> {
  const fn = (client as unknown as Record<string, unknown>)[method];
  if (typeof fn !== 'function') throw new Error(`no such RPC method: ${method}`);
  return new Promise<Res>((resolve, reject) => {
    let settled = false;
    // Fires after the call below is made (timers never run synchronously).
    const timer = setTimeout(
      () =>
        setImmediate(() => {
          if (settled) return;
          settled = true;
          call?.cancel();
          reject(
            new StrataError(ErrorCode.UNAVAILABLE, `${method}: no answer within ${timeoutMs} ms`),
          );
        }),
      timeoutMs,
    );
    const callback: Callback<Res> = (err, value) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) {
        reject(new StrataError(errorCodeOfGrpc(err.code), err.details || err.message));
      } else {
        resolve(value as Res);
      }
    };
    const options: grpc.CallOptions = {
      deadline: Date.now() + timeoutMs + GRPC_DEADLINE_MARGIN_MS,
    };
    let call: grpc.ClientUnaryCall | undefined;
    try {
      call = metadata
        ? (
            fn as (
              req: object,
              md: grpc.Metadata,
              opts: grpc.CallOptions,
              cb: Callback<Res>,
            ) => grpc.ClientUnaryCall
          ).call(client, request, metadata, options, callback)
        : (
            fn as (req: object, opts: grpc.CallOptions, cb: Callback<Res>) => grpc.ClientUnaryCall
          ).call(client, request, options, callback);
    } catch (err) {
      settled = true;
      clearTimeout(timer);
      reject(err as Error);
    }
  });
}
