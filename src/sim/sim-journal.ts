/** A simulated nameserver's durable journal: what survives its crashes. */
import type { JournalEnd } from '../ha/voter.js';

export interface SimEntry {
  txid: number;
  epoch: number;
  /** The client's write: unique per write, so the checker can find it. */
  value: string;
}

export class SimJournal {
  private readonly entries: SimEntry[] = [];

  get lastTxid(): number {
    return this.entries.length;
  }

  end(): JournalEnd {
    return { txid: this.lastTxid, epoch: this.epochAt(this.lastTxid) ?? 0 };
  }

  epochAt(txid: number): number | undefined {
    return this.entries[txid - 1]?.epoch;
  }

  at(txid: number): SimEntry | undefined {
    return this.entries[txid - 1];
  }

  after(txid: number, limit: number): SimEntry[] {
    return this.entries.slice(txid, txid + limit);
  }

  all(): readonly SimEntry[] {
    return this.entries;
  }

  /** Appends in txid order; anything else is a bug in the code under test. */
  append(batch: readonly SimEntry[]): void {
    for (const entry of batch) {
      if (entry.txid !== this.lastTxid + 1) {
        throw new Error(`journal append out of order: txid ${entry.txid} after ${this.lastTxid}`);
      }
      this.entries.push({ ...entry });
    }
  }

  /** Replaces everything (a snapshot install). */
  replaceWith(entries: readonly SimEntry[]): void {
    this.entries.length = 0;
    for (const entry of entries) this.entries.push({ ...entry });
  }
}
