// Original file: proto/strata/v1/nameserver.proto

import type { FsckFile as _strata_v1_FsckFile, FsckFile__Output as _strata_v1_FsckFile__Output } from '../../strata/v1/FsckFile.js';
import type { Long } from '@grpc/proto-loader';

export interface FsckResponse {
  'files'?: (_strata_v1_FsckFile)[];
  'totalFiles'?: (number | string | Long);
  'totalBlocks'?: (number | string | Long);
  'healthyBlocks'?: (number | string | Long);
  'underReplicatedBlocks'?: (number | string | Long);
  'missingBlocks'?: (number | string | Long);
  'truncated'?: (boolean);
  'healthy'?: (boolean);
}

export interface FsckResponse__Output {
  'files': (_strata_v1_FsckFile__Output)[];
  'totalFiles': (number);
  'totalBlocks': (number);
  'healthyBlocks': (number);
  'underReplicatedBlocks': (number);
  'missingBlocks': (number);
  'truncated': (boolean);
  'healthy': (boolean);
}
