/**
 * On the active: keeps the standby's journal up to date. While the standby is in
 * sync, every batch goes to it (and is durable there) before the active commits it
 * locally and acknowledges; a standby that does not answer in time is first taken
 * out of the in-sync set at the witness — only then may the active go on without
 * it. Out of sync, the standby is caught up from the journal table in the
 * background, and put back in sync once it holds every committed entry.
 */
import * as grpc from '@grpc/grpc-js';
import { unavailable } from '../core/errors.js';
import type { JournalEntry, MetadataStore } from '../journal/metadata-store.js';
import type { Logger } from '../platform/logger.js';
import { channelOptions, strataProto } from '../rpc/proto.js';
import { unaryCall } from '../rpc/unary-call.js';
import type { ReplicateResponse__Output } from '../rpc/generated/strata/v1/ReplicateResponse.js';
import type { SetInSyncResponse__Output } from '../rpc/generated/strata/v1/SetInSyncResponse.js';
import { HaDefaults } from '../ha/constants.js';
import type { HaPeer } from './ha-coordinator.js';

export interface JournalShipperOptions {
  selfId: string;
  epoch: number;
  peer: HaPeer;
  witnessAddress: string;
  store: MetadataStore;
  logger: Logger;
}

export class JournalShipper {
  private readonly shipping: grpc.Client;
  private readonly witness: grpc.Client;
  private inSync = false;
  /** The standby's last durable txid as it last said; -1 when unknown. */
  private standbyLastTxid = -1;
  private timer: NodeJS.Timeout | undefined;
  private catchingUp = false;
  private stopped = false;

  constructor(private readonly options: JournalShipperOptions) {
    const v1 = strataProto().strata.v1;
    this.shipping = new v1.JournalShipping(
      options.peer.address,
      grpc.credentials.createInsecure(),
      channelOptions,
    );
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

  start(): void {
    this.timer = setInterval(() => void this.catchUp(), HaDefaults.renewIntervalMs);
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.shipping.close();
    this.witness.close();
  }

  /** GroupCommitter hook: ships a batch to an in-sync standby before the local commit. */
  async beforeCommit(entries: JournalEntry[]): Promise<void> {
    if (!this.inSync) return;
    try {
      const response = await this.replicate(entries, HaDefaults.replicationTimeoutMs);
      if (!response.ok) throw new Error(response.reason || 'standby refused the records');
      this.standbyLastTxid = response.lastTxid;
    } catch (err) {
      this.options.logger.warn(
        { err: String(err) },
        'standby did not take a batch; removing it from the in-sync set',
      );
      if (!(await this.setInSync(false))) {
        throw unavailable(
          'the standby is not answering and the witness did not confirm its removal',
        );
      }
      this.inSync = false;
      this.standbyLastTxid = -1;
    }
  }

  private replicate(
    entries: JournalEntry[],
    timeoutMs: number,
  ): Promise<ReplicateResponse__Output> {
    const first = entries[0];
    const prevTxid = first ? first.txid - 1 : this.options.store.lastTxid;
    return unaryCall<ReplicateResponse__Output>(
      this.shipping,
      'Replicate',
      {
        epoch: this.options.epoch,
        leaderId: this.options.selfId,
        prevTxid,
        records: entries.map((e) => ({
          txid: e.txid,
          epoch: e.epoch,
          op: JSON.stringify(e.op),
          requestId: e.requestId ?? '',
        })),
      },
      timeoutMs,
    );
  }

  private async setInSync(inSync: boolean): Promise<boolean> {
    try {
      const response = await unaryCall<SetInSyncResponse__Output>(
        this.witness,
        'SetInSync',
        {
          epoch: this.options.epoch,
          leaderId: this.options.selfId,
          standbyId: this.options.peer.id,
          inSync,
        },
        HaDefaults.voterCallTimeoutMs * 2,
      );
      return response.ok;
    } catch {
      return false;
    }
  }

  /** One round of catching an out-of-sync standby up; puts it in sync once it has everything. */
  private async catchUp(): Promise<void> {
    if (this.inSync || this.catchingUp || this.stopped) return;
    this.catchingUp = true;
    try {
      const { store } = this.options;
      const records =
        this.standbyLastTxid < 0
          ? []
          : store.journalAfter(this.standbyLastTxid, HaDefaults.maxRecordsPerReplicate);
      if (records.length > 0 && records[0]!.txid !== this.standbyLastTxid + 1) {
        this.options.logger.error(
          { standbyLastTxid: this.standbyLastTxid, oldestKept: records[0]!.txid },
          'the standby is behind the kept journal; catching up from a snapshot is not available yet',
        );
        return;
      }
      const response = await this.replicate(records, 10_000);
      this.standbyLastTxid = response.lastTxid;
      if (!response.ok && response.promisedEpoch > this.options.epoch) return;
      if (response.lastTxid === store.lastTxid && !this.inSync && !this.stopped) {
        // From here on every batch waits for the standby, so it stays complete...
        this.inSync = true;
        // ...and only then may the witness count it in sync (and so promotable).
        if (!(await this.setInSync(true))) this.inSync = false;
        else this.options.logger.info({ txid: response.lastTxid }, 'standby in sync');
      }
    } catch {
      this.standbyLastTxid = -1; // unreachable: ask again next round
    } finally {
      this.catchingUp = false;
    }
  }
}
