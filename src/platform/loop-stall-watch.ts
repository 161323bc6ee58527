/**
 * Logs a warning when the event loop was blocked for longer than `thresholdMs`.
 * A server whose loop stalls misses lease renewals and heartbeats; the warning
 * says so in the log instead of leaving a step-down or a dead mark unexplained.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Logger } from './logger.js';

export function watchLoopStalls(logger: Logger, thresholdMs = 1_000, everyMs = 5_000): () => void {
  const histogram = monitorEventLoopDelay({ resolution: 20 });
  histogram.enable();
  const timer = setInterval(() => {
    const maxMs = histogram.max / 1e6;
    if (maxMs >= thresholdMs) {
      logger.warn({ maxStallMs: Math.round(maxMs) }, 'the event loop was blocked');
    }
    histogram.reset();
  }, everyMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    histogram.disable();
  };
}
