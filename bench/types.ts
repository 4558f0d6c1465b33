// Every package that has speed or memory targets exports `benchmarks` from its own bench.ts;
// bench/run.ts runs them all and prints one table. Goals live here, never in timed tests.
export interface BenchmarkResult {
  /** The measured figure, e.g. 412.3 */
  value: number;
  unit: string;
  /** Did the figure meet the goal? */
  ok: boolean;
  /** Anything the reader needs to interpret the figure (sample size, p50, ratio, …). */
  note?: string;
}

export interface Benchmark {
  /** Which package or area, e.g. "sim" */
  area: string;
  name: string;
  /** The goal in words, e.g. "< 1 s" */
  goal: string;
  run(): Promise<BenchmarkResult | BenchmarkResult[]>;
}

/** Runs fn `iterations` times after `warmup` runs and returns the durations in ms, sorted. */
export async function sampleDurations(fn: () => unknown, iterations: number, warmup = 3): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return samples.sort((a, b) => a - b);
}

export function percentile(sortedSamples: number[], p: number): number {
  if (sortedSamples.length === 0) return Number.NaN;
  const index = Math.min(sortedSamples.length - 1, Math.ceil((p / 100) * sortedSamples.length) - 1);
  return sortedSamples[Math.max(0, index)]!;
}
