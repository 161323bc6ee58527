// Original file: proto/strata/v1/nameserver.proto


export interface ReleaseReservedBlocksResponse {
  'released'?: (number);
}

export interface ReleaseReservedBlocksResponse__Output {
  'released': (number);
}
