/**
 * Typed, promise-returning calls to the nameserver's NameService.
 */
import * as grpc from '@grpc/grpc-js';
import { channelOptions, strataProto } from '../rpc/proto.js';
import { unaryCall } from '../rpc/unary-call.js';
import type { MkdirRequest } from '../rpc/generated/strata/v1/MkdirRequest.js';
import type { MkdirResponse__Output } from '../rpc/generated/strata/v1/MkdirResponse.js';
import type { CreateRequest } from '../rpc/generated/strata/v1/CreateRequest.js';
import type { CreateResponse__Output } from '../rpc/generated/strata/v1/CreateResponse.js';
import type { AddBlockRequest } from '../rpc/generated/strata/v1/AddBlockRequest.js';
import type { AddBlockResponse__Output } from '../rpc/generated/strata/v1/AddBlockResponse.js';
import type { AbandonBlockRequest } from '../rpc/generated/strata/v1/AbandonBlockRequest.js';
import type { CompleteRequest } from '../rpc/generated/strata/v1/CompleteRequest.js';
import type { CompleteResponse__Output } from '../rpc/generated/strata/v1/CompleteResponse.js';
import type { GetBlockLocationsResponse__Output } from '../rpc/generated/strata/v1/GetBlockLocationsResponse.js';
import type { StatResponse__Output } from '../rpc/generated/strata/v1/StatResponse.js';
import type { ListRequest } from '../rpc/generated/strata/v1/ListRequest.js';
import type { ListResponse__Output } from '../rpc/generated/strata/v1/ListResponse.js';
import type { ReportBadReplicaRequest } from '../rpc/generated/strata/v1/ReportBadReplicaRequest.js';
import type { ClusterReportResponse__Output } from '../rpc/generated/strata/v1/ClusterReportResponse.js';
import type { FsckResponse__Output } from '../rpc/generated/strata/v1/FsckResponse.js';

export interface NameServerClientOptions {
  address: string;
  timeoutMs?: number;
}

export class NameServerClient {
  private readonly client: grpc.Client;
  private readonly timeoutMs: number;

  constructor(options: NameServerClientOptions) {
    const Service = strataProto().strata.v1.NameService;
    this.client = new Service(options.address, grpc.credentials.createInsecure(), channelOptions);
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  close(): void {
    this.client.close();
  }

  private call<Res>(method: string, request: object): Promise<Res> {
    return unaryCall<Res>(this.client, method, request, this.timeoutMs);
  }

  mkdir(req: MkdirRequest) {
    return this.call<MkdirResponse__Output>('Mkdir', req);
  }
  create(req: CreateRequest) {
    return this.call<CreateResponse__Output>('Create', req);
  }
  addBlock(req: AddBlockRequest) {
    return this.call<AddBlockResponse__Output>('AddBlock', req);
  }
  abandonBlock(req: AbandonBlockRequest) {
    return this.call<object>('AbandonBlock', req);
  }
  complete(req: CompleteRequest) {
    return this.call<CompleteResponse__Output>('Complete', req);
  }
  renewLease(clientName: string) {
    return this.call<object>('RenewLease', { clientName });
  }
  getBlockLocations(path: string) {
    return this.call<GetBlockLocationsResponse__Output>('GetBlockLocations', { path });
  }
  stat(path: string) {
    return this.call<StatResponse__Output>('Stat', { path });
  }
  list(req: ListRequest) {
    return this.call<ListResponse__Output>('List', req);
  }
  delete(path: string, recursive: boolean) {
    return this.call<object>('Delete', { path, recursive });
  }
  rename(source: string, destination: string) {
    return this.call<object>('Rename', { source, destination });
  }
  setReplication(path: string, replication: number) {
    return this.call<object>('SetReplication', { path, replication });
  }
  reportBadReplica(req: ReportBadReplicaRequest) {
    return this.call<object>('ReportBadReplica', req);
  }
  clusterReport() {
    return this.call<ClusterReportResponse__Output>('ClusterReport', {});
  }
  fsck(path: string, maxFiles = 0) {
    return this.call<FsckResponse__Output>('Fsck', { path, maxFiles });
  }
}
