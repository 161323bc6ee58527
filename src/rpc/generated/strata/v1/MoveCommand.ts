// Original file: proto/strata/v1/datanode_protocol.proto

import type { Long } from '@grpc/proto-loader';

export interface MoveCommand {
  'blockId'?: (number | string | Long);
  'generation'?: (number | string | Long);
  'medium'?: (string);
}

export interface MoveCommand__Output {
  'blockId': (number);
  'generation': (number);
  'medium': (string);
}
