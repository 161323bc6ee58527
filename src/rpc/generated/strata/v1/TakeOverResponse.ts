// Original file: proto/strata/v1/ha.proto


export interface TakeOverResponse {
}

export interface TakeOverResponse__Output {
}
