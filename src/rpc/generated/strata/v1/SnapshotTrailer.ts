// Original file: proto/strata/v1/ha.proto

import type { Long } from '@grpc/proto-loader';

export interface SnapshotTrailer {
  'inodes'?: (number | string | Long);
  'blocks'?: (number | string | Long);
  'journalRecords'?: (number | string | Long);
  'cacheEntries'?: (number | string | Long);
}

export interface SnapshotTrailer__Output {
  'inodes': (number);
  'blocks': (number);
  'journalRecords': (number);
  'cacheEntries': (number);
}
