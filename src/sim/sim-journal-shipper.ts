/**
 * The active's journal shipping in the simulation, rule for rule as
 * src/nameserver/journal-shipper.ts: keep the two in step.
 *
 * - In sync, every batch goes to the standby beside the local commit, and is
 *   acknowledged once both hold it.
 * - Without the standby, a batch is acknowledged only once the witness has recorded
 *   the standby out of sync in this epoch (a successful SetInSync(false)); until then
 *   the witness may hold an older epoch's record, or a late "in sync", and could
 *   promote a standby that lacks what this active acknowledges alone.
 * - The first batch of a term asks the standby where its journal ends, so that a
 *   standby holding everything joins with it, without the witness.
 * - Out of sync, the standby is caught up in the background (a snapshot first when
 *   its journal diverged or runs past ours), and counted in sync only when it holds
 *   every entry and no batch is in flight or awaits its shipping decision, so that
 *   every later batch reaches it.
 * - In-sync changes carry an increasing sequence number: a late one is refused.
 */
import { HaDefaults } from '../ha/constants.js';
import type { SimEntry, SimJournal } from './sim-journal.js';
import type { ReplicateAnswer, ReplicateRequest, SnapshotRequest } from './sim-nameserver.js';
import type { SetInSyncRequest } from './sim-witness.js';

export interface ShippingLinks {
  replicate(request: ReplicateRequest, timeoutMs: number): Promise<ReplicateAnswer>;
  installSnapshot(request: SnapshotRequest, timeoutMs: number): Promise<ReplicateAnswer>;
  setInSync(request: SetInSyncRequest, timeoutMs: number): Promise<{ ok: boolean }>;
}

export class SimJournalShipper {
  private inSync = false;
  /** What the witness's record of the standby is known to be. */
  private witnessRecord: 'in' | 'out' | 'unknown' = 'unknown';
  private inSyncSeq = 0;
  private batchesShipping = 0;
  private standbyLastTxid = -1;
  private probed = false;
  private catchingUp = false;
  private stopped = false;
  private needsSnapshot = false;

  /**
   * @param handedOutTxid the last txid given to a mutation (ahead of the journal
   *   while a batch is being committed)
   */
  constructor(
    private readonly selfId: string,
    private readonly peerId: string,
    private readonly epoch: number,
    private readonly journal: SimJournal,
    private readonly handedOutTxid: () => number,
    private readonly links: ShippingLinks,
  ) {}

  get standbyInSync(): boolean {
    return this.inSync;
  }

  describe(): string {
    const { inSync, witnessRecord, standbyLastTxid, catchingUp, needsSnapshot } = this;
    return JSON.stringify({ inSync, witnessRecord, standbyLastTxid, catchingUp, needsSnapshot });
  }

  stop(): void {
    this.stopped = true;
  }

  async shipBatch(entries: SimEntry[]): Promise<void> {
    this.batchesShipping++;
    try {
      await this.shipOrGoAlone(entries);
    } finally {
      this.batchesShipping--;
    }
  }

  private async shipOrGoAlone(entries: SimEntry[]): Promise<void> {
    const before = entries[0] ? entries[0].txid - 1 : this.journal.lastTxid;
    // Once a term, the first batch asks where the standby's journal ends.
    if (!this.probed && !this.inSync && this.standbyLastTxid < 0 && !this.needsSnapshot) {
      this.probed = true;
      try {
        const answer = await this.replicate([], HaDefaults.voterCallTimeoutMs, before);
        if (answer.diverged) this.needsSnapshot = true;
        else if (answer.ok && this.standbyLastTxid < 0) this.standbyLastTxid = answer.lastTxid;
      } catch {
        // left to the catch-up
      }
    }
    if (!this.inSync && (await this.join(entries, before))) return;
    if (this.inSync) {
      try {
        const answer = await this.replicate(entries, HaDefaults.replicationTimeoutMs);
        if (!answer.ok) throw new Error(answer.reason || 'standby refused the records');
        this.standbyLastTxid = answer.lastTxid;
        return;
      } catch {
        this.inSync = false;
        this.standbyLastTxid = -1;
      }
    }
    if (this.witnessRecord !== 'out' && !(await this.setInSync(false))) {
      throw new Error('the witness did not confirm the standby out of sync');
    }
  }

  async catchUp(): Promise<void> {
    if (this.inSync || this.catchingUp || this.stopped) return;
    this.catchingUp = true;
    try {
      let answer: ReplicateAnswer;
      if (this.needsSnapshot) {
        const entries = [...this.journal.all()];
        answer = await this.links.installSnapshot(
          { epoch: this.epoch, leaderId: this.selfId, entries },
          HaDefaults.catchUpTimeoutMs,
        );
      } else {
        const records =
          this.standbyLastTxid < 0
            ? []
            : this.journal.after(this.standbyLastTxid, HaDefaults.maxRecordsPerReplicate);
        answer = await this.replicate(records, HaDefaults.catchUpTimeoutMs);
      }
      // Joined with a batch meanwhile: this older answer must not overwrite that.
      if (this.inSync || this.stopped) return;
      this.standbyLastTxid = answer.lastTxid;
      this.needsSnapshot = answer.diverged;
      if (!answer.ok) return;
      const complete = answer.lastTxid === this.journal.lastTxid;
      if (
        complete &&
        this.handedOutTxid() === this.journal.lastTxid &&
        this.batchesShipping === 0
      ) {
        // Synchronously with the check: every batch from here on is shipped first.
        this.inSync = true;
        await this.setInSync(true);
      }
    } catch {
      this.standbyLastTxid = -1;
    } finally {
      this.catchingUp = false;
    }
  }

  /** A caught-up standby joins in the commit pipeline, by taking this batch first. */
  private async join(entries: SimEntry[], before: number): Promise<boolean> {
    if (this.needsSnapshot || this.standbyLastTxid < 0) return false;
    if (this.standbyLastTxid !== before) return false;
    try {
      const answer = await this.replicate(entries, HaDefaults.replicationTimeoutMs);
      if (!answer.ok || this.stopped) return false;
      this.standbyLastTxid = answer.lastTxid;
      this.inSync = true;
    } catch {
      return false;
    }
    void this.setInSync(true);
    return true;
  }

  private replicate(
    entries: SimEntry[],
    timeoutMs: number,
    after?: number,
  ): Promise<ReplicateAnswer> {
    const first = entries[0];
    const prevTxid = first ? first.txid - 1 : (after ?? this.journal.lastTxid);
    const prevEpoch = this.journal.epochAt(prevTxid) ?? 0;
    return this.links.replicate(
      { epoch: this.epoch, leaderId: this.selfId, prevTxid, prevEpoch, records: entries },
      timeoutMs,
    );
  }

  /** Changes the witness's record; true once it is known to hold `inSync`. */
  private async setInSync(inSync: boolean): Promise<boolean> {
    const seq = ++this.inSyncSeq;
    this.witnessRecord = 'unknown';
    const request = {
      epoch: this.epoch,
      leaderId: this.selfId,
      standbyId: this.peerId,
      inSync,
      seq,
    };
    try {
      const { ok } = await this.links.setInSync(request, HaDefaults.voterCallTimeoutMs * 2);
      // A later change may have been made meanwhile; then that one's answer decides.
      if (ok && seq === this.inSyncSeq) this.witnessRecord = inSync ? 'in' : 'out';
      return ok;
    } catch {
      return false;
    }
  }
}
