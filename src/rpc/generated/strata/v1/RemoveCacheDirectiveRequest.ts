// Original file: proto/strata/v1/nameserver.proto

import type { Long } from '@grpc/proto-loader';

export interface RemoveCacheDirectiveRequest {
  'id'?: (number | string | Long);
}

export interface RemoveCacheDirectiveRequest__Output {
  'id': (number);
}
