// Original file: proto/strata/v1/ha.proto

import type { Long } from '@grpc/proto-loader';

export interface VoteRequest {
  'epoch'?: (number | string | Long);
  'candidateId'?: (string);
  'lastTxid'?: (number | string | Long);
  'lastEpoch'?: (number | string | Long);
}

export interface VoteRequest__Output {
  'epoch': (number);
  'candidateId': (string);
  'lastTxid': (number);
  'lastEpoch': (number);
}
