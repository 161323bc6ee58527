// Original file: proto/strata/v1/nameserver.proto

import type { Long } from '@grpc/proto-loader';

export interface ReserveBlockRequest {
  'path'?: (string);
  'clientName'?: (string);
  'replication'?: (number);
  'blockSize'?: (number | string | Long);
  'overwrite'?: (boolean);
  'count'?: (number);
}

export interface ReserveBlockRequest__Output {
  'path': (string);
  'clientName': (string);
  'replication': (number);
  'blockSize': (number);
  'overwrite': (boolean);
  'count': (number);
}
