// Original file: proto/strata/v1/nameserver.proto

import type { Long } from '@grpc/proto-loader';

export interface StorageReport {
  'medium'?: (string);
  'path'?: (string);
  'capacityBytes'?: (number | string | Long);
  'usedBytes'?: (number | string | Long);
  'freeBytes'?: (number | string | Long);
  'blockCount'?: (number | string | Long);
  'full'?: (boolean);
  'failed'?: (boolean);
  'availableBytes'?: (number | string | Long);
}

export interface StorageReport__Output {
  'medium': (string);
  'path': (string);
  'capacityBytes': (number);
  'usedBytes': (number);
  'freeBytes': (number);
  'blockCount': (number);
  'full': (boolean);
  'failed': (boolean);
  'availableBytes': (number);
}
