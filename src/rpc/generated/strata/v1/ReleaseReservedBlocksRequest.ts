// Original file: proto/strata/v1/nameserver.proto

import type { Long } from '@grpc/proto-loader';

export interface ReleaseReservedBlocksRequest {
  'clientName'?: (string);
  'blockIds'?: (number | string | Long)[];
}

export interface ReleaseReservedBlocksRequest__Output {
  'clientName': (string);
  'blockIds': (number)[];
}
