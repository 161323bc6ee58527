// Original file: proto/strata/v1/ha.proto

import type { Long } from '@grpc/proto-loader';

export interface LeaseRenewalResponse {
  'ok'?: (boolean);
  'promisedEpoch'?: (number | string | Long);
}

export interface LeaseRenewalResponse__Output {
  'ok': (boolean);
  'promisedEpoch': (number);
}
