import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { HaStatusRequest as _strata_v1_HaStatusRequest, HaStatusRequest__Output as _strata_v1_HaStatusRequest__Output } from './strata/v1/HaStatusRequest.js';
import type { HaStatusResponse as _strata_v1_HaStatusResponse, HaStatusResponse__Output as _strata_v1_HaStatusResponse__Output } from './strata/v1/HaStatusResponse.js';
import type { InstallSnapshotResponse as _strata_v1_InstallSnapshotResponse, InstallSnapshotResponse__Output as _strata_v1_InstallSnapshotResponse__Output } from './strata/v1/InstallSnapshotResponse.js';
import type { JournalRecord as _strata_v1_JournalRecord, JournalRecord__Output as _strata_v1_JournalRecord__Output } from './strata/v1/JournalRecord.js';
import type { JournalShippingClient as _strata_v1_JournalShippingClient, JournalShippingDefinition as _strata_v1_JournalShippingDefinition } from './strata/v1/JournalShipping.js';
import type { LeaseRenewal as _strata_v1_LeaseRenewal, LeaseRenewal__Output as _strata_v1_LeaseRenewal__Output } from './strata/v1/LeaseRenewal.js';
import type { LeaseRenewalResponse as _strata_v1_LeaseRenewalResponse, LeaseRenewalResponse__Output as _strata_v1_LeaseRenewalResponse__Output } from './strata/v1/LeaseRenewalResponse.js';
import type { ReplicateRequest as _strata_v1_ReplicateRequest, ReplicateRequest__Output as _strata_v1_ReplicateRequest__Output } from './strata/v1/ReplicateRequest.js';
import type { ReplicateResponse as _strata_v1_ReplicateResponse, ReplicateResponse__Output as _strata_v1_ReplicateResponse__Output } from './strata/v1/ReplicateResponse.js';
import type { SetInSyncRequest as _strata_v1_SetInSyncRequest, SetInSyncRequest__Output as _strata_v1_SetInSyncRequest__Output } from './strata/v1/SetInSyncRequest.js';
import type { SetInSyncResponse as _strata_v1_SetInSyncResponse, SetInSyncResponse__Output as _strata_v1_SetInSyncResponse__Output } from './strata/v1/SetInSyncResponse.js';
import type { SnapshotBlock as _strata_v1_SnapshotBlock, SnapshotBlock__Output as _strata_v1_SnapshotBlock__Output } from './strata/v1/SnapshotBlock.js';
import type { SnapshotCacheEntry as _strata_v1_SnapshotCacheEntry, SnapshotCacheEntry__Output as _strata_v1_SnapshotCacheEntry__Output } from './strata/v1/SnapshotCacheEntry.js';
import type { SnapshotChunk as _strata_v1_SnapshotChunk, SnapshotChunk__Output as _strata_v1_SnapshotChunk__Output } from './strata/v1/SnapshotChunk.js';
import type { SnapshotHeader as _strata_v1_SnapshotHeader, SnapshotHeader__Output as _strata_v1_SnapshotHeader__Output } from './strata/v1/SnapshotHeader.js';
import type { SnapshotInode as _strata_v1_SnapshotInode, SnapshotInode__Output as _strata_v1_SnapshotInode__Output } from './strata/v1/SnapshotInode.js';
import type { SnapshotRows as _strata_v1_SnapshotRows, SnapshotRows__Output as _strata_v1_SnapshotRows__Output } from './strata/v1/SnapshotRows.js';
import type { SnapshotTrailer as _strata_v1_SnapshotTrailer, SnapshotTrailer__Output as _strata_v1_SnapshotTrailer__Output } from './strata/v1/SnapshotTrailer.js';
import type { TakeOverRequest as _strata_v1_TakeOverRequest, TakeOverRequest__Output as _strata_v1_TakeOverRequest__Output } from './strata/v1/TakeOverRequest.js';
import type { TakeOverResponse as _strata_v1_TakeOverResponse, TakeOverResponse__Output as _strata_v1_TakeOverResponse__Output } from './strata/v1/TakeOverResponse.js';
import type { VoteRequest as _strata_v1_VoteRequest, VoteRequest__Output as _strata_v1_VoteRequest__Output } from './strata/v1/VoteRequest.js';
import type { VoteResponse as _strata_v1_VoteResponse, VoteResponse__Output as _strata_v1_VoteResponse__Output } from './strata/v1/VoteResponse.js';
import type { VoterClient as _strata_v1_VoterClient, VoterDefinition as _strata_v1_VoterDefinition } from './strata/v1/Voter.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  strata: {
    v1: {
      HaStatusRequest: MessageTypeDefinition<_strata_v1_HaStatusRequest, _strata_v1_HaStatusRequest__Output>
      HaStatusResponse: MessageTypeDefinition<_strata_v1_HaStatusResponse, _strata_v1_HaStatusResponse__Output>
      InstallSnapshotResponse: MessageTypeDefinition<_strata_v1_InstallSnapshotResponse, _strata_v1_InstallSnapshotResponse__Output>
      JournalRecord: MessageTypeDefinition<_strata_v1_JournalRecord, _strata_v1_JournalRecord__Output>
      JournalShipping: SubtypeConstructor<typeof grpc.Client, _strata_v1_JournalShippingClient> & { service: _strata_v1_JournalShippingDefinition }
      LeaseRenewal: MessageTypeDefinition<_strata_v1_LeaseRenewal, _strata_v1_LeaseRenewal__Output>
      LeaseRenewalResponse: MessageTypeDefinition<_strata_v1_LeaseRenewalResponse, _strata_v1_LeaseRenewalResponse__Output>
      ReplicateRequest: MessageTypeDefinition<_strata_v1_ReplicateRequest, _strata_v1_ReplicateRequest__Output>
      ReplicateResponse: MessageTypeDefinition<_strata_v1_ReplicateResponse, _strata_v1_ReplicateResponse__Output>
      SetInSyncRequest: MessageTypeDefinition<_strata_v1_SetInSyncRequest, _strata_v1_SetInSyncRequest__Output>
      SetInSyncResponse: MessageTypeDefinition<_strata_v1_SetInSyncResponse, _strata_v1_SetInSyncResponse__Output>
      SnapshotBlock: MessageTypeDefinition<_strata_v1_SnapshotBlock, _strata_v1_SnapshotBlock__Output>
      SnapshotCacheEntry: MessageTypeDefinition<_strata_v1_SnapshotCacheEntry, _strata_v1_SnapshotCacheEntry__Output>
      SnapshotChunk: MessageTypeDefinition<_strata_v1_SnapshotChunk, _strata_v1_SnapshotChunk__Output>
      SnapshotHeader: MessageTypeDefinition<_strata_v1_SnapshotHeader, _strata_v1_SnapshotHeader__Output>
      SnapshotInode: MessageTypeDefinition<_strata_v1_SnapshotInode, _strata_v1_SnapshotInode__Output>
      SnapshotRows: MessageTypeDefinition<_strata_v1_SnapshotRows, _strata_v1_SnapshotRows__Output>
      SnapshotTrailer: MessageTypeDefinition<_strata_v1_SnapshotTrailer, _strata_v1_SnapshotTrailer__Output>
      TakeOverRequest: MessageTypeDefinition<_strata_v1_TakeOverRequest, _strata_v1_TakeOverRequest__Output>
      TakeOverResponse: MessageTypeDefinition<_strata_v1_TakeOverResponse, _strata_v1_TakeOverResponse__Output>
      VoteRequest: MessageTypeDefinition<_strata_v1_VoteRequest, _strata_v1_VoteRequest__Output>
      VoteResponse: MessageTypeDefinition<_strata_v1_VoteResponse, _strata_v1_VoteResponse__Output>
      Voter: SubtypeConstructor<typeof grpc.Client, _strata_v1_VoterClient> & { service: _strata_v1_VoterDefinition }
    }
  }
}

