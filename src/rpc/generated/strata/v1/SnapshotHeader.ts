// Original file: proto/strata/v1/ha.proto

import type { Long } from '@grpc/proto-loader';

export interface SnapshotHeader {
  'epoch'?: (number | string | Long);
  'leaderId'?: (string);
  'clusterId'?: (string);
  'lastTxid'?: (number | string | Long);
}

export interface SnapshotHeader__Output {
  'epoch': (number);
  'leaderId': (string);
  'clusterId': (string);
  'lastTxid': (number);
}
