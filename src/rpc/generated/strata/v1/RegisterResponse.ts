// Original file: proto/strata/v1/datanode_protocol.proto

import type { Long } from '@grpc/proto-loader';

export interface RegisterResponse {
  'clusterId'?: (string);
  'heartbeatIntervalMs'?: (number | string | Long);
}

export interface RegisterResponse__Output {
  'clusterId': (string);
  'heartbeatIntervalMs': (number);
}
