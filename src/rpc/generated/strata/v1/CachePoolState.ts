// Original file: proto/strata/v1/common.proto

import type { Long } from '@grpc/proto-loader';

export interface CachePoolState {
  'capacityBytes'?: (number | string | Long);
  'usedBytes'?: (number | string | Long);
  'chunks'?: (number | string | Long);
  'hits'?: (number | string | Long);
  'misses'?: (number | string | Long);
  'evictions'?: (number | string | Long);
  'nvmeCapacityBytes'?: (number | string | Long);
  'nvmeUsedBytes'?: (number | string | Long);
  'nvmeBlocks'?: (number | string | Long);
  'nvmeHits'?: (number | string | Long);
  'nvmePromotions'?: (number | string | Long);
  'nvmeDemotions'?: (number | string | Long);
  'pinnedCapacityBytes'?: (number | string | Long);
  'pinnedBytes'?: (number | string | Long);
  'pinnedBlocks'?: (number | string | Long);
}

export interface CachePoolState__Output {
  'capacityBytes': (number);
  'usedBytes': (number);
  'chunks': (number);
  'hits': (number);
  'misses': (number);
  'evictions': (number);
  'nvmeCapacityBytes': (number);
  'nvmeUsedBytes': (number);
  'nvmeBlocks': (number);
  'nvmeHits': (number);
  'nvmePromotions': (number);
  'nvmeDemotions': (number);
  'pinnedCapacityBytes': (number);
  'pinnedBytes': (number);
  'pinnedBlocks': (number);
}
