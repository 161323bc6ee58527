// Original file: proto/strata/v1/nameserver.proto

import type { FileStatus as _strata_v1_FileStatus, FileStatus__Output as _strata_v1_FileStatus__Output } from '../../strata/v1/FileStatus.js';
import type { LocatedBlock as _strata_v1_LocatedBlock, LocatedBlock__Output as _strata_v1_LocatedBlock__Output } from '../../strata/v1/LocatedBlock.js';

export interface CreateResponse {
  'status'?: (_strata_v1_FileStatus | null);
  'firstBlock'?: (_strata_v1_LocatedBlock | null);
}

export interface CreateResponse__Output {
  'status': (_strata_v1_FileStatus__Output | null);
  'firstBlock': (_strata_v1_LocatedBlock__Output | null);
}
