/**
 * A simulated process's monotonic clock: virtual time at a slightly wrong rate
 * (real oscillators drift) from an arbitrary origin that changes at each restart,
 * like performance.now(). The HA lease's safety margin must absorb the drift.
 */
import type { Clock } from '../platform/clock.js';
import type { VirtualTime } from './virtual-time.js';

export function driftingClock(time: VirtualTime, rate: number, originMs: number): Clock {
  const startedAt = time.now;
  return {
    monotonicMs: () => originMs + (time.now - startedAt) * rate,
    wallMs: () => time.now,
  };
}
