// Original file: proto/strata/v1/nameserver.proto

import type { DataServerReport as _strata_v1_DataServerReport, DataServerReport__Output as _strata_v1_DataServerReport__Output } from '../../strata/v1/DataServerReport.js';
import type { NameServerReport as _strata_v1_NameServerReport, NameServerReport__Output as _strata_v1_NameServerReport__Output } from '../../strata/v1/NameServerReport.js';
import type { RepairReport as _strata_v1_RepairReport, RepairReport__Output as _strata_v1_RepairReport__Output } from '../../strata/v1/RepairReport.js';
import type { BalanceReport as _strata_v1_BalanceReport, BalanceReport__Output as _strata_v1_BalanceReport__Output } from '../../strata/v1/BalanceReport.js';
import type { Long } from '@grpc/proto-loader';

export interface ClusterReportResponse {
  'clusterId'?: (string);
  'files'?: (number | string | Long);
  'directories'?: (number | string | Long);
  'blocks'?: (number | string | Long);
  'underReplicatedBlocks'?: (number | string | Long);
  'missingBlocks'?: (number | string | Long);
  'corruptReplicas'?: (number | string | Long);
  'lastTxid'?: (number | string | Long);
  'dataservers'?: (_strata_v1_DataServerReport)[];
  'nameservers'?: (_strata_v1_NameServerReport)[];
  'repair'?: (_strata_v1_RepairReport | null);
  'balance'?: (_strata_v1_BalanceReport | null);
}

export interface ClusterReportResponse__Output {
  'clusterId': (string);
  'files': (number);
  'directories': (number);
  'blocks': (number);
  'underReplicatedBlocks': (number);
  'missingBlocks': (number);
  'corruptReplicas': (number);
  'lastTxid': (number);
  'dataservers': (_strata_v1_DataServerReport__Output)[];
  'nameservers': (_strata_v1_NameServerReport__Output)[];
  'repair': (_strata_v1_RepairReport__Output | null);
  'balance': (_strata_v1_BalanceReport__Output | null);
}
