// Original file: proto/strata/v1/nameserver.proto


export interface BatchCall {
  'method'?: (string);
  'request'?: (Buffer | Uint8Array | string);
  'requestId'?: (string);
}

export interface BatchCall__Output {
  'method': (string);
  'request': (Buffer);
  'requestId': (string);
}
