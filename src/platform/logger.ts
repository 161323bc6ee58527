/**
 * Structured logs (pino, JSON lines on stdout). `STRATA_LOG_LEVEL` sets the level.
 */
import { pino, type Logger } from 'pino';

export function createLogger(name: string): Logger {
  return pino({ name, level: process.env.STRATA_LOG_LEVEL ?? 'info' });
}

export type { Logger };
