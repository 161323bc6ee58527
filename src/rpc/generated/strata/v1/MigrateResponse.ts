// Original file: proto/strata/v1/nameserver.proto

import type { Long } from '@grpc/proto-loader';

export interface MigrateResponse {
  'files'?: (number | string | Long);
  'blocks'?: (number | string | Long);
  'misplacedReplicas'?: (number | string | Long);
  'movesOrdered'?: (number | string | Long);
  'movesUnderWay'?: (number | string | Long);
  'stuck'?: (number | string | Long);
  'truncated'?: (boolean);
}

export interface MigrateResponse__Output {
  'files': (number);
  'blocks': (number);
  'misplacedReplicas': (number);
  'movesOrdered': (number);
  'movesUnderWay': (number);
  'stuck': (number);
  'truncated': (boolean);
}
