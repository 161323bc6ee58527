// Original file: proto/strata/v1/nameserver.proto

import type { DataServerReport as _strata_v1_DataServerReport, DataServerReport__Output as _strata_v1_DataServerReport__Output } from '../../strata/v1/DataServerReport.js';

export interface DecommissionResponse {
  'dataserver'?: (_strata_v1_DataServerReport | null);
}

export interface DecommissionResponse__Output {
  'dataserver': (_strata_v1_DataServerReport__Output | null);
}
