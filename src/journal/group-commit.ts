/**
 * Group commit: mutations that arrive while a commit is under way share the next
 * one. Each caller's promise resolves only once its entry is durable — on this
 * nameserver and, when a standby is in sync, on the standby too — so success is
 * never returned for a mutation a crash could lose.
 *
 * Batches are committed strictly in order, one at a time. Within a batch the
 * standby's commit and the local one overlap: the batch is shipped, and committed
 * here while the standby commits it, as HDFS's active writes its edit log beside
 * the journal nodes and a Raft leader appends beside its followers. The local
 * commit is therefore no promise that the standby holds the batch: an active that
 * loses its standby mid-batch may hold entries it never acknowledged, which the
 * next active does not have. Its journal then diverges, and it is brought back
 * with a snapshot (src/ha/catch-up.ts) like any deposed active that shipped more
 * than it committed.
 */
import type { Effect } from '../namespace/types.js';
import type { JournalEntry } from './metadata-store.js';

export interface CommitSink<E = JournalEntry> {
  commit(entries: E[], effects: Effect[]): void;
}

/**
 * Ships a batch to an in-sync standby; the batch is acknowledged only once it resolves.
 * Runs beside the batch's local commit (see above).
 */
export type ShipBatch<E = JournalEntry> = (entries: E[]) => Promise<void>;

interface Batch<E> {
  entries: E[];
  effects: Effect[];
  waiters: { resolve: () => void; reject: (err: Error) => void }[];
}

/** Generic over the entry type so that the HA simulation can drive the same committer. */
export class GroupCommitter<E = JournalEntry> {
  private pending: Batch<E> | null = null;
  /** The batch being shipped and committed now. */
  private committing: Batch<E> | null = null;
  private running = false;
  private shipBatch: ShipBatch<E> | null = null;
  /**
   * Bumped by failPending: a batch shipped before the bump is not committed after it
   * (if its local commit has not begun) and is never acknowledged.
   */
  private generation = 0;
  private failedWith: Error | null = null;

  /**
   * @param sink where batches go
   * @param onFatal called when the local commit fails: memory is then ahead of disk,
   *   and the only safe course is to stop serving (fail-stop) and recover from the store.
   * @param onShipFailure called when shipping a batch failed: the batch is not
   *   acknowledged (it may be committed here all the same), memory holds mutations no
   *   one acknowledged, and the caller must step down and reload from the store.
   * @param onIdle called when the last batch has been committed and none waits.
   */
  constructor(
    private readonly sink: CommitSink<E>,
    private readonly onFatal: (err: Error) => void,
    private readonly onShipFailure: (err: Error) => void = onFatal,
    private readonly onIdle: () => void = () => {},
  ) {}

  setShipBatch(hook: ShipBatch<E> | null): void {
    this.shipBatch = hook;
  }

  /** Adds entries (already applied in memory); resolves when they are durable. */
  appendMany(entries: E[], effects: Effect[]): Promise<void> {
    if (!this.pending) this.pending = { entries: [], effects: [], waiters: [] };
    const batch = this.pending;
    for (const entry of entries) batch.entries.push(entry);
    for (const effect of effects) batch.effects.push(effect);
    const done = new Promise<void>((resolve, reject) => batch.waiters.push({ resolve, reject }));
    if (!this.running) {
      this.running = true;
      setImmediate(() => void this.drain());
    }
    return done;
  }

  /**
   * Resolves once everything appended so far is durable (rejects if its commit
   * fails). A retried request whose first try is still on its way to the disk is
   * answered only then: the retry must not be acknowledged before the original.
   */
  whenDurable(): Promise<void> {
    const batch = this.pending ?? this.committing;
    if (!batch) return Promise.resolve();
    return new Promise<void>((resolve, reject) => batch.waiters.push({ resolve, reject }));
  }

  /** Fails every waiting mutation (used when the nameserver steps down). */
  failPending(err: Error): void {
    this.generation++;
    this.failedWith = err;
    const batch = this.pending;
    this.pending = null;
    for (const w of batch?.waiters ?? []) w.reject(err);
  }

  /** Commits what is pending now, synchronously, without shipping (used at shutdown). */
  flushLocal(): void {
    const batch = this.pending;
    if (!batch || this.running) return;
    this.pending = null;
    this.sink.commit(batch.entries, batch.effects);
    for (const w of batch.waiters) w.resolve();
  }

  private async drain(): Promise<void> {
    while (this.pending) {
      // Everything that arrived during the previous commit goes in this one.
      const batch = this.pending;
      this.pending = null;
      this.committing = batch;
      const generation = this.generation;
      let shipped: Promise<Error | null> | null = null;
      if (this.shipBatch) {
        shipped = this.shipBatch(batch.entries).then(
          () => null,
          (err: unknown) => (err instanceof Error ? err : new Error(String(err))),
        );
        // The local commit holds the thread until it is fsynced: the batch must be on
        // its way to the standby first, or the two commits would not overlap.
        await new Promise((resolve) => setImmediate(resolve));
        // Stepped down meanwhile: memory is being rebuilt from the store, which must
        // not take this batch in afterwards.
        if (generation !== this.generation) {
          this.abandon(batch, this.failedWith ?? new Error('commit abandoned'));
          return;
        }
      }
      try {
        this.sink.commit(batch.entries, batch.effects);
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        this.committing = null;
        for (const w of batch.waiters) w.reject(error);
        this.onFatal(error);
        return;
      }
      if (shipped) {
        let failure = await shipped;
        if (!failure && generation !== this.generation)
          failure = this.failedWith ?? new Error('commit abandoned');
        if (failure) {
          this.abandon(batch, failure);
          return;
        }
      }
      this.committing = null;
      for (const w of batch.waiters) w.resolve();
    }
    this.running = false;
    this.onIdle();
  }

  /** The batch could not be shipped (or its nameserver stepped down): nothing waiting is acknowledged. */
  private abandon(batch: Batch<E>, error: Error): void {
    this.committing = null;
    for (const w of batch.waiters) w.reject(error);
    this.failPending(error);
    this.running = false;
    this.onShipFailure(error);
  }
}
