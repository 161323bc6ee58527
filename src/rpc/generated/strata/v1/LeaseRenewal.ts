// Original file: proto/strata/v1/ha.proto

import type { Long } from '@grpc/proto-loader';

export interface LeaseRenewal {
  'epoch'?: (number | string | Long);
  'leaderId'?: (string);
}

export interface LeaseRenewal__Output {
  'epoch': (number);
  'leaderId': (string);
}
