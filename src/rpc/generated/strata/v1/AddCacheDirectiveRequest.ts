// Original file: proto/strata/v1/nameserver.proto

import type { Long } from '@grpc/proto-loader';

export interface AddCacheDirectiveRequest {
  'path'?: (string);
  'pool'?: (string);
  'replication'?: (number);
  'ttlMs'?: (number | string | Long);
}

export interface AddCacheDirectiveRequest__Output {
  'path': (string);
  'pool': (string);
  'replication': (number);
  'ttlMs': (number);
}
