/**
 * On the active: keeps the standby's journal up to date. While the standby is in
 * sync, every batch goes to it and is acknowledged only once it is durable there
 * (the active commits it locally meanwhile, src/journal/group-commit.ts); a standby
 * that does not answer in time is first taken out of the in-sync set at the witness
 * — only then may the active go on without it. The first batch of a term asks the
 * standby where its journal ends, so that one holding everything joins with it.
 * Out of sync, the standby is caught up from the journal table in the background,
 * and put back in sync once it holds every committed entry.
 *
 * A standby the kept journal no longer reaches (or whose journal diverged) gets a
 * snapshot first: one consistent read of the store, streamed in bounded chunks,
 * one at a time; the entries after the snapshot's txid are kept until the catch-up
 * that follows it is done, and the journal takes it from there.
 */
import * as grpc from '@grpc/grpc-js';
import { unavailable } from '../core/errors.js';
import type { JournalEntry, MetadataStore } from '../journal/metadata-store.js';
import type { Logger } from '../platform/logger.js';
import { channelOptions, strataProto } from '../rpc/proto.js';
import { unaryCall } from '../rpc/unary-call.js';
import { SeqStream, SeqStreamUnsupported } from '../rpc/seq-stream.js';
import type { ReplicateRequest } from '../rpc/generated/strata/v1/ReplicateRequest.js';
import type { ReplicateResponse__Output } from '../rpc/generated/strata/v1/ReplicateResponse.js';
import type { SetInSyncResponse__Output } from '../rpc/generated/strata/v1/SetInSyncResponse.js';
import type { InstallSnapshotResponse__Output } from '../rpc/generated/strata/v1/InstallSnapshotResponse.js';
import type { JournalShippingClient } from '../rpc/generated/strata/v1/JournalShipping.js';
import type { SnapshotChunk } from '../rpc/generated/strata/v1/SnapshotChunk.js';
import { HaDefaults } from '../ha/constants.js';
import { behindKeptJournal } from '../ha/catch-up.js';
import { snapshotChunks } from '../journal/snapshot-codec.js';
import type { HaPeer } from './ha-coordinator.js';

/** A snapshot stream that has not finished in this long is abandoned (and retried). */
const SNAPSHOT_TIMEOUT_MS = 10 * 60_000;
/** Replicate calls one catch-up pass makes back to back (each carries up to maxRecordsPerReplicate). */
const MAX_ROUNDS_PER_PASS = 50;
/** After a failed or refused snapshot, the next waits this long. */
const SNAPSHOT_RETRY_MS = 5_000;

export interface JournalShipperOptions {
  selfId: string;
  epoch: number;
  peer: HaPeer;
  witnessAddress: string;
  store: MetadataStore;
  logger: Logger;
  /** The last txid handed to a mutation: ahead of the store while a batch is being committed. */
  handedOutTxid: () => number;
}

export interface SnapshotStats {
  lastTxid: number;
  chunks: number;
  inodes: number;
  blocks: number;
  journal: number;
  ms: number;
}

export class JournalShipper {
  private readonly shipping: JournalShippingClient;
  /** Batches go to the standby on this stream; unary Replicate calls to one without it. */
  private readonly shippingStream: SeqStream<ReplicateRequest, ReplicateResponse__Output>;
  private readonly witness: grpc.Client;
  private inSync = false;
  /** The standby's last durable txid as it last said; -1 when unknown. */
  private standbyLastTxid = -1;
  private timer: NodeJS.Timeout | undefined;
  private catchingUp = false;
  /** What the witness's record of the standby is known to be, in this epoch. */
  private witnessRecord: 'in' | 'out' | 'unknown' = 'unknown';
  private inSyncSeq = 0;
  /** Batches being shipped (from their shipping decision to its outcome; see catchUp). */
  private batchesShipping = 0;
  /** The first batch of the term asked the standby where its journal ends. */
  private probed = false;
  private stopped = false;
  /** The standby said its journal diverged (or it is behind the kept journal). */
  private needsSnapshot = false;
  /**
   * While a snapshot and the catch-up after it run: the standby's last txid. Kept
   * with what follows it, so that whether the standby continues this journal there
   * can still be checked (an entry pruned there sends it another snapshot).
   */
  private keepFrom: number | null = null;
  private snapshotCall: grpc.ClientWritableStream<SnapshotChunk> | null = null;
  private warnedForeign = false;
  private snapshotNotBeforeMs = 0;
  /** The last snapshot sent, for logs and the bench. */
  lastSnapshot: SnapshotStats | null = null;

  constructor(private readonly options: JournalShipperOptions) {
    const v1 = strataProto().strata.v1;
    this.shipping = new v1.JournalShipping(
      options.peer.address,
      grpc.credentials.createInsecure(),
      channelOptions,
    );
    this.shippingStream = new SeqStream(this.shipping, 'ReplicateStream');
    this.witness = new v1.Voter(
      options.witnessAddress,
      grpc.credentials.createInsecure(),
      channelOptions,
    );
  }

  get standbyInSync(): boolean {
    return this.inSync;
  }

  get standbyTxid(): number {
    return this.standbyLastTxid;
  }

  /** The first journal txid that must not be pruned yet, or null (see journalPruneThrough). */
  get keepJournalFrom(): number | null {
    return this.keepFrom;
  }

  start(): void {
    this.timer = setInterval(() => void this.catchUp(), HaDefaults.renewIntervalMs);
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.snapshotCall?.cancel();
    this.shippingStream.close();
    this.shipping.close();
    this.witness.close();
  }

  /**
   * GroupCommitter hook, run beside each batch's local commit: the batch is
   * acknowledged only once this resolves. In sync, the batch must be durable on the
   * standby. Without the standby, the batch may be acknowledged only once the
   * witness has recorded the standby out of sync *in this epoch*: until then the
   * witness may hold an older epoch's record (it missed this election) or a late
   * "in sync", and could promote a standby that lacks what this active acknowledges
   * alone (found by the HA simulation, src/sim).
   */
  async shipBatch(entries: JournalEntry[]): Promise<void> {
    this.batchesShipping++;
    try {
      await this.shipOrGoAlone(entries);
    } finally {
      this.batchesShipping--;
    }
  }

  private async shipOrGoAlone(entries: JournalEntry[]): Promise<void> {
    // Where the journal ended before this batch: it is committed here while it ships.
    const before = entries[0] ? entries[0].txid - 1 : this.options.store.lastTxid;
    // A new active does not know its standby's end yet: asked first, a standby that
    // holds everything joins with this batch, without the witness (which may be down).
    // Once a term: a standby that does not answer is left to the catch-up.
    if (!this.probed && !this.inSync && this.standbyLastTxid < 0 && !this.needsSnapshot) {
      this.probed = true;
      await this.probeStandby(before);
    }
    if (!this.inSync && (await this.join(entries, before))) return;
    if (this.inSync) {
      try {
        const response = await this.replicate(entries, HaDefaults.replicationTimeoutMs);
        if (!response.ok) throw new Error(response.reason || 'standby refused the records');
        this.standbyLastTxid = response.lastTxid;
        return;
      } catch (err) {
        this.options.logger.warn(
          { err: String(err) },
          'standby did not take a batch; removing it from the in-sync set',
        );
        this.inSync = false;
        this.standbyLastTxid = -1;
      }
    }
    if (this.witnessRecord !== 'out' && !(await this.setInSync(false))) {
      throw unavailable('the witness did not confirm the standby out of sync');
    }
  }

  /**
   * Under steady writes there is always a batch in flight, so the catch-up's own
   * in-sync check (nothing in flight) may never hold: a standby that has caught up
   * to the last committed entry joins here instead, in the commit pipeline itself,
   * by taking this batch before it is acknowledged.
   */
  private async join(entries: JournalEntry[], before: number): Promise<boolean> {
    const { logger } = this.options;
    if (this.needsSnapshot || this.standbyLastTxid < 0) return false;
    if (this.standbyLastTxid !== before) return false;
    try {
      const response = await this.replicate(entries, HaDefaults.replicationTimeoutMs);
      if (!response.ok || this.stopped) return false;
      this.standbyLastTxid = response.lastTxid;
      this.inSync = true;
    } catch {
      return false;
    }
    // The batch is durable on both; the witness may learn it after the acknowledgement.
    void this.setInSync(true).then((ok) => {
      if (ok) logger.info({ txid: this.standbyLastTxid }, 'standby in sync');
    });
    return true;
  }

  /** Learns where the standby's journal ends (an empty Replicate after `before`). */
  private async probeStandby(before: number): Promise<void> {
    try {
      // Short: an unreachable standby (a partitioned old active) delays the new term's first answers.
      const response = await this.replicate([], HaDefaults.voterCallTimeoutMs, before);
      if (response.foreignCluster || this.stopped) return;
      if (response.needsSnapshot) this.needsSnapshot = true;
      // Holding more than `before` would be divergence: an ok answer holds at most that.
      else if (response.ok && this.standbyLastTxid < 0) this.standbyLastTxid = response.lastTxid;
    } catch {
      // Unreachable: the batch goes alone once the witness counts the standby out.
    }
  }

  private async replicate(
    entries: JournalEntry[],
    timeoutMs: number,
    /** With no entries: the txid the standby is asked to hold (the journal's end). */
    after?: number,
  ): Promise<ReplicateResponse__Output> {
    const { store } = this.options;
    const first = entries[0];
    const prevTxid = first ? first.txid - 1 : (after ?? store.lastTxid);
    const request: ReplicateRequest = {
      epoch: this.options.epoch,
      leaderId: this.options.selfId,
      prevTxid,
      prevEpoch: store.epochAt(prevTxid) ?? 0,
      clusterId: store.clusterId,
      records: entries.map((e) => ({
        txid: e.txid,
        epoch: e.epoch,
        op: JSON.stringify(e.op),
        requestId: e.requestId ?? '',
      })),
    };
    if (this.shippingStream.available) {
      try {
        return await this.shippingStream.send(request, timeoutMs, 'Replicate');
      } catch (err) {
        if (!(err instanceof SeqStreamUnsupported)) throw err;
      }
    }
    return unaryCall<ReplicateResponse__Output>(this.shipping, 'Replicate', request, timeoutMs);
  }

  /**
   * Changes the witness's record of the standby; true once the witness holds
   * `inSync`. Each change carries a higher sequence number, so a late one (whose
   * call timed out here) cannot undo a later one at the witness.
   */
  private async setInSync(inSync: boolean): Promise<boolean> {
    const seq = ++this.inSyncSeq;
    this.witnessRecord = 'unknown';
    try {
      const response = await unaryCall<SetInSyncResponse__Output>(
        this.witness,
        'SetInSync',
        {
          epoch: this.options.epoch,
          leaderId: this.options.selfId,
          standbyId: this.options.peer.id,
          inSync,
          seq,
        },
        HaDefaults.voterCallTimeoutMs * 2,
      );
      // A later change may have been sent meanwhile; then its answer decides.
      if (response.ok && seq === this.inSyncSeq) this.witnessRecord = inSync ? 'in' : 'out';
      return response.ok;
    } catch {
      return false;
    }
  }

  /**
   * One pass of catching an out-of-sync standby up: a snapshot first if it needs
   * one, then journal records back to back while there are more; puts it in sync
   * once it holds every committed entry.
   */
  private async catchUp(): Promise<void> {
    if (this.inSync || this.catchingUp || this.stopped) return;
    this.catchingUp = true;
    const { store, logger } = this.options;
    let snapshotSent = false;
    try {
      for (let round = 0; round < MAX_ROUNDS_PER_PASS && !this.stopped; round++) {
        if (this.needsSnapshot) {
          // One snapshot per pass, and a pause after a failed one.
          if (snapshotSent || performance.now() < this.snapshotNotBeforeMs) return;
          snapshotSent = true;
          if (!(await this.sendSnapshot())) {
            this.snapshotNotBeforeMs = performance.now() + SNAPSHOT_RETRY_MS;
            return;
          }
        }
        const records =
          this.standbyLastTxid < 0
            ? []
            : store.journalAfter(this.standbyLastTxid, HaDefaults.maxRecordsPerReplicate);
        if (
          this.standbyLastTxid >= 0 &&
          (behindKeptJournal(this.standbyLastTxid, store.lastTxid, records[0]?.txid) ||
            // Its last entry is no longer kept here, so whether the standby holds this
            // journal's entry there (or a deposed term's) cannot be checked.
            (this.standbyLastTxid > 0 &&
              this.standbyLastTxid < store.lastTxid &&
              store.epochAt(this.standbyLastTxid) === undefined))
        ) {
          logger.warn(
            { standbyLastTxid: this.standbyLastTxid, firstKept: records[0]?.txid ?? null },
            'the standby is behind the kept journal; sending it a snapshot',
          );
          this.needsSnapshot = true;
          continue;
        }
        const response = await this.replicate(records, HaDefaults.catchUpTimeoutMs);
        // The standby joined with a batch meanwhile (join, after the term's probe): the
        // commit pipeline keeps it now, and this older answer must not overwrite that.
        if (this.inSync || this.stopped) return;
        this.standbyLastTxid = response.lastTxid;
        if (this.keepFrom !== null) this.keepFrom = response.lastTxid;
        if (response.foreignCluster) {
          if (!this.warnedForeign) {
            logger.error(
              { standby: this.options.peer.id, reason: response.reason },
              "the standby holds another cluster's namespace and refuses this one; it will not be caught up",
            );
          }
          this.warnedForeign = true;
          this.standbyLastTxid = -1; // only ever probe it: no records, no snapshot
          return;
        }
        this.warnedForeign = false;
        if (response.needsSnapshot) {
          logger.warn({ reason: response.reason }, 'the standby needs a snapshot');
          this.needsSnapshot = true;
          continue;
        }
        if (!response.ok) return;
        const complete = response.lastTxid === store.lastTxid;
        // No mutation may wait for a commit: its batch, if it chose to go alone, would
        // leave the standby behind while counted in sync. Nor may a batch wait for its
        // shipping decision (it is committed here before that is made): one going alone
        // would see its witness call refused as older than this one's, and step down.
        if (
          complete &&
          this.options.handedOutTxid() === store.lastTxid &&
          this.batchesShipping === 0 &&
          !this.stopped
        ) {
          // From here on every batch waits for the standby, so it stays complete...
          this.inSync = true;
          // ...and only then may the witness count it in sync (and so promotable).
          // Should this fail, the standby stays in the pipeline: harmless, and the
          // next batch to go alone confirms it out of sync first.
          if (await this.setInSync(true)) {
            logger.info({ txid: response.lastTxid }, 'standby in sync');
          }
          return;
        }
        if (records.length === 0) return;
      }
    } catch {
      this.standbyLastTxid = -1; // unreachable: ask again next round
    } finally {
      this.keepFrom = null;
      this.catchingUp = false;
    }
  }

  /**
   * Streams a consistent snapshot of the store to the standby (client streaming,
   * chunks of at most ~1 MiB, waiting for the stream to drain). True when the
   * standby installed it; its last txid is then the snapshot's.
   */
  private async sendSnapshot(): Promise<boolean> {
    const { store, logger } = this.options;
    const startedAt = performance.now();
    const snapshot = store.openSnapshot();
    this.keepFrom = snapshot.lastTxid;
    const stats: SnapshotStats = {
      lastTxid: snapshot.lastTxid,
      chunks: 0,
      inodes: 0,
      blocks: 0,
      journal: 0,
      ms: 0,
    };
    try {
      const response = await new Promise<InstallSnapshotResponse__Output>((resolve, reject) => {
        let finished = false;
        let wakeWriter: (() => void) | null = null;
        const call = this.shipping.InstallSnapshot(
          { deadline: Date.now() + SNAPSHOT_TIMEOUT_MS },
          (err, value) => {
            finished = true;
            wakeWriter?.();
            if (err || !value) reject(err ?? new Error('no answer to InstallSnapshot'));
            else resolve(value);
          },
        );
        this.snapshotCall = call;
        const write = async () => {
          const sender = { epoch: this.options.epoch, leaderId: this.options.selfId };
          for (const chunk of snapshotChunks(snapshot, sender)) {
            if (finished || this.stopped) break;
            stats.chunks++;
            if (chunk.trailer) {
              stats.inodes = Number(chunk.trailer.inodes);
              stats.blocks = Number(chunk.trailer.blocks);
              stats.journal = Number(chunk.trailer.journalRecords);
            }
            // Backpressure: at most one chunk waits in grpc's buffer beyond what the socket takes.
            if (!call.write(chunk) && !finished) {
              await new Promise<void>((r) => {
                wakeWriter = r;
                call.once('drain', () => r());
              });
              wakeWriter = null;
            }
          }
          if (this.stopped) call.cancel();
          else if (!finished) call.end();
        };
        write().catch((err: unknown) => {
          call.cancel();
          reject(err instanceof Error ? err : new Error(String(err)));
        });
      });
      if (!response.ok) {
        logger.warn({ reason: response.reason }, 'the standby refused the snapshot');
        this.standbyLastTxid = response.lastTxid;
        return false;
      }
      this.standbyLastTxid = response.lastTxid;
      this.keepFrom = response.lastTxid;
      this.needsSnapshot = false;
      stats.ms = Math.round(performance.now() - startedAt);
      this.lastSnapshot = stats;
      logger.info(this.lastSnapshot, 'the standby installed a snapshot');
      return true;
    } catch (err) {
      logger.warn({ err: String(err) }, 'sending a snapshot to the standby failed');
      this.standbyLastTxid = -1;
      return false;
    } finally {
      this.snapshotCall = null;
      snapshot.close();
    }
  }
}
