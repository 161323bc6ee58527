// Original file: proto/strata/v1/ha.proto

import type { Long } from '@grpc/proto-loader';

export interface SnapshotBlock {
  'id'?: (number | string | Long);
  'fileId'?: (number | string | Long);
  'generation'?: (number | string | Long);
  'length'?: (number | string | Long);
  'committed'?: (boolean);
}

export interface SnapshotBlock__Output {
  'id': (number);
  'fileId': (number);
  'generation': (number);
  'length': (number);
  'committed': (boolean);
}
