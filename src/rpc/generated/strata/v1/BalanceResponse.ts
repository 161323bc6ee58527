// Original file: proto/strata/v1/nameserver.proto

import type { BalanceReport as _strata_v1_BalanceReport, BalanceReport__Output as _strata_v1_BalanceReport__Output } from '../../strata/v1/BalanceReport.js';

export interface BalanceResponse {
  'balance'?: (_strata_v1_BalanceReport | null);
}

export interface BalanceResponse__Output {
  'balance': (_strata_v1_BalanceReport__Output | null);
}
