// Original file: proto/strata/v1/ha.proto

import type { Long } from '@grpc/proto-loader';

export interface ReplicateResponse {
  'ok'?: (boolean);
  'lastTxid'?: (number | string | Long);
  'promisedEpoch'?: (number | string | Long);
  'reason'?: (string);
  'needsSnapshot'?: (boolean);
  'foreignCluster'?: (boolean);
  'seq'?: (number);
  'code'?: (number);
  'message'?: (string);
}

export interface ReplicateResponse__Output {
  'ok': (boolean);
  'lastTxid': (number);
  'promisedEpoch': (number);
  'reason': (string);
  'needsSnapshot': (boolean);
  'foreignCluster': (boolean);
  'seq': (number);
  'code': (number);
  'message': (string);
}
