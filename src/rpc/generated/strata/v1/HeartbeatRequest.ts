// Original file: proto/strata/v1/datanode_protocol.proto

import type { StorageState as _strata_v1_StorageState, StorageState__Output as _strata_v1_StorageState__Output } from '../../strata/v1/StorageState.js';
import type { CachePoolState as _strata_v1_CachePoolState, CachePoolState__Output as _strata_v1_CachePoolState__Output } from '../../strata/v1/CachePoolState.js';
import type { Long } from '@grpc/proto-loader';

export interface HeartbeatRequest {
  'dataserverId'?: (string);
  'storages'?: (_strata_v1_StorageState)[];
  'activeTransfers'?: (number);
  'decommissioning'?: (boolean);
  'cache'?: (_strata_v1_CachePoolState | null);
  'cachedBlocks'?: (number | string | Long)[];
  'pinnedBlocks'?: (number | string | Long)[];
}

export interface HeartbeatRequest__Output {
  'dataserverId': (string);
  'storages': (_strata_v1_StorageState__Output)[];
  'activeTransfers': (number);
  'decommissioning': (boolean);
  'cache': (_strata_v1_CachePoolState__Output | null);
  'cachedBlocks': (number)[];
  'pinnedBlocks': (number)[];
}
