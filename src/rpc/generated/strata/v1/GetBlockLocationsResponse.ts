// Original file: proto/strata/v1/nameserver.proto

import type { FileStatus as _strata_v1_FileStatus, FileStatus__Output as _strata_v1_FileStatus__Output } from '../../strata/v1/FileStatus.js';
import type { LocatedBlock as _strata_v1_LocatedBlock, LocatedBlock__Output as _strata_v1_LocatedBlock__Output } from '../../strata/v1/LocatedBlock.js';

export interface GetBlockLocationsResponse {
  'status'?: (_strata_v1_FileStatus | null);
  'blocks'?: (_strata_v1_LocatedBlock)[];
}

export interface GetBlockLocationsResponse__Output {
  'status': (_strata_v1_FileStatus__Output | null);
  'blocks': (_strata_v1_LocatedBlock__Output)[];
}
