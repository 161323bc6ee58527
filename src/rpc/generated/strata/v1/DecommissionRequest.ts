// Original file: proto/strata/v1/nameserver.proto


export interface DecommissionRequest {
  'dataserver'?: (string);
  'undo'?: (boolean);
}

export interface DecommissionRequest__Output {
  'dataserver': (string);
  'undo': (boolean);
}
