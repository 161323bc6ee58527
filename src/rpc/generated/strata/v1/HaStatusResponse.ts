// Original file: proto/strata/v1/ha.proto

import type { Long } from '@grpc/proto-loader';

export interface HaStatusResponse {
  'id'?: (string);
  'role'?: (string);
  'epoch'?: (number | string | Long);
  'lastTxid'?: (number | string | Long);
  'namespaceChecksum'?: (string);
  'clusterId'?: (string);
  'snapshotsInstalled'?: (number | string | Long);
}

export interface HaStatusResponse__Output {
  'id': (string);
  'role': (string);
  'epoch': (number);
  'lastTxid': (number);
  'namespaceChecksum': (string);
  'clusterId': (string);
  'snapshotsInstalled': (number);
}
