/**
 * A client's supply of reserved blocks (ReserveBlock), one per directory,
 * replication and block size (what a reservation binds): one ReserveBlock call
 * reserves a batch, and the small files written into that directory take one each.
 * A file's write then waits for no nameserver call before its block goes out, and
 * the nameserver answers one call for a batch of files instead of one each.
 *
 * The supply is refilled in the background when it runs low, and a writer that
 * finds it empty waits for the refill under way (or starts one). A directory's
 * batches start at 2 and double up to 16 while its files keep coming: one written
 * once holds few. A refused refill (the nameserver's share for this client used up,
 * or the file named cannot be created) leaves the directory's files to the plain
 * way for a second. A reservation is used within half its time on the nameserver,
 * else dropped: one never used costs the nameserver its memory until it expires,
 * nothing more (nothing was written for it). Those still held when the client
 * closes are given back (`drainSettled`).
 */
import { dirname } from 'node:path/posix';
import type { LocatedBlock__Output } from '../rpc/generated/strata/v1/LocatedBlock.js';
import type { ReserveBlockRequest } from '../rpc/generated/strata/v1/ReserveBlockRequest.js';
import type { ReserveBlockResponse__Output } from '../rpc/generated/strata/v1/ReserveBlockResponse.js';

export interface ReservedBlock {
  located: LocatedBlock__Output;
  /** The file's block size: its data must fit in one block. */
  blockSize: number;
}

interface Supply {
  blocks: (ReservedBlock & { usableUntilMs: number })[];
  refill: Promise<void> | null;
  /** Blocks the next refill asks for. */
  nextBatch: number;
  /** Until then, no refill is asked for (the last was refused). */
  refusedUntilMs: number;
}

/** A directory's first batch; each refill after it asks for twice as many, up to `batch`. */
const FIRST_BATCH = 2;
/** How long a refused refill leaves a directory's files to the plain way. */
const REFUSED_BACKOFF_MS = 1_000;
/** The reservations' time on the nameserver, if its answer does not say (Defaults). */
const DEFAULT_TTL_MS = 60_000;

export interface ReservationPoolOptions {
  reserve: (request: ReserveBlockRequest) => Promise<ReserveBlockResponse__Output>;
  /** Most blocks one refill asks for. */
  batch?: number;
  /** Directories (with a replication and block size) supplied at once; the oldest goes first. */
  maxSupplies?: number;
  now?: () => number;
}

export class ReservationPool {
  private readonly supplies = new Map<string, Supply>();
  private readonly batch: number;
  private readonly maxSupplies: number;
  private readonly now: () => number;
  /** Counts forgetAll calls: a refill asked for before one brings nothing in. */
  private generation = 0;

  constructor(private readonly options: ReservationPoolOptions) {
    this.batch = options.batch ?? 16;
    this.maxSupplies = options.maxSupplies ?? 64;
    this.now = options.now ?? (() => performance.now());
  }

  /**
   * A reserved block for a file at `ask.path`, or null when none could be had (the
   * nameserver refused: the caller writes the file the plain way, which says why).
   */
  async take(ask: ReserveBlockRequest & { path: string }): Promise<ReservedBlock | null> {
    const key = `${dirname(ask.path)}\0${ask.replication ?? 0}\0${ask.blockSize ?? 0}`;
    const supply = this.supplyFor(key);
    // At most two waits: another writer's refill may be used up before this one wakes.
    for (let waits = 0; ; waits++) {
      const block = this.pop(supply);
      if (block) {
        if (supply.blocks.length < supply.nextBatch / 2 && !supply.refill) this.refill(supply, ask);
        return block;
      }
      if (waits === 2 || (!supply.refill && this.now() < supply.refusedUntilMs)) return null;
      await (supply.refill ?? this.refill(supply, ask));
    }
  }

  /**
   * Drops every reservation held, and returns their ids: the nameserver no longer
   * knows one of them (a failover or a restart forgets them all, and the rest went
   * with it; or the directory's placement changed, which the rest were placed by).
   */
  forgetAll(): number[] {
    return this.drain();
  }

  /**
   * Takes every reservation held out of the supply and returns their block ids, to
   * give back; refills under way bring nothing in (see `drainSettled`).
   */
  drain(): number[] {
    this.generation++;
    const blockIds: number[] = [];
    for (const supply of this.supplies.values()) {
      for (const block of supply.blocks) blockIds.push(block.located.blockId);
      supply.blocks = [];
    }
    return blockIds;
  }

  /** As `drain`, once the refills under way have answered: what they bring is given back too. */
  async drainSettled(): Promise<number[]> {
    const refills = [...this.supplies.values()].flatMap((s) => (s.refill ? [s.refill] : []));
    await Promise.all(refills);
    return this.drain();
  }

  private supplyFor(key: string): Supply {
    let supply = this.supplies.get(key);
    if (supply) {
      // Most recently used last: the first is the one to drop.
      this.supplies.delete(key);
    } else {
      supply = { blocks: [], refill: null, nextBatch: FIRST_BATCH, refusedUntilMs: 0 };
      if (this.supplies.size >= this.maxSupplies) {
        this.supplies.delete(this.supplies.keys().next().value!);
      }
    }
    this.supplies.set(key, supply);
    return supply;
  }

  private pop(supply: Supply): ReservedBlock | null {
    const now = this.now();
    for (;;) {
      const block = supply.blocks.shift();
      if (!block) return null;
      if (block.usableUntilMs > now) return { located: block.located, blockSize: block.blockSize };
    }
  }

  /** Asks for a batch for `ask`'s directory; never rejects (a refused refill supplies nothing). */
  private refill(supply: Supply, ask: ReserveBlockRequest): Promise<void> {
    const asked = this.now();
    const generation = this.generation;
    const count = Math.min(supply.nextBatch, this.batch);
    supply.nextBatch = Math.min(count * 2, this.batch);
    const refill = this.options
      .reserve({ ...ask, count })
      .then(
        (reserved) => {
          if (generation !== this.generation) return; // forgotten meanwhile
          // Half the nameserver's time: the file still has its block to write.
          const usableUntilMs = asked + (Number(reserved.ttlMs) || DEFAULT_TTL_MS) / 2;
          for (const located of reserved.blocks) {
            supply.blocks.push({ located, blockSize: Number(reserved.blockSize), usableUntilMs });
          }
        },
        () => {
          supply.refusedUntilMs = this.now() + REFUSED_BACKOFF_MS;
        },
      )
      .finally(() => {
        if (supply.refill === refill) supply.refill = null;
      });
    supply.refill = refill;
    return refill;
  }
}
