// Original file: proto/strata/v1/datanode_protocol.proto

import type { Long } from '@grpc/proto-loader';

export interface StorageState {
  'medium'?: (string);
  'path'?: (string);
  'capacityBytes'?: (number | string | Long);
  'usedBytes'?: (number | string | Long);
  'freeBytes'?: (number | string | Long);
  'blockCount'?: (number | string | Long);
  'failed'?: (boolean);
  'availableBytes'?: (number | string | Long);
  'full'?: (boolean);
}

export interface StorageState__Output {
  'medium': (string);
  'path': (string);
  'capacityBytes': (number);
  'usedBytes': (number);
  'freeBytes': (number);
  'blockCount': (number);
  'failed': (boolean);
  'availableBytes': (number);
  'full': (boolean);
}
