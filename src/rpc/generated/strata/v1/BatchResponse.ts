// Original file: proto/strata/v1/nameserver.proto

import type { BatchResult as _strata_v1_BatchResult, BatchResult__Output as _strata_v1_BatchResult__Output } from '../../strata/v1/BatchResult.js';

export interface BatchResponse {
  'results'?: (_strata_v1_BatchResult)[];
  'seq'?: (number);
  'code'?: (number);
  'message'?: (string);
}

export interface BatchResponse__Output {
  'results': (_strata_v1_BatchResult__Output)[];
  'seq': (number);
  'code': (number);
  'message': (string);
}
