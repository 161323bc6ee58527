/**
 * How a nameserver's HA coordinator reaches the other two voters (the peer
 * nameserver and the witness). An interface, so that the deterministic simulation
 * (src/sim) runs the real coordinator over a simulated network; production uses
 * gRPC (grpc-remote-voters.ts).
 */
import type { VoteAnswer, VoteRequest } from '../ha/voter.js';

export interface LeaseAnswer {
  ok: boolean;
  promisedEpoch: number;
}

export interface LeaseRequest {
  epoch: number;
  leaderId: string;
}

/** One remote voter. Every call rejects on timeout or when the voter is unreachable. */
export interface RemoteVoter {
  requestVote(request: VoteRequest, timeoutMs: number): Promise<VoteAnswer>;
  renewLease(request: LeaseRequest, timeoutMs: number): Promise<LeaseAnswer>;
  releaseLease(request: LeaseRequest, timeoutMs: number): Promise<LeaseAnswer>;
}

export interface RemoteVoters {
  /** The peer nameserver's voter, then the witness. */
  readonly voters: readonly RemoteVoter[];
  /** Asks the peer nameserver to stand for election now (manual failover). */
  askPeerToTakeOver(timeoutMs: number): Promise<void>;
  close(): void;
}
