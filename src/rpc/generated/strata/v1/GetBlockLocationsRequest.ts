// Original file: proto/strata/v1/nameserver.proto


export interface GetBlockLocationsRequest {
  'path'?: (string);
}

export interface GetBlockLocationsRequest__Output {
  'path': (string);
}
