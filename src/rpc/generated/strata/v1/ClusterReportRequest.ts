// Original file: proto/strata/v1/nameserver.proto


export interface ClusterReportRequest {
}

export interface ClusterReportRequest__Output {
}
