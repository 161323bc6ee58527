// Original file: proto/strata/v1/nameserver.proto


export interface BatchResult {
  'code'?: (number);
  'message'?: (string);
  'response'?: (Buffer | Uint8Array | string);
}

export interface BatchResult__Output {
  'code': (number);
  'message': (string);
  'response': (Buffer);
}
