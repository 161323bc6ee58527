/**
 * The only place that reads clocks. Leases and timeouts use the monotonic clock,
 * which wall-clock jumps (NTP, an operator, libfaketime) do not move; wall time is
 * used only for the mtimes users see.
 */
import { performance } from 'node:perf_hooks';

export interface Clock {
  monotonicMs(): number;
  wallMs(): number;
}

export const systemClock: Clock = {
  monotonicMs: () => performance.now(),
  wallMs: () => Date.now(),
};
