/**
 * Group commit: mutations that arrive while the event loop is busy share one
 * fsynced transaction. Each caller's promise resolves only once its entry is
 * durable, so success is never returned for a mutation a crash could lose.
 */
import type { Effect } from '../namespace/types.js';
import type { JournalEntry } from './metadata-store.js';

export interface CommitSink {
  commit(entries: JournalEntry[], effects: Effect[]): void;
}

interface Pending {
  entries: JournalEntry[];
  effects: Effect[];
  waiters: { resolve: () => void; reject: (err: Error) => void }[];
}

export class GroupCommitter {
  private pending: Pending | null = null;

  /**
   * @param sink where batches go
   * @param onFatal called when a commit fails: memory is then ahead of disk, and the
   *   only safe course is to stop serving (fail-stop) and let recovery replay the store.
   * @param maxBatchEntries a batch is flushed at once when it reaches this size
   */
  constructor(
    private readonly sink: CommitSink,
    private readonly onFatal: (err: Error) => void,
    private readonly maxBatchEntries: number,
  ) {}

  /** Adds an entry (already applied in memory) and resolves when it is durable. */
  append(entry: JournalEntry, effects: Effect[]): Promise<void> {
    return this.appendMany([entry], effects);
  }

  appendMany(entries: JournalEntry[], effects: Effect[]): Promise<void> {
    if (!this.pending) {
      this.pending = { entries: [], effects: [], waiters: [] };
      setImmediate(() => this.flush());
    }
    const batch = this.pending;
    batch.entries.push(...entries);
    for (const effect of effects) batch.effects.push(effect);
    const done = new Promise<void>((resolve, reject) => batch.waiters.push({ resolve, reject }));
    if (batch.entries.length >= this.maxBatchEntries) this.flush();
    return done;
  }

  /** Commits whatever is pending now. */
  flush(): void {
    const batch = this.pending;
    if (!batch) return;
    this.pending = null;
    try {
      this.sink.commit(batch.entries, batch.effects);
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      for (const w of batch.waiters) w.reject(error);
      this.onFatal(error);
      return;
    }
    for (const w of batch.waiters) w.resolve();
  }
}
