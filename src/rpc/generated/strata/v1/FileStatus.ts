// Original file: proto/strata/v1/common.proto

import type { FileType as _strata_v1_FileType, FileType__Output as _strata_v1_FileType__Output } from '../../strata/v1/FileType.js';
import type { Long } from '@grpc/proto-loader';

export interface FileStatus {
  'id'?: (number | string | Long);
  'path'?: (string);
  'type'?: (_strata_v1_FileType);
  'length'?: (number | string | Long);
  'replication'?: (number);
  'blockSize'?: (number | string | Long);
  'mtimeMs'?: (number | string | Long);
  'underConstruction'?: (boolean);
  'blockCount'?: (number);
  'children'?: (number | string | Long);
  'storagePolicy'?: (string);
  'effectiveStoragePolicy'?: (string);
}

export interface FileStatus__Output {
  'id': (number);
  'path': (string);
  'type': (_strata_v1_FileType__Output);
  'length': (number);
  'replication': (number);
  'blockSize': (number);
  'mtimeMs': (number);
  'underConstruction': (boolean);
  'blockCount': (number);
  'children': (number);
  'storagePolicy': (string);
  'effectiveStoragePolicy': (string);
}
