// Original file: proto/strata/v1/nameserver.proto

import type { Long } from '@grpc/proto-loader';

export interface CacheDirectiveInfo {
  'id'?: (number | string | Long);
  'path'?: (string);
  'pool'?: (string);
  'replication'?: (number);
  'expiresAtMs'?: (number | string | Long);
  'expired'?: (boolean);
  'files'?: (number | string | Long);
  'bytesNeeded'?: (number | string | Long);
  'bytesCached'?: (number | string | Long);
}

export interface CacheDirectiveInfo__Output {
  'id': (number);
  'path': (string);
  'pool': (string);
  'replication': (number);
  'expiresAtMs': (number);
  'expired': (boolean);
  'files': (number);
  'bytesNeeded': (number);
  'bytesCached': (number);
}
