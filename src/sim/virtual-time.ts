/**
 * Virtual time for the simulation: a queue of timed events run in order, with no
 * real waiting. Between events the microtask queue is drained, so promise
 * continuations (the real coordinator's awaits) run at the virtual instant their
 * answer arrived. Ties are broken by insertion order, which keeps a run deterministic.
 */
import TinyQueue from 'tinyqueue';

interface TimedEvent {
  at: number;
  seq: number;
  run: () => void;
}

export class VirtualTime {
  private nowMs = 0;
  private seq = 0;
  private readonly queue = new TinyQueue<TimedEvent>([], (a, b) =>
    a.at !== b.at ? a.at - b.at : a.seq - b.seq,
  );

  get now(): number {
    return this.nowMs;
  }

  at(timeMs: number, run: () => void): void {
    this.queue.push({ at: Math.max(timeMs, this.nowMs), seq: this.seq++, run });
  }

  after(delayMs: number, run: () => void): void {
    this.at(this.nowMs + delayMs, run);
  }

  /** Runs every event due up to `untilMs`, in time order. */
  async runUntil(untilMs: number): Promise<void> {
    while (this.queue.length > 0 && this.queue.peek()!.at <= untilMs) {
      const event = this.queue.pop()!;
      this.nowMs = event.at;
      event.run();
      await settle();
    }
    this.nowMs = Math.max(this.nowMs, untilMs);
  }
}

/** Lets every pending promise continuation run (setImmediate fires after the microtasks). */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
