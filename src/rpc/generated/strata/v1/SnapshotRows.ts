// Original file: proto/strata/v1/ha.proto

import type { SnapshotInode as _strata_v1_SnapshotInode, SnapshotInode__Output as _strata_v1_SnapshotInode__Output } from '../../strata/v1/SnapshotInode.js';
import type { SnapshotBlock as _strata_v1_SnapshotBlock, SnapshotBlock__Output as _strata_v1_SnapshotBlock__Output } from '../../strata/v1/SnapshotBlock.js';
import type { JournalRecord as _strata_v1_JournalRecord, JournalRecord__Output as _strata_v1_JournalRecord__Output } from '../../strata/v1/JournalRecord.js';
import type { SnapshotCacheEntry as _strata_v1_SnapshotCacheEntry, SnapshotCacheEntry__Output as _strata_v1_SnapshotCacheEntry__Output } from '../../strata/v1/SnapshotCacheEntry.js';

export interface SnapshotRows {
  'inodes'?: (_strata_v1_SnapshotInode)[];
  'blocks'?: (_strata_v1_SnapshotBlock)[];
  'journal'?: (_strata_v1_JournalRecord)[];
  'cacheEntries'?: (_strata_v1_SnapshotCacheEntry)[];
}

export interface SnapshotRows__Output {
  'inodes': (_strata_v1_SnapshotInode__Output)[];
  'blocks': (_strata_v1_SnapshotBlock__Output)[];
  'journal': (_strata_v1_JournalRecord__Output)[];
  'cacheEntries': (_strata_v1_SnapshotCacheEntry__Output)[];
}
