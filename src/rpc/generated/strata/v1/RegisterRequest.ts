// Original file: proto/strata/v1/datanode_protocol.proto

import type { StorageState as _strata_v1_StorageState, StorageState__Output as _strata_v1_StorageState__Output } from '../../strata/v1/StorageState.js';

export interface RegisterRequest {
  'dataserverId'?: (string);
  'dataUrl'?: (string);
  'storages'?: (_strata_v1_StorageState)[];
  'zone'?: (string);
  'decommissioning'?: (boolean);
}

export interface RegisterRequest__Output {
  'dataserverId': (string);
  'dataUrl': (string);
  'storages': (_strata_v1_StorageState__Output)[];
  'zone': (string);
  'decommissioning': (boolean);
}
