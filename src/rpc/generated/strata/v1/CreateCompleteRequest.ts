// Original file: proto/strata/v1/nameserver.proto

import type { Long } from '@grpc/proto-loader';

export interface CreateCompleteRequest {
  'path'?: (string);
  'clientName'?: (string);
  'replication'?: (number);
  'blockSize'?: (number | string | Long);
  'overwrite'?: (boolean);
  'blockId'?: (number | string | Long);
  'generation'?: (number | string | Long);
  'length'?: (number | string | Long);
  'storedOn'?: (string)[];
}

export interface CreateCompleteRequest__Output {
  'path': (string);
  'clientName': (string);
  'replication': (number);
  'blockSize': (number);
  'overwrite': (boolean);
  'blockId': (number);
  'generation': (number);
  'length': (number);
  'storedOn': (string)[];
}
