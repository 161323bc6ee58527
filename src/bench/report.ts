/** `strata bench` output: a table for people, JSON for scripts. Pure. */
import { table } from '../cli/format.js';
import type { PhaseResult } from './workloads.js';

export interface BenchReport {
  target: string;
  startedAt: string;
  machine: { cpus: number; node: string; platform: string };
  options: {
    sizeBytes: number;
    files: number;
    fileSizeBytes: number;
    concurrency: number;
    replication: number | null;
    /** Files of the unmeasured small-file and metadata run before the measured ones. */
    warmupFiles: number;
  };
  results: PhaseResult[];
}

const fixed = (n: number, digits: number) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Rates under 100 with one decimal, others whole. */
export function formatRate(n: number): string {
  return n < 100 ? fixed(n, 1) : fixed(n, 0);
}

export function reportTable(report: BenchReport): string {
  const header = [
    'WORKLOAD',
    'PHASE',
    'OPS',
    'SECONDS',
    'OPS/S',
    'MB/S',
    'P50 MS',
    'P90 MS',
    'P99 MS',
    'MAX MS',
  ];
  const rows = report.results.map((r) => [
    r.workload,
    r.phase,
    String(r.ops),
    fixed(r.seconds, 2),
    formatRate(r.opsPerSec),
    r.mbPerSec === null ? '-' : formatRate(r.mbPerSec),
    fixed(r.latency.p50Ms, 2),
    fixed(r.latency.p90Ms, 2),
    fixed(r.latency.p99Ms, 2),
    fixed(r.latency.maxMs, 2),
  ]);
  const o = report.options;
  const notes = [
    `target: ${report.target}`,
    `machine: ${report.machine.cpus} CPUs, Node ${report.machine.node}; ` +
      `seq file ${o.sizeBytes} B; ${o.files} files of ${o.fileSizeBytes} B; ` +
      `${o.concurrency} in flight` +
      (o.replication === null ? '' : `; replication ${o.replication}`) +
      (o.warmupFiles > 0 ? `; after an unmeasured warm-up of ${o.warmupFiles} files` : ''),
    'MB = 10^6 bytes. seq-* latency: per 1 MiB piece. meta list: OPS are entries listed,',
    'latency is per whole listing.',
  ];
  return [table([header, ...rows]), '', ...notes].join('\n');
}
