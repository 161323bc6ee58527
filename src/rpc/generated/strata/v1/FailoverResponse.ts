// Original file: proto/strata/v1/nameserver.proto


export interface FailoverResponse {
  'previousActive'?: (string);
  'newActive'?: (string);
}

export interface FailoverResponse__Output {
  'previousActive': (string);
  'newActive': (string);
}
