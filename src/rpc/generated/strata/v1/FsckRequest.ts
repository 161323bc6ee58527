// Original file: proto/strata/v1/nameserver.proto


export interface FsckRequest {
  'path'?: (string);
  'maxFiles'?: (number);
}

export interface FsckRequest__Output {
  'path': (string);
  'maxFiles': (number);
}
