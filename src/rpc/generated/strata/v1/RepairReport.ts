// Original file: proto/strata/v1/nameserver.proto

import type { Long } from '@grpc/proto-loader';

export interface RepairReport {
  'underReplicatedBlocks'?: (number | string | Long);
  'copiesUnderWay'?: (number | string | Long);
  'copiesDone'?: (number | string | Long);
  'copiesTimedOut'?: (number | string | Long);
  'bytesRepaired'?: (number | string | Long);
  'deletesOrdered'?: (number | string | Long);
  'stuckBlocks'?: (number | string | Long);
}

export interface RepairReport__Output {
  'underReplicatedBlocks': (number);
  'copiesUnderWay': (number);
  'copiesDone': (number);
  'copiesTimedOut': (number);
  'bytesRepaired': (number);
  'deletesOrdered': (number);
  'stuckBlocks': (number);
}
