// Original file: proto/strata/v1/ha.proto

import type { Long } from '@grpc/proto-loader';

export interface VoteResponse {
  'granted'?: (boolean);
  'promisedEpoch'?: (number | string | Long);
  'reason'?: (string);
}

export interface VoteResponse__Output {
  'granted': (boolean);
  'promisedEpoch': (number);
  'reason': (string);
}
