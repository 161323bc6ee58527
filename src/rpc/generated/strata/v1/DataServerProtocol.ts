// Original file: proto/strata/v1/datanode_protocol.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { BlockReceivedRequest as _strata_v1_BlockReceivedRequest, BlockReceivedRequest__Output as _strata_v1_BlockReceivedRequest__Output } from '../../strata/v1/BlockReceivedRequest.js';
import type { BlockReceivedResponse as _strata_v1_BlockReceivedResponse, BlockReceivedResponse__Output as _strata_v1_BlockReceivedResponse__Output } from '../../strata/v1/BlockReceivedResponse.js';
import type { BlockReportRequest as _strata_v1_BlockReportRequest, BlockReportRequest__Output as _strata_v1_BlockReportRequest__Output } from '../../strata/v1/BlockReportRequest.js';
import type { BlockReportResponse as _strata_v1_BlockReportResponse, BlockReportResponse__Output as _strata_v1_BlockReportResponse__Output } from '../../strata/v1/BlockReportResponse.js';
import type { HeartbeatRequest as _strata_v1_HeartbeatRequest, HeartbeatRequest__Output as _strata_v1_HeartbeatRequest__Output } from '../../strata/v1/HeartbeatRequest.js';
import type { HeartbeatResponse as _strata_v1_HeartbeatResponse, HeartbeatResponse__Output as _strata_v1_HeartbeatResponse__Output } from '../../strata/v1/HeartbeatResponse.js';
import type { RegisterRequest as _strata_v1_RegisterRequest, RegisterRequest__Output as _strata_v1_RegisterRequest__Output } from '../../strata/v1/RegisterRequest.js';
import type { RegisterResponse as _strata_v1_RegisterResponse, RegisterResponse__Output as _strata_v1_RegisterResponse__Output } from '../../strata/v1/RegisterResponse.js';

export interface DataServerProtocolClient extends grpc.Client {
  BlockReceived(argument: _strata_v1_BlockReceivedRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_BlockReceivedResponse__Output>): grpc.ClientUnaryCall;
  BlockReceived(argument: _strata_v1_BlockReceivedRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_BlockReceivedResponse__Output>): grpc.ClientUnaryCall;
  BlockReceived(argument: _strata_v1_BlockReceivedRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_BlockReceivedResponse__Output>): grpc.ClientUnaryCall;
  BlockReceived(argument: _strata_v1_BlockReceivedRequest, callback: grpc.requestCallback<_strata_v1_BlockReceivedResponse__Output>): grpc.ClientUnaryCall;
  blockReceived(argument: _strata_v1_BlockReceivedRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_BlockReceivedResponse__Output>): grpc.ClientUnaryCall;
  blockReceived(argument: _strata_v1_BlockReceivedRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_BlockReceivedResponse__Output>): grpc.ClientUnaryCall;
  blockReceived(argument: _strata_v1_BlockReceivedRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_BlockReceivedResponse__Output>): grpc.ClientUnaryCall;
  blockReceived(argument: _strata_v1_BlockReceivedRequest, callback: grpc.requestCallback<_strata_v1_BlockReceivedResponse__Output>): grpc.ClientUnaryCall;
  
  BlockReport(argument: _strata_v1_BlockReportRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_BlockReportResponse__Output>): grpc.ClientUnaryCall;
  BlockReport(argument: _strata_v1_BlockReportRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_BlockReportResponse__Output>): grpc.ClientUnaryCall;
  BlockReport(argument: _strata_v1_BlockReportRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_BlockReportResponse__Output>): grpc.ClientUnaryCall;
  BlockReport(argument: _strata_v1_BlockReportRequest, callback: grpc.requestCallback<_strata_v1_BlockReportResponse__Output>): grpc.ClientUnaryCall;
  blockReport(argument: _strata_v1_BlockReportRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_BlockReportResponse__Output>): grpc.ClientUnaryCall;
  blockReport(argument: _strata_v1_BlockReportRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_BlockReportResponse__Output>): grpc.ClientUnaryCall;
  blockReport(argument: _strata_v1_BlockReportRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_BlockReportResponse__Output>): grpc.ClientUnaryCall;
  blockReport(argument: _strata_v1_BlockReportRequest, callback: grpc.requestCallback<_strata_v1_BlockReportResponse__Output>): grpc.ClientUnaryCall;
  
  Heartbeat(argument: _strata_v1_HeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _strata_v1_HeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _strata_v1_HeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _strata_v1_HeartbeatRequest, callback: grpc.requestCallback<_strata_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _strata_v1_HeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _strata_v1_HeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _strata_v1_HeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _strata_v1_HeartbeatRequest, callback: grpc.requestCallback<_strata_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  
  Register(argument: _strata_v1_RegisterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  Register(argument: _strata_v1_RegisterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  Register(argument: _strata_v1_RegisterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  Register(argument: _strata_v1_RegisterRequest, callback: grpc.requestCallback<_strata_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  register(argument: _strata_v1_RegisterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  register(argument: _strata_v1_RegisterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  register(argument: _strata_v1_RegisterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  register(argument: _strata_v1_RegisterRequest, callback: grpc.requestCallback<_strata_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface DataServerProtocolHandlers extends grpc.UntypedServiceImplementation {
  BlockReceived: grpc.handleUnaryCall<_strata_v1_BlockReceivedRequest__Output, _strata_v1_BlockReceivedResponse>;
  
  BlockReport: grpc.handleUnaryCall<_strata_v1_BlockReportRequest__Output, _strata_v1_BlockReportResponse>;
  
  Heartbeat: grpc.handleUnaryCall<_strata_v1_HeartbeatRequest__Output, _strata_v1_HeartbeatResponse>;
  
  Register: grpc.handleUnaryCall<_strata_v1_RegisterRequest__Output, _strata_v1_RegisterResponse>;
  
}

export interface DataServerProtocolDefinition extends grpc.ServiceDefinition {
  BlockReceived: MethodDefinition<_strata_v1_BlockReceivedRequest, _strata_v1_BlockReceivedResponse, _strata_v1_BlockReceivedRequest__Output, _strata_v1_BlockReceivedResponse__Output>
  BlockReport: MethodDefinition<_strata_v1_BlockReportRequest, _strata_v1_BlockReportResponse, _strata_v1_BlockReportRequest__Output, _strata_v1_BlockReportResponse__Output>
  Heartbeat: MethodDefinition<_strata_v1_HeartbeatRequest, _strata_v1_HeartbeatResponse, _strata_v1_HeartbeatRequest__Output, _strata_v1_HeartbeatResponse__Output>
  Register: MethodDefinition<_strata_v1_RegisterRequest, _strata_v1_RegisterResponse, _strata_v1_RegisterRequest__Output, _strata_v1_RegisterResponse__Output>
}
