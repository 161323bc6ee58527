/**
 * A NameService call sent twice in one Batch under one request id, straight over
 * gRPC: what a client's retry after a lost answer looks like to the nameserver.
 */
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { channelOptions, strataProto } from '../../src/rpc/proto.js';
import { unaryCall } from '../../src/rpc/unary-call.js';
import type { BatchResponse__Output } from '../../src/rpc/generated/strata/v1/BatchResponse.js';

/** Both answers, decoded; fails the test if either is not OK. */
export async function sentTwice<Res>(
  address: string,
  method: string,
  request: object,
  requestId: string,
): Promise<Res[]> {
  const definitions = strataProto().strata.v1.NameService;
  const raw = new definitions(address, grpc.credentials.createInsecure(), channelOptions);
  const definition = definitions.service[method]!;
  const bytes = (definition.requestSerialize as (r: object) => Buffer)(request);
  try {
    const call = { method, request: bytes, requestId };
    const answer = await unaryCall<BatchResponse__Output>(
      raw,
      'Batch',
      { calls: [call, call] },
      10_000,
    );
    return answer.results.map((r) => {
      assert.equal(r.code, grpc.status.OK, r.message);
      return (definition.responseDeserialize as (b: Buffer) => Res)(r.response);
    });
  } finally {
    raw.close();
  }
}
