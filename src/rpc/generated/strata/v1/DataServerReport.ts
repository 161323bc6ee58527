// Original file: proto/strata/v1/nameserver.proto

import type { DataServerInfo as _strata_v1_DataServerInfo, DataServerInfo__Output as _strata_v1_DataServerInfo__Output } from '../../strata/v1/DataServerInfo.js';
import type { StorageReport as _strata_v1_StorageReport, StorageReport__Output as _strata_v1_StorageReport__Output } from '../../strata/v1/StorageReport.js';
import type { CachePoolState as _strata_v1_CachePoolState, CachePoolState__Output as _strata_v1_CachePoolState__Output } from '../../strata/v1/CachePoolState.js';
import type { Long } from '@grpc/proto-loader';

export interface DataServerReport {
  'server'?: (_strata_v1_DataServerInfo | null);
  'state'?: (string);
  'capacityBytes'?: (number | string | Long);
  'usedBytes'?: (number | string | Long);
  'freeBytes'?: (number | string | Long);
  'blockCount'?: (number | string | Long);
  'lastHeartbeatMsAgo'?: (number | string | Long);
  'storages'?: (_strata_v1_StorageReport)[];
  'zone'?: (string);
  'decommissioning'?: (boolean);
  'safeToStop'?: (boolean);
  'cache'?: (_strata_v1_CachePoolState | null);
}

export interface DataServerReport__Output {
  'server': (_strata_v1_DataServerInfo__Output | null);
  'state': (string);
  'capacityBytes': (number);
  'usedBytes': (number);
  'freeBytes': (number);
  'blockCount': (number);
  'lastHeartbeatMsAgo': (number);
  'storages': (_strata_v1_StorageReport__Output)[];
  'zone': (string);
  'decommissioning': (boolean);
  'safeToStop': (boolean);
  'cache': (_strata_v1_CachePoolState__Output | null);
}
