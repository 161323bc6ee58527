/** The simulated witness: the real Voter with no journal, its promise kept across crashes. */
import { Voter, type VoteAnswer, type VoteRequest, type VoterDurableState } from '../ha/voter.js';
import { HaDefaults } from '../ha/constants.js';
import type { Clock } from '../platform/clock.js';
import type { LeaseAnswer, LeaseRequest } from '../nameserver/remote-voters.js';

export interface SetInSyncRequest extends LeaseRequest {
  standbyId: string;
  inSync: boolean;
  seq: number;
}

export class SimWitness {
  durable: VoterDurableState = {
    promisedEpoch: 0,
    leaderId: null,
    standbyId: null,
    standbyInSync: false,
  };
  private voter!: Voter;
  private clock!: Clock;

  constructor(readonly id: string) {}

  boot(clock: Clock, promised: (state: VoterDurableState) => void): void {
    this.clock = clock;
    this.voter = new Voter(
      this.durable,
      HaDefaults.leaseMs,
      clock.monotonicMs(),
      (next) => {
        this.durable = { ...next };
        promised(next);
      },
      null,
    );
  }

  requestVote(request: VoteRequest): VoteAnswer {
    return this.voter.requestVote(request, this.clock.monotonicMs());
  }

  renewLease(request: LeaseRequest): LeaseAnswer {
    const ok = this.voter.renew(request.epoch, request.leaderId, this.clock.monotonicMs());
    return { ok, promisedEpoch: this.voter.durable.promisedEpoch };
  }

  releaseLease(request: LeaseRequest): LeaseAnswer {
    const ok = this.voter.release(request.epoch, request.leaderId, this.clock.monotonicMs());
    return { ok, promisedEpoch: this.voter.durable.promisedEpoch };
  }

  setInSync(request: SetInSyncRequest): { ok: boolean } {
    const { epoch, leaderId, standbyId, inSync, seq } = request;
    return { ok: this.voter.setInSync(epoch, leaderId, standbyId, inSync, seq) };
  }
}
