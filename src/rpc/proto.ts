/**
 * Loads the .proto contract at run time (grpc-js's dynamic codegen) and exposes it
 * with the types generated from the same files by scripts/gen-proto.mjs. The contract
 * comes pre-parsed (generated/descriptor.ts), so no process reads or parses .proto
 * files when it starts.
 */
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { Limits } from '../core/limits.js';
import { strataDescriptor } from './generated/descriptor.js';
import type { ProtoGrpcType as NameServerProto } from './generated/nameserver.js';
import type { ProtoGrpcType as DataServerProtocolProto } from './generated/datanode_protocol.js';
import type { ProtoGrpcType as HaProto } from './generated/ha.js';

export type StrataProto = NameServerProto & DataServerProtocolProto & HaProto;

let cached: StrataProto | undefined;

export function strataProto(): StrataProto {
  if (!cached) {
    const definition = protoLoader.fromJSON(strataDescriptor, {
      longs: Number,
      enums: String,
      defaults: true,
      oneofs: true,
    });
    cached = grpc.loadPackageDefinition(definition) as unknown as StrataProto;
  }
  return cached;
}

/** Channel options both ends use: bounded messages, keepalive to notice dead peers. */
export const channelOptions: grpc.ChannelOptions = {
  'grpc.max_receive_message_length': Limits.maxGrpcMessageBytes,
  'grpc.max_send_message_length': Limits.maxGrpcMessageBytes,
  'grpc.keepalive_time_ms': 10_000,
  'grpc.keepalive_timeout_ms': 5_000,
  // A peer that comes back (a restarted standby, a new active) is reconnected to
  // within a second; grpc's default backoff grows to two minutes.
  'grpc.initial_reconnect_backoff_ms': 200,
  'grpc.max_reconnect_backoff_ms': 1_000,
};

export const serverOptions: grpc.ServerOptions = {
  ...channelOptions,
  'grpc.max_concurrent_streams': 1_000,
  'grpc.keepalive_permit_without_calls': 1,
  'grpc.http2.min_ping_interval_without_data_ms': 5_000,
};
