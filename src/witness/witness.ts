/**
 * The witness: the third voter of the HA group. It keeps no journal, only its
 * promise (epoch, leader) and the in-sync record of the standby, durably. Small on
 * purpose, so that the health monitor can host the same Voter later.
 */
import * as grpc from '@grpc/grpc-js';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock, type Clock } from '../platform/clock.js';
import { createLogger, type Logger } from '../platform/logger.js';
import { unaryHandler } from '../rpc/handlers.js';
import { serverOptions, strataProto } from '../rpc/proto.js';
import type { VoterHandlers } from '../rpc/generated/strata/v1/Voter.js';
import { HaDefaults } from '../ha/constants.js';
import { readDurableJson, writeDurableJson } from '../ha/durable-json.js';
import { Voter, type VoterDurableState } from '../ha/voter.js';

export interface WitnessOptions {
  dir: string;
  host: string;
  port: number;
  leaseMs?: number;
  clock?: Clock;
  logger?: Logger;
}

export class Witness {
  private readonly server = new grpc.Server(serverOptions);
  private readonly voter: Voter;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private boundPort = 0;

  constructor(private readonly options: WitnessOptions) {
    this.logger = options.logger ?? createLogger('witness');
    this.clock = options.clock ?? systemClock;
    mkdirSync(options.dir, { recursive: true });
    const path = join(options.dir, 'witness.json');
    const state = readDurableJson<VoterDurableState>(path) ?? {
      promisedEpoch: 0,
      leaderId: null,
      standbyId: null,
      standbyInSync: false,
    };
    this.voter = new Voter(
      state,
      options.leaseMs ?? HaDefaults.leaseMs,
      this.clock.monotonicMs(),
      (next) => writeDurableJson(path, next),
      null,
    );
  }

  get port(): number {
    return this.boundPort;
  }

  async start(): Promise<void> {
    const h = <Req, Res>(name: string, fn: (req: Req) => Res) =>
      unaryHandler<Req, Res>(this.logger, name, fn);
    const handlers: VoterHandlers = {
      RequestVote: h('RequestVote', (req) => {
        const answer = this.voter.requestVote(
          {
            epoch: req.epoch,
            candidateId: req.candidateId,
            lastTxid: req.lastTxid,
            lastEpoch: req.lastEpoch,
          },
          this.clock.monotonicMs(),
        );
        this.logger.info({ ...req, ...answer }, answer.granted ? 'vote granted' : 'vote refused');
        return answer;
      }),
      RenewLease: h('RenewLease', (req) => ({
        ok: this.voter.renew(req.epoch, req.leaderId, this.clock.monotonicMs()),
        promisedEpoch: this.voter.durable.promisedEpoch,
      })),
      ReleaseLease: h('ReleaseLease', (req) => ({
        ok: this.voter.release(req.epoch, req.leaderId, this.clock.monotonicMs()),
        promisedEpoch: this.voter.durable.promisedEpoch,
      })),
      SetInSync: h('SetInSync', (req) => {
        const { epoch, leaderId, standbyId, inSync, seq } = req;
        const ok = this.voter.setInSync(epoch, leaderId, standbyId, inSync, Number(seq));
        this.logger.info({ ...req, ok }, 'in-sync record');
        return { ok };
      }),
    };
    this.server.addService(strataProto().strata.v1.Voter.service, handlers);
    this.boundPort = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync(
        `${this.options.host}:${this.options.port}`,
        grpc.ServerCredentials.createInsecure(),
        (err, port) => (err ? reject(err) : resolve(port)),
      ),
    );
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.tryShutdown(() => resolve()));
  }
}
