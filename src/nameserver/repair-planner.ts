/**
 * Decides how to bring every block back to its target replication: which blocks
 * to copy (fewest good replicas first), from where to where, and which replicas to
 * delete (excess, or corrupt once enough good ones exist). Pure: the nameserver
 * gives it a view of blocks and servers and sends the orders it returns.
 *
 * A replica counts as good when its server is not dead, the replica is not known
 * corrupt, and the server is not being decommissioned (a draining server's
 * replicas are read from but must be replaced). Copies run dataserver to
 * dataserver; the nameserver only sends orders. Each server takes part in at most
 * `maxTransfersPerServer` copies at a time, as source or target, so repair never
 * takes a whole server away from clients.
 */
import type { BlockId, DataServerId } from '../core/ids.js';

export interface ServerView {
  id: DataServerId;
  /** Heartbeating recently: may be a source or a target. */
  live: boolean;
  /** Silent past the dead bound: its replicas do not count. */
  dead: boolean;
  decommissioning: boolean;
  /** The most bytes a new replica may use here (one dir's available bytes). */
  roomBytes: number;
  /** Block bytes over capacity, in percent: excess replicas go from the fullest. */
  usedPercent?: number;
  zone: string;
}

export interface BlockView {
  blockId: BlockId;
  generation: number;
  length: number;
  targetReplicas: number;
  /** Servers that reported the replica, with the length each reported. */
  holders: ReadonlyMap<DataServerId, number>;
  corruptOn: ReadonlySet<DataServerId>;
  /** Servers with a deletion of this block queued: not targets until it is done. */
  deleting?: ReadonlySet<DataServerId>;
}

export interface Transfer {
  blockId: BlockId;
  source: DataServerId;
  target: DataServerId;
}

export interface CopyOrder extends Transfer {
  generation: number;
  length: number;
}

export interface DeleteOrder {
  server: DataServerId;
  blockId: BlockId;
  reason: 'excess' | 'corrupt';
}

export interface BlockHealth {
  good: DataServerId[];
  /** Readable replicas on draining servers: copy sources, not counted. */
  draining: DataServerId[];
  corrupt: DataServerId[];
  /** Good replicas still wanted (counting copies under way). */
  missing: number;
}

export interface RepairLimits {
  maxTransfersPerServer: number;
  /** Most copy orders one round hands out. */
  maxOrdersPerRound: number;
}

export interface RepairPlan {
  copies: CopyOrder[];
  deletes: DeleteOrder[];
  /** Blocks below target that no order could be made for this round (no source or target). */
  stuck: number;
  /** Blocks with fewer good replicas than their target (copies under way not counted). */
  underReplicated: number;
  /**
   * Blocks not yet settled: below target, with a copy under way, or with a deletion
   * ordered. The repair monitor looks at these again next round without a full walk.
   */
  unsettled: BlockId[];
  /**
   * Blocks below target with nothing to copy from (no live replica reported: after
   * a restart, before the block reports). Not in `unsettled`: only a new report or a
   * holder coming back can change them, and those events name them again.
   */
  parked: BlockId[];
}

export function assessBlock(
  block: BlockView,
  servers: ReadonlyMap<DataServerId, ServerView>,
  copiesUnderWay: number,
): BlockHealth {
  const good: DataServerId[] = [];
  const draining: DataServerId[] = [];
  const corrupt: DataServerId[] = [];
  for (const [id, length] of block.holders) {
    const server = servers.get(id);
    if (!server || server.dead) continue;
    if (block.corruptOn.has(id) || length !== block.length) corrupt.push(id);
    else if (server.decommissioning) draining.push(id);
    else good.push(id);
  }
  const missing = Math.max(0, block.targetReplicas - good.length - copiesUnderWay);
  return { good, draining, corrupt, missing };
}

export function planRepairs(
  blocks: Iterable<BlockView>,
  servers: ReadonlyMap<DataServerId, ServerView>,
  underWay: readonly Transfer[],
  limits: RepairLimits,
): RepairPlan {
  const busy = new Map<DataServerId, number>();
  const copiesOf = new Map<BlockId, Transfer[]>();
  for (const t of underWay) {
    addBusy(busy, t.source);
    addBusy(busy, t.target);
    let list = copiesOf.get(t.blockId);
    if (!list) copiesOf.set(t.blockId, (list = []));
    list.push(t);
  }
  const needy: { block: BlockView; health: BlockHealth }[] = [];
  const deletes: DeleteOrder[] = [];
  let underReplicated = 0;
  let stuck = 0;
  const unsettled: BlockId[] = [];
  const parked: BlockId[] = [];
  for (const block of blocks) {
    const copying = copiesOf.get(block.blockId) ?? [];
    const health = assessBlock(block, servers, copying.length);
    if (health.good.length < block.targetReplicas) underReplicated++;
    const deletesBefore = deletes.length;
    if (health.missing > 0 && health.good.length === 0 && health.draining.length === 0) {
      // Nothing to copy from (no server has reported it yet, or every holder is
      // dead): no order is possible, and sorted first, a million of these (a
      // restart before the block reports) kept the round from the blocks it can help.
      stuck++;
      parked.push(block.blockId);
      continue;
    } else if (health.missing > 0) needy.push({ block, health });
    else if (copying.length === 0) deletes.push(...deletionsFor(block, health, servers));
    if (
      health.good.length < block.targetReplicas ||
      copying.length > 0 ||
      deletes.length > deletesBefore
    ) {
      unsettled.push(block.blockId);
    }
  }
  // Fewest good replicas first: a block with one left is one failure from loss.
  needy.sort(
    (a, b) =>
      a.health.good.length / a.block.targetReplicas -
        b.health.good.length / b.block.targetReplicas ||
      a.health.good.length - b.health.good.length,
  );
  const copies: CopyOrder[] = [];
  for (const { block, health } of needy) {
    if (copies.length >= limits.maxOrdersPerRound) break;
    const ordered = orderCopies(block, health, servers, busy, limits, copiesOf);
    if (ordered.length === 0) {
      stuck++;
      // No server without the block can take a copy (a small cluster): a corrupt
      // replica is worth nothing while a good one exists, and deleting it frees its
      // server to take the new copy next round.
      if (health.good.length > 0) {
        for (const server of health.corrupt) {
          deletes.push({ server, blockId: block.blockId, reason: 'corrupt' });
        }
      }
    }
    copies.push(...ordered);
  }
  return { copies, deletes, stuck, underReplicated, unsettled, parked };
}

function orderCopies(
  block: BlockView,
  health: BlockHealth,
  servers: ReadonlyMap<DataServerId, ServerView>,
  busy: Map<DataServerId, number>,
  limits: RepairLimits,
  copiesOf: ReadonlyMap<BlockId, Transfer[]>,
): CopyOrder[] {
  const hasRoom = (id: DataServerId) => (busy.get(id) ?? 0) < limits.maxTransfersPerServer;
  const sources = [...health.good, ...health.draining].filter(
    (id) => servers.get(id)?.live && hasRoom(id),
  );
  if (sources.length === 0) return [];
  const taken = new Set<DataServerId>([...block.holders.keys(), ...(block.deleting ?? [])]);
  for (const t of copiesOf.get(block.blockId) ?? []) taken.add(t.target);
  const orders: CopyOrder[] = [];
  for (let i = 0; i < health.missing; i++) {
    const usedZones = new Set([...taken].map((id) => servers.get(id)?.zone));
    const target = chooseRepairTarget(servers, taken, usedZones, block.length, hasRoom);
    // The least busy source, so that one replica's server does not carry every copy.
    const source = sources
      .filter(hasRoom)
      .sort((a, b) => (busy.get(a) ?? 0) - (busy.get(b) ?? 0))[0];
    if (!target || !source) break;
    orders.push({
      blockId: block.blockId,
      generation: block.generation,
      length: block.length,
      source,
      target,
    });
    taken.add(target);
    addBusy(busy, source);
    addBusy(busy, target);
  }
  return orders;
}

/** A live, non-draining server with room and without the block; a new zone first, then most free space. */
function chooseRepairTarget(
  servers: ReadonlyMap<DataServerId, ServerView>,
  taken: ReadonlySet<DataServerId>,
  usedZones: ReadonlySet<string | undefined>,
  length: number,
  hasRoom: (id: DataServerId) => boolean,
): DataServerId | undefined {
  let best: ServerView | undefined;
  for (const s of servers.values()) {
    if (!s.live || s.decommissioning || taken.has(s.id) || !hasRoom(s.id)) continue;
    if (s.roomBytes < length) continue;
    if (!best || better(s, best, usedZones)) best = s;
  }
  return best?.id;
}

function better(a: ServerView, b: ServerView, usedZones: ReadonlySet<string | undefined>): boolean {
  const aNew = !usedZones.has(a.zone);
  const bNew = !usedZones.has(b.zone);
  if (aNew !== bNew) return aNew;
  return a.roomBytes > b.roomBytes;
}

/**
 * Corrupt replicas go once the good ones reach the target (before that, a corrupt
 * replica may still hold the only copy of some chunk). Excess good replicas go
 * from the fullest servers, keeping the zone spread.
 */
function deletionsFor(
  block: BlockView,
  health: BlockHealth,
  servers: ReadonlyMap<DataServerId, ServerView>,
): DeleteOrder[] {
  if (health.good.length < block.targetReplicas) return [];
  const orders: DeleteOrder[] = health.corrupt.map((server) => ({
    server,
    blockId: block.blockId,
    reason: 'corrupt' as const,
  }));
  const keep = [...health.good];
  while (keep.length > block.targetReplicas) {
    const zoneCount = new Map<string | undefined, number>();
    for (const id of keep) {
      const zone = servers.get(id)?.zone;
      zoneCount.set(zone, (zoneCount.get(zone) ?? 0) + 1);
    }
    // From a zone holding more than one replica if there is one; then the fullest server.
    keep.sort((a, b) => {
      const za = zoneCount.get(servers.get(a)?.zone) ?? 0;
      const zb = zoneCount.get(servers.get(b)?.zone) ?? 0;
      if (za > 1 !== zb > 1) return za > 1 ? -1 : 1;
      const sa = servers.get(a);
      const sb = servers.get(b);
      return (
        (sb?.usedPercent ?? 0) - (sa?.usedPercent ?? 0) ||
        (sa?.roomBytes ?? 0) - (sb?.roomBytes ?? 0)
      );
    });
    const server = keep.shift()!;
    orders.push({ server, blockId: block.blockId, reason: 'excess' });
  }
  return orders;
}

function addBusy(busy: Map<DataServerId, number>, id: DataServerId): void {
  busy.set(id, (busy.get(id) ?? 0) + 1);
}
