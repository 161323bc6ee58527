/**
 * Client-side glue: one promise-returning unary call with a deadline; gRPC errors
 * come back as StrataErrors with the server's message.
 */
import type * as grpc from '@grpc/grpc-js';
import { errorCodeOfGrpc, StrataError } from '../core/errors.js';

type Callback<Res> = (err: grpc.ServiceError | null, value?: Res) => void;

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
    const callback: Callback<Res> = (err, value) => {
      if (err) {
        reject(new StrataError(errorCodeOfGrpc(err.code), err.details || err.message));
      } else {
        resolve(value as Res);
      }
    };
    const options: grpc.CallOptions = { deadline: Date.now() + timeoutMs };
    if (metadata) {
      (
        fn as (req: object, md: grpc.Metadata, opts: grpc.CallOptions, cb: Callback<Res>) => void
      ).call(client, request, metadata, options, callback);
    } else {
      (fn as (req: object, opts: grpc.CallOptions, cb: Callback<Res>) => void).call(
        client,
        request,
        options,
        callback,
      );
    }
  });
}
