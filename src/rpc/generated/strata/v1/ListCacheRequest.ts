// Original file: proto/strata/v1/nameserver.proto


export interface ListCacheRequest {
  'pool'?: (string);
}

export interface ListCacheRequest__Output {
  'pool': (string);
}
