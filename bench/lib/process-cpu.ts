/** CPU a process has used, from /proc (Linux), for benches that split CPU by process. */
import { readFileSync } from 'node:fs';

/** Clock ticks a second in /proc/PID/stat (USER_HZ: 100 on every Linux we run on). */
const TICKS_PER_SECOND = 100;

/** User + system CPU time of `pid` so far, in µs (10 ms steps). */
export function processCpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / TICKS_PER_SECOND;
}
