// Original file: proto/strata/v1/nameserver.proto


export interface RenewLeaseResponse {
}

export interface RenewLeaseResponse__Output {
}
