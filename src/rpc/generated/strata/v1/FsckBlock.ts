// Original file: proto/strata/v1/nameserver.proto

import type { DataServerInfo as _strata_v1_DataServerInfo, DataServerInfo__Output as _strata_v1_DataServerInfo__Output } from '../../strata/v1/DataServerInfo.js';
import type { Long } from '@grpc/proto-loader';

export interface FsckBlock {
  'blockId'?: (number | string | Long);
  'generation'?: (number | string | Long);
  'length'?: (number | string | Long);
  'expectedReplicas'?: (number);
  'liveReplicas'?: (_strata_v1_DataServerInfo)[];
  'corruptOn'?: (string)[];
  'health'?: (string);
}

export interface FsckBlock__Output {
  'blockId': (number);
  'generation': (number);
  'length': (number);
  'expectedReplicas': (number);
  'liveReplicas': (_strata_v1_DataServerInfo__Output)[];
  'corruptOn': (string)[];
  'health': (string);
}
