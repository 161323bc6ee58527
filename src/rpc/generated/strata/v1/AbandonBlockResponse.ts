// Original file: proto/strata/v1/nameserver.proto


export interface AbandonBlockResponse {
}

export interface AbandonBlockResponse__Output {
}
