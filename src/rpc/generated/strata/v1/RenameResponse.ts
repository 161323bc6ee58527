// Original file: proto/strata/v1/nameserver.proto


export interface RenameResponse {
}

export interface RenameResponse__Output {
}
