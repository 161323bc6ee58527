// Original file: proto/strata/v1/ha.proto

import type { Long } from '@grpc/proto-loader';

export interface SetInSyncRequest {
  'epoch'?: (number | string | Long);
  'leaderId'?: (string);
  'standbyId'?: (string);
  'inSync'?: (boolean);
  'seq'?: (number | string | Long);
}

export interface SetInSyncRequest__Output {
  'epoch': (number);
  'leaderId': (string);
  'standbyId': (string);
  'inSync': (boolean);
  'seq': (number);
}
