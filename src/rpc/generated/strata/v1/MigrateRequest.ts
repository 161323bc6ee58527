// Original file: proto/strata/v1/nameserver.proto


export interface MigrateRequest {
  'path'?: (string);
}

export interface MigrateRequest__Output {
  'path': (string);
}
