// Original file: proto/strata/v1/nameserver.proto

import type { LocatedBlock as _strata_v1_LocatedBlock, LocatedBlock__Output as _strata_v1_LocatedBlock__Output } from '../../strata/v1/LocatedBlock.js';

export interface AddBlockResponse {
  'block'?: (_strata_v1_LocatedBlock | null);
}

export interface AddBlockResponse__Output {
  'block': (_strata_v1_LocatedBlock__Output | null);
}
