/** Asks one nameserver directly for its HA role, epoch and last txid. */
import * as grpc from '@grpc/grpc-js';
import { strataProto, channelOptions } from '../../src/rpc/proto.js';
import { unaryCall } from '../../src/rpc/unary-call.js';
import type { HaStatusResponse__Output } from '../../src/rpc/generated/strata/v1/HaStatusResponse.js';

export async function haStatus(
  address: string,
  withChecksum = false,
): Promise<HaStatusResponse__Output> {
  const Service = strataProto().strata.v1.JournalShipping;
  // A pool of its own: the shared one may hold a subchannel to a server that was
  // down a moment ago and is still backing off from it.
  const client = new Service(address, grpc.credentials.createInsecure(), {
    ...channelOptions,
    'grpc.use_local_subchannel_pool': 1,
  });
  try {
    // On a loaded 2-core VM a fresh connection and answer took over 3 s (CI), and a
    // nameserver just woken from SIGSTOP answers late; a checksum walks the whole namespace.
    const timeoutMs = withChecksum ? 15_000 : 10_000;
    return await unaryCall<HaStatusResponse__Output>(
      client,
      'HaStatus',
      { withChecksum },
      timeoutMs,
    );
  } finally {
    client.close();
  }
}
