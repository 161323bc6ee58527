// Original file: proto/strata/v1/nameserver.proto

import type { Long } from '@grpc/proto-loader';

export interface BalanceReport {
  'running'?: (boolean);
  'thresholdPercent'?: (number | string);
  'moves'?: (number | string | Long);
  'meanUsedPercent'?: (number | string);
}

export interface BalanceReport__Output {
  'running': (boolean);
  'thresholdPercent': (number);
  'moves': (number);
  'meanUsedPercent': (number);
}
