// Original file: proto/strata/v1/ha.proto

import type { JournalRecord as _strata_v1_JournalRecord, JournalRecord__Output as _strata_v1_JournalRecord__Output } from '../../strata/v1/JournalRecord.js';
import type { Long } from '@grpc/proto-loader';

export interface ReplicateRequest {
  'epoch'?: (number | string | Long);
  'leaderId'?: (string);
  'prevTxid'?: (number | string | Long);
  'records'?: (_strata_v1_JournalRecord)[];
  'prevEpoch'?: (number | string | Long);
  'clusterId'?: (string);
  'seq'?: (number);
}

export interface ReplicateRequest__Output {
  'epoch': (number);
  'leaderId': (string);
  'prevTxid': (number);
  'records': (_strata_v1_JournalRecord__Output)[];
  'prevEpoch': (number);
  'clusterId': (string);
  'seq': (number);
}
