// Original file: proto/strata/v1/nameserver.proto


export interface BalanceRequest {
  'thresholdPercent'?: (number | string);
  'stop'?: (boolean);
}

export interface BalanceRequest__Output {
  'thresholdPercent': (number);
  'stop': (boolean);
}
