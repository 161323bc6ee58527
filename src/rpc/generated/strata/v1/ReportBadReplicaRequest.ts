// Original file: proto/strata/v1/nameserver.proto

import type { Long } from '@grpc/proto-loader';

export interface ReportBadReplicaRequest {
  'blockId'?: (number | string | Long);
  'dataserverId'?: (string);
  'reason'?: (string);
}

export interface ReportBadReplicaRequest__Output {
  'blockId': (number);
  'dataserverId': (string);
  'reason': (string);
}
