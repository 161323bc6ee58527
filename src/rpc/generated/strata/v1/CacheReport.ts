// Original file: proto/strata/v1/nameserver.proto

import type { CachePoolInfo as _strata_v1_CachePoolInfo, CachePoolInfo__Output as _strata_v1_CachePoolInfo__Output } from '../../strata/v1/CachePoolInfo.js';
import type { CacheDirectiveInfo as _strata_v1_CacheDirectiveInfo, CacheDirectiveInfo__Output as _strata_v1_CacheDirectiveInfo__Output } from '../../strata/v1/CacheDirectiveInfo.js';
import type { Long } from '@grpc/proto-loader';

export interface CacheReport {
  'pools'?: (_strata_v1_CachePoolInfo)[];
  'directives'?: (_strata_v1_CacheDirectiveInfo)[];
  'addedDirectiveId'?: (number | string | Long);
}

export interface CacheReport__Output {
  'pools': (_strata_v1_CachePoolInfo__Output)[];
  'directives': (_strata_v1_CacheDirectiveInfo__Output)[];
  'addedDirectiveId': (number);
}
