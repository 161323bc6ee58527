/**
 * The rules of catching a standby up, without I/O: when the journal is enough and
 * when only a snapshot will do, whether a standby belongs to the active's cluster,
 * and how much journal the active must keep.
 */

/** A standby's verdict on the cluster id a leader sends. */
export type ClusterVerdict = 'same' | 'adopt' | 'foreign';

/**
 * A standby that has never applied an entry (an empty store) takes on the
 * leader's cluster id. One that holds a namespace under another id is another
 * cluster's: it refuses the leader's records and snapshots rather than mix or
 * overwrite two clusters (an operator decides which one to keep).
 */
export function clusterVerdict(
  ownClusterId: string,
  ownLastTxid: number,
  leaderClusterId: string,
): ClusterVerdict {
  if (leaderClusterId === '' || leaderClusterId === ownClusterId) return 'same';
  return ownLastTxid === 0 ? 'adopt' : 'foreign';
}

export interface ReplicateProbe {
  /** The leader's txid just before the first record (its last txid when there are none). */
  prevTxid: number;
  /** The epoch of the leader's entry at prevTxid; 0 when unknown. */
  prevEpoch: number;
  records: readonly { txid: number; epoch: number }[];
}

/**
 * On the standby: why the leader's journal does not continue this one, or null
 * when it does. Two entries at one txid with different epochs are different
 * entries (one leader per epoch, each txid assigned once), and so are entries this
 * standby holds past the leader's last: never acknowledged (a deposed active
 * shipped them and never committed them itself, or committed them while its shipping
 * failed). The tables hold the effects of every applied entry and
 * cannot be rolled back, so the only way back is a snapshot.
 */
export function divergence(
  heldTxid: number,
  epochAt: (txid: number) => number | undefined,
  probe: ReplicateProbe,
): string | null {
  for (const r of probe.records) {
    if (r.txid > heldTxid) break;
    const mine = epochAt(r.txid);
    if (mine !== undefined && mine !== r.epoch) {
      return `journal divergence at txid ${r.txid}: epoch ${mine} here, ${r.epoch} on the leader`;
    }
  }
  if (probe.prevEpoch > 0 && probe.prevTxid > 0 && probe.prevTxid <= heldTxid) {
    const mine = epochAt(probe.prevTxid);
    if (mine !== undefined && mine !== probe.prevEpoch) {
      return `journal divergence at txid ${probe.prevTxid}: epoch ${mine} here, ${probe.prevEpoch} on the leader`;
    }
  }
  if (probe.records.length === 0 && heldTxid > probe.prevTxid) {
    return `journal divergence: this standby holds txids up to ${heldTxid}, the leader's journal ends at ${probe.prevTxid}`;
  }
  return null;
}

/**
 * On the active: true when the kept journal cannot bring the standby up to date —
 * it is behind, and the first entry after its last txid is no longer kept.
 * `firstKeptAfter` is the txid of the first kept entry after the standby's last.
 */
export function behindKeptJournal(
  standbyLastTxid: number,
  leaderLastTxid: number,
  firstKeptAfter: number | undefined,
): boolean {
  return standbyLastTxid < leaderLastTxid && firstKeptAfter !== standbyLastTxid + 1;
}

/**
 * The txid up to which the journal may be pruned: everything but the last
 * `retention` entries, except what a standby being caught up still needs
 * (`keepFrom`, held only while a snapshot and the catch-up after it run).
 */
export function journalPruneThrough(
  lastTxid: number,
  retention: number,
  keepFrom: number | null,
): number {
  let through = lastTxid - retention;
  if (keepFrom !== null) through = Math.min(through, keepFrom - 1);
  return Math.max(0, through);
}
