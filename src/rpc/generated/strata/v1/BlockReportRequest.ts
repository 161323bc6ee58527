// Original file: proto/strata/v1/datanode_protocol.proto

import type { ReplicaState as _strata_v1_ReplicaState, ReplicaState__Output as _strata_v1_ReplicaState__Output } from '../../strata/v1/ReplicaState.js';

export interface BlockReportRequest {
  'dataserverId'?: (string);
  'replicas'?: (_strata_v1_ReplicaState)[];
  'firstPart'?: (boolean);
  'lastPart'?: (boolean);
}

export interface BlockReportRequest__Output {
  'dataserverId': (string);
  'replicas': (_strata_v1_ReplicaState__Output)[];
  'firstPart': (boolean);
  'lastPart': (boolean);
}
