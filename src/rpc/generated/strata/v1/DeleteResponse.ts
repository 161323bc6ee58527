// Original file: proto/strata/v1/nameserver.proto


export interface DeleteResponse {
}

export interface DeleteResponse__Output {
}
