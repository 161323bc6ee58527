// Original file: proto/strata/v1/datanode_protocol.proto

import type { ReplicaState as _strata_v1_ReplicaState, ReplicaState__Output as _strata_v1_ReplicaState__Output } from '../../strata/v1/ReplicaState.js';
import type { Long } from '@grpc/proto-loader';

export interface BlockReceivedRequest {
  'dataserverId'?: (string);
  'received'?: (_strata_v1_ReplicaState)[];
  'deleted'?: (number | string | Long)[];
  'corrupt'?: (_strata_v1_ReplicaState)[];
  'copyFailed'?: (number | string | Long)[];
}

export interface BlockReceivedRequest__Output {
  'dataserverId': (string);
  'received': (_strata_v1_ReplicaState__Output)[];
  'deleted': (number)[];
  'corrupt': (_strata_v1_ReplicaState__Output)[];
  'copyFailed': (number)[];
}
