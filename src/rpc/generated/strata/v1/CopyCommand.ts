// Original file: proto/strata/v1/datanode_protocol.proto

import type { Long } from '@grpc/proto-loader';

export interface CopyCommand {
  'blockId'?: (number | string | Long);
  'generation'?: (number | string | Long);
  'length'?: (number | string | Long);
  'sourceUrl'?: (string);
}

export interface CopyCommand__Output {
  'blockId': (number);
  'generation': (number);
  'length': (number);
  'sourceUrl': (string);
}
