// Original file: proto/strata/v1/nameserver.proto


export interface SetStoragePolicyRequest {
  'path'?: (string);
  'policy'?: (string);
}

export interface SetStoragePolicyRequest__Output {
  'path': (string);
  'policy': (string);
}
