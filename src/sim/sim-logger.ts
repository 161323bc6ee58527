/** Loggers for simulated nodes: silent, or (to replay a seed) JSON lines stamped with virtual time. */
import { pino, type Logger } from 'pino';
import type { VirtualTime } from './virtual-time.js';

export function simLogger(node: string, time: VirtualTime, trace: boolean): Logger {
  return pino(
    {
      level: trace ? 'info' : 'silent',
      base: { node },
      timestamp: () => `,"vt":${time.now.toFixed(1)}`,
    },
    pino.destination({ sync: true }),
  );
}
