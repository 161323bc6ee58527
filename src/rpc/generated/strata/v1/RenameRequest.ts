// Original file: proto/strata/v1/nameserver.proto


export interface RenameRequest {
  'source'?: (string);
  'destination'?: (string);
}

export interface RenameRequest__Output {
  'source': (string);
  'destination': (string);
}
