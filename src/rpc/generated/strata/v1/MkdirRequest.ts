// Original file: proto/strata/v1/nameserver.proto


export interface MkdirRequest {
  'path'?: (string);
  'parents'?: (boolean);
}

export interface MkdirRequest__Output {
  'path': (string);
  'parents': (boolean);
}
