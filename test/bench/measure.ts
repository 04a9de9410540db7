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

/** Alternates two measurements so machine noise hits both alike; returns the medians. */
export async function paired(iterations: number, a: () => Promise<unknown>, b: () => Promise<unknown>): Promise<{ a: number; b: number; aSamples: number[]; bSamples: number[] }> {
  const aSamples: number[] = [];
  const bSamples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    aSamples.push(await timeMs(a));
    bSamples.push(await timeMs(b));
  }
  return { a: median(aSamples), b: median(bSamples), aSamples, bSamples };
}
