// Original file: proto/strata/v1/nameserver.proto

import type { Long } from '@grpc/proto-loader';

export interface NameServerReport {
  'id'?: (string);
  'address'?: (string);
  'role'?: (string);
  'epoch'?: (number | string | Long);
  'lastTxid'?: (number | string | Long);
  'inSync'?: (boolean);
  'lagEntries'?: (number | string | Long);
  'clusterId'?: (string);
}

export interface NameServerReport__Output {
  'id': (string);
  'address': (string);
  'role': (string);
  'epoch': (number);
  'lastTxid': (number);
  'inSync': (boolean);
  'lagEntries': (number);
  'clusterId': (string);
}
