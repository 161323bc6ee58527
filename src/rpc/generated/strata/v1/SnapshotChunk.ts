// Original file: proto/strata/v1/ha.proto

import type { SnapshotHeader as _strata_v1_SnapshotHeader, SnapshotHeader__Output as _strata_v1_SnapshotHeader__Output } from '../../strata/v1/SnapshotHeader.js';
import type { SnapshotRows as _strata_v1_SnapshotRows, SnapshotRows__Output as _strata_v1_SnapshotRows__Output } from '../../strata/v1/SnapshotRows.js';
import type { SnapshotTrailer as _strata_v1_SnapshotTrailer, SnapshotTrailer__Output as _strata_v1_SnapshotTrailer__Output } from '../../strata/v1/SnapshotTrailer.js';

export interface SnapshotChunk {
  'header'?: (_strata_v1_SnapshotHeader | null);
  'rows'?: (_strata_v1_SnapshotRows | null);
  'trailer'?: (_strata_v1_SnapshotTrailer | null);
  'part'?: "header"|"rows"|"trailer";
}

export interface SnapshotChunk__Output {
  'header'?: (_strata_v1_SnapshotHeader__Output | null);
  'rows'?: (_strata_v1_SnapshotRows__Output | null);
  'trailer'?: (_strata_v1_SnapshotTrailer__Output | null);
  'part'?: "header"|"rows"|"trailer";
}
