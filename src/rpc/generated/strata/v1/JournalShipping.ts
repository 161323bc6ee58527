// Original file: proto/strata/v1/ha.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { HaStatusRequest as _strata_v1_HaStatusRequest, HaStatusRequest__Output as _strata_v1_HaStatusRequest__Output } from '../../strata/v1/HaStatusRequest.js';
import type { HaStatusResponse as _strata_v1_HaStatusResponse, HaStatusResponse__Output as _strata_v1_HaStatusResponse__Output } from '../../strata/v1/HaStatusResponse.js';
import type { InstallSnapshotResponse as _strata_v1_InstallSnapshotResponse, InstallSnapshotResponse__Output as _strata_v1_InstallSnapshotResponse__Output } from '../../strata/v1/InstallSnapshotResponse.js';
import type { ReplicateRequest as _strata_v1_ReplicateRequest, ReplicateRequest__Output as _strata_v1_ReplicateRequest__Output } from '../../strata/v1/ReplicateRequest.js';
import type { ReplicateResponse as _strata_v1_ReplicateResponse, ReplicateResponse__Output as _strata_v1_ReplicateResponse__Output } from '../../strata/v1/ReplicateResponse.js';
import type { SnapshotChunk as _strata_v1_SnapshotChunk, SnapshotChunk__Output as _strata_v1_SnapshotChunk__Output } from '../../strata/v1/SnapshotChunk.js';
import type { TakeOverRequest as _strata_v1_TakeOverRequest, TakeOverRequest__Output as _strata_v1_TakeOverRequest__Output } from '../../strata/v1/TakeOverRequest.js';
import type { TakeOverResponse as _strata_v1_TakeOverResponse, TakeOverResponse__Output as _strata_v1_TakeOverResponse__Output } from '../../strata/v1/TakeOverResponse.js';

export interface JournalShippingClient extends grpc.Client {
  HaStatus(argument: _strata_v1_HaStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_HaStatusResponse__Output>): grpc.ClientUnaryCall;
  HaStatus(argument: _strata_v1_HaStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_HaStatusResponse__Output>): grpc.ClientUnaryCall;
  HaStatus(argument: _strata_v1_HaStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_HaStatusResponse__Output>): grpc.ClientUnaryCall;
  HaStatus(argument: _strata_v1_HaStatusRequest, callback: grpc.requestCallback<_strata_v1_HaStatusResponse__Output>): grpc.ClientUnaryCall;
  haStatus(argument: _strata_v1_HaStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_HaStatusResponse__Output>): grpc.ClientUnaryCall;
  haStatus(argument: _strata_v1_HaStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_HaStatusResponse__Output>): grpc.ClientUnaryCall;
  haStatus(argument: _strata_v1_HaStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_HaStatusResponse__Output>): grpc.ClientUnaryCall;
  haStatus(argument: _strata_v1_HaStatusRequest, callback: grpc.requestCallback<_strata_v1_HaStatusResponse__Output>): grpc.ClientUnaryCall;
  
  InstallSnapshot(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_InstallSnapshotResponse__Output>): grpc.ClientWritableStream<_strata_v1_SnapshotChunk>;
  InstallSnapshot(metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_InstallSnapshotResponse__Output>): grpc.ClientWritableStream<_strata_v1_SnapshotChunk>;
  InstallSnapshot(options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_InstallSnapshotResponse__Output>): grpc.ClientWritableStream<_strata_v1_SnapshotChunk>;
  InstallSnapshot(callback: grpc.requestCallback<_strata_v1_InstallSnapshotResponse__Output>): grpc.ClientWritableStream<_strata_v1_SnapshotChunk>;
  installSnapshot(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_InstallSnapshotResponse__Output>): grpc.ClientWritableStream<_strata_v1_SnapshotChunk>;
  installSnapshot(metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_InstallSnapshotResponse__Output>): grpc.ClientWritableStream<_strata_v1_SnapshotChunk>;
  installSnapshot(options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_InstallSnapshotResponse__Output>): grpc.ClientWritableStream<_strata_v1_SnapshotChunk>;
  installSnapshot(callback: grpc.requestCallback<_strata_v1_InstallSnapshotResponse__Output>): grpc.ClientWritableStream<_strata_v1_SnapshotChunk>;
  
  Replicate(argument: _strata_v1_ReplicateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ReplicateResponse__Output>): grpc.ClientUnaryCall;
  Replicate(argument: _strata_v1_ReplicateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_ReplicateResponse__Output>): grpc.ClientUnaryCall;
  Replicate(argument: _strata_v1_ReplicateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ReplicateResponse__Output>): grpc.ClientUnaryCall;
  Replicate(argument: _strata_v1_ReplicateRequest, callback: grpc.requestCallback<_strata_v1_ReplicateResponse__Output>): grpc.ClientUnaryCall;
  replicate(argument: _strata_v1_ReplicateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ReplicateResponse__Output>): grpc.ClientUnaryCall;
  replicate(argument: _strata_v1_ReplicateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_ReplicateResponse__Output>): grpc.ClientUnaryCall;
  replicate(argument: _strata_v1_ReplicateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ReplicateResponse__Output>): grpc.ClientUnaryCall;
  replicate(argument: _strata_v1_ReplicateRequest, callback: grpc.requestCallback<_strata_v1_ReplicateResponse__Output>): grpc.ClientUnaryCall;
  
  ReplicateStream(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_strata_v1_ReplicateRequest, _strata_v1_ReplicateResponse__Output>;
  ReplicateStream(options?: grpc.CallOptions): grpc.ClientDuplexStream<_strata_v1_ReplicateRequest, _strata_v1_ReplicateResponse__Output>;
  replicateStream(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_strata_v1_ReplicateRequest, _strata_v1_ReplicateResponse__Output>;
  replicateStream(options?: grpc.CallOptions): grpc.ClientDuplexStream<_strata_v1_ReplicateRequest, _strata_v1_ReplicateResponse__Output>;
  
  TakeOver(argument: _strata_v1_TakeOverRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_TakeOverResponse__Output>): grpc.ClientUnaryCall;
  TakeOver(argument: _strata_v1_TakeOverRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_TakeOverResponse__Output>): grpc.ClientUnaryCall;
  TakeOver(argument: _strata_v1_TakeOverRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_TakeOverResponse__Output>): grpc.ClientUnaryCall;
  TakeOver(argument: _strata_v1_TakeOverRequest, callback: grpc.requestCallback<_strata_v1_TakeOverResponse__Output>): grpc.ClientUnaryCall;
  takeOver(argument: _strata_v1_TakeOverRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_TakeOverResponse__Output>): grpc.ClientUnaryCall;
  takeOver(argument: _strata_v1_TakeOverRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_TakeOverResponse__Output>): grpc.ClientUnaryCall;
  takeOver(argument: _strata_v1_TakeOverRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_TakeOverResponse__Output>): grpc.ClientUnaryCall;
  takeOver(argument: _strata_v1_TakeOverRequest, callback: grpc.requestCallback<_strata_v1_TakeOverResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface JournalShippingHandlers extends grpc.UntypedServiceImplementation {
  HaStatus: grpc.handleUnaryCall<_strata_v1_HaStatusRequest__Output, _strata_v1_HaStatusResponse>;
  
  InstallSnapshot: grpc.handleClientStreamingCall<_strata_v1_SnapshotChunk__Output, _strata_v1_InstallSnapshotResponse>;
  
  Replicate: grpc.handleUnaryCall<_strata_v1_ReplicateRequest__Output, _strata_v1_ReplicateResponse>;
  
  ReplicateStream: grpc.handleBidiStreamingCall<_strata_v1_ReplicateRequest__Output, _strata_v1_ReplicateResponse>;
  
  TakeOver: grpc.handleUnaryCall<_strata_v1_TakeOverRequest__Output, _strata_v1_TakeOverResponse>;
  
}

export interface JournalShippingDefinition extends grpc.ServiceDefinition {
  HaStatus: MethodDefinition<_strata_v1_HaStatusRequest, _strata_v1_HaStatusResponse, _strata_v1_HaStatusRequest__Output, _strata_v1_HaStatusResponse__Output>
  InstallSnapshot: MethodDefinition<_strata_v1_SnapshotChunk, _strata_v1_InstallSnapshotResponse, _strata_v1_SnapshotChunk__Output, _strata_v1_InstallSnapshotResponse__Output>
  Replicate: MethodDefinition<_strata_v1_ReplicateRequest, _strata_v1_ReplicateResponse, _strata_v1_ReplicateRequest__Output, _strata_v1_ReplicateResponse__Output>
  ReplicateStream: MethodDefinition<_strata_v1_ReplicateRequest, _strata_v1_ReplicateResponse, _strata_v1_ReplicateRequest__Output, _strata_v1_ReplicateResponse__Output>
  TakeOver: MethodDefinition<_strata_v1_TakeOverRequest, _strata_v1_TakeOverResponse, _strata_v1_TakeOverRequest__Output, _strata_v1_TakeOverResponse__Output>
}
