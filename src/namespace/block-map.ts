/**
 * Where replicas are: block id → the dataservers holding it (and the length each
 * reported). Never persisted: rebuilt from dataserver block reports after a
 * restart, as in GFS and HDFS, so the disk can never disagree with it for long.
 */
import type { BlockId, DataServerId } from '../core/ids.js';

export class BlockMap {
  private readonly replicas = new Map<BlockId, Map<DataServerId, number>>();
  private readonly byServer = new Map<DataServerId, Set<BlockId>>();
  private readonly corrupt = new Map<BlockId, Set<DataServerId>>();
  /** The medium each replica is on, once its server has said (a client's word names no medium). */
  private readonly media = new Map<BlockId, Map<DataServerId, string>>();

  add(blockId: BlockId, server: DataServerId, length: number, medium?: string): void {
    if (medium) {
      let on = this.media.get(blockId);
      if (!on) this.media.set(blockId, (on = new Map()));
      on.set(server, medium);
    }
    let holders = this.replicas.get(blockId);
    if (!holders) this.replicas.set(blockId, (holders = new Map()));
    holders.set(server, length);
    let blocks = this.byServer.get(server);
    if (!blocks) this.byServer.set(server, (blocks = new Set()));
    blocks.add(blockId);
  }

  remove(blockId: BlockId, server: DataServerId): void {
    const holders = this.replicas.get(blockId);
    holders?.delete(server);
    if (holders && holders.size === 0) this.replicas.delete(blockId);
    this.byServer.get(server)?.delete(blockId);
    const on = this.media.get(blockId);
    on?.delete(server);
    if (on && on.size === 0) this.media.delete(blockId);
    const bad = this.corrupt.get(blockId);
    bad?.delete(server);
    if (bad && bad.size === 0) this.corrupt.delete(blockId);
  }

  /** Forgets a block everywhere; returns who held it, so they can be told to delete it. */
  removeBlock(blockId: BlockId): DataServerId[] {
    const holders = [...(this.replicas.get(blockId)?.keys() ?? [])];
    for (const server of holders) this.byServer.get(server)?.delete(blockId);
    this.replicas.delete(blockId);
    this.corrupt.delete(blockId);
    this.media.delete(blockId);
    return holders;
  }

  /** Every block with a known replica. */
  blockIds(): IterableIterator<BlockId> {
    return this.replicas.keys();
  }

  holders(blockId: BlockId): ReadonlyMap<DataServerId, number> {
    return this.replicas.get(blockId) ?? new Map();
  }

  /** The medium of the replica on `server`, if its server has reported it. */
  mediumOf(blockId: BlockId, server: DataServerId): string | undefined {
    return this.media.get(blockId)?.get(server);
  }

  blocksOn(server: DataServerId): ReadonlySet<BlockId> {
    return this.byServer.get(server) ?? new Set();
  }

  markCorrupt(blockId: BlockId, server: DataServerId): void {
    let bad = this.corrupt.get(blockId);
    if (!bad) this.corrupt.set(blockId, (bad = new Set()));
    bad.add(server);
  }

  isCorrupt(blockId: BlockId, server: DataServerId): boolean {
    return this.corrupt.get(blockId)?.has(server) ?? false;
  }

  corruptOn(blockId: BlockId): DataServerId[] {
    return [...(this.corrupt.get(blockId) ?? [])];
  }

  corruptReplicaCount(): number {
    let n = 0;
    for (const set of this.corrupt.values()) n += set.size;
    return n;
  }
}
