/**
 * A simulated nameserver: the real Voter, HaCoordinator and GroupCommitter, with a
 * journal of client writes in place of the namespace. Only the durable part (the
 * voter's promise and the journal) survives a crash; `boot` builds the rest anew,
 * as a restarted process would.
 */
import { Voter, type VoteAnswer, type VoteRequest, type VoterDurableState } from '../ha/voter.js';
import { HaDefaults } from '../ha/constants.js';
import { divergence } from '../ha/catch-up.js';
import { GroupCommitter } from '../journal/group-commit.js';
import { HaCoordinator } from '../nameserver/ha-coordinator.js';
import type { LeaseAnswer, LeaseRequest, RemoteVoters } from '../nameserver/remote-voters.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { History } from './history.js';
import { SimJournal, type SimEntry } from './sim-journal.js';
import { SimJournalShipper, type ShippingLinks } from './sim-journal-shipper.js';

export interface ReplicateRequest {
  epoch: number;
  leaderId: string;
  prevTxid: number;
  prevEpoch: number;
  records: SimEntry[];
}

export interface SnapshotRequest {
  epoch: number;
  leaderId: string;
  /** The active's whole journal: in the simulation, the journal is the state. */
  entries: SimEntry[];
}

export interface ReplicateAnswer {
  ok: boolean;
  lastTxid: number;
  promisedEpoch: number;
  reason: string;
  /** The standby's journal diverged from the active's: it needs a snapshot. */
  diverged: boolean;
}

export class NotActiveError extends Error {}

export interface SimNameServerLinks {
  remotes: RemoteVoters;
  shipping: ShippingLinks;
}

export class SimNameServer {
  readonly journal = new SimJournal();
  durable: VoterDurableState = {
    promisedEpoch: 0,
    leaderId: null,
    standbyId: null,
    standbyInSync: false,
  };
  private voter!: Voter;
  private coordinator!: HaCoordinator;
  private committer!: GroupCommitter<SimEntry>;
  private shipper: SimJournalShipper | null = null;
  private clock!: Clock;
  /** Txids are handed out from memory, ahead of the journal while a batch commits. */
  private memLastTxid = 0;
  private ticks = 0;

  constructor(
    readonly id: string,
    private readonly peerId: string,
    private readonly history: History,
    private readonly now: () => number,
  ) {}

  get epoch(): number {
    return this.coordinator.epoch;
  }

  get durableVoter(): VoterDurableState {
    return this.durable;
  }

  isActive(): boolean {
    return this.coordinator.isActive();
  }

  get shipperState(): string {
    return this.shipper?.describe() ?? 'no shipper';
  }

  get standbyInSync(): boolean {
    return this.shipper?.standbyInSync ?? false;
  }

  boot(
    clock: Clock,
    links: SimNameServerLinks,
    logger: Logger,
    random: () => number,
    promised: (state: VoterDurableState) => void,
  ): void {
    this.clock = clock;
    this.shipper = null;
    this.memLastTxid = this.journal.lastTxid;
    this.voter = new Voter(
      this.durable,
      HaDefaults.leaseMs,
      clock.monotonicMs(),
      (next) => {
        this.durable = { ...next };
        promised(next);
      },
      () => this.journal.end(),
    );
    this.committer = new GroupCommitter<SimEntry>(
      { commit: (entries) => this.journal.append(entries) },
      (err) => this.history.violate(this.now(), `${this.id}: local commit failed: ${err.message}`),
      (err) => this.coordinator.stepDown(`a batch could not be shipped: ${err.message}`),
    );
    this.coordinator = new HaCoordinator({
      selfId: this.id,
      remotes: links.remotes,
      voter: this.voter,
      clock,
      logger,
      journalEnd: () => this.journal.end(),
      onBecomeActive: (epoch) => this.becomeActive(epoch, links.shipping),
      onStepDown: () => this.becomeStandby(),
      random,
    });
  }

  /** Called every HaDefaults.tickIntervalMs while the process runs. */
  tick(): void {
    this.coordinator.tick();
    if (++this.ticks % (HaDefaults.renewIntervalMs / HaDefaults.tickIntervalMs) === 0) {
      void this.shipper?.catchUp();
    }
  }

  private becomeActive(epoch: number, links: ShippingLinks): void {
    this.history.elected(this.id, epoch, this.journal, this.now());
    const shipper = new SimJournalShipper(
      this.id,
      this.peerId,
      epoch,
      this.journal,
      () => this.memLastTxid,
      links,
    );
    this.shipper = shipper;
    this.committer.setShipBatch((entries) => shipper.shipBatch(entries));
  }

  private becomeStandby(): void {
    this.committer.setShipBatch(null);
    this.shipper?.stop();
    this.shipper = null;
    this.committer.failPending(new NotActiveError(`${this.id} stepped down`));
    this.memLastTxid = this.journal.lastTxid;
  }

  // ---- what clients and the other voters call ----

  /** A client's write; resolves once acknowledged (nameserver.ts `mutate`). */
  async write(value: string): Promise<void> {
    if (!this.isActive()) throw new NotActiveError(`${this.id} is not active`);
    const entry = { txid: ++this.memLastTxid, epoch: this.coordinator.epoch, value };
    await this.committer.appendMany([entry], []);
    if (!this.isActive()) throw new NotActiveError(`${this.id} lost its lease during the commit`);
    this.history.acknowledged({ node: this.id, ...entry, atMs: this.now() });
  }

  /** `strata admin failover` (nameserver.ts `Failover`). */
  async failover(): Promise<void> {
    if (!this.standbyInSync) throw new Error('the standby is not in sync');
    const epoch = this.coordinator.epoch;
    this.coordinator.stepDown('manual failover');
    await this.coordinator.handOver(epoch);
  }

  requestVote(request: VoteRequest): VoteAnswer {
    const answer = this.voter.requestVote(request, this.clock.monotonicMs());
    if (answer.granted) this.coordinator.heardFromLeader(request.epoch);
    return answer;
  }

  renewLease(request: LeaseRequest): LeaseAnswer {
    const ok = this.voter.renew(request.epoch, request.leaderId, this.clock.monotonicMs());
    if (ok) this.coordinator.heardFromLeader(request.epoch);
    return { ok, promisedEpoch: this.voter.durable.promisedEpoch };
  }

  releaseLease(request: LeaseRequest): LeaseAnswer {
    const ok = this.voter.release(request.epoch, request.leaderId, this.clock.monotonicMs());
    return { ok, promisedEpoch: this.voter.durable.promisedEpoch };
  }

  takeOver(): void {
    this.coordinator.electNow();
  }

  /** The standby's side of shipping (nameserver.ts `acceptRecords`). */
  replicate(request: ReplicateRequest): ReplicateAnswer {
    const refusal = this.refuseLeader(request);
    if (refusal) return refusal;
    // As nameserver.ts acceptRecords: divergence needs a snapshot, a gap a resend.
    const held = this.journal.lastTxid;
    const diverged = divergence(held, (txid) => this.journal.epochAt(txid), request);
    if (diverged) return this.refuse(diverged, true);
    const fresh = request.records.filter((r) => r.txid > held);
    if (fresh.length > 0 && fresh[0]!.txid !== held + 1) {
      return this.refuse(`gap: this standby holds up to txid ${held}`, false);
    }
    this.journal.append(fresh);
    this.memLastTxid = this.journal.lastTxid;
    return this.accepted(request.epoch);
  }

  /** The standby's side of a snapshot: its journal becomes the active's. */
  installSnapshot(request: SnapshotRequest): ReplicateAnswer {
    const refusal = this.refuseLeader(request);
    if (refusal) return refusal;
    this.journal.replaceWith(request.entries);
    this.memLastTxid = this.journal.lastTxid;
    return this.accepted(request.epoch);
  }

  /** Fencing: records come only from the leader of the newest epoch, to a standby. */
  private refuseLeader(request: { epoch: number; leaderId: string }): ReplicateAnswer | null {
    if (!this.voter.renew(request.epoch, request.leaderId, this.clock.monotonicMs())) {
      return this.refuse(`epoch ${request.epoch} is stale`, false);
    }
    this.coordinator.heardFromLeader(request.epoch);
    if (this.coordinator.role === 'active') return this.refuse('this nameserver is active', false);
    return null;
  }

  private refuse(reason: string, diverged: boolean): ReplicateAnswer {
    const { lastTxid } = this.journal;
    return {
      ok: false,
      lastTxid,
      promisedEpoch: this.voter.durable.promisedEpoch,
      reason,
      diverged,
    };
  }

  private accepted(epoch: number): ReplicateAnswer {
    const { lastTxid } = this.journal;
    return { ok: true, lastTxid, promisedEpoch: epoch, reason: '', diverged: false };
  }
}
