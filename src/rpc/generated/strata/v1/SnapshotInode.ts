// Original file: proto/strata/v1/ha.proto

import type { Long } from '@grpc/proto-loader';

export interface SnapshotInode {
  'id'?: (number | string | Long);
  'parentId'?: (number | string | Long);
  'name'?: (string);
  'kind'?: (number);
  'replication'?: (number);
  'blockSize'?: (number | string | Long);
  'mtimeMs'?: (number | string | Long);
  'length'?: (number | string | Long);
  'leased'?: (boolean);
  'leaseHolder'?: (string);
  'storagePolicy'?: (string);
}

export interface SnapshotInode__Output {
  'id': (number);
  'parentId': (number);
  'name': (string);
  'kind': (number);
  'replication': (number);
  'blockSize': (number);
  'mtimeMs': (number);
  'length': (number);
  'leased': (boolean);
  'leaseHolder': (string);
  'storagePolicy': (string);
}
