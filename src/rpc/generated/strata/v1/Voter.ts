// Original file: proto/strata/v1/ha.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { LeaseRenewal as _strata_v1_LeaseRenewal, LeaseRenewal__Output as _strata_v1_LeaseRenewal__Output } from '../../strata/v1/LeaseRenewal.js';
import type { LeaseRenewalResponse as _strata_v1_LeaseRenewalResponse, LeaseRenewalResponse__Output as _strata_v1_LeaseRenewalResponse__Output } from '../../strata/v1/LeaseRenewalResponse.js';
import type { SetInSyncRequest as _strata_v1_SetInSyncRequest, SetInSyncRequest__Output as _strata_v1_SetInSyncRequest__Output } from '../../strata/v1/SetInSyncRequest.js';
import type { SetInSyncResponse as _strata_v1_SetInSyncResponse, SetInSyncResponse__Output as _strata_v1_SetInSyncResponse__Output } from '../../strata/v1/SetInSyncResponse.js';
import type { VoteRequest as _strata_v1_VoteRequest, VoteRequest__Output as _strata_v1_VoteRequest__Output } from '../../strata/v1/VoteRequest.js';
import type { VoteResponse as _strata_v1_VoteResponse, VoteResponse__Output as _strata_v1_VoteResponse__Output } from '../../strata/v1/VoteResponse.js';

export interface VoterClient extends grpc.Client {
  ReleaseLease(argument: _strata_v1_LeaseRenewal, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_LeaseRenewalResponse__Output>): grpc.ClientUnaryCall;
  ReleaseLease(argument: _strata_v1_LeaseRenewal, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_LeaseRenewalResponse__Output>): grpc.ClientUnaryCall;
  ReleaseLease(argument: _strata_v1_LeaseRenewal, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_LeaseRenewalResponse__Output>): grpc.ClientUnaryCall;
  ReleaseLease(argument: _strata_v1_LeaseRenewal, callback: grpc.requestCallback<_strata_v1_LeaseRenewalResponse__Output>): grpc.ClientUnaryCall;
  releaseLease(argument: _strata_v1_LeaseRenewal, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_LeaseRenewalResponse__Output>): grpc.ClientUnaryCall;
  releaseLease(argument: _strata_v1_LeaseRenewal, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_LeaseRenewalResponse__Output>): grpc.ClientUnaryCall;
  releaseLease(argument: _strata_v1_LeaseRenewal, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_LeaseRenewalResponse__Output>): grpc.ClientUnaryCall;
  releaseLease(argument: _strata_v1_LeaseRenewal, callback: grpc.requestCallback<_strata_v1_LeaseRenewalResponse__Output>): grpc.ClientUnaryCall;
  
  RenewLease(argument: _strata_v1_LeaseRenewal, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_LeaseRenewalResponse__Output>): grpc.ClientUnaryCall;
  RenewLease(argument: _strata_v1_LeaseRenewal, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_LeaseRenewalResponse__Output>): grpc.ClientUnaryCall;
  RenewLease(argument: _strata_v1_LeaseRenewal, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_LeaseRenewalResponse__Output>): grpc.ClientUnaryCall;
  RenewLease(argument: _strata_v1_LeaseRenewal, callback: grpc.requestCallback<_strata_v1_LeaseRenewalResponse__Output>): grpc.ClientUnaryCall;
  renewLease(argument: _strata_v1_LeaseRenewal, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_LeaseRenewalResponse__Output>): grpc.ClientUnaryCall;
  renewLease(argument: _strata_v1_LeaseRenewal, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_LeaseRenewalResponse__Output>): grpc.ClientUnaryCall;
  renewLease(argument: _strata_v1_LeaseRenewal, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_LeaseRenewalResponse__Output>): grpc.ClientUnaryCall;
  renewLease(argument: _strata_v1_LeaseRenewal, callback: grpc.requestCallback<_strata_v1_LeaseRenewalResponse__Output>): grpc.ClientUnaryCall;
  
  RequestVote(argument: _strata_v1_VoteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_VoteResponse__Output>): grpc.ClientUnaryCall;
  RequestVote(argument: _strata_v1_VoteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_VoteResponse__Output>): grpc.ClientUnaryCall;
  RequestVote(argument: _strata_v1_VoteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_VoteResponse__Output>): grpc.ClientUnaryCall;
  RequestVote(argument: _strata_v1_VoteRequest, callback: grpc.requestCallback<_strata_v1_VoteResponse__Output>): grpc.ClientUnaryCall;
  requestVote(argument: _strata_v1_VoteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_VoteResponse__Output>): grpc.ClientUnaryCall;
  requestVote(argument: _strata_v1_VoteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_VoteResponse__Output>): grpc.ClientUnaryCall;
  requestVote(argument: _strata_v1_VoteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_VoteResponse__Output>): grpc.ClientUnaryCall;
  requestVote(argument: _strata_v1_VoteRequest, callback: grpc.requestCallback<_strata_v1_VoteResponse__Output>): grpc.ClientUnaryCall;
  
  SetInSync(argument: _strata_v1_SetInSyncRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_SetInSyncResponse__Output>): grpc.ClientUnaryCall;
  SetInSync(argument: _strata_v1_SetInSyncRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_SetInSyncResponse__Output>): grpc.ClientUnaryCall;
  SetInSync(argument: _strata_v1_SetInSyncRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_SetInSyncResponse__Output>): grpc.ClientUnaryCall;
  SetInSync(argument: _strata_v1_SetInSyncRequest, callback: grpc.requestCallback<_strata_v1_SetInSyncResponse__Output>): grpc.ClientUnaryCall;
  setInSync(argument: _strata_v1_SetInSyncRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_SetInSyncResponse__Output>): grpc.ClientUnaryCall;
  setInSync(argument: _strata_v1_SetInSyncRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_SetInSyncResponse__Output>): grpc.ClientUnaryCall;
  setInSync(argument: _strata_v1_SetInSyncRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_SetInSyncResponse__Output>): grpc.ClientUnaryCall;
  setInSync(argument: _strata_v1_SetInSyncRequest, callback: grpc.requestCallback<_strata_v1_SetInSyncResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface VoterHandlers extends grpc.UntypedServiceImplementation {
  ReleaseLease: grpc.handleUnaryCall<_strata_v1_LeaseRenewal__Output, _strata_v1_LeaseRenewalResponse>;
  
  RenewLease: grpc.handleUnaryCall<_strata_v1_LeaseRenewal__Output, _strata_v1_LeaseRenewalResponse>;
  
  RequestVote: grpc.handleUnaryCall<_strata_v1_VoteRequest__Output, _strata_v1_VoteResponse>;
  
  SetInSync: grpc.handleUnaryCall<_strata_v1_SetInSyncRequest__Output, _strata_v1_SetInSyncResponse>;
  
}

export interface VoterDefinition extends grpc.ServiceDefinition {
  ReleaseLease: MethodDefinition<_strata_v1_LeaseRenewal, _strata_v1_LeaseRenewalResponse, _strata_v1_LeaseRenewal__Output, _strata_v1_LeaseRenewalResponse__Output>
  RenewLease: MethodDefinition<_strata_v1_LeaseRenewal, _strata_v1_LeaseRenewalResponse, _strata_v1_LeaseRenewal__Output, _strata_v1_LeaseRenewalResponse__Output>
  RequestVote: MethodDefinition<_strata_v1_VoteRequest, _strata_v1_VoteResponse, _strata_v1_VoteRequest__Output, _strata_v1_VoteResponse__Output>
  SetInSync: MethodDefinition<_strata_v1_SetInSyncRequest, _strata_v1_SetInSyncResponse, _strata_v1_SetInSyncRequest__Output, _strata_v1_SetInSyncResponse__Output>
}
