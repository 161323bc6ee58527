// Original file: proto/strata/v1/ha.proto


export interface SnapshotCacheEntry {
  'key'?: (string);
  'value'?: (string);
}

export interface SnapshotCacheEntry__Output {
  'key': (string);
  'value': (string);
}
