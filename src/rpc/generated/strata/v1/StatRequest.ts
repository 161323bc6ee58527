// Original file: proto/strata/v1/nameserver.proto


export interface StatRequest {
  'path'?: (string);
}

export interface StatRequest__Output {
  'path': (string);
}
