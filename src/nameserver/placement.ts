/**
 * Chooses the dataservers for a new block's replicas, and the medium of each. Pure:
 * the random source is an input so that tests can replay a choice.
 *
 * Every replica on a distinct server; only live servers with room for a whole
 * block in one storage dir of the medium it goes to; among those, a random pick
 * weighted towards free space, so that load and new data spread without every
 * client converging on the emptiest server.
 *
 * Fallback (as HDFS's storage policies): a replica whose policy wants a medium that
 * no candidate has room on goes to the other medium rather than not at all. Such a
 * replica is misplaced, and `admin migrate` moves it once the medium has room.
 */
import type { DataServerId } from '../core/ids.js';
import { otherMedium, type Medium } from '../core/media.js';
import type { StoragePolicy } from '../namespace/types.js';

export interface PlacementCandidate {
  id: DataServerId;
  /** Bytes new replicas may use, over all its dirs. */
  availableBytes: number;
  /** The most one dir has available: a block goes whole into one dir. */
  roomBytes: number;
  /** Per medium: bytes available over its dirs of that medium, and the most one dir has. */
  media?: Partial<Record<Medium, { availableBytes: number; roomBytes: number }>>;
  activeTransfers: number;
}

/** A replica's place: a server, and the medium it is to store on (null: any). */
export interface Target {
  id: DataServerId;
  medium: Medium | null;
}

/** The medium each of `replicas` replicas wants under `policy` (null: any medium). */
export function mediaForPolicy(policy: StoragePolicy | null, replicas: number): (Medium | null)[] {
  return Array.from({ length: replicas }, (_, i) => {
    if (policy === 'hot') return 'nvme';
    if (policy === 'cold') return 'hdd';
    if (policy === 'warm') return i === 0 ? 'nvme' : 'hdd';
    return null;
  });
}

/** Medium-blind placement: `count` distinct servers. */
export function chooseTargets(
  candidates: readonly PlacementCandidate[],
  count: number,
  blockSizeBytes: number,
  random: () => number,
): DataServerId[] {
  return chooseTargetsOnMedia(candidates, mediaForPolicy(null, count), blockSizeBytes, random).map(
    (t) => t.id,
  );
}

/** One target per wanted medium, in order, on distinct servers; fewer when servers run out. */
export function chooseTargetsOnMedia(
  candidates: readonly PlacementCandidate[],
  wanted: readonly (Medium | null)[],
  blockSizeBytes: number,
  random: () => number,
): Target[] {
  const pool = [...candidates];
  const chosen: Target[] = [];
  for (const medium of wanted) {
    const attempts: (Medium | null)[] = medium ? [medium, otherMedium(medium)] : [null];
    for (const m of attempts) {
      const space = (c: PlacementCandidate) =>
        m === null ? c : (c.media?.[m] ?? { availableBytes: 0, roomBytes: 0 });
      const fitting = pool.filter((c) => space(c).roomBytes >= blockSizeBytes);
      if (fitting.length === 0) continue;
      // Weight: free space, discounted by how busy the server is right now.
      const weights = fitting.map((c) =>
        Math.max(1, space(c).availableBytes / (1 + c.activeTransfers)),
      );
      const pick = fitting[weightedIndex(weights, random)]!;
      chosen.push({ id: pick.id, medium: m });
      pool.splice(pool.indexOf(pick), 1);
      break;
    }
  }
  return chosen;
}

function weightedIndex(weights: readonly number[], random: () => number): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let pick = random() * total;
  let index = 0;
  for (; index < weights.length - 1; index++) {
    pick -= weights[index]!;
    if (pick < 0) break;
  }
  return index;
}
