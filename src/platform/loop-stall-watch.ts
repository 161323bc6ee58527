/**
 * Logs a warning when the event loop was blocked for longer than `thresholdMs`.
 * A server whose loop stalls misses lease renewals and heartbeats; the warning
 * says so in the log instead of leaving a step-down or a dead mark unexplained.
 *
 * A timer that fires late by the length of the stall: two wake-ups a second.
 * perf_hooks' monitorEventLoopDelay samples every 20 ms, and on a VM where a
 * wake-up is dear that alone cost an idle server 18 % of a core.
 */
import { performance } from 'node:perf_hooks';
import type { Logger } from './logger.js';

export function watchLoopStalls(logger: Logger, thresholdMs = 1_000, everyMs = 500): () => void {
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const stallMs = now - last - everyMs;
    last = now;
    if (stallMs >= thresholdMs) {
      logger.warn({ maxStallMs: Math.round(stallMs) }, 'the event loop was blocked');
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
