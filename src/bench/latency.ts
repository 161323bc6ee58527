/**
 * Latency of one benchmark phase: an HDR histogram of microseconds (3 significant
 * digits at any magnitude, fixed memory however many operations are recorded).
 */
import * as hdr from 'hdr-histogram-js';

export interface LatencySummary {
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
}

export class LatencyRecorder {
  private readonly histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000, // an hour, in µs
    numberOfSignificantValueDigits: 3,
  });

  /** Times `op` and records how long it took. */
  async time<T>(op: () => Promise<T>): Promise<T> {
    const start = process.hrtime.bigint();
    const result = await op();
    this.recordMicros(Number((process.hrtime.bigint() - start) / 1000n));
    return result;
  }

  recordMicros(micros: number): void {
    this.histogram.recordValue(Math.max(1, Math.min(micros, 3_600_000_000)));
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  summary(): LatencySummary {
    const max = this.histogram.maxValue;
    const ms = (micros: number) => Math.round(micros) / 1000;
    // A percentile is its bucket's upper end, which can pass the exact maximum.
    const at = (percentile: number) =>
      ms(Math.min(this.histogram.getValueAtPercentile(percentile), max));
    return {
      meanMs: ms(this.histogram.mean),
      p50Ms: at(50),
      p90Ms: at(90),
      p99Ms: at(99),
      p999Ms: at(99.9),
      maxMs: ms(max),
    };
  }
}
