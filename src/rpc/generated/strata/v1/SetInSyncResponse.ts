// Original file: proto/strata/v1/ha.proto


export interface SetInSyncResponse {
  'ok'?: (boolean);
}

export interface SetInSyncResponse__Output {
  'ok': (boolean);
}
