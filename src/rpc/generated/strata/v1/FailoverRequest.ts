// Original file: proto/strata/v1/nameserver.proto


export interface FailoverRequest {
}

export interface FailoverRequest__Output {
}
