// Original file: proto/strata/v1/nameserver.proto


export interface ReportBadReplicaResponse {
}

export interface ReportBadReplicaResponse__Output {
}
