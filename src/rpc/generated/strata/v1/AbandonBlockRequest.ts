// Original file: proto/strata/v1/nameserver.proto

import type { Long } from '@grpc/proto-loader';

export interface AbandonBlockRequest {
  'fileId'?: (number | string | Long);
  'clientName'?: (string);
  'blockId'?: (number | string | Long);
}

export interface AbandonBlockRequest__Output {
  'fileId': (number);
  'clientName': (string);
  'blockId': (number);
}
