// Original file: proto/strata/v1/nameserver.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AbandonBlockRequest as _strata_v1_AbandonBlockRequest, AbandonBlockRequest__Output as _strata_v1_AbandonBlockRequest__Output } from '../../strata/v1/AbandonBlockRequest.js';
import type { AbandonBlockResponse as _strata_v1_AbandonBlockResponse, AbandonBlockResponse__Output as _strata_v1_AbandonBlockResponse__Output } from '../../strata/v1/AbandonBlockResponse.js';
import type { AddBlockRequest as _strata_v1_AddBlockRequest, AddBlockRequest__Output as _strata_v1_AddBlockRequest__Output } from '../../strata/v1/AddBlockRequest.js';
import type { AddBlockResponse as _strata_v1_AddBlockResponse, AddBlockResponse__Output as _strata_v1_AddBlockResponse__Output } from '../../strata/v1/AddBlockResponse.js';
import type { AddCacheDirectiveRequest as _strata_v1_AddCacheDirectiveRequest, AddCacheDirectiveRequest__Output as _strata_v1_AddCacheDirectiveRequest__Output } from '../../strata/v1/AddCacheDirectiveRequest.js';
import type { AddCachePoolRequest as _strata_v1_AddCachePoolRequest, AddCachePoolRequest__Output as _strata_v1_AddCachePoolRequest__Output } from '../../strata/v1/AddCachePoolRequest.js';
import type { BalanceRequest as _strata_v1_BalanceRequest, BalanceRequest__Output as _strata_v1_BalanceRequest__Output } from '../../strata/v1/BalanceRequest.js';
import type { BalanceResponse as _strata_v1_BalanceResponse, BalanceResponse__Output as _strata_v1_BalanceResponse__Output } from '../../strata/v1/BalanceResponse.js';
import type { BatchRequest as _strata_v1_BatchRequest, BatchRequest__Output as _strata_v1_BatchRequest__Output } from '../../strata/v1/BatchRequest.js';
import type { BatchResponse as _strata_v1_BatchResponse, BatchResponse__Output as _strata_v1_BatchResponse__Output } from '../../strata/v1/BatchResponse.js';
import type { CacheReport as _strata_v1_CacheReport, CacheReport__Output as _strata_v1_CacheReport__Output } from '../../strata/v1/CacheReport.js';
import type { ClusterReportRequest as _strata_v1_ClusterReportRequest, ClusterReportRequest__Output as _strata_v1_ClusterReportRequest__Output } from '../../strata/v1/ClusterReportRequest.js';
import type { ClusterReportResponse as _strata_v1_ClusterReportResponse, ClusterReportResponse__Output as _strata_v1_ClusterReportResponse__Output } from '../../strata/v1/ClusterReportResponse.js';
import type { CompleteRequest as _strata_v1_CompleteRequest, CompleteRequest__Output as _strata_v1_CompleteRequest__Output } from '../../strata/v1/CompleteRequest.js';
import type { CompleteResponse as _strata_v1_CompleteResponse, CompleteResponse__Output as _strata_v1_CompleteResponse__Output } from '../../strata/v1/CompleteResponse.js';
import type { CreateCompleteRequest as _strata_v1_CreateCompleteRequest, CreateCompleteRequest__Output as _strata_v1_CreateCompleteRequest__Output } from '../../strata/v1/CreateCompleteRequest.js';
import type { CreateCompleteResponse as _strata_v1_CreateCompleteResponse, CreateCompleteResponse__Output as _strata_v1_CreateCompleteResponse__Output } from '../../strata/v1/CreateCompleteResponse.js';
import type { CreateRequest as _strata_v1_CreateRequest, CreateRequest__Output as _strata_v1_CreateRequest__Output } from '../../strata/v1/CreateRequest.js';
import type { CreateResponse as _strata_v1_CreateResponse, CreateResponse__Output as _strata_v1_CreateResponse__Output } from '../../strata/v1/CreateResponse.js';
import type { DecommissionRequest as _strata_v1_DecommissionRequest, DecommissionRequest__Output as _strata_v1_DecommissionRequest__Output } from '../../strata/v1/DecommissionRequest.js';
import type { DecommissionResponse as _strata_v1_DecommissionResponse, DecommissionResponse__Output as _strata_v1_DecommissionResponse__Output } from '../../strata/v1/DecommissionResponse.js';
import type { DeleteRequest as _strata_v1_DeleteRequest, DeleteRequest__Output as _strata_v1_DeleteRequest__Output } from '../../strata/v1/DeleteRequest.js';
import type { DeleteResponse as _strata_v1_DeleteResponse, DeleteResponse__Output as _strata_v1_DeleteResponse__Output } from '../../strata/v1/DeleteResponse.js';
import type { FailoverRequest as _strata_v1_FailoverRequest, FailoverRequest__Output as _strata_v1_FailoverRequest__Output } from '../../strata/v1/FailoverRequest.js';
import type { FailoverResponse as _strata_v1_FailoverResponse, FailoverResponse__Output as _strata_v1_FailoverResponse__Output } from '../../strata/v1/FailoverResponse.js';
import type { FsckRequest as _strata_v1_FsckRequest, FsckRequest__Output as _strata_v1_FsckRequest__Output } from '../../strata/v1/FsckRequest.js';
import type { FsckResponse as _strata_v1_FsckResponse, FsckResponse__Output as _strata_v1_FsckResponse__Output } from '../../strata/v1/FsckResponse.js';
import type { GetBlockLocationsRequest as _strata_v1_GetBlockLocationsRequest, GetBlockLocationsRequest__Output as _strata_v1_GetBlockLocationsRequest__Output } from '../../strata/v1/GetBlockLocationsRequest.js';
import type { GetBlockLocationsResponse as _strata_v1_GetBlockLocationsResponse, GetBlockLocationsResponse__Output as _strata_v1_GetBlockLocationsResponse__Output } from '../../strata/v1/GetBlockLocationsResponse.js';
import type { ListCacheRequest as _strata_v1_ListCacheRequest, ListCacheRequest__Output as _strata_v1_ListCacheRequest__Output } from '../../strata/v1/ListCacheRequest.js';
import type { ListRequest as _strata_v1_ListRequest, ListRequest__Output as _strata_v1_ListRequest__Output } from '../../strata/v1/ListRequest.js';
import type { ListResponse as _strata_v1_ListResponse, ListResponse__Output as _strata_v1_ListResponse__Output } from '../../strata/v1/ListResponse.js';
import type { MigrateRequest as _strata_v1_MigrateRequest, MigrateRequest__Output as _strata_v1_MigrateRequest__Output } from '../../strata/v1/MigrateRequest.js';
import type { MigrateResponse as _strata_v1_MigrateResponse, MigrateResponse__Output as _strata_v1_MigrateResponse__Output } from '../../strata/v1/MigrateResponse.js';
import type { MkdirRequest as _strata_v1_MkdirRequest, MkdirRequest__Output as _strata_v1_MkdirRequest__Output } from '../../strata/v1/MkdirRequest.js';
import type { MkdirResponse as _strata_v1_MkdirResponse, MkdirResponse__Output as _strata_v1_MkdirResponse__Output } from '../../strata/v1/MkdirResponse.js';
import type { ReleaseReservedBlocksRequest as _strata_v1_ReleaseReservedBlocksRequest, ReleaseReservedBlocksRequest__Output as _strata_v1_ReleaseReservedBlocksRequest__Output } from '../../strata/v1/ReleaseReservedBlocksRequest.js';
import type { ReleaseReservedBlocksResponse as _strata_v1_ReleaseReservedBlocksResponse, ReleaseReservedBlocksResponse__Output as _strata_v1_ReleaseReservedBlocksResponse__Output } from '../../strata/v1/ReleaseReservedBlocksResponse.js';
import type { RemoveCacheDirectiveRequest as _strata_v1_RemoveCacheDirectiveRequest, RemoveCacheDirectiveRequest__Output as _strata_v1_RemoveCacheDirectiveRequest__Output } from '../../strata/v1/RemoveCacheDirectiveRequest.js';
import type { RemoveCachePoolRequest as _strata_v1_RemoveCachePoolRequest, RemoveCachePoolRequest__Output as _strata_v1_RemoveCachePoolRequest__Output } from '../../strata/v1/RemoveCachePoolRequest.js';
import type { RenameRequest as _strata_v1_RenameRequest, RenameRequest__Output as _strata_v1_RenameRequest__Output } from '../../strata/v1/RenameRequest.js';
import type { RenameResponse as _strata_v1_RenameResponse, RenameResponse__Output as _strata_v1_RenameResponse__Output } from '../../strata/v1/RenameResponse.js';
import type { RenewLeaseRequest as _strata_v1_RenewLeaseRequest, RenewLeaseRequest__Output as _strata_v1_RenewLeaseRequest__Output } from '../../strata/v1/RenewLeaseRequest.js';
import type { RenewLeaseResponse as _strata_v1_RenewLeaseResponse, RenewLeaseResponse__Output as _strata_v1_RenewLeaseResponse__Output } from '../../strata/v1/RenewLeaseResponse.js';
import type { ReportBadReplicaRequest as _strata_v1_ReportBadReplicaRequest, ReportBadReplicaRequest__Output as _strata_v1_ReportBadReplicaRequest__Output } from '../../strata/v1/ReportBadReplicaRequest.js';
import type { ReportBadReplicaResponse as _strata_v1_ReportBadReplicaResponse, ReportBadReplicaResponse__Output as _strata_v1_ReportBadReplicaResponse__Output } from '../../strata/v1/ReportBadReplicaResponse.js';
import type { ReserveBlockRequest as _strata_v1_ReserveBlockRequest, ReserveBlockRequest__Output as _strata_v1_ReserveBlockRequest__Output } from '../../strata/v1/ReserveBlockRequest.js';
import type { ReserveBlockResponse as _strata_v1_ReserveBlockResponse, ReserveBlockResponse__Output as _strata_v1_ReserveBlockResponse__Output } from '../../strata/v1/ReserveBlockResponse.js';
import type { SetReplicationRequest as _strata_v1_SetReplicationRequest, SetReplicationRequest__Output as _strata_v1_SetReplicationRequest__Output } from '../../strata/v1/SetReplicationRequest.js';
import type { SetReplicationResponse as _strata_v1_SetReplicationResponse, SetReplicationResponse__Output as _strata_v1_SetReplicationResponse__Output } from '../../strata/v1/SetReplicationResponse.js';
import type { SetStoragePolicyRequest as _strata_v1_SetStoragePolicyRequest, SetStoragePolicyRequest__Output as _strata_v1_SetStoragePolicyRequest__Output } from '../../strata/v1/SetStoragePolicyRequest.js';
import type { SetStoragePolicyResponse as _strata_v1_SetStoragePolicyResponse, SetStoragePolicyResponse__Output as _strata_v1_SetStoragePolicyResponse__Output } from '../../strata/v1/SetStoragePolicyResponse.js';
import type { StatRequest as _strata_v1_StatRequest, StatRequest__Output as _strata_v1_StatRequest__Output } from '../../strata/v1/StatRequest.js';
import type { StatResponse as _strata_v1_StatResponse, StatResponse__Output as _strata_v1_StatResponse__Output } from '../../strata/v1/StatResponse.js';

export interface NameServiceClient extends grpc.Client {
  AbandonBlock(argument: _strata_v1_AbandonBlockRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_AbandonBlockResponse__Output>): grpc.ClientUnaryCall;
  AbandonBlock(argument: _strata_v1_AbandonBlockRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_AbandonBlockResponse__Output>): grpc.ClientUnaryCall;
  AbandonBlock(argument: _strata_v1_AbandonBlockRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_AbandonBlockResponse__Output>): grpc.ClientUnaryCall;
  AbandonBlock(argument: _strata_v1_AbandonBlockRequest, callback: grpc.requestCallback<_strata_v1_AbandonBlockResponse__Output>): grpc.ClientUnaryCall;
  abandonBlock(argument: _strata_v1_AbandonBlockRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_AbandonBlockResponse__Output>): grpc.ClientUnaryCall;
  abandonBlock(argument: _strata_v1_AbandonBlockRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_AbandonBlockResponse__Output>): grpc.ClientUnaryCall;
  abandonBlock(argument: _strata_v1_AbandonBlockRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_AbandonBlockResponse__Output>): grpc.ClientUnaryCall;
  abandonBlock(argument: _strata_v1_AbandonBlockRequest, callback: grpc.requestCallback<_strata_v1_AbandonBlockResponse__Output>): grpc.ClientUnaryCall;
  
  AddBlock(argument: _strata_v1_AddBlockRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_AddBlockResponse__Output>): grpc.ClientUnaryCall;
  AddBlock(argument: _strata_v1_AddBlockRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_AddBlockResponse__Output>): grpc.ClientUnaryCall;
  AddBlock(argument: _strata_v1_AddBlockRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_AddBlockResponse__Output>): grpc.ClientUnaryCall;
  AddBlock(argument: _strata_v1_AddBlockRequest, callback: grpc.requestCallback<_strata_v1_AddBlockResponse__Output>): grpc.ClientUnaryCall;
  addBlock(argument: _strata_v1_AddBlockRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_AddBlockResponse__Output>): grpc.ClientUnaryCall;
  addBlock(argument: _strata_v1_AddBlockRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_AddBlockResponse__Output>): grpc.ClientUnaryCall;
  addBlock(argument: _strata_v1_AddBlockRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_AddBlockResponse__Output>): grpc.ClientUnaryCall;
  addBlock(argument: _strata_v1_AddBlockRequest, callback: grpc.requestCallback<_strata_v1_AddBlockResponse__Output>): grpc.ClientUnaryCall;
  
  AddCacheDirective(argument: _strata_v1_AddCacheDirectiveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  AddCacheDirective(argument: _strata_v1_AddCacheDirectiveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  AddCacheDirective(argument: _strata_v1_AddCacheDirectiveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  AddCacheDirective(argument: _strata_v1_AddCacheDirectiveRequest, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  addCacheDirective(argument: _strata_v1_AddCacheDirectiveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  addCacheDirective(argument: _strata_v1_AddCacheDirectiveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  addCacheDirective(argument: _strata_v1_AddCacheDirectiveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  addCacheDirective(argument: _strata_v1_AddCacheDirectiveRequest, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  
  AddCachePool(argument: _strata_v1_AddCachePoolRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  AddCachePool(argument: _strata_v1_AddCachePoolRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  AddCachePool(argument: _strata_v1_AddCachePoolRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  AddCachePool(argument: _strata_v1_AddCachePoolRequest, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  addCachePool(argument: _strata_v1_AddCachePoolRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  addCachePool(argument: _strata_v1_AddCachePoolRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  addCachePool(argument: _strata_v1_AddCachePoolRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  addCachePool(argument: _strata_v1_AddCachePoolRequest, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  
  Balance(argument: _strata_v1_BalanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_BalanceResponse__Output>): grpc.ClientUnaryCall;
  Balance(argument: _strata_v1_BalanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_BalanceResponse__Output>): grpc.ClientUnaryCall;
  Balance(argument: _strata_v1_BalanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_BalanceResponse__Output>): grpc.ClientUnaryCall;
  Balance(argument: _strata_v1_BalanceRequest, callback: grpc.requestCallback<_strata_v1_BalanceResponse__Output>): grpc.ClientUnaryCall;
  balance(argument: _strata_v1_BalanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_BalanceResponse__Output>): grpc.ClientUnaryCall;
  balance(argument: _strata_v1_BalanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_BalanceResponse__Output>): grpc.ClientUnaryCall;
  balance(argument: _strata_v1_BalanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_BalanceResponse__Output>): grpc.ClientUnaryCall;
  balance(argument: _strata_v1_BalanceRequest, callback: grpc.requestCallback<_strata_v1_BalanceResponse__Output>): grpc.ClientUnaryCall;
  
  Batch(argument: _strata_v1_BatchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_BatchResponse__Output>): grpc.ClientUnaryCall;
  Batch(argument: _strata_v1_BatchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_BatchResponse__Output>): grpc.ClientUnaryCall;
  Batch(argument: _strata_v1_BatchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_BatchResponse__Output>): grpc.ClientUnaryCall;
  Batch(argument: _strata_v1_BatchRequest, callback: grpc.requestCallback<_strata_v1_BatchResponse__Output>): grpc.ClientUnaryCall;
  batch(argument: _strata_v1_BatchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_BatchResponse__Output>): grpc.ClientUnaryCall;
  batch(argument: _strata_v1_BatchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_BatchResponse__Output>): grpc.ClientUnaryCall;
  batch(argument: _strata_v1_BatchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_BatchResponse__Output>): grpc.ClientUnaryCall;
  batch(argument: _strata_v1_BatchRequest, callback: grpc.requestCallback<_strata_v1_BatchResponse__Output>): grpc.ClientUnaryCall;
  
  Calls(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_strata_v1_BatchRequest, _strata_v1_BatchResponse__Output>;
  Calls(options?: grpc.CallOptions): grpc.ClientDuplexStream<_strata_v1_BatchRequest, _strata_v1_BatchResponse__Output>;
  calls(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_strata_v1_BatchRequest, _strata_v1_BatchResponse__Output>;
  calls(options?: grpc.CallOptions): grpc.ClientDuplexStream<_strata_v1_BatchRequest, _strata_v1_BatchResponse__Output>;
  
  ClusterReport(argument: _strata_v1_ClusterReportRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ClusterReportResponse__Output>): grpc.ClientUnaryCall;
  ClusterReport(argument: _strata_v1_ClusterReportRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_ClusterReportResponse__Output>): grpc.ClientUnaryCall;
  ClusterReport(argument: _strata_v1_ClusterReportRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ClusterReportResponse__Output>): grpc.ClientUnaryCall;
  ClusterReport(argument: _strata_v1_ClusterReportRequest, callback: grpc.requestCallback<_strata_v1_ClusterReportResponse__Output>): grpc.ClientUnaryCall;
  clusterReport(argument: _strata_v1_ClusterReportRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ClusterReportResponse__Output>): grpc.ClientUnaryCall;
  clusterReport(argument: _strata_v1_ClusterReportRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_ClusterReportResponse__Output>): grpc.ClientUnaryCall;
  clusterReport(argument: _strata_v1_ClusterReportRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ClusterReportResponse__Output>): grpc.ClientUnaryCall;
  clusterReport(argument: _strata_v1_ClusterReportRequest, callback: grpc.requestCallback<_strata_v1_ClusterReportResponse__Output>): grpc.ClientUnaryCall;
  
  Complete(argument: _strata_v1_CompleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  Complete(argument: _strata_v1_CompleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  Complete(argument: _strata_v1_CompleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  Complete(argument: _strata_v1_CompleteRequest, callback: grpc.requestCallback<_strata_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  complete(argument: _strata_v1_CompleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  complete(argument: _strata_v1_CompleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  complete(argument: _strata_v1_CompleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  complete(argument: _strata_v1_CompleteRequest, callback: grpc.requestCallback<_strata_v1_CompleteResponse__Output>): grpc.ClientUnaryCall;
  
  Create(argument: _strata_v1_CreateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_CreateResponse__Output>): grpc.ClientUnaryCall;
  Create(argument: _strata_v1_CreateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_CreateResponse__Output>): grpc.ClientUnaryCall;
  Create(argument: _strata_v1_CreateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_CreateResponse__Output>): grpc.ClientUnaryCall;
  Create(argument: _strata_v1_CreateRequest, callback: grpc.requestCallback<_strata_v1_CreateResponse__Output>): grpc.ClientUnaryCall;
  create(argument: _strata_v1_CreateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_CreateResponse__Output>): grpc.ClientUnaryCall;
  create(argument: _strata_v1_CreateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_CreateResponse__Output>): grpc.ClientUnaryCall;
  create(argument: _strata_v1_CreateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_CreateResponse__Output>): grpc.ClientUnaryCall;
  create(argument: _strata_v1_CreateRequest, callback: grpc.requestCallback<_strata_v1_CreateResponse__Output>): grpc.ClientUnaryCall;
  
  CreateComplete(argument: _strata_v1_CreateCompleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_CreateCompleteResponse__Output>): grpc.ClientUnaryCall;
  CreateComplete(argument: _strata_v1_CreateCompleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_CreateCompleteResponse__Output>): grpc.ClientUnaryCall;
  CreateComplete(argument: _strata_v1_CreateCompleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_CreateCompleteResponse__Output>): grpc.ClientUnaryCall;
  CreateComplete(argument: _strata_v1_CreateCompleteRequest, callback: grpc.requestCallback<_strata_v1_CreateCompleteResponse__Output>): grpc.ClientUnaryCall;
  createComplete(argument: _strata_v1_CreateCompleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_CreateCompleteResponse__Output>): grpc.ClientUnaryCall;
  createComplete(argument: _strata_v1_CreateCompleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_CreateCompleteResponse__Output>): grpc.ClientUnaryCall;
  createComplete(argument: _strata_v1_CreateCompleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_CreateCompleteResponse__Output>): grpc.ClientUnaryCall;
  createComplete(argument: _strata_v1_CreateCompleteRequest, callback: grpc.requestCallback<_strata_v1_CreateCompleteResponse__Output>): grpc.ClientUnaryCall;
  
  Decommission(argument: _strata_v1_DecommissionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_DecommissionResponse__Output>): grpc.ClientUnaryCall;
  Decommission(argument: _strata_v1_DecommissionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_DecommissionResponse__Output>): grpc.ClientUnaryCall;
  Decommission(argument: _strata_v1_DecommissionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_DecommissionResponse__Output>): grpc.ClientUnaryCall;
  Decommission(argument: _strata_v1_DecommissionRequest, callback: grpc.requestCallback<_strata_v1_DecommissionResponse__Output>): grpc.ClientUnaryCall;
  decommission(argument: _strata_v1_DecommissionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_DecommissionResponse__Output>): grpc.ClientUnaryCall;
  decommission(argument: _strata_v1_DecommissionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_DecommissionResponse__Output>): grpc.ClientUnaryCall;
  decommission(argument: _strata_v1_DecommissionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_DecommissionResponse__Output>): grpc.ClientUnaryCall;
  decommission(argument: _strata_v1_DecommissionRequest, callback: grpc.requestCallback<_strata_v1_DecommissionResponse__Output>): grpc.ClientUnaryCall;
  
  Delete(argument: _strata_v1_DeleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _strata_v1_DeleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _strata_v1_DeleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _strata_v1_DeleteRequest, callback: grpc.requestCallback<_strata_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _strata_v1_DeleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _strata_v1_DeleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _strata_v1_DeleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _strata_v1_DeleteRequest, callback: grpc.requestCallback<_strata_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  
  Failover(argument: _strata_v1_FailoverRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_FailoverResponse__Output>): grpc.ClientUnaryCall;
  Failover(argument: _strata_v1_FailoverRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_FailoverResponse__Output>): grpc.ClientUnaryCall;
  Failover(argument: _strata_v1_FailoverRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_FailoverResponse__Output>): grpc.ClientUnaryCall;
  Failover(argument: _strata_v1_FailoverRequest, callback: grpc.requestCallback<_strata_v1_FailoverResponse__Output>): grpc.ClientUnaryCall;
  failover(argument: _strata_v1_FailoverRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_FailoverResponse__Output>): grpc.ClientUnaryCall;
  failover(argument: _strata_v1_FailoverRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_FailoverResponse__Output>): grpc.ClientUnaryCall;
  failover(argument: _strata_v1_FailoverRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_FailoverResponse__Output>): grpc.ClientUnaryCall;
  failover(argument: _strata_v1_FailoverRequest, callback: grpc.requestCallback<_strata_v1_FailoverResponse__Output>): grpc.ClientUnaryCall;
  
  Fsck(argument: _strata_v1_FsckRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_FsckResponse__Output>): grpc.ClientUnaryCall;
  Fsck(argument: _strata_v1_FsckRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_FsckResponse__Output>): grpc.ClientUnaryCall;
  Fsck(argument: _strata_v1_FsckRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_FsckResponse__Output>): grpc.ClientUnaryCall;
  Fsck(argument: _strata_v1_FsckRequest, callback: grpc.requestCallback<_strata_v1_FsckResponse__Output>): grpc.ClientUnaryCall;
  fsck(argument: _strata_v1_FsckRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_FsckResponse__Output>): grpc.ClientUnaryCall;
  fsck(argument: _strata_v1_FsckRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_FsckResponse__Output>): grpc.ClientUnaryCall;
  fsck(argument: _strata_v1_FsckRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_FsckResponse__Output>): grpc.ClientUnaryCall;
  fsck(argument: _strata_v1_FsckRequest, callback: grpc.requestCallback<_strata_v1_FsckResponse__Output>): grpc.ClientUnaryCall;
  
  GetBlockLocations(argument: _strata_v1_GetBlockLocationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_GetBlockLocationsResponse__Output>): grpc.ClientUnaryCall;
  GetBlockLocations(argument: _strata_v1_GetBlockLocationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_GetBlockLocationsResponse__Output>): grpc.ClientUnaryCall;
  GetBlockLocations(argument: _strata_v1_GetBlockLocationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_GetBlockLocationsResponse__Output>): grpc.ClientUnaryCall;
  GetBlockLocations(argument: _strata_v1_GetBlockLocationsRequest, callback: grpc.requestCallback<_strata_v1_GetBlockLocationsResponse__Output>): grpc.ClientUnaryCall;
  getBlockLocations(argument: _strata_v1_GetBlockLocationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_GetBlockLocationsResponse__Output>): grpc.ClientUnaryCall;
  getBlockLocations(argument: _strata_v1_GetBlockLocationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_GetBlockLocationsResponse__Output>): grpc.ClientUnaryCall;
  getBlockLocations(argument: _strata_v1_GetBlockLocationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_GetBlockLocationsResponse__Output>): grpc.ClientUnaryCall;
  getBlockLocations(argument: _strata_v1_GetBlockLocationsRequest, callback: grpc.requestCallback<_strata_v1_GetBlockLocationsResponse__Output>): grpc.ClientUnaryCall;
  
  List(argument: _strata_v1_ListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ListResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _strata_v1_ListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_ListResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _strata_v1_ListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ListResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _strata_v1_ListRequest, callback: grpc.requestCallback<_strata_v1_ListResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _strata_v1_ListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ListResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _strata_v1_ListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_ListResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _strata_v1_ListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ListResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _strata_v1_ListRequest, callback: grpc.requestCallback<_strata_v1_ListResponse__Output>): grpc.ClientUnaryCall;
  
  ListCache(argument: _strata_v1_ListCacheRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  ListCache(argument: _strata_v1_ListCacheRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  ListCache(argument: _strata_v1_ListCacheRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  ListCache(argument: _strata_v1_ListCacheRequest, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  listCache(argument: _strata_v1_ListCacheRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  listCache(argument: _strata_v1_ListCacheRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  listCache(argument: _strata_v1_ListCacheRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  listCache(argument: _strata_v1_ListCacheRequest, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  
  Migrate(argument: _strata_v1_MigrateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_MigrateResponse__Output>): grpc.ClientUnaryCall;
  Migrate(argument: _strata_v1_MigrateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_MigrateResponse__Output>): grpc.ClientUnaryCall;
  Migrate(argument: _strata_v1_MigrateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_MigrateResponse__Output>): grpc.ClientUnaryCall;
  Migrate(argument: _strata_v1_MigrateRequest, callback: grpc.requestCallback<_strata_v1_MigrateResponse__Output>): grpc.ClientUnaryCall;
  migrate(argument: _strata_v1_MigrateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_MigrateResponse__Output>): grpc.ClientUnaryCall;
  migrate(argument: _strata_v1_MigrateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_MigrateResponse__Output>): grpc.ClientUnaryCall;
  migrate(argument: _strata_v1_MigrateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_MigrateResponse__Output>): grpc.ClientUnaryCall;
  migrate(argument: _strata_v1_MigrateRequest, callback: grpc.requestCallback<_strata_v1_MigrateResponse__Output>): grpc.ClientUnaryCall;
  
  Mkdir(argument: _strata_v1_MkdirRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_MkdirResponse__Output>): grpc.ClientUnaryCall;
  Mkdir(argument: _strata_v1_MkdirRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_MkdirResponse__Output>): grpc.ClientUnaryCall;
  Mkdir(argument: _strata_v1_MkdirRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_MkdirResponse__Output>): grpc.ClientUnaryCall;
  Mkdir(argument: _strata_v1_MkdirRequest, callback: grpc.requestCallback<_strata_v1_MkdirResponse__Output>): grpc.ClientUnaryCall;
  mkdir(argument: _strata_v1_MkdirRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_MkdirResponse__Output>): grpc.ClientUnaryCall;
  mkdir(argument: _strata_v1_MkdirRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_MkdirResponse__Output>): grpc.ClientUnaryCall;
  mkdir(argument: _strata_v1_MkdirRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_MkdirResponse__Output>): grpc.ClientUnaryCall;
  mkdir(argument: _strata_v1_MkdirRequest, callback: grpc.requestCallback<_strata_v1_MkdirResponse__Output>): grpc.ClientUnaryCall;
  
  ReleaseReservedBlocks(argument: _strata_v1_ReleaseReservedBlocksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ReleaseReservedBlocksResponse__Output>): grpc.ClientUnaryCall;
  ReleaseReservedBlocks(argument: _strata_v1_ReleaseReservedBlocksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_ReleaseReservedBlocksResponse__Output>): grpc.ClientUnaryCall;
  ReleaseReservedBlocks(argument: _strata_v1_ReleaseReservedBlocksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ReleaseReservedBlocksResponse__Output>): grpc.ClientUnaryCall;
  ReleaseReservedBlocks(argument: _strata_v1_ReleaseReservedBlocksRequest, callback: grpc.requestCallback<_strata_v1_ReleaseReservedBlocksResponse__Output>): grpc.ClientUnaryCall;
  releaseReservedBlocks(argument: _strata_v1_ReleaseReservedBlocksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ReleaseReservedBlocksResponse__Output>): grpc.ClientUnaryCall;
  releaseReservedBlocks(argument: _strata_v1_ReleaseReservedBlocksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_ReleaseReservedBlocksResponse__Output>): grpc.ClientUnaryCall;
  releaseReservedBlocks(argument: _strata_v1_ReleaseReservedBlocksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ReleaseReservedBlocksResponse__Output>): grpc.ClientUnaryCall;
  releaseReservedBlocks(argument: _strata_v1_ReleaseReservedBlocksRequest, callback: grpc.requestCallback<_strata_v1_ReleaseReservedBlocksResponse__Output>): grpc.ClientUnaryCall;
  
  RemoveCacheDirective(argument: _strata_v1_RemoveCacheDirectiveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  RemoveCacheDirective(argument: _strata_v1_RemoveCacheDirectiveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  RemoveCacheDirective(argument: _strata_v1_RemoveCacheDirectiveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  RemoveCacheDirective(argument: _strata_v1_RemoveCacheDirectiveRequest, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  removeCacheDirective(argument: _strata_v1_RemoveCacheDirectiveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  removeCacheDirective(argument: _strata_v1_RemoveCacheDirectiveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  removeCacheDirective(argument: _strata_v1_RemoveCacheDirectiveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  removeCacheDirective(argument: _strata_v1_RemoveCacheDirectiveRequest, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  
  RemoveCachePool(argument: _strata_v1_RemoveCachePoolRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  RemoveCachePool(argument: _strata_v1_RemoveCachePoolRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  RemoveCachePool(argument: _strata_v1_RemoveCachePoolRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  RemoveCachePool(argument: _strata_v1_RemoveCachePoolRequest, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  removeCachePool(argument: _strata_v1_RemoveCachePoolRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  removeCachePool(argument: _strata_v1_RemoveCachePoolRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  removeCachePool(argument: _strata_v1_RemoveCachePoolRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  removeCachePool(argument: _strata_v1_RemoveCachePoolRequest, callback: grpc.requestCallback<_strata_v1_CacheReport__Output>): grpc.ClientUnaryCall;
  
  Rename(argument: _strata_v1_RenameRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_RenameResponse__Output>): grpc.ClientUnaryCall;
  Rename(argument: _strata_v1_RenameRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_RenameResponse__Output>): grpc.ClientUnaryCall;
  Rename(argument: _strata_v1_RenameRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_RenameResponse__Output>): grpc.ClientUnaryCall;
  Rename(argument: _strata_v1_RenameRequest, callback: grpc.requestCallback<_strata_v1_RenameResponse__Output>): grpc.ClientUnaryCall;
  rename(argument: _strata_v1_RenameRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_RenameResponse__Output>): grpc.ClientUnaryCall;
  rename(argument: _strata_v1_RenameRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_RenameResponse__Output>): grpc.ClientUnaryCall;
  rename(argument: _strata_v1_RenameRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_RenameResponse__Output>): grpc.ClientUnaryCall;
  rename(argument: _strata_v1_RenameRequest, callback: grpc.requestCallback<_strata_v1_RenameResponse__Output>): grpc.ClientUnaryCall;
  
  RenewLease(argument: _strata_v1_RenewLeaseRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_RenewLeaseResponse__Output>): grpc.ClientUnaryCall;
  RenewLease(argument: _strata_v1_RenewLeaseRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_RenewLeaseResponse__Output>): grpc.ClientUnaryCall;
  RenewLease(argument: _strata_v1_RenewLeaseRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_RenewLeaseResponse__Output>): grpc.ClientUnaryCall;
  RenewLease(argument: _strata_v1_RenewLeaseRequest, callback: grpc.requestCallback<_strata_v1_RenewLeaseResponse__Output>): grpc.ClientUnaryCall;
  renewLease(argument: _strata_v1_RenewLeaseRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_RenewLeaseResponse__Output>): grpc.ClientUnaryCall;
  renewLease(argument: _strata_v1_RenewLeaseRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_RenewLeaseResponse__Output>): grpc.ClientUnaryCall;
  renewLease(argument: _strata_v1_RenewLeaseRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_RenewLeaseResponse__Output>): grpc.ClientUnaryCall;
  renewLease(argument: _strata_v1_RenewLeaseRequest, callback: grpc.requestCallback<_strata_v1_RenewLeaseResponse__Output>): grpc.ClientUnaryCall;
  
  ReportBadReplica(argument: _strata_v1_ReportBadReplicaRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ReportBadReplicaResponse__Output>): grpc.ClientUnaryCall;
  ReportBadReplica(argument: _strata_v1_ReportBadReplicaRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_ReportBadReplicaResponse__Output>): grpc.ClientUnaryCall;
  ReportBadReplica(argument: _strata_v1_ReportBadReplicaRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ReportBadReplicaResponse__Output>): grpc.ClientUnaryCall;
  ReportBadReplica(argument: _strata_v1_ReportBadReplicaRequest, callback: grpc.requestCallback<_strata_v1_ReportBadReplicaResponse__Output>): grpc.ClientUnaryCall;
  reportBadReplica(argument: _strata_v1_ReportBadReplicaRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ReportBadReplicaResponse__Output>): grpc.ClientUnaryCall;
  reportBadReplica(argument: _strata_v1_ReportBadReplicaRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_ReportBadReplicaResponse__Output>): grpc.ClientUnaryCall;
  reportBadReplica(argument: _strata_v1_ReportBadReplicaRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ReportBadReplicaResponse__Output>): grpc.ClientUnaryCall;
  reportBadReplica(argument: _strata_v1_ReportBadReplicaRequest, callback: grpc.requestCallback<_strata_v1_ReportBadReplicaResponse__Output>): grpc.ClientUnaryCall;
  
  ReserveBlock(argument: _strata_v1_ReserveBlockRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ReserveBlockResponse__Output>): grpc.ClientUnaryCall;
  ReserveBlock(argument: _strata_v1_ReserveBlockRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_ReserveBlockResponse__Output>): grpc.ClientUnaryCall;
  ReserveBlock(argument: _strata_v1_ReserveBlockRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ReserveBlockResponse__Output>): grpc.ClientUnaryCall;
  ReserveBlock(argument: _strata_v1_ReserveBlockRequest, callback: grpc.requestCallback<_strata_v1_ReserveBlockResponse__Output>): grpc.ClientUnaryCall;
  reserveBlock(argument: _strata_v1_ReserveBlockRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ReserveBlockResponse__Output>): grpc.ClientUnaryCall;
  reserveBlock(argument: _strata_v1_ReserveBlockRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_ReserveBlockResponse__Output>): grpc.ClientUnaryCall;
  reserveBlock(argument: _strata_v1_ReserveBlockRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_ReserveBlockResponse__Output>): grpc.ClientUnaryCall;
  reserveBlock(argument: _strata_v1_ReserveBlockRequest, callback: grpc.requestCallback<_strata_v1_ReserveBlockResponse__Output>): grpc.ClientUnaryCall;
  
  SetReplication(argument: _strata_v1_SetReplicationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_SetReplicationResponse__Output>): grpc.ClientUnaryCall;
  SetReplication(argument: _strata_v1_SetReplicationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_SetReplicationResponse__Output>): grpc.ClientUnaryCall;
  SetReplication(argument: _strata_v1_SetReplicationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_SetReplicationResponse__Output>): grpc.ClientUnaryCall;
  SetReplication(argument: _strata_v1_SetReplicationRequest, callback: grpc.requestCallback<_strata_v1_SetReplicationResponse__Output>): grpc.ClientUnaryCall;
  setReplication(argument: _strata_v1_SetReplicationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_SetReplicationResponse__Output>): grpc.ClientUnaryCall;
  setReplication(argument: _strata_v1_SetReplicationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_SetReplicationResponse__Output>): grpc.ClientUnaryCall;
  setReplication(argument: _strata_v1_SetReplicationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_SetReplicationResponse__Output>): grpc.ClientUnaryCall;
  setReplication(argument: _strata_v1_SetReplicationRequest, callback: grpc.requestCallback<_strata_v1_SetReplicationResponse__Output>): grpc.ClientUnaryCall;
  
  SetStoragePolicy(argument: _strata_v1_SetStoragePolicyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_SetStoragePolicyResponse__Output>): grpc.ClientUnaryCall;
  SetStoragePolicy(argument: _strata_v1_SetStoragePolicyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_SetStoragePolicyResponse__Output>): grpc.ClientUnaryCall;
  SetStoragePolicy(argument: _strata_v1_SetStoragePolicyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_SetStoragePolicyResponse__Output>): grpc.ClientUnaryCall;
  SetStoragePolicy(argument: _strata_v1_SetStoragePolicyRequest, callback: grpc.requestCallback<_strata_v1_SetStoragePolicyResponse__Output>): grpc.ClientUnaryCall;
  setStoragePolicy(argument: _strata_v1_SetStoragePolicyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_SetStoragePolicyResponse__Output>): grpc.ClientUnaryCall;
  setStoragePolicy(argument: _strata_v1_SetStoragePolicyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_SetStoragePolicyResponse__Output>): grpc.ClientUnaryCall;
  setStoragePolicy(argument: _strata_v1_SetStoragePolicyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_SetStoragePolicyResponse__Output>): grpc.ClientUnaryCall;
  setStoragePolicy(argument: _strata_v1_SetStoragePolicyRequest, callback: grpc.requestCallback<_strata_v1_SetStoragePolicyResponse__Output>): grpc.ClientUnaryCall;
  
  Stat(argument: _strata_v1_StatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_StatResponse__Output>): grpc.ClientUnaryCall;
  Stat(argument: _strata_v1_StatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_StatResponse__Output>): grpc.ClientUnaryCall;
  Stat(argument: _strata_v1_StatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_StatResponse__Output>): grpc.ClientUnaryCall;
  Stat(argument: _strata_v1_StatRequest, callback: grpc.requestCallback<_strata_v1_StatResponse__Output>): grpc.ClientUnaryCall;
  stat(argument: _strata_v1_StatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_StatResponse__Output>): grpc.ClientUnaryCall;
  stat(argument: _strata_v1_StatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_strata_v1_StatResponse__Output>): grpc.ClientUnaryCall;
  stat(argument: _strata_v1_StatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_strata_v1_StatResponse__Output>): grpc.ClientUnaryCall;
  stat(argument: _strata_v1_StatRequest, callback: grpc.requestCallback<_strata_v1_StatResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface NameServiceHandlers extends grpc.UntypedServiceImplementation {
  AbandonBlock: grpc.handleUnaryCall<_strata_v1_AbandonBlockRequest__Output, _strata_v1_AbandonBlockResponse>;
  
  AddBlock: grpc.handleUnaryCall<_strata_v1_AddBlockRequest__Output, _strata_v1_AddBlockResponse>;
  
  AddCacheDirective: grpc.handleUnaryCall<_strata_v1_AddCacheDirectiveRequest__Output, _strata_v1_CacheReport>;
  
  AddCachePool: grpc.handleUnaryCall<_strata_v1_AddCachePoolRequest__Output, _strata_v1_CacheReport>;
  
  Balance: grpc.handleUnaryCall<_strata_v1_BalanceRequest__Output, _strata_v1_BalanceResponse>;
  
  Batch: grpc.handleUnaryCall<_strata_v1_BatchRequest__Output, _strata_v1_BatchResponse>;
  
  Calls: grpc.handleBidiStreamingCall<_strata_v1_BatchRequest__Output, _strata_v1_BatchResponse>;
  
  ClusterReport: grpc.handleUnaryCall<_strata_v1_ClusterReportRequest__Output, _strata_v1_ClusterReportResponse>;
  
  Complete: grpc.handleUnaryCall<_strata_v1_CompleteRequest__Output, _strata_v1_CompleteResponse>;
  
  Create: grpc.handleUnaryCall<_strata_v1_CreateRequest__Output, _strata_v1_CreateResponse>;
  
  CreateComplete: grpc.handleUnaryCall<_strata_v1_CreateCompleteRequest__Output, _strata_v1_CreateCompleteResponse>;
  
  Decommission: grpc.handleUnaryCall<_strata_v1_DecommissionRequest__Output, _strata_v1_DecommissionResponse>;
  
  Delete: grpc.handleUnaryCall<_strata_v1_DeleteRequest__Output, _strata_v1_DeleteResponse>;
  
  Failover: grpc.handleUnaryCall<_strata_v1_FailoverRequest__Output, _strata_v1_FailoverResponse>;
  
  Fsck: grpc.handleUnaryCall<_strata_v1_FsckRequest__Output, _strata_v1_FsckResponse>;
  
  GetBlockLocations: grpc.handleUnaryCall<_strata_v1_GetBlockLocationsRequest__Output, _strata_v1_GetBlockLocationsResponse>;
  
  List: grpc.handleUnaryCall<_strata_v1_ListRequest__Output, _strata_v1_ListResponse>;
  
  ListCache: grpc.handleUnaryCall<_strata_v1_ListCacheRequest__Output, _strata_v1_CacheReport>;
  
  Migrate: grpc.handleUnaryCall<_strata_v1_MigrateRequest__Output, _strata_v1_MigrateResponse>;
  
  Mkdir: grpc.handleUnaryCall<_strata_v1_MkdirRequest__Output, _strata_v1_MkdirResponse>;
  
  ReleaseReservedBlocks: grpc.handleUnaryCall<_strata_v1_ReleaseReservedBlocksRequest__Output, _strata_v1_ReleaseReservedBlocksResponse>;
  
  RemoveCacheDirective: grpc.handleUnaryCall<_strata_v1_RemoveCacheDirectiveRequest__Output, _strata_v1_CacheReport>;
  
  RemoveCachePool: grpc.handleUnaryCall<_strata_v1_RemoveCachePoolRequest__Output, _strata_v1_CacheReport>;
  
  Rename: grpc.handleUnaryCall<_strata_v1_RenameRequest__Output, _strata_v1_RenameResponse>;
  
  RenewLease: grpc.handleUnaryCall<_strata_v1_RenewLeaseRequest__Output, _strata_v1_RenewLeaseResponse>;
  
  ReportBadReplica: grpc.handleUnaryCall<_strata_v1_ReportBadReplicaRequest__Output, _strata_v1_ReportBadReplicaResponse>;
  
  ReserveBlock: grpc.handleUnaryCall<_strata_v1_ReserveBlockRequest__Output, _strata_v1_ReserveBlockResponse>;
  
  SetReplication: grpc.handleUnaryCall<_strata_v1_SetReplicationRequest__Output, _strata_v1_SetReplicationResponse>;
  
  SetStoragePolicy: grpc.handleUnaryCall<_strata_v1_SetStoragePolicyRequest__Output, _strata_v1_SetStoragePolicyResponse>;
  
  Stat: grpc.handleUnaryCall<_strata_v1_StatRequest__Output, _strata_v1_StatResponse>;
  
}

export interface NameServiceDefinition extends grpc.ServiceDefinition {
  AbandonBlock: MethodDefinition<_strata_v1_AbandonBlockRequest, _strata_v1_AbandonBlockResponse, _strata_v1_AbandonBlockRequest__Output, _strata_v1_AbandonBlockResponse__Output>
  AddBlock: MethodDefinition<_strata_v1_AddBlockRequest, _strata_v1_AddBlockResponse, _strata_v1_AddBlockRequest__Output, _strata_v1_AddBlockResponse__Output>
  AddCacheDirective: MethodDefinition<_strata_v1_AddCacheDirectiveRequest, _strata_v1_CacheReport, _strata_v1_AddCacheDirectiveRequest__Output, _strata_v1_CacheReport__Output>
  AddCachePool: MethodDefinition<_strata_v1_AddCachePoolRequest, _strata_v1_CacheReport, _strata_v1_AddCachePoolRequest__Output, _strata_v1_CacheReport__Output>
  Balance: MethodDefinition<_strata_v1_BalanceRequest, _strata_v1_BalanceResponse, _strata_v1_BalanceRequest__Output, _strata_v1_BalanceResponse__Output>
  Batch: MethodDefinition<_strata_v1_BatchRequest, _strata_v1_BatchResponse, _strata_v1_BatchRequest__Output, _strata_v1_BatchResponse__Output>
  Calls: MethodDefinition<_strata_v1_BatchRequest, _strata_v1_BatchResponse, _strata_v1_BatchRequest__Output, _strata_v1_BatchResponse__Output>
  ClusterReport: MethodDefinition<_strata_v1_ClusterReportRequest, _strata_v1_ClusterReportResponse, _strata_v1_ClusterReportRequest__Output, _strata_v1_ClusterReportResponse__Output>
  Complete: MethodDefinition<_strata_v1_CompleteRequest, _strata_v1_CompleteResponse, _strata_v1_CompleteRequest__Output, _strata_v1_CompleteResponse__Output>
  Create: MethodDefinition<_strata_v1_CreateRequest, _strata_v1_CreateResponse, _strata_v1_CreateRequest__Output, _strata_v1_CreateResponse__Output>
  CreateComplete: MethodDefinition<_strata_v1_CreateCompleteRequest, _strata_v1_CreateCompleteResponse, _strata_v1_CreateCompleteRequest__Output, _strata_v1_CreateCompleteResponse__Output>
  Decommission: MethodDefinition<_strata_v1_DecommissionRequest, _strata_v1_DecommissionResponse, _strata_v1_DecommissionRequest__Output, _strata_v1_DecommissionResponse__Output>
  Delete: MethodDefinition<_strata_v1_DeleteRequest, _strata_v1_DeleteResponse, _strata_v1_DeleteRequest__Output, _strata_v1_DeleteResponse__Output>
  Failover: MethodDefinition<_strata_v1_FailoverRequest, _strata_v1_FailoverResponse, _strata_v1_FailoverRequest__Output, _strata_v1_FailoverResponse__Output>
  Fsck: MethodDefinition<_strata_v1_FsckRequest, _strata_v1_FsckResponse, _strata_v1_FsckRequest__Output, _strata_v1_FsckResponse__Output>
  GetBlockLocations: MethodDefinition<_strata_v1_GetBlockLocationsRequest, _strata_v1_GetBlockLocationsResponse, _strata_v1_GetBlockLocationsRequest__Output, _strata_v1_GetBlockLocationsResponse__Output>
  List: MethodDefinition<_strata_v1_ListRequest, _strata_v1_ListResponse, _strata_v1_ListRequest__Output, _strata_v1_ListResponse__Output>
  ListCache: MethodDefinition<_strata_v1_ListCacheRequest, _strata_v1_CacheReport, _strata_v1_ListCacheRequest__Output, _strata_v1_CacheReport__Output>
  Migrate: MethodDefinition<_strata_v1_MigrateRequest, _strata_v1_MigrateResponse, _strata_v1_MigrateRequest__Output, _strata_v1_MigrateResponse__Output>
  Mkdir: MethodDefinition<_strata_v1_MkdirRequest, _strata_v1_MkdirResponse, _strata_v1_MkdirRequest__Output, _strata_v1_MkdirResponse__Output>
  ReleaseReservedBlocks: MethodDefinition<_strata_v1_ReleaseReservedBlocksRequest, _strata_v1_ReleaseReservedBlocksResponse, _strata_v1_ReleaseReservedBlocksRequest__Output, _strata_v1_ReleaseReservedBlocksResponse__Output>
  RemoveCacheDirective: MethodDefinition<_strata_v1_RemoveCacheDirectiveRequest, _strata_v1_CacheReport, _strata_v1_RemoveCacheDirectiveRequest__Output, _strata_v1_CacheReport__Output>
  RemoveCachePool: MethodDefinition<_strata_v1_RemoveCachePoolRequest, _strata_v1_CacheReport, _strata_v1_RemoveCachePoolRequest__Output, _strata_v1_CacheReport__Output>
  Rename: MethodDefinition<_strata_v1_RenameRequest, _strata_v1_RenameResponse, _strata_v1_RenameRequest__Output, _strata_v1_RenameResponse__Output>
  RenewLease: MethodDefinition<_strata_v1_RenewLeaseRequest, _strata_v1_RenewLeaseResponse, _strata_v1_RenewLeaseRequest__Output, _strata_v1_RenewLeaseResponse__Output>
  ReportBadReplica: MethodDefinition<_strata_v1_ReportBadReplicaRequest, _strata_v1_ReportBadReplicaResponse, _strata_v1_ReportBadReplicaRequest__Output, _strata_v1_ReportBadReplicaResponse__Output>
  ReserveBlock: MethodDefinition<_strata_v1_ReserveBlockRequest, _strata_v1_ReserveBlockResponse, _strata_v1_ReserveBlockRequest__Output, _strata_v1_ReserveBlockResponse__Output>
  SetReplication: MethodDefinition<_strata_v1_SetReplicationRequest, _strata_v1_SetReplicationResponse, _strata_v1_SetReplicationRequest__Output, _strata_v1_SetReplicationResponse__Output>
  SetStoragePolicy: MethodDefinition<_strata_v1_SetStoragePolicyRequest, _strata_v1_SetStoragePolicyResponse, _strata_v1_SetStoragePolicyRequest__Output, _strata_v1_SetStoragePolicyResponse__Output>
  Stat: MethodDefinition<_strata_v1_StatRequest, _strata_v1_StatResponse, _strata_v1_StatRequest__Output, _strata_v1_StatResponse__Output>
}
