import { isCountedAllocation } from '../classify/classification';
import { HEAP_KINDS, LEAK_KINDS } from '../compiler/facts';
import type { PitfallFinding } from '../pitfalls';
import type { SeverityName, Settings } from '../shared/settings';
import type { SourceSyntax } from '../syntax/anchor';
import { rangeContains } from '../workspace/rangeTracking';
import type { TrackedFact } from '../workspace/trackedFacts';
import { declarationNameAt, factSite } from './factSyntax';

/**
 * What the defaults show and hide, in one place: a heap fact that allocates on a normal path is worth
 * seeing; one that costs nothing or runs only on failure is not, unless the settings bring it back.
 */
export type HeapClass = 'allocates' | 'cold' | 'no-allocation';

export function heapClass(tracked: TrackedFact): HeapClass | undefined {
  if (!HEAP_KINDS.has(tracked.fact.kind)) return undefined;
  if (tracked.classification.allocates === false) return 'no-allocation';
  if (tracked.classification.coldPath) return 'cold';
  return 'allocates';
}

/** The Problems-panel severity of a fact under the settings (`off`: no diagnostic). */
export function factSeverity(tracked: TrackedFact, settings: Settings): SeverityName {
  const heap = heapClass(tracked);
  if (heap === 'no-allocation') return settings.diagnostics.nonAllocating;
  if (heap === 'cold') return settings.diagnostics.coldPath;
  return (tracked.inLoop ? settings.diagnostics.loopSeverity : settings.diagnostics.severity)[tracked.fact.kind];
}

/**
 * Which callees make some caller in the package allocate: the `(call parameter)` steps of the
 * package's counted heap allocations. The compiler prints a static call by the callee's name
 * (`from Store(&x) (call parameter)`, a method as `(*T).Store(t, &x)`); a call through an interface
 * or a function value (`h.ServeHTTP(w, r)`) is named by its operand, matches no declaration, and
 * rightly so: it escapes whatever any implementation does. A parameter leak of a function not named
 * here costs this package nothing.
 */
export function calleesForcingAllocation(facts: Iterable<TrackedFact>): Set<string> {
  const names = new Set<string>();
  for (const tracked of facts) {
    if (!isCountedAllocation(tracked.fact, tracked.classification)) continue;
    for (const step of tracked.steps) {
      const call = /^from (.*) \(call parameter\)$/.exec(step.message);
      const callee = call && /^(\(\*?[A-Za-z_]\w*\)\.[A-Za-z_]\w*|[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?)\(/.exec(call[1]);
      if (callee) names.add(callee[1]);
    }
  }
  return names;
}

/** Decides the leak hints of one file: receivers and leaks nobody in the package pays for are quiet by default. */
export class LeakJudge {
  constructor(private readonly syntax: SourceSyntax | undefined, private readonly forcing: ReadonlySet<string> | undefined) {}

  shown(tracked: TrackedFact, mode: Settings['inlayHints']['leaks']): boolean {
    if (mode === 'all') return true;
    if (!this.syntax) return false; // no code to look at (a closed file): say less, not something wrong
    const site = factSite(this.syntax, tracked.range);
    if (site.shape === 'parameter' && site.receiver) return false;
    if (mode === 'parameters') return true;
    const name = declarationNameAt(this.syntax, tracked.range);
    if (!name || !this.forcing) return false;
    // A value receiver's method may be printed `T.M(…)` or `(T).M(…)`.
    return this.forcing.has(name) || (/^\w+\.\w+$/.test(name) && this.forcing.has(`(${name.replace('.', ').')}`));
  }
}

/** Whether a fact gets an inlay hint under the settings. */
export function hintWanted(tracked: TrackedFact, settings: Settings, leaks: LeakJudge): boolean {
  const kind = tracked.fact.kind;
  if (!settings.inlayHints.kinds[kind]) return false;
  const heap = heapClass(tracked);
  if (heap === 'no-allocation') return settings.inlayHints.nonAllocating;
  if (heap === 'cold') return settings.inlayHints.coldPath;
  if (LEAK_KINDS.has(kind)) return leaks.shown(tracked, settings.inlayHints.leaks);
  return true;
}

/** Pitfalls that are about a heap fact (a boxed value, a pooled value) and so are moot when it costs nothing or runs only on failure. */
const FACT_PITFALLS = new Set(['interface-boxing', 'sync-pool-value']);

/** A pitfall is worth showing unless every heap fact under it is one the defaults hide. */
export function pitfallRelevant(finding: PitfallFinding, facts: readonly TrackedFact[]): boolean {
  if (!FACT_PITFALLS.has(finding.code)) return true;
  const under = facts.filter((f) => HEAP_KINDS.has(f.fact.kind) && rangeContains(finding.range, f.range.start) && rangeContains(finding.range, f.range.end));
  return under.length === 0 || under.some((f) => heapClass(f) === 'allocates');
}
