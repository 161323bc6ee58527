// Original file: proto/strata/v1/nameserver.proto

import type { FileStatus as _strata_v1_FileStatus, FileStatus__Output as _strata_v1_FileStatus__Output } from '../../strata/v1/FileStatus.js';

export interface ListResponse {
  'entries'?: (_strata_v1_FileStatus)[];
  'hasMore'?: (boolean);
}

export interface ListResponse__Output {
  'entries': (_strata_v1_FileStatus__Output)[];
  'hasMore': (boolean);
}
