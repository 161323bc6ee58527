/**
 * Which replicas of a block sit on a medium its storage policy does not want, and
 * where each can move. Pure: the nameserver gives it the block's good replicas with
 * their media and the room each holder has per medium.
 *
 * A replica moves within its own server (into a dir of the wanted medium), so a
 * migration never needs a server without the block, and a 3-server cluster with
 * replication 3 can migrate too. A replica whose server has no room on the wanted
 * medium stays where it is (stuck) until room appears: placement's fallback.
 */
import type { BlockId, DataServerId } from '../core/ids.js';
import { MEDIA, type Medium } from '../core/media.js';

export interface PlacedReplica {
  server: DataServerId;
  /** Undefined until the server has reported the replica with its medium. */
  medium: Medium | undefined;
  /** The server heartbeats and may be given orders. */
  live: boolean;
  /** Bytes the largest dir of each medium on its server has available. */
  roomBytes: Partial<Record<Medium, number>>;
}

export interface MoveOrder {
  server: DataServerId;
  blockId: BlockId;
  generation: number;
  medium: Medium;
}

export interface BlockMoves {
  /** Replicas on a medium the policy does not want. */
  misplaced: number;
  moves: MoveOrder[];
  /** Misplaced replicas whose server has no room on the wanted medium (or is not live). */
  stuck: number;
}

export function planBlockMoves(
  block: { blockId: BlockId; generation: number; length: number },
  wanted: readonly (Medium | null)[],
  replicas: readonly PlacedReplica[],
): BlockMoves {
  const deficit = new Map<Medium, number>(MEDIA.map((m) => [m, 0]));
  for (const m of wanted) if (m) deficit.set(m, deficit.get(m)! + 1);
  // Replicas already on a wanted medium fill those slots first.
  const unplaced: PlacedReplica[] = [];
  for (const r of replicas) {
    if (r.medium && deficit.get(r.medium)! > 0) deficit.set(r.medium, deficit.get(r.medium)! - 1);
    else if (r.medium) unplaced.push(r);
  }
  const result: BlockMoves = { misplaced: 0, moves: [], stuck: 0 };
  for (const r of unplaced) {
    const to = MEDIA.find((m) => m !== r.medium && deficit.get(m)! > 0);
    if (!to) continue; // an extra replica, not a misplaced one: repair deletes excess
    result.misplaced++;
    if (r.live && (r.roomBytes[to] ?? 0) >= block.length) {
      result.moves.push({
        server: r.server,
        blockId: block.blockId,
        generation: block.generation,
        medium: to,
      });
      deficit.set(to, deficit.get(to)! - 1);
    } else {
      result.stuck++;
    }
  }
  return result;
}
