// Original file: proto/strata/v1/nameserver.proto


export interface ListRequest {
  'path'?: (string);
  'startAfter'?: (string);
  'limit'?: (number);
}

export interface ListRequest__Output {
  'path': (string);
  'startAfter': (string);
  'limit': (number);
}
