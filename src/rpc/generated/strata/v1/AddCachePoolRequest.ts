// Original file: proto/strata/v1/nameserver.proto

import type { Long } from '@grpc/proto-loader';

export interface AddCachePoolRequest {
  'name'?: (string);
  'limitBytes'?: (number | string | Long);
}

export interface AddCachePoolRequest__Output {
  'name': (string);
  'limitBytes': (number);
}
