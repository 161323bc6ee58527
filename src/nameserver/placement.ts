/**
 * Chooses the dataservers for a new block's replicas. Pure: the random source is an
 * input so that tests can replay a choice.
 *
 * Every replica on a distinct server; only live servers with room for a whole
 * block in one storage dir; among those, a random pick weighted towards free space, so that load and
 * new data spread without every client converging on the emptiest server.
 */
import type { DataServerId } from '../core/ids.js';

export interface PlacementCandidate {
  id: DataServerId;
  /** Bytes new replicas may use, over all its dirs. */
  availableBytes: number;
  /** The most one dir has available: a block goes whole into one dir. */
  roomBytes: number;
  activeTransfers: number;
}

export function chooseTargets(
  candidates: readonly PlacementCandidate[],
  count: number,
  blockSizeBytes: number,
  random: () => number,
): DataServerId[] {
  const pool = candidates.filter((c) => c.roomBytes >= blockSizeBytes);
  const chosen: DataServerId[] = [];
  while (chosen.length < count && pool.length > 0) {
    // Weight: free space, discounted by how busy the server is right now.
    const weights = pool.map((c) => Math.max(1, c.availableBytes / (1 + c.activeTransfers)));
    const total = weights.reduce((a, b) => a + b, 0);
    let pick = random() * total;
    let index = 0;
    for (; index < pool.length - 1; index++) {
      pick -= weights[index]!;
      if (pick < 0) break;
    }
    chosen.push(pool[index]!.id);
    pool.splice(index, 1);
  }
  return chosen;
}
