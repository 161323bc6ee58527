// Original file: proto/strata/v1/nameserver.proto

import type { LocatedBlock as _strata_v1_LocatedBlock, LocatedBlock__Output as _strata_v1_LocatedBlock__Output } from '../../strata/v1/LocatedBlock.js';
import type { Long } from '@grpc/proto-loader';

export interface ReserveBlockResponse {
  'blocks'?: (_strata_v1_LocatedBlock)[];
  'blockSize'?: (number | string | Long);
  'ttlMs'?: (number | string | Long);
}

export interface ReserveBlockResponse__Output {
  'blocks': (_strata_v1_LocatedBlock__Output)[];
  'blockSize': (number);
  'ttlMs': (number);
}
