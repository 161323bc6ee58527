import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { BlockReceivedRequest as _strata_v1_BlockReceivedRequest, BlockReceivedRequest__Output as _strata_v1_BlockReceivedRequest__Output } from './strata/v1/BlockReceivedRequest.js';
import type { BlockReceivedResponse as _strata_v1_BlockReceivedResponse, BlockReceivedResponse__Output as _strata_v1_BlockReceivedResponse__Output } from './strata/v1/BlockReceivedResponse.js';
import type { BlockReportRequest as _strata_v1_BlockReportRequest, BlockReportRequest__Output as _strata_v1_BlockReportRequest__Output } from './strata/v1/BlockReportRequest.js';
import type { BlockReportResponse as _strata_v1_BlockReportResponse, BlockReportResponse__Output as _strata_v1_BlockReportResponse__Output } from './strata/v1/BlockReportResponse.js';
import type { CachePoolState as _strata_v1_CachePoolState, CachePoolState__Output as _strata_v1_CachePoolState__Output } from './strata/v1/CachePoolState.js';
import type { CopyCommand as _strata_v1_CopyCommand, CopyCommand__Output as _strata_v1_CopyCommand__Output } from './strata/v1/CopyCommand.js';
import type { DataServerInfo as _strata_v1_DataServerInfo, DataServerInfo__Output as _strata_v1_DataServerInfo__Output } from './strata/v1/DataServerInfo.js';
import type { DataServerProtocolClient as _strata_v1_DataServerProtocolClient, DataServerProtocolDefinition as _strata_v1_DataServerProtocolDefinition } from './strata/v1/DataServerProtocol.js';
import type { FileStatus as _strata_v1_FileStatus, FileStatus__Output as _strata_v1_FileStatus__Output } from './strata/v1/FileStatus.js';
import type { HeartbeatRequest as _strata_v1_HeartbeatRequest, HeartbeatRequest__Output as _strata_v1_HeartbeatRequest__Output } from './strata/v1/HeartbeatRequest.js';
import type { HeartbeatResponse as _strata_v1_HeartbeatResponse, HeartbeatResponse__Output as _strata_v1_HeartbeatResponse__Output } from './strata/v1/HeartbeatResponse.js';
import type { LocatedBlock as _strata_v1_LocatedBlock, LocatedBlock__Output as _strata_v1_LocatedBlock__Output } from './strata/v1/LocatedBlock.js';
import type { MoveCommand as _strata_v1_MoveCommand, MoveCommand__Output as _strata_v1_MoveCommand__Output } from './strata/v1/MoveCommand.js';
import type { RegisterRequest as _strata_v1_RegisterRequest, RegisterRequest__Output as _strata_v1_RegisterRequest__Output } from './strata/v1/RegisterRequest.js';
import type { RegisterResponse as _strata_v1_RegisterResponse, RegisterResponse__Output as _strata_v1_RegisterResponse__Output } from './strata/v1/RegisterResponse.js';
import type { ReplicaState as _strata_v1_ReplicaState, ReplicaState__Output as _strata_v1_ReplicaState__Output } from './strata/v1/ReplicaState.js';
import type { StorageState as _strata_v1_StorageState, StorageState__Output as _strata_v1_StorageState__Output } from './strata/v1/StorageState.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  strata: {
    v1: {
      BlockReceivedRequest: MessageTypeDefinition<_strata_v1_BlockReceivedRequest, _strata_v1_BlockReceivedRequest__Output>
      BlockReceivedResponse: MessageTypeDefinition<_strata_v1_BlockReceivedResponse, _strata_v1_BlockReceivedResponse__Output>
      BlockReportRequest: MessageTypeDefinition<_strata_v1_BlockReportRequest, _strata_v1_BlockReportRequest__Output>
      BlockReportResponse: MessageTypeDefinition<_strata_v1_BlockReportResponse, _strata_v1_BlockReportResponse__Output>
      CachePoolState: MessageTypeDefinition<_strata_v1_CachePoolState, _strata_v1_CachePoolState__Output>
      CopyCommand: MessageTypeDefinition<_strata_v1_CopyCommand, _strata_v1_CopyCommand__Output>
      DataServerInfo: MessageTypeDefinition<_strata_v1_DataServerInfo, _strata_v1_DataServerInfo__Output>
      DataServerProtocol: SubtypeConstructor<typeof grpc.Client, _strata_v1_DataServerProtocolClient> & { service: _strata_v1_DataServerProtocolDefinition }
      FileStatus: MessageTypeDefinition<_strata_v1_FileStatus, _strata_v1_FileStatus__Output>
      FileType: EnumTypeDefinition
      HeartbeatRequest: MessageTypeDefinition<_strata_v1_HeartbeatRequest, _strata_v1_HeartbeatRequest__Output>
      HeartbeatResponse: MessageTypeDefinition<_strata_v1_HeartbeatResponse, _strata_v1_HeartbeatResponse__Output>
      LocatedBlock: MessageTypeDefinition<_strata_v1_LocatedBlock, _strata_v1_LocatedBlock__Output>
      MoveCommand: MessageTypeDefinition<_strata_v1_MoveCommand, _strata_v1_MoveCommand__Output>
      RegisterRequest: MessageTypeDefinition<_strata_v1_RegisterRequest, _strata_v1_RegisterRequest__Output>
      RegisterResponse: MessageTypeDefinition<_strata_v1_RegisterResponse, _strata_v1_RegisterResponse__Output>
      ReplicaState: MessageTypeDefinition<_strata_v1_ReplicaState, _strata_v1_ReplicaState__Output>
      StorageState: MessageTypeDefinition<_strata_v1_StorageState, _strata_v1_StorageState__Output>
    }
  }
}

