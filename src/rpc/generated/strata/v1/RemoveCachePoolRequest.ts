// Original file: proto/strata/v1/nameserver.proto


export interface RemoveCachePoolRequest {
  'name'?: (string);
}

export interface RemoveCachePoolRequest__Output {
  'name': (string);
}
