// Original file: proto/strata/v1/nameserver.proto

import type { Long } from '@grpc/proto-loader';

export interface CompleteRequest {
  'fileId'?: (number | string | Long);
  'clientName'?: (string);
  'lastBlockId'?: (number | string | Long);
  'lastLength'?: (number | string | Long);
  'lastStoredOn'?: (string)[];
}

export interface CompleteRequest__Output {
  'fileId': (number);
  'clientName': (string);
  'lastBlockId': (number);
  'lastLength': (number);
  'lastStoredOn': (string)[];
}
