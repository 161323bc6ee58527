// Original file: proto/strata/v1/nameserver.proto

import type { Long } from '@grpc/proto-loader';

export interface AddBlockRequest {
  'fileId'?: (number | string | Long);
  'clientName'?: (string);
  'previousBlockId'?: (number | string | Long);
  'previousLength'?: (number | string | Long);
  'previousStoredOn'?: (string)[];
  'exclude'?: (string)[];
}

export interface AddBlockRequest__Output {
  'fileId': (number);
  'clientName': (string);
  'previousBlockId': (number);
  'previousLength': (number);
  'previousStoredOn': (string)[];
  'exclude': (string)[];
}
