// Original file: proto/strata/v1/ha.proto

import type { Long } from '@grpc/proto-loader';

export interface JournalRecord {
  'txid'?: (number | string | Long);
  'epoch'?: (number | string | Long);
  'op'?: (string);
  'requestId'?: (string);
}

export interface JournalRecord__Output {
  'txid': (number);
  'epoch': (number);
  'op': (string);
  'requestId': (string);
}
