// Original file: proto/strata/v1/nameserver.proto

import type { FileStatus as _strata_v1_FileStatus, FileStatus__Output as _strata_v1_FileStatus__Output } from '../../strata/v1/FileStatus.js';

export interface CreateCompleteResponse {
  'status'?: (_strata_v1_FileStatus | null);
}

export interface CreateCompleteResponse__Output {
  'status': (_strata_v1_FileStatus__Output | null);
}
