// Original file: proto/strata/v1/nameserver.proto

import type { Long } from '@grpc/proto-loader';

export interface CachePoolInfo {
  'name'?: (string);
  'limitBytes'?: (number | string | Long);
  'bytesNeeded'?: (number | string | Long);
  'bytesCached'?: (number | string | Long);
  'directives'?: (number);
}

export interface CachePoolInfo__Output {
  'name': (string);
  'limitBytes': (number);
  'bytesNeeded': (number);
  'bytesCached': (number);
  'directives': (number);
}
