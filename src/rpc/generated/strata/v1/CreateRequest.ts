// Original file: proto/strata/v1/nameserver.proto

import type { Long } from '@grpc/proto-loader';

export interface CreateRequest {
  'path'?: (string);
  'clientName'?: (string);
  'replication'?: (number);
  'blockSize'?: (number | string | Long);
  'overwrite'?: (boolean);
  'createParents'?: (boolean);
  'allocateFirstBlock'?: (boolean);
}

export interface CreateRequest__Output {
  'path': (string);
  'clientName': (string);
  'replication': (number);
  'blockSize': (number);
  'overwrite': (boolean);
  'createParents': (boolean);
  'allocateFirstBlock': (boolean);
}
