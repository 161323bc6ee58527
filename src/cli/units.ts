/** Sizes and durations as people type them on the command line. Pure. */
import { invalidArgument } from '../core/errors.js';

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1024 ** 4,
  tib: 1024 ** 4,
};

/** "64MiB", "1.5 GB", "4096" → bytes (K, M, G and T are powers of 1024, as `du -h`). */
export function parseSize(text: string, what: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = SIZE_UNITS[m?.[2]?.toLowerCase() ?? 'x'];
  const bytes = m && unit !== undefined ? Math.round(Number(m[1]) * unit) : NaN;
  if (!Number.isSafeInteger(bytes)) {
    throw invalidArgument(`${what}: not a size: ${JSON.stringify(text)} (e.g. 512MiB, 2GiB, 0)`);
  }
  return bytes;
}

const DURATION_UNITS: Record<string, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** "30s", "10m", "2h", "7d" → ms; "never" → 0. */
export function parseDuration(text: string, what: string): number {
  if (text === 'never') return 0;
  const m = /^(\d+)([smhd])$/.exec(text.trim());
  const ms = m ? Number(m[1]) * DURATION_UNITS[m[2]!]! : NaN;
  if (!Number.isSafeInteger(ms) || ms <= 0) {
    throw invalidArgument(
      `${what}: not a duration: ${JSON.stringify(text)} (e.g. 30s, 10m, 2h, 7d, never)`,
    );
  }
  return ms;
}
