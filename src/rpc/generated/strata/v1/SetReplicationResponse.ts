// Original file: proto/strata/v1/nameserver.proto


export interface SetReplicationResponse {
}

export interface SetReplicationResponse__Output {
}
