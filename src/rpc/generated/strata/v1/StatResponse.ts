// Original file: proto/strata/v1/nameserver.proto

import type { FileStatus as _strata_v1_FileStatus, FileStatus__Output as _strata_v1_FileStatus__Output } from '../../strata/v1/FileStatus.js';

export interface StatResponse {
  'status'?: (_strata_v1_FileStatus | null);
}

export interface StatResponse__Output {
  'status': (_strata_v1_FileStatus__Output | null);
}
