// Original file: proto/strata/v1/common.proto

import type { DataServerInfo as _strata_v1_DataServerInfo, DataServerInfo__Output as _strata_v1_DataServerInfo__Output } from '../../strata/v1/DataServerInfo.js';
import type { Long } from '@grpc/proto-loader';

export interface LocatedBlock {
  'blockId'?: (number | string | Long);
  'generation'?: (number | string | Long);
  'offset'?: (number | string | Long);
  'length'?: (number | string | Long);
  'locations'?: (_strata_v1_DataServerInfo)[];
  'media'?: (string)[];
}

export interface LocatedBlock__Output {
  'blockId': (number);
  'generation': (number);
  'offset': (number);
  'length': (number);
  'locations': (_strata_v1_DataServerInfo__Output)[];
  'media': (string)[];
}
