// Original file: proto/strata/v1/datanode_protocol.proto

import type { CopyCommand as _strata_v1_CopyCommand, CopyCommand__Output as _strata_v1_CopyCommand__Output } from '../../strata/v1/CopyCommand.js';
import type { MoveCommand as _strata_v1_MoveCommand, MoveCommand__Output as _strata_v1_MoveCommand__Output } from '../../strata/v1/MoveCommand.js';
import type { Long } from '@grpc/proto-loader';

export interface HeartbeatResponse {
  'deleteBlocks'?: (number | string | Long)[];
  'reregister'?: (boolean);
  'active'?: (boolean);
  'epoch'?: (number | string | Long);
  'copies'?: (_strata_v1_CopyCommand)[];
  'decommission'?: (number);
  'moves'?: (_strata_v1_MoveCommand)[];
  'pinBlocks'?: (number | string | Long)[];
  'unpinBlocks'?: (number | string | Long)[];
}

export interface HeartbeatResponse__Output {
  'deleteBlocks': (number)[];
  'reregister': (boolean);
  'active': (boolean);
  'epoch': (number);
  'copies': (_strata_v1_CopyCommand__Output)[];
  'decommission': (number);
  'moves': (_strata_v1_MoveCommand__Output)[];
  'pinBlocks': (number)[];
  'unpinBlocks': (number)[];
}
