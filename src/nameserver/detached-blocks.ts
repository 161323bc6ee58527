/**
 * The active's reserved blocks (ReserveBlock): ids handed out, in memory only, for
 * small files written before they are created; CreateComplete takes one back and
 * creates its file complete, in one journal commit instead of Create's and
 * Complete's two.
 *
 * Ids come from the epoch's own range (core/ids.ts), so nothing is journaled. A
 * reservation lives until its CreateComplete or `ttlMs`; a failover forgets them
 * all, and the writer then falls back to the plain path.
 *
 * Replicas reported for a reserved block before its file exists are held here
 * (with the server that has them) instead of being ordered deleted as unknown; they
 * go to the block map when the file is created, or are deleted when the
 * reservation ends without one.
 */
import {
  DETACHED_BLOCK_ID_BASE,
  DETACHED_BLOCKS_PER_EPOCH,
  MAX_DETACHED_EPOCH,
  type BlockId,
  type DataServerId,
} from '../core/ids.js';

export interface HeldReplica<R> {
  server: DataServerId;
  replica: R;
}

export interface Reservation<R> {
  blockId: BlockId;
  clientName: string;
  /** What the file is to be (its directory, name, replication, block size), as a key. */
  intent: string;
  expiresAtMs: number;
  /** Replicas reported before the file was created (at most `maxHeldReplicas`). */
  held: HeldReplica<R>[];
}

export interface DetachedBlocksOptions {
  /** Reservations held at once; more are refused (the writer takes the plain path). */
  maxReservations: number;
  /** ...and for one client at once. */
  maxPerClient: number;
  /** How long a reservation waits for its CreateComplete. */
  ttlMs: number;
  /** Replica reports held per reservation: more than its pipeline is a confused server. */
  maxHeldReplicas: number;
}

export class DetachedBlocks<R> {
  private epoch = 0;
  private nextInEpoch = DETACHED_BLOCKS_PER_EPOCH;
  /** In reservation order, which is expiry order (one ttl for all). */
  private readonly reservations = new Map<BlockId, Reservation<R>>();
  /** Reservations held by each client (none listed at 0). */
  private readonly perClient = new Map<string, number>();

  constructor(private readonly options: DetachedBlocksOptions) {}

  get size(): number {
    return this.reservations.size;
  }

  /**
   * A new term as active: ids from this epoch's range, none of the previous term's
   * reservations kept. Returns those, whose held replicas are now orphans.
   */
  startTerm(epoch: number): Reservation<R>[] {
    const dropped = [...this.reservations.values()];
    this.reservations.clear();
    this.perClient.clear();
    this.epoch = epoch;
    // An epoch past the range (or before the first) hands out nothing.
    this.nextInEpoch = epoch >= 1 && epoch <= MAX_DETACHED_EPOCH ? 0 : DETACHED_BLOCKS_PER_EPOCH;
    return dropped;
  }

  /** This term's range is used up: nothing more is reserved until the next term. */
  get exhausted(): boolean {
    return this.nextInEpoch >= DETACHED_BLOCKS_PER_EPOCH;
  }

  /**
   * A new reserved block id for `clientName`'s file described by `intent`, or null
   * when none can be handed out now (too many held, or the range used up).
   */
  reserve(clientName: string, intent: string, nowMs: number): BlockId | null {
    if (this.reservations.size >= this.options.maxReservations || this.exhausted) return null;
    const held = this.perClient.get(clientName) ?? 0;
    if (held >= this.options.maxPerClient) return null;
    this.perClient.set(clientName, held + 1);
    const blockId =
      DETACHED_BLOCK_ID_BASE + this.epoch * DETACHED_BLOCKS_PER_EPOCH + this.nextInEpoch++;
    this.reservations.set(blockId, {
      blockId,
      clientName,
      intent,
      expiresAtMs: nowMs + this.options.ttlMs,
      held: [],
    });
    return blockId;
  }

  /**
   * Holds a replica of a reserved block (one per server); false if `blockId` is not
   * reserved, or already holds as many as allowed: the replica is then unknown.
   */
  hold(blockId: BlockId, server: DataServerId, replica: R): boolean {
    const reservation = this.reservations.get(blockId);
    if (!reservation) return false;
    const same = reservation.held.findIndex((h) => h.server === server);
    if (same >= 0) reservation.held[same] = { server, replica };
    else if (reservation.held.length < this.options.maxHeldReplicas)
      reservation.held.push({ server, replica });
    else return false;
    return true;
  }

  /** Forgets `server`'s replica of a reserved block (found corrupt); false if not reserved. */
  unhold(blockId: BlockId, server: DataServerId): boolean {
    const reservation = this.reservations.get(blockId);
    if (!reservation) return false;
    reservation.held = reservation.held.filter((h) => h.server !== server);
    return true;
  }

  /**
   * Ends `blockId`'s reservation for its file's creation. Undefined, and the
   * reservation stands, unless it is `clientName`'s for a file described by `intent`.
   */
  take(blockId: BlockId, clientName: string, intent: string): Reservation<R> | undefined {
    const reservation = this.reservations.get(blockId);
    if (!reservation || reservation.clientName !== clientName || reservation.intent !== intent)
      return undefined;
    this.end(reservation);
    return reservation;
  }

  /**
   * Ends `blockId`'s reservation, given back by `clientName` unused (or written for a
   * file that could not be created). Undefined, and nothing changes, unless it is theirs.
   */
  release(blockId: BlockId, clientName: string): Reservation<R> | undefined {
    const reservation = this.reservations.get(blockId);
    if (!reservation || reservation.clientName !== clientName) return undefined;
    this.end(reservation);
    return reservation;
  }

  /** Ends the reservations whose time is up, and returns them. */
  expire(nowMs: number): Reservation<R>[] {
    const expired: Reservation<R>[] = [];
    for (const reservation of this.reservations.values()) {
      if (reservation.expiresAtMs > nowMs) break;
      expired.push(reservation);
    }
    for (const reservation of expired) this.end(reservation);
    return expired;
  }

  private end(reservation: Reservation<R>): void {
    this.reservations.delete(reservation.blockId);
    const held = this.perClient.get(reservation.clientName)! - 1;
    if (held > 0) this.perClient.set(reservation.clientName, held);
    else this.perClient.delete(reservation.clientName);
  }
}
