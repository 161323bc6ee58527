/** The production RemoteVoters: gRPC clients of the peer's and the witness's Voter services. */
import * as grpc from '@grpc/grpc-js';
import { channelOptions, strataProto } from '../rpc/proto.js';
import { unaryCall } from '../rpc/unary-call.js';
import type { VoteResponse__Output } from '../rpc/generated/strata/v1/VoteResponse.js';
import type { LeaseRenewalResponse__Output } from '../rpc/generated/strata/v1/LeaseRenewalResponse.js';
import type { VoteAnswer, VoteRequest } from '../ha/voter.js';
import type { LeaseAnswer, LeaseRequest, RemoteVoter, RemoteVoters } from './remote-voters.js';

class GrpcRemoteVoter implements RemoteVoter {
  readonly client: grpc.Client;

  constructor(address: string) {
    const Voter = strataProto().strata.v1.Voter;
    this.client = new Voter(address, grpc.credentials.createInsecure(), channelOptions);
  }

  async requestVote(request: VoteRequest, timeoutMs: number): Promise<VoteAnswer> {
    const r = await unaryCall<VoteResponse__Output>(this.client, 'RequestVote', request, timeoutMs);
    return { granted: r.granted, promisedEpoch: Number(r.promisedEpoch), reason: r.reason };
  }

  renewLease(request: LeaseRequest, timeoutMs: number): Promise<LeaseAnswer> {
    return this.leaseCall('RenewLease', request, timeoutMs);
  }

  releaseLease(request: LeaseRequest, timeoutMs: number): Promise<LeaseAnswer> {
    return this.leaseCall('ReleaseLease', request, timeoutMs);
  }

  private async leaseCall(
    method: string,
    request: LeaseRequest,
    timeoutMs: number,
  ): Promise<LeaseAnswer> {
    const r = await unaryCall<LeaseRenewalResponse__Output>(
      this.client,
      method,
      request,
      timeoutMs,
    );
    return { ok: r.ok, promisedEpoch: Number(r.promisedEpoch) };
  }
}

export class GrpcRemoteVoters implements RemoteVoters {
  readonly voters: readonly GrpcRemoteVoter[];

  constructor(
    private readonly peerAddress: string,
    witnessAddress: string,
  ) {
    this.voters = [new GrpcRemoteVoter(peerAddress), new GrpcRemoteVoter(witnessAddress)];
  }

  async askPeerToTakeOver(timeoutMs: number): Promise<void> {
    const Shipping = strataProto().strata.v1.JournalShipping;
    const shipping = new Shipping(
      this.peerAddress,
      grpc.credentials.createInsecure(),
      channelOptions,
    );
    try {
      await unaryCall(shipping, 'TakeOver', {}, timeoutMs);
    } finally {
      shipping.close();
    }
  }

  close(): void {
    for (const voter of this.voters) voter.client.close();
  }
}
