// Original file: proto/strata/v1/ha.proto

import type { Long } from '@grpc/proto-loader';

export interface InstallSnapshotResponse {
  'ok'?: (boolean);
  'lastTxid'?: (number | string | Long);
  'promisedEpoch'?: (number | string | Long);
  'reason'?: (string);
}

export interface InstallSnapshotResponse__Output {
  'ok': (boolean);
  'lastTxid': (number);
  'promisedEpoch': (number);
  'reason': (string);
}
