// Original file: proto/strata/v1/nameserver.proto

import type { FileStatus as _strata_v1_FileStatus, FileStatus__Output as _strata_v1_FileStatus__Output } from '../../strata/v1/FileStatus.js';
import type { FsckBlock as _strata_v1_FsckBlock, FsckBlock__Output as _strata_v1_FsckBlock__Output } from '../../strata/v1/FsckBlock.js';

export interface FsckFile {
  'status'?: (_strata_v1_FileStatus | null);
  'blocks'?: (_strata_v1_FsckBlock)[];
}

export interface FsckFile__Output {
  'status': (_strata_v1_FileStatus__Output | null);
  'blocks': (_strata_v1_FsckBlock__Output)[];
}
