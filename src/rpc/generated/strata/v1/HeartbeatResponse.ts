// Original file: proto/strata/v1/datanode_protocol.proto

import type { Long } from '@grpc/proto-loader';

export interface HeartbeatResponse {
  'deleteBlocks'?: (number | string | Long)[];
  'reregister'?: (boolean);
  'active'?: (boolean);
  'epoch'?: (number | string | Long);
}

export interface HeartbeatResponse__Output {
  'deleteBlocks': (number)[];
  'reregister': (boolean);
  'active': (boolean);
  'epoch': (number);
}
