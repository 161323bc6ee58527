// Original file: proto/strata/v1/ha.proto


export interface HaStatusRequest {
}

export interface HaStatusRequest__Output {
}
