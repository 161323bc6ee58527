/**
 * What the simulated clients and nameservers did, checked as it happens against
 * I-1 (no acknowledged write lost: every new active holds every write acknowledged
 * before it was elected) and I-3 (one acknowledging nameserver per epoch, and
 * nothing acknowledged from an epoch older than the newest granted one).
 */
import type { SimJournal } from './sim-journal.js';

export interface Ack {
  node: string;
  epoch: number;
  txid: number;
  value: string;
  atMs: number;
}

export class History {
  readonly acks: Ack[] = [];
  readonly violations: string[] = [];
  readonly elections: { node: string; epoch: number; atMs: number }[] = [];
  private readonly ackerOfEpoch = new Map<number, string>();
  /** epoch → leader → the voters that promised that leader that epoch. */
  private readonly promises = new Map<number, Map<string, Set<string>>>();
  /** The newest epoch two voters have promised to one leader. */
  private grantedEpoch = 0;

  /** A voter made a durable promise (a vote, or a renewal it adopted). */
  promised(voter: string, epoch: number, leader: string | null): void {
    if (leader === null) return;
    let byLeader = this.promises.get(epoch);
    if (!byLeader) this.promises.set(epoch, (byLeader = new Map()));
    let voters = byLeader.get(leader);
    if (!voters) byLeader.set(leader, (voters = new Set()));
    voters.add(voter);
    if (voters.size >= 2) this.grantedEpoch = Math.max(this.grantedEpoch, epoch);
    if (byLeader.size > 1 && [...byLeader.values()].filter((v) => v.size >= 2).length > 1) {
      this.violate(0, `I-3: two leaders were granted epoch ${epoch}`);
    }
  }

  acknowledged(ack: Ack): void {
    this.acks.push(ack);
    const acker = this.ackerOfEpoch.get(ack.epoch);
    if (acker !== undefined && acker !== ack.node) {
      this.violate(
        ack.atMs,
        `I-3: ${ack.node} and ${acker} both acknowledged writes in epoch ${ack.epoch}`,
      );
    }
    this.ackerOfEpoch.set(ack.epoch, ack.node);
    const granted = this.grantedEpoch;
    if (ack.epoch < granted) {
      this.violate(
        ack.atMs,
        `I-3: ${ack.node} acknowledged txid ${ack.txid} in epoch ${ack.epoch} after epoch ${granted} was granted`,
      );
    }
  }

  elected(node: string, epoch: number, journal: SimJournal, atMs: number): void {
    this.elections.push({ node, epoch, atMs });
    this.checkHoldsEveryAck(node, journal, atMs, `elected in epoch ${epoch}`);
  }

  /** I-1: `journal` holds every write acknowledged so far, each at its txid. */
  checkHoldsEveryAck(node: string, journal: SimJournal, atMs: number, when: string): void {
    for (const ack of this.acks) {
      const held = journal.at(ack.txid);
      if (held?.value !== ack.value) {
        this.violate(
          atMs,
          `I-1: ${node} ${when} without the write acknowledged by ${ack.node} ` +
            `(epoch ${ack.epoch}, txid ${ack.txid}); it holds ${held ? `${held.value} of epoch ${held.epoch}` : 'nothing'} there`,
        );
        return;
      }
    }
  }

  violate(atMs: number, message: string): void {
    this.violations.push(`t=${Math.round(atMs)}ms ${message}`);
  }
}
