import type { PackageAnalysis } from '../analysis/analyzePackage';
import type { CompilerFact } from '../compiler/facts';
import { countRemoved, FixOutcome, fixesBlamed, fixKey, planFixes } from '../features/verifiedFixes';
import type { Result } from '../go/errors';
import type { PitfallFinding } from '../pitfalls/types';
import type { BuildQueue } from './buildQueue';

const CACHE_SIZE = 16;

/**
 * Verifies a file's allocation fixes with one extra build of its package (all non-overlapping fixes
 * applied together), queued like the user's builds but under its own key: the next edit cancels it
 * (see `queueKey`). Outcomes are kept by analysis and file, so a republication costs no build.
 */
export class FixVerifier {
  private readonly outcomes = new Map<string, Map<string, FixOutcome>>();
  /** Verifications in flight by analysis and file: asking again (a republication) shares the build. */
  private readonly inFlight = new Map<string, Promise<Map<string, FixOutcome> | undefined>>();

  constructor(private readonly queue: BuildQueue) {}

  /** The build queue key of a package's verification builds (cancel it with the package's build). */
  static queueKey(dir: string): string {
    return `${dir}\0verify-fixes`;
  }

  /**
   * Outcomes by `fixKey`, or undefined when there is nothing to verify, the build was cancelled, or
   * it failed in a way no fix can be blamed for.
   */
  verify(
    dir: string,
    analysisKey: string,
    file: string,
    text: string,
    findings: readonly PitfallFinding[],
    before: readonly CompilerFact[],
    build: (fixedText: string, signal: AbortSignal) => Promise<Result<PackageAnalysis>>,
  ): Promise<Map<string, FixOutcome> | undefined> {
    const cacheKey = `${analysisKey}\0${file}`;
    const known = this.outcomes.get(cacheKey);
    if (known) return Promise.resolve(known);
    let pending = this.inFlight.get(cacheKey);
    if (!pending) {
      pending = this.run(dir, cacheKey, text, file, findings, before, build).finally(() => this.inFlight.delete(cacheKey));
      this.inFlight.set(cacheKey, pending);
    }
    return pending;
  }

  private async run(
    dir: string,
    cacheKey: string,
    text: string,
    file: string,
    findings: readonly PitfallFinding[],
    before: readonly CompilerFact[],
    build: (fixedText: string, signal: AbortSignal) => Promise<Result<PackageAnalysis>>,
  ): Promise<Map<string, FixOutcome> | undefined> {
    const plan = planFixes(text, findings);
    if (!plan) return undefined;
    // Low priority: a user's build waiting for a place goes first.
    const result = await this.queue.run(FixVerifier.queueKey(dir), (signal) => build(plan.fixedText, signal), { background: true });
    if (result === 'superseded') return undefined;
    const outcomes = new Map<string, FixOutcome>();
    if (result.ok) {
      for (const [fix, removed] of countRemoved(plan, text, before, result.value.factsIn(file))) outcomes.set(fixKey(fix.finding, fix.fix), { builds: true, removed });
    } else {
      if (result.error.code !== 'build-failed') return undefined;
      const blamed = fixesBlamed(plan, file, (result.error.detail ?? '').split('\n').filter(Boolean));
      if (!blamed) return undefined;
      for (const fix of blamed) outcomes.set(fixKey(fix.finding, fix.fix), { builds: false });
    }
    this.outcomes.set(cacheKey, outcomes);
    while (this.outcomes.size > CACHE_SIZE) this.outcomes.delete(this.outcomes.keys().next().value!);
    return outcomes;
  }
}
