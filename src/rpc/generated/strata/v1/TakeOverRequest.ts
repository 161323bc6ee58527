// Original file: proto/strata/v1/ha.proto


export interface TakeOverRequest {
}

export interface TakeOverRequest__Output {
}
