/**
 * The balancer's planner: while some server's used fraction is more than
 * `thresholdPercent` points from the cluster mean, it copies replicas from the
 * fullest servers to the emptiest ones that do not hold the block. The copy makes
 * the block one replica over its target, and the repair planner then deletes the
 * excess from the fullest holder — so a block never drops below its target during
 * a move. Pure: the nameserver runs it in the repair round when nothing needs
 * repairing, and the moves go through the same copy orders and limits as repairs.
 */
import type { BlockId, DataServerId } from '../core/ids.js';
import type { CopyOrder, Transfer } from './repair-planner.js';

export interface BalanceServer {
  id: DataServerId;
  usedBytes: number;
  capacityBytes: number;
  /** Live and not draining: may give and take replicas. */
  usable: boolean;
}

export interface BalanceBlock {
  blockId: BlockId;
  generation: number;
  length: number;
  holders: ReadonlySet<DataServerId>;
}

export interface BalanceLimits {
  thresholdPercent: number;
  maxTransfersPerServer: number;
  maxOrders: number;
}

export interface BalancePlan {
  /** Mean used fraction of the usable servers, in percent. */
  meanPercent: number;
  /** Usable servers further than the threshold from the mean. */
  outside: DataServerId[];
  moves: CopyOrder[];
}

export function usedPercent(s: BalanceServer): number {
  return s.capacityBytes > 0 ? (100 * s.usedBytes) / s.capacityBytes : 0;
}

export function planBalance(
  servers: readonly BalanceServer[],
  blocksOn: (server: DataServerId) => Iterable<BalanceBlock>,
  underWay: readonly Transfer[],
  limits: BalanceLimits,
): BalancePlan {
  const usable = servers.filter((s) => s.usable && s.capacityBytes > 0);
  const capacity = usable.reduce((a, s) => a + s.capacityBytes, 0);
  const used = usable.reduce((a, s) => a + s.usedBytes, 0);
  const meanPercent = capacity > 0 ? (100 * used) / capacity : 0;
  const outside = usable
    .filter((s) => Math.abs(usedPercent(s) - meanPercent) > limits.thresholdPercent)
    .map((s) => s.id);
  const moves: CopyOrder[] = [];
  if (outside.length === 0) return { meanPercent, outside, moves };

  const busy = new Map<DataServerId, number>();
  for (const t of underWay) {
    busy.set(t.source, (busy.get(t.source) ?? 0) + 1);
    busy.set(t.target, (busy.get(t.target) ?? 0) + 1);
  }
  const hasRoom = (id: DataServerId) => (busy.get(id) ?? 0) < limits.maxTransfersPerServer;
  const moving = new Set(underWay.map((t) => t.blockId));
  // Bytes each server will hold once the planned moves land (the source's copy
  // goes as excess afterwards).
  const projected = new Map(usable.map((s) => [s.id, s.usedBytes]));
  const percentOf = (s: BalanceServer) =>
    (100 * projected.get(s.id)!) / s.capacityBytes - meanPercent;

  const thr = limits.thresholdPercent;
  // Over-full servers give to any server below the mean; servers just above the
  // mean give to under-full ones (HDFS's balancer pairs them the same way).
  const targetFor = (source: BalanceServer, block: BalanceBlock) => {
    const limit = percentOf(source) > thr ? 0 : -thr;
    return usable
      .filter((t) => !block.holders.has(t.id) && hasRoom(t.id) && percentOf(t) < limit)
      .sort((a, b) => percentOf(a) - percentOf(b))[0];
  };
  const sources = usable.filter((s) => percentOf(s) > 0);
  for (const source of sources.sort((a, b) => percentOf(b) - percentOf(a))) {
    for (const block of blocksOn(source.id)) {
      if (moves.length >= limits.maxOrders || !hasRoom(source.id)) break;
      if (percentOf(source) <= 0) break;
      if (moving.has(block.blockId)) continue;
      const target = targetFor(source, block);
      if (!target) continue;
      moves.push({
        blockId: block.blockId,
        generation: block.generation,
        length: block.length,
        source: source.id,
        target: target.id,
      });
      moving.add(block.blockId);
      busy.set(source.id, (busy.get(source.id) ?? 0) + 1);
      busy.set(target.id, (busy.get(target.id) ?? 0) + 1);
      projected.set(source.id, projected.get(source.id)! - block.length);
      projected.set(target.id, projected.get(target.id)! + block.length);
    }
  }
  return { meanPercent, outside, moves };
}
