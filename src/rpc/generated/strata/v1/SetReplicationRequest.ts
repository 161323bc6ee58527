// Original file: proto/strata/v1/nameserver.proto


export interface SetReplicationRequest {
  'path'?: (string);
  'replication'?: (number);
}

export interface SetReplicationRequest__Output {
  'path': (string);
  'replication': (number);
}
