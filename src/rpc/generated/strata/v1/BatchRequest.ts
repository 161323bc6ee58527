// Original file: proto/strata/v1/nameserver.proto

import type { BatchCall as _strata_v1_BatchCall, BatchCall__Output as _strata_v1_BatchCall__Output } from '../../strata/v1/BatchCall.js';

export interface BatchRequest {
  'calls'?: (_strata_v1_BatchCall)[];
  'seq'?: (number);
}

export interface BatchRequest__Output {
  'calls': (_strata_v1_BatchCall__Output)[];
  'seq': (number);
}
