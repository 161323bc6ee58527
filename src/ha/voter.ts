/**
 * One of the three voters that grant leadership: each nameserver and the witness
 * run this logic. Pure: times are monotonic milliseconds passed in, and every
 * change to the durable part is handed to `persist` before an answer goes out.
 *
 * Safety (I-3): an epoch is granted by a majority of voters, each promising never
 * to grant a lower or equal epoch again, so two leaders never share an epoch. A
 * voter also refuses any grant while the current leader's lease, as last renewed
 * with it, may still run; the leader stops acknowledging before its own lease
 * (measured from when it *sent* the renewal) ends. A restarted voter does not know
 * the lease and waits a whole lease period before granting.
 *
 * Only an in-sync standby is promoted: the witness keeps the in-sync record the
 * active maintains, and refuses a candidate it knows to be an out-of-sync standby;
 * a nameserver voter refuses a candidate whose journal is behind its own — by the
 * epoch of its last entry first, then by its length (as Raft's "up to date"): a
 * journal as long as ours but ending in an older epoch may lack writes our newer
 * epoch acknowledged.
 */

export interface VoterDurableState {
  promisedEpoch: number;
  leaderId: string | null;
  /** The witness's record of the standby and whether the active counts it in sync. */
  standbyId: string | null;
  standbyInSync: boolean;
  /**
   * The sequence number of the last in-sync change applied in this epoch. A change
   * the active gave up on (timed out) may still arrive after a later one; applying
   * it then would undo the later one — e.g. count a standby in sync that the active
   * has since gone on without.
   */
  inSyncSeq?: number;
}

/** Where a journal ends: its last txid and that entry's epoch (0, 0 when empty). */
export interface JournalEnd {
  txid: number;
  epoch: number;
}

export interface VoteRequest {
  epoch: number;
  candidateId: string;
  lastTxid: number;
  lastEpoch: number;
}

/** True if a journal ending at `a` is behind one ending at `b`. */
export function journalBehind(a: JournalEnd, b: JournalEnd): boolean {
  return a.epoch < b.epoch || (a.epoch === b.epoch && a.txid < b.txid);
}

export interface VoteAnswer {
  granted: boolean;
  promisedEpoch: number;
  reason: string;
}

export class Voter {
  private leaseUntilMs: number;

  /**
   * @param ownJournalEnd where a nameserver voter's durable journal ends; null for
   *   the witness, which keeps no journal and judges candidates by the in-sync record.
   */
  constructor(
    private state: VoterDurableState,
    private readonly leaseMs: number,
    nowMs: number,
    private readonly persist: (state: VoterDurableState) => void,
    private readonly ownJournalEnd: (() => JournalEnd) | null,
  ) {
    this.leaseUntilMs = nowMs + leaseMs;
  }

  get durable(): Readonly<VoterDurableState> {
    return this.state;
  }

  requestVote(req: VoteRequest, nowMs: number): VoteAnswer {
    const refuse = (reason: string): VoteAnswer => ({
      granted: false,
      promisedEpoch: this.state.promisedEpoch,
      reason,
    });
    if (req.epoch <= this.state.promisedEpoch) {
      return refuse(`epoch ${req.epoch} is not above ${this.state.promisedEpoch}`);
    }
    if (nowMs < this.leaseUntilMs && req.candidateId !== this.state.leaderId) {
      return refuse(`the lease of ${this.state.leaderId ?? 'a previous leader'} may still run`);
    }
    const own = this.ownJournalEnd?.();
    if (own && journalBehind({ txid: req.lastTxid, epoch: req.lastEpoch }, own)) {
      return refuse(
        `candidate journal ends at txid ${req.lastTxid} of epoch ${req.lastEpoch}, ` +
          `this voter's at txid ${own.txid} of epoch ${own.epoch}`,
      );
    }
    if (!own && !this.mayLead(req.candidateId)) {
      return refuse(`${req.candidateId} is not a standby the active counted in sync`);
    }
    const previousLeader = this.state.leaderId;
    this.update({
      promisedEpoch: req.epoch,
      leaderId: req.candidateId,
      // The previous leader becomes the standby, in sync only once the new active says so.
      standbyId: previousLeader !== req.candidateId ? previousLeader : this.state.standbyId,
      standbyInSync: false,
      inSyncSeq: 0,
    });
    this.leaseUntilMs = nowMs + this.leaseMs;
    return { granted: true, promisedEpoch: req.epoch, reason: '' };
  }

  /**
   * The witness's judgement, which keeps no journal: the current leader may lead
   * again, a standby only if the active last recorded it in sync, anyone when there
   * has never been a leader.
   */
  private mayLead(candidateId: string): boolean {
    const { leaderId, standbyId, standbyInSync } = this.state;
    if (leaderId === null || candidateId === leaderId) return true;
    return candidateId === standbyId && standbyInSync;
  }

  /** The leader's renewal; a higher epoch granted by the others is adopted. */
  renew(epoch: number, leaderId: string, nowMs: number): boolean {
    if (epoch < this.state.promisedEpoch) return false;
    // Only the winner of an epoch renews, and two candidates cannot both win one
    // (majorities intersect): a renewal from another than the one this voter chose
    // in the same epoch means its own choice lost. Adopting the winner is safe, and
    // refusing it would leave this voter deaf to the active for the whole epoch.
    if (epoch > this.state.promisedEpoch || this.state.leaderId !== leaderId) {
      const previousLeader = this.state.leaderId;
      this.update({
        promisedEpoch: epoch,
        leaderId,
        standbyId: previousLeader !== leaderId ? previousLeader : this.state.standbyId,
        standbyInSync: false,
      });
    }
    this.leaseUntilMs = nowMs + this.leaseMs;
    return true;
  }

  /**
   * The leader gives its lease back after it has stopped acknowledging, so that an
   * election need not wait the lease out. Safe: nothing is acknowledged under it any more.
   */
  release(epoch: number, leaderId: string, nowMs: number): boolean {
    if (epoch !== this.state.promisedEpoch || leaderId !== this.state.leaderId) return false;
    this.leaseUntilMs = Math.min(this.leaseUntilMs, nowMs);
    return true;
  }

  /** The active's change to the in-sync record; `seq` increases with each change it makes. */
  setInSync(
    epoch: number,
    leaderId: string,
    standbyId: string,
    inSync: boolean,
    seq: number,
  ): boolean {
    if (epoch !== this.state.promisedEpoch || leaderId !== this.state.leaderId) return false;
    if (seq <= (this.state.inSyncSeq ?? 0)) return false;
    this.update({ ...this.state, standbyId, standbyInSync: inSync, inSyncSeq: seq });
    return true;
  }

  private update(next: VoterDurableState): void {
    this.persist(next);
    this.state = next;
  }
}
