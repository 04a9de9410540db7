/** Small timing helpers for the benchmarks: medians over repeated runs, never single samples. */

export async function timeMs(run: () => Promise<unknown> | unknown): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
}

/** One result row: what was measured, the number, the goal, and whether it was met. */
export interface BenchRow {
  name: string;
  result: string;
  goal: string;
  met: boolean | undefined;
  notes?: string;
}

export interface PairedTimes {
  /** Median times of each side. */
  a: number;
  b: number;
  /** The median of the pairs' a/b ratios: each pair ran back to back, so slow swings of the machine's load cancel. */
  ratio: number;
  aSamples: number[];
  bSamples: number[];
}

/** Alternates two measurements, swapping which goes first every pair, so machine noise and order hit both alike. */
export async function paired(iterations: number, a: () => Promise<unknown>, b: () => Promise<unknown>): Promise<PairedTimes> {
  const aSamples: number[] = [];
  const bSamples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    if (i % 2 === 0) {
      aSamples.push(await timeMs(a));
      bSamples.push(await timeMs(b));
    } else {
      bSamples.push(await timeMs(b));
      aSamples.push(await timeMs(a));
    }
  }
  return { a: median(aSamples), b: median(bSamples), ratio: pairRatio(aSamples, bSamples), aSamples, bSamples };
}

/** The median of `a[i] / b[i]`. */
export function pairRatio(aSamples: readonly number[], bSamples: readonly number[]): number {
  return median(aSamples.map((a, i) => a / bSamples[i]));
}
