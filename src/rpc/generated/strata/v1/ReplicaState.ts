// Original file: proto/strata/v1/datanode_protocol.proto

import type { Long } from '@grpc/proto-loader';

export interface ReplicaState {
  'blockId'?: (number | string | Long);
  'generation'?: (number | string | Long);
  'length'?: (number | string | Long);
  'medium'?: (string);
}

export interface ReplicaState__Output {
  'blockId': (number);
  'generation': (number);
  'length': (number);
  'medium': (string);
}
