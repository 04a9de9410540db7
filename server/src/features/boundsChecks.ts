import type { CompilerFact } from '../compiler/facts';
import type { Settings } from '../shared/settings';
import type { TrackedFact } from '../workspace/trackedFacts';

/**
 * Bounds and nil checks the compiler kept, from the same build as the escape analysis: the `-d`
 * flags below add `Found IsInBounds` / `Found IsSliceInBounds` (after the prove pass) and
 * `generated nil check` lines to the `-m=2` report.
 */

/** The compiler `-d` flags the settings ask for; they are part of the analysis' cache key. */
export function compilerDebugFlags(settings: Settings): string[] {
  const flags: string[] = [];
  if (settings.boundsChecks.enabled) flags.push('ssa/check_bce/debug=1');
  if (settings.nilChecks.enabled) flags.push('nil');
  return flags;
}

const CHECK_KINDS = new Set(['bounds-check', 'nil-check']);

/**
 * Checks are everywhere and cheap one at a time: by default only those inside a loop (run on every
 * iteration) are shown, anywhere the other facts are (hints, diagnostics, hovers).
 */
export function withoutHiddenChecks(facts: TrackedFact[], settings: Settings): TrackedFact[] {
  if (settings.boundsChecks.outsideLoops) return facts;
  return facts.some((f) => CHECK_KINDS.has(f.fact.kind) && !f.inLoop) ? facts.filter((f) => f.inLoop || !CHECK_KINDS.has(f.fact.kind)) : facts;
}

/** What the check is, in one sentence (hover, diagnostic). */
export function checkReason(fact: CompilerFact, inLoop: boolean): string | undefined {
  const every = inLoop ? ', on every iteration of the loop' : '';
  if (fact.kind === 'bounds-check') {
    return fact.details.check === 'slice'
      ? `The compiler could not prove this slice expression's bounds are in order (0 ≤ low ≤ high ≤ cap), so it compares them at run time and panics if not${every}.`
      : `The compiler could not prove this index is within the length, so it compares it at run time and panics if not${every}.`;
  }
  if (fact.kind === 'nil-check') return `The compiler could not prove this pointer is not nil, nor fold the check into a memory access, so it tests it at run time${every}.`;
  return undefined;
}

/** The standard ways to let the compiler drop the check (no automatic fix: each changes what the code says). */
export function checkAdvice(fact: CompilerFact): string | undefined {
  if (fact.kind === 'bounds-check') {
    return (
      'To let the compiler prove it: check the length once before the loop (`if len(xs) < n { return }`, or `_ = xs[n-1]`), ' +
      're-slice to a known length (`xs = xs[:n]`, then index below `n`), or range over the slice instead of counting. ' +
      'A kept check costs a compare and a well-predicted branch: worth removing only in a hot loop.'
    );
  }
  if (fact.kind === 'nil-check') return 'Check the pointer once before the loop, or copy what the loop reads into a local.';
  return undefined;
}
