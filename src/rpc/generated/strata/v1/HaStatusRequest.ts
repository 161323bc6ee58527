// Original file: proto/strata/v1/ha.proto


export interface HaStatusRequest {
  'withChecksum'?: (boolean);
}

export interface HaStatusRequest__Output {
  'withChecksum': (boolean);
}
