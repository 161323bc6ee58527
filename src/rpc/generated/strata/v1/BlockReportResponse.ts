// Original file: proto/strata/v1/datanode_protocol.proto

import type { Long } from '@grpc/proto-loader';

export interface BlockReportResponse {
  'deleteBlocks'?: (number | string | Long)[];
  'active'?: (boolean);
  'epoch'?: (number | string | Long);
}

export interface BlockReportResponse__Output {
  'deleteBlocks': (number)[];
  'active': (boolean);
  'epoch': (number);
}
