/**
 * Where replicas are: block id → the dataservers holding it (and the length each
 * reported). Never persisted: rebuilt from dataserver block reports after a
 * restart, as in GFS and HDFS, so the disk can never disagree with it for long.
 */
import type { BlockId, DataServerId } from '../core/ids.js';

/**
 * A block's replicas, flat: server, length, medium, then the next replica's three
 * ('' for a medium its server has not named: a client's word names none). A Map
 * per block and one more for media cost about 200 bytes a replica; this about 60,
 * which is most of the nameserver's memory per file once every block has 3.
 */
type ReplicaList = (DataServerId | number | string)[];
const STRIDE = 3;

function indexOfServer(list: ReplicaList, server: DataServerId): number {
  for (let i = 0; i < list.length; i += STRIDE) if (list[i] === server) return i;
  return -1;
}

export class BlockMap {
  /**
   * @param onChange told of every block whose replicas changed (one added, removed,
   *   a length changed, found corrupt): the repair monitor looks at those again.
   */
  constructor(private readonly onChange: (blockId: BlockId) => void = () => {}) {}

  private readonly replicas = new Map<BlockId, ReplicaList>();
  private readonly byServer = new Map<DataServerId, Set<BlockId>>();
  private readonly corrupt = new Map<BlockId, Set<DataServerId>>();
  private readonly serverIds = new Map<DataServerId, DataServerId>();

  add(blockId: BlockId, reported: DataServerId, length: number, medium?: string): void {
    // One string per server: ids decoded from each block report are new strings.
    const server = this.serverIds.get(reported) ?? reported;
    this.serverIds.set(server, server);
    const list = this.replicas.get(blockId);
    const at = list ? indexOfServer(list, server) : -1;
    if (list && at >= 0) {
      // A full block report names every replica again: only a change is news.
      if (list[at + 1] !== length) this.onChange(blockId);
      list[at + 1] = length;
      if (medium) list[at + 2] = medium;
    } else {
      this.onChange(blockId);
      // A new array of exactly the right size: push() would leave room for 16 more.
      const added = [server, length, medium ?? ''];
      this.replicas.set(blockId, list ? list.concat(added) : added);
    }
    let blocks = this.byServer.get(server);
    if (!blocks) this.byServer.set(server, (blocks = new Set()));
    blocks.add(blockId);
  }

  remove(blockId: BlockId, server: DataServerId): void {
    const list = this.replicas.get(blockId);
    const at = list ? indexOfServer(list, server) : -1;
    if (list && at >= 0) {
      this.onChange(blockId);
      if (list.length === STRIDE) this.replicas.delete(blockId);
      else this.replicas.set(blockId, [...list.slice(0, at), ...list.slice(at + STRIDE)]);
    }
    this.byServer.get(server)?.delete(blockId);
    const bad = this.corrupt.get(blockId);
    bad?.delete(server);
    if (bad && bad.size === 0) this.corrupt.delete(blockId);
  }

  /** Forgets a block everywhere; returns who held it, so they can be told to delete it. */
  removeBlock(blockId: BlockId): DataServerId[] {
    const holders = [...this.holders(blockId).keys()];
    if (holders.length > 0) this.onChange(blockId);
    for (const server of holders) this.byServer.get(server)?.delete(blockId);
    this.replicas.delete(blockId);
    this.corrupt.delete(blockId);
    return holders;
  }

  /** Every block with a known replica. */
  blockIds(): IterableIterator<BlockId> {
    return this.replicas.keys();
  }

  /** Server → the length it reported, a copy. */
  holders(blockId: BlockId): ReadonlyMap<DataServerId, number> {
    const holders = new Map<DataServerId, number>();
    const list = this.replicas.get(blockId);
    if (!list) return holders;
    for (let i = 0; i < list.length; i += STRIDE)
      holders.set(list[i] as DataServerId, list[i + 1] as number);
    return holders;
  }

  /** The medium of the replica on `server`, if its server has reported it. */
  mediumOf(blockId: BlockId, server: DataServerId): string | undefined {
    const list = this.replicas.get(blockId);
    const at = list ? indexOfServer(list, server) : -1;
    return at >= 0 ? (list![at + 2] as string) || undefined : undefined;
  }

  blocksOn(server: DataServerId): ReadonlySet<BlockId> {
    return this.byServer.get(server) ?? new Set();
  }

  markCorrupt(blockId: BlockId, server: DataServerId): void {
    let bad = this.corrupt.get(blockId);
    if (!bad) this.corrupt.set(blockId, (bad = new Set()));
    if (!bad.has(server)) this.onChange(blockId);
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
