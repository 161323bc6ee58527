import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AbandonBlockRequest as _strata_v1_AbandonBlockRequest, AbandonBlockRequest__Output as _strata_v1_AbandonBlockRequest__Output } from './strata/v1/AbandonBlockRequest.js';
import type { AbandonBlockResponse as _strata_v1_AbandonBlockResponse, AbandonBlockResponse__Output as _strata_v1_AbandonBlockResponse__Output } from './strata/v1/AbandonBlockResponse.js';
import type { AddBlockRequest as _strata_v1_AddBlockRequest, AddBlockRequest__Output as _strata_v1_AddBlockRequest__Output } from './strata/v1/AddBlockRequest.js';
import type { AddBlockResponse as _strata_v1_AddBlockResponse, AddBlockResponse__Output as _strata_v1_AddBlockResponse__Output } from './strata/v1/AddBlockResponse.js';
import type { AddCacheDirectiveRequest as _strata_v1_AddCacheDirectiveRequest, AddCacheDirectiveRequest__Output as _strata_v1_AddCacheDirectiveRequest__Output } from './strata/v1/AddCacheDirectiveRequest.js';
import type { AddCachePoolRequest as _strata_v1_AddCachePoolRequest, AddCachePoolRequest__Output as _strata_v1_AddCachePoolRequest__Output } from './strata/v1/AddCachePoolRequest.js';
import type { BalanceReport as _strata_v1_BalanceReport, BalanceReport__Output as _strata_v1_BalanceReport__Output } from './strata/v1/BalanceReport.js';
import type { BalanceRequest as _strata_v1_BalanceRequest, BalanceRequest__Output as _strata_v1_BalanceRequest__Output } from './strata/v1/BalanceRequest.js';
import type { BalanceResponse as _strata_v1_BalanceResponse, BalanceResponse__Output as _strata_v1_BalanceResponse__Output } from './strata/v1/BalanceResponse.js';
import type { BatchCall as _strata_v1_BatchCall, BatchCall__Output as _strata_v1_BatchCall__Output } from './strata/v1/BatchCall.js';
import type { BatchRequest as _strata_v1_BatchRequest, BatchRequest__Output as _strata_v1_BatchRequest__Output } from './strata/v1/BatchRequest.js';
import type { BatchResponse as _strata_v1_BatchResponse, BatchResponse__Output as _strata_v1_BatchResponse__Output } from './strata/v1/BatchResponse.js';
import type { BatchResult as _strata_v1_BatchResult, BatchResult__Output as _strata_v1_BatchResult__Output } from './strata/v1/BatchResult.js';
import type { CacheDirectiveInfo as _strata_v1_CacheDirectiveInfo, CacheDirectiveInfo__Output as _strata_v1_CacheDirectiveInfo__Output } from './strata/v1/CacheDirectiveInfo.js';
import type { CachePoolInfo as _strata_v1_CachePoolInfo, CachePoolInfo__Output as _strata_v1_CachePoolInfo__Output } from './strata/v1/CachePoolInfo.js';
import type { CachePoolState as _strata_v1_CachePoolState, CachePoolState__Output as _strata_v1_CachePoolState__Output } from './strata/v1/CachePoolState.js';
import type { CacheReport as _strata_v1_CacheReport, CacheReport__Output as _strata_v1_CacheReport__Output } from './strata/v1/CacheReport.js';
import type { ClusterReportRequest as _strata_v1_ClusterReportRequest, ClusterReportRequest__Output as _strata_v1_ClusterReportRequest__Output } from './strata/v1/ClusterReportRequest.js';
import type { ClusterReportResponse as _strata_v1_ClusterReportResponse, ClusterReportResponse__Output as _strata_v1_ClusterReportResponse__Output } from './strata/v1/ClusterReportResponse.js';
import type { CompleteRequest as _strata_v1_CompleteRequest, CompleteRequest__Output as _strata_v1_CompleteRequest__Output } from './strata/v1/CompleteRequest.js';
import type { CompleteResponse as _strata_v1_CompleteResponse, CompleteResponse__Output as _strata_v1_CompleteResponse__Output } from './strata/v1/CompleteResponse.js';
import type { CreateCompleteRequest as _strata_v1_CreateCompleteRequest, CreateCompleteRequest__Output as _strata_v1_CreateCompleteRequest__Output } from './strata/v1/CreateCompleteRequest.js';
import type { CreateCompleteResponse as _strata_v1_CreateCompleteResponse, CreateCompleteResponse__Output as _strata_v1_CreateCompleteResponse__Output } from './strata/v1/CreateCompleteResponse.js';
import type { CreateRequest as _strata_v1_CreateRequest, CreateRequest__Output as _strata_v1_CreateRequest__Output } from './strata/v1/CreateRequest.js';
import type { CreateResponse as _strata_v1_CreateResponse, CreateResponse__Output as _strata_v1_CreateResponse__Output } from './strata/v1/CreateResponse.js';
import type { DataServerInfo as _strata_v1_DataServerInfo, DataServerInfo__Output as _strata_v1_DataServerInfo__Output } from './strata/v1/DataServerInfo.js';
import type { DataServerReport as _strata_v1_DataServerReport, DataServerReport__Output as _strata_v1_DataServerReport__Output } from './strata/v1/DataServerReport.js';
import type { DecommissionRequest as _strata_v1_DecommissionRequest, DecommissionRequest__Output as _strata_v1_DecommissionRequest__Output } from './strata/v1/DecommissionRequest.js';
import type { DecommissionResponse as _strata_v1_DecommissionResponse, DecommissionResponse__Output as _strata_v1_DecommissionResponse__Output } from './strata/v1/DecommissionResponse.js';
import type { DeleteRequest as _strata_v1_DeleteRequest, DeleteRequest__Output as _strata_v1_DeleteRequest__Output } from './strata/v1/DeleteRequest.js';
import type { DeleteResponse as _strata_v1_DeleteResponse, DeleteResponse__Output as _strata_v1_DeleteResponse__Output } from './strata/v1/DeleteResponse.js';
import type { FailoverRequest as _strata_v1_FailoverRequest, FailoverRequest__Output as _strata_v1_FailoverRequest__Output } from './strata/v1/FailoverRequest.js';
import type { FailoverResponse as _strata_v1_FailoverResponse, FailoverResponse__Output as _strata_v1_FailoverResponse__Output } from './strata/v1/FailoverResponse.js';
import type { FileStatus as _strata_v1_FileStatus, FileStatus__Output as _strata_v1_FileStatus__Output } from './strata/v1/FileStatus.js';
import type { FsckBlock as _strata_v1_FsckBlock, FsckBlock__Output as _strata_v1_FsckBlock__Output } from './strata/v1/FsckBlock.js';
import type { FsckFile as _strata_v1_FsckFile, FsckFile__Output as _strata_v1_FsckFile__Output } from './strata/v1/FsckFile.js';
import type { FsckRequest as _strata_v1_FsckRequest, FsckRequest__Output as _strata_v1_FsckRequest__Output } from './strata/v1/FsckRequest.js';
import type { FsckResponse as _strata_v1_FsckResponse, FsckResponse__Output as _strata_v1_FsckResponse__Output } from './strata/v1/FsckResponse.js';
import type { GetBlockLocationsRequest as _strata_v1_GetBlockLocationsRequest, GetBlockLocationsRequest__Output as _strata_v1_GetBlockLocationsRequest__Output } from './strata/v1/GetBlockLocationsRequest.js';
import type { GetBlockLocationsResponse as _strata_v1_GetBlockLocationsResponse, GetBlockLocationsResponse__Output as _strata_v1_GetBlockLocationsResponse__Output } from './strata/v1/GetBlockLocationsResponse.js';
import type { ListCacheRequest as _strata_v1_ListCacheRequest, ListCacheRequest__Output as _strata_v1_ListCacheRequest__Output } from './strata/v1/ListCacheRequest.js';
import type { ListRequest as _strata_v1_ListRequest, ListRequest__Output as _strata_v1_ListRequest__Output } from './strata/v1/ListRequest.js';
import type { ListResponse as _strata_v1_ListResponse, ListResponse__Output as _strata_v1_ListResponse__Output } from './strata/v1/ListResponse.js';
import type { LocatedBlock as _strata_v1_LocatedBlock, LocatedBlock__Output as _strata_v1_LocatedBlock__Output } from './strata/v1/LocatedBlock.js';
import type { MigrateRequest as _strata_v1_MigrateRequest, MigrateRequest__Output as _strata_v1_MigrateRequest__Output } from './strata/v1/MigrateRequest.js';
import type { MigrateResponse as _strata_v1_MigrateResponse, MigrateResponse__Output as _strata_v1_MigrateResponse__Output } from './strata/v1/MigrateResponse.js';
import type { MkdirRequest as _strata_v1_MkdirRequest, MkdirRequest__Output as _strata_v1_MkdirRequest__Output } from './strata/v1/MkdirRequest.js';
import type { MkdirResponse as _strata_v1_MkdirResponse, MkdirResponse__Output as _strata_v1_MkdirResponse__Output } from './strata/v1/MkdirResponse.js';
import type { NameServerReport as _strata_v1_NameServerReport, NameServerReport__Output as _strata_v1_NameServerReport__Output } from './strata/v1/NameServerReport.js';
import type { NameServiceClient as _strata_v1_NameServiceClient, NameServiceDefinition as _strata_v1_NameServiceDefinition } from './strata/v1/NameService.js';
import type { ReleaseReservedBlocksRequest as _strata_v1_ReleaseReservedBlocksRequest, ReleaseReservedBlocksRequest__Output as _strata_v1_ReleaseReservedBlocksRequest__Output } from './strata/v1/ReleaseReservedBlocksRequest.js';
import type { ReleaseReservedBlocksResponse as _strata_v1_ReleaseReservedBlocksResponse, ReleaseReservedBlocksResponse__Output as _strata_v1_ReleaseReservedBlocksResponse__Output } from './strata/v1/ReleaseReservedBlocksResponse.js';
import type { RemoveCacheDirectiveRequest as _strata_v1_RemoveCacheDirectiveRequest, RemoveCacheDirectiveRequest__Output as _strata_v1_RemoveCacheDirectiveRequest__Output } from './strata/v1/RemoveCacheDirectiveRequest.js';
import type { RemoveCachePoolRequest as _strata_v1_RemoveCachePoolRequest, RemoveCachePoolRequest__Output as _strata_v1_RemoveCachePoolRequest__Output } from './strata/v1/RemoveCachePoolRequest.js';
import type { RenameRequest as _strata_v1_RenameRequest, RenameRequest__Output as _strata_v1_RenameRequest__Output } from './strata/v1/RenameRequest.js';
import type { RenameResponse as _strata_v1_RenameResponse, RenameResponse__Output as _strata_v1_RenameResponse__Output } from './strata/v1/RenameResponse.js';
import type { RenewLeaseRequest as _strata_v1_RenewLeaseRequest, RenewLeaseRequest__Output as _strata_v1_RenewLeaseRequest__Output } from './strata/v1/RenewLeaseRequest.js';
import type { RenewLeaseResponse as _strata_v1_RenewLeaseResponse, RenewLeaseResponse__Output as _strata_v1_RenewLeaseResponse__Output } from './strata/v1/RenewLeaseResponse.js';
import type { RepairReport as _strata_v1_RepairReport, RepairReport__Output as _strata_v1_RepairReport__Output } from './strata/v1/RepairReport.js';
import type { ReportBadReplicaRequest as _strata_v1_ReportBadReplicaRequest, ReportBadReplicaRequest__Output as _strata_v1_ReportBadReplicaRequest__Output } from './strata/v1/ReportBadReplicaRequest.js';
import type { ReportBadReplicaResponse as _strata_v1_ReportBadReplicaResponse, ReportBadReplicaResponse__Output as _strata_v1_ReportBadReplicaResponse__Output } from './strata/v1/ReportBadReplicaResponse.js';
import type { ReserveBlockRequest as _strata_v1_ReserveBlockRequest, ReserveBlockRequest__Output as _strata_v1_ReserveBlockRequest__Output } from './strata/v1/ReserveBlockRequest.js';
import type { ReserveBlockResponse as _strata_v1_ReserveBlockResponse, ReserveBlockResponse__Output as _strata_v1_ReserveBlockResponse__Output } from './strata/v1/ReserveBlockResponse.js';
import type { SetReplicationRequest as _strata_v1_SetReplicationRequest, SetReplicationRequest__Output as _strata_v1_SetReplicationRequest__Output } from './strata/v1/SetReplicationRequest.js';
import type { SetReplicationResponse as _strata_v1_SetReplicationResponse, SetReplicationResponse__Output as _strata_v1_SetReplicationResponse__Output } from './strata/v1/SetReplicationResponse.js';
import type { SetStoragePolicyRequest as _strata_v1_SetStoragePolicyRequest, SetStoragePolicyRequest__Output as _strata_v1_SetStoragePolicyRequest__Output } from './strata/v1/SetStoragePolicyRequest.js';
import type { SetStoragePolicyResponse as _strata_v1_SetStoragePolicyResponse, SetStoragePolicyResponse__Output as _strata_v1_SetStoragePolicyResponse__Output } from './strata/v1/SetStoragePolicyResponse.js';
import type { StatRequest as _strata_v1_StatRequest, StatRequest__Output as _strata_v1_StatRequest__Output } from './strata/v1/StatRequest.js';
import type { StatResponse as _strata_v1_StatResponse, StatResponse__Output as _strata_v1_StatResponse__Output } from './strata/v1/StatResponse.js';
import type { StorageReport as _strata_v1_StorageReport, StorageReport__Output as _strata_v1_StorageReport__Output } from './strata/v1/StorageReport.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  strata: {
    v1: {
      AbandonBlockRequest: MessageTypeDefinition<_strata_v1_AbandonBlockRequest, _strata_v1_AbandonBlockRequest__Output>
      AbandonBlockResponse: MessageTypeDefinition<_strata_v1_AbandonBlockResponse, _strata_v1_AbandonBlockResponse__Output>
      AddBlockRequest: MessageTypeDefinition<_strata_v1_AddBlockRequest, _strata_v1_AddBlockRequest__Output>
      AddBlockResponse: MessageTypeDefinition<_strata_v1_AddBlockResponse, _strata_v1_AddBlockResponse__Output>
      AddCacheDirectiveRequest: MessageTypeDefinition<_strata_v1_AddCacheDirectiveRequest, _strata_v1_AddCacheDirectiveRequest__Output>
      AddCachePoolRequest: MessageTypeDefinition<_strata_v1_AddCachePoolRequest, _strata_v1_AddCachePoolRequest__Output>
      BalanceReport: MessageTypeDefinition<_strata_v1_BalanceReport, _strata_v1_BalanceReport__Output>
      BalanceRequest: MessageTypeDefinition<_strata_v1_BalanceRequest, _strata_v1_BalanceRequest__Output>
      BalanceResponse: MessageTypeDefinition<_strata_v1_BalanceResponse, _strata_v1_BalanceResponse__Output>
      BatchCall: MessageTypeDefinition<_strata_v1_BatchCall, _strata_v1_BatchCall__Output>
      BatchRequest: MessageTypeDefinition<_strata_v1_BatchRequest, _strata_v1_BatchRequest__Output>
      BatchResponse: MessageTypeDefinition<_strata_v1_BatchResponse, _strata_v1_BatchResponse__Output>
      BatchResult: MessageTypeDefinition<_strata_v1_BatchResult, _strata_v1_BatchResult__Output>
      CacheDirectiveInfo: MessageTypeDefinition<_strata_v1_CacheDirectiveInfo, _strata_v1_CacheDirectiveInfo__Output>
      CachePoolInfo: MessageTypeDefinition<_strata_v1_CachePoolInfo, _strata_v1_CachePoolInfo__Output>
      CachePoolState: MessageTypeDefinition<_strata_v1_CachePoolState, _strata_v1_CachePoolState__Output>
      CacheReport: MessageTypeDefinition<_strata_v1_CacheReport, _strata_v1_CacheReport__Output>
      ClusterReportRequest: MessageTypeDefinition<_strata_v1_ClusterReportRequest, _strata_v1_ClusterReportRequest__Output>
      ClusterReportResponse: MessageTypeDefinition<_strata_v1_ClusterReportResponse, _strata_v1_ClusterReportResponse__Output>
      CompleteRequest: MessageTypeDefinition<_strata_v1_CompleteRequest, _strata_v1_CompleteRequest__Output>
      CompleteResponse: MessageTypeDefinition<_strata_v1_CompleteResponse, _strata_v1_CompleteResponse__Output>
      CreateCompleteRequest: MessageTypeDefinition<_strata_v1_CreateCompleteRequest, _strata_v1_CreateCompleteRequest__Output>
      CreateCompleteResponse: MessageTypeDefinition<_strata_v1_CreateCompleteResponse, _strata_v1_CreateCompleteResponse__Output>
      CreateRequest: MessageTypeDefinition<_strata_v1_CreateRequest, _strata_v1_CreateRequest__Output>
      CreateResponse: MessageTypeDefinition<_strata_v1_CreateResponse, _strata_v1_CreateResponse__Output>
      DataServerInfo: MessageTypeDefinition<_strata_v1_DataServerInfo, _strata_v1_DataServerInfo__Output>
      DataServerReport: MessageTypeDefinition<_strata_v1_DataServerReport, _strata_v1_DataServerReport__Output>
      DecommissionRequest: MessageTypeDefinition<_strata_v1_DecommissionRequest, _strata_v1_DecommissionRequest__Output>
      DecommissionResponse: MessageTypeDefinition<_strata_v1_DecommissionResponse, _strata_v1_DecommissionResponse__Output>
      DeleteRequest: MessageTypeDefinition<_strata_v1_DeleteRequest, _strata_v1_DeleteRequest__Output>
      DeleteResponse: MessageTypeDefinition<_strata_v1_DeleteResponse, _strata_v1_DeleteResponse__Output>
      FailoverRequest: MessageTypeDefinition<_strata_v1_FailoverRequest, _strata_v1_FailoverRequest__Output>
      FailoverResponse: MessageTypeDefinition<_strata_v1_FailoverResponse, _strata_v1_FailoverResponse__Output>
      FileStatus: MessageTypeDefinition<_strata_v1_FileStatus, _strata_v1_FileStatus__Output>
      FileType: EnumTypeDefinition
      FsckBlock: MessageTypeDefinition<_strata_v1_FsckBlock, _strata_v1_FsckBlock__Output>
      FsckFile: MessageTypeDefinition<_strata_v1_FsckFile, _strata_v1_FsckFile__Output>
      FsckRequest: MessageTypeDefinition<_strata_v1_FsckRequest, _strata_v1_FsckRequest__Output>
      FsckResponse: MessageTypeDefinition<_strata_v1_FsckResponse, _strata_v1_FsckResponse__Output>
      GetBlockLocationsRequest: MessageTypeDefinition<_strata_v1_GetBlockLocationsRequest, _strata_v1_GetBlockLocationsRequest__Output>
      GetBlockLocationsResponse: MessageTypeDefinition<_strata_v1_GetBlockLocationsResponse, _strata_v1_GetBlockLocationsResponse__Output>
      ListCacheRequest: MessageTypeDefinition<_strata_v1_ListCacheRequest, _strata_v1_ListCacheRequest__Output>
      ListRequest: MessageTypeDefinition<_strata_v1_ListRequest, _strata_v1_ListRequest__Output>
      ListResponse: MessageTypeDefinition<_strata_v1_ListResponse, _strata_v1_ListResponse__Output>
      LocatedBlock: MessageTypeDefinition<_strata_v1_LocatedBlock, _strata_v1_LocatedBlock__Output>
      MigrateRequest: MessageTypeDefinition<_strata_v1_MigrateRequest, _strata_v1_MigrateRequest__Output>
      MigrateResponse: MessageTypeDefinition<_strata_v1_MigrateResponse, _strata_v1_MigrateResponse__Output>
      MkdirRequest: MessageTypeDefinition<_strata_v1_MkdirRequest, _strata_v1_MkdirRequest__Output>
      MkdirResponse: MessageTypeDefinition<_strata_v1_MkdirResponse, _strata_v1_MkdirResponse__Output>
      NameServerReport: MessageTypeDefinition<_strata_v1_NameServerReport, _strata_v1_NameServerReport__Output>
      NameService: SubtypeConstructor<typeof grpc.Client, _strata_v1_NameServiceClient> & { service: _strata_v1_NameServiceDefinition }
      ReleaseReservedBlocksRequest: MessageTypeDefinition<_strata_v1_ReleaseReservedBlocksRequest, _strata_v1_ReleaseReservedBlocksRequest__Output>
      ReleaseReservedBlocksResponse: MessageTypeDefinition<_strata_v1_ReleaseReservedBlocksResponse, _strata_v1_ReleaseReservedBlocksResponse__Output>
      RemoveCacheDirectiveRequest: MessageTypeDefinition<_strata_v1_RemoveCacheDirectiveRequest, _strata_v1_RemoveCacheDirectiveRequest__Output>
      RemoveCachePoolRequest: MessageTypeDefinition<_strata_v1_RemoveCachePoolRequest, _strata_v1_RemoveCachePoolRequest__Output>
      RenameRequest: MessageTypeDefinition<_strata_v1_RenameRequest, _strata_v1_RenameRequest__Output>
      RenameResponse: MessageTypeDefinition<_strata_v1_RenameResponse, _strata_v1_RenameResponse__Output>
      RenewLeaseRequest: MessageTypeDefinition<_strata_v1_RenewLeaseRequest, _strata_v1_RenewLeaseRequest__Output>
      RenewLeaseResponse: MessageTypeDefinition<_strata_v1_RenewLeaseResponse, _strata_v1_RenewLeaseResponse__Output>
      RepairReport: MessageTypeDefinition<_strata_v1_RepairReport, _strata_v1_RepairReport__Output>
      ReportBadReplicaRequest: MessageTypeDefinition<_strata_v1_ReportBadReplicaRequest, _strata_v1_ReportBadReplicaRequest__Output>
      ReportBadReplicaResponse: MessageTypeDefinition<_strata_v1_ReportBadReplicaResponse, _strata_v1_ReportBadReplicaResponse__Output>
      ReserveBlockRequest: MessageTypeDefinition<_strata_v1_ReserveBlockRequest, _strata_v1_ReserveBlockRequest__Output>
      ReserveBlockResponse: MessageTypeDefinition<_strata_v1_ReserveBlockResponse, _strata_v1_ReserveBlockResponse__Output>
      SetReplicationRequest: MessageTypeDefinition<_strata_v1_SetReplicationRequest, _strata_v1_SetReplicationRequest__Output>
      SetReplicationResponse: MessageTypeDefinition<_strata_v1_SetReplicationResponse, _strata_v1_SetReplicationResponse__Output>
      SetStoragePolicyRequest: MessageTypeDefinition<_strata_v1_SetStoragePolicyRequest, _strata_v1_SetStoragePolicyRequest__Output>
      SetStoragePolicyResponse: MessageTypeDefinition<_strata_v1_SetStoragePolicyResponse, _strata_v1_SetStoragePolicyResponse__Output>
      StatRequest: MessageTypeDefinition<_strata_v1_StatRequest, _strata_v1_StatRequest__Output>
      StatResponse: MessageTypeDefinition<_strata_v1_StatResponse, _strata_v1_StatResponse__Output>
      StorageReport: MessageTypeDefinition<_strata_v1_StorageReport, _strata_v1_StorageReport__Output>
    }
  }
}

