// Original file: proto/strata/v1/datanode_protocol.proto


export interface BlockReceivedResponse {
}

export interface BlockReceivedResponse__Output {
}
