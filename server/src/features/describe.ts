import type { FactKind } from '../compiler/facts';
import { CAUSE_ADVICE, CAUSE_SUMMARIES } from '../explain/causes';
import type { TrackedFact } from '../workspace/trackedFacts';
import { checkAdvice, checkReason } from './boundsChecks';

/** Plain words for each kind: the heading of a hover, the start of a diagnostic. */
const TITLES: Record<FactKind, string> = {
  'moved-to-heap': 'Moved to the heap',
  'escapes-to-heap': 'Allocates on the heap',
  'does-not-escape': 'Stays on the stack',
  'leaking-param': 'Parameter leaks',
  'leaking-param-content': 'What the parameter points to leaks',
  'leaking-param-to-result': 'Parameter flows to a result',
  'can-inline': 'Can be inlined',
  'cannot-inline': 'Cannot be inlined',
  'inlining-call': 'Call inlined',
  devirtualized: 'Interface call devirtualized',
  'bounds-check': 'Bounds check kept',
  'nil-check': 'Nil check kept',
  other: 'Compiler note',
};

export function titleOf(tracked: TrackedFact): string {
  return TITLES[tracked.fact.kind];
}

/** How far over the inlining budget a function is, in percent, when the compiler said so. */
export function percentOverBudget(tracked: TrackedFact): number | undefined {
  const { cost, budget } = tracked.fact.details;
  if (tracked.fact.kind !== 'cannot-inline' || cost === undefined || budget === undefined || budget <= 0) return undefined;
  return ((cost - budget) / budget) * 100;
}

/** One sentence on why, or what it means. */
export function reasonOf(tracked: TrackedFact): string {
  const { fact, cause } = tracked;
  if (cause) return capitalize(CAUSE_SUMMARIES[cause]) + '.';
  switch (fact.kind) {
    case 'cannot-inline': {
      const over = percentOverBudget(tracked);
      if (over !== undefined) return `Its cost is ${fact.details.cost}, ${fact.details.cost! - fact.details.budget!} over the budget of ${fact.details.budget} (${over.toFixed(0)}% over).`;
      return `Reason: ${fact.details.reason ?? 'not given'}.`;
    }
    case 'can-inline':
      return fact.details.cost !== undefined ? `Its inlining cost is ${fact.details.cost} (the budget is 80).` : 'The compiler can inline it.';
    case 'inlining-call':
      return `The body of ${fact.subject} is copied into this function: no call overhead, and its values can stay on this stack.`;
    case 'devirtualized':
      return `The compiler knows the dynamic type is ${fact.details.devirtualizedTo ?? 'fixed'} and calls the method directly.`;
    case 'does-not-escape':
      return 'The compiler proved it does not outlive the function: no heap allocation.';
    case 'bounds-check':
    case 'nil-check':
      return checkReason(fact, tracked.inLoop) ?? fact.message;
    default:
      return fact.message;
  }
}

export function adviceOf(tracked: TrackedFact): string | undefined {
  if (tracked.cause) return CAUSE_ADVICE[tracked.cause];
  const check = checkAdvice(tracked.fact);
  if (check) return check;
  const over = percentOverBudget(tracked);
  if (over !== undefined && over <= 20) return 'It is close to the budget: splitting out a rarely taken branch (an error path) into its own function often makes it inlinable.';
  return undefined;
}

export const STALE_NOTE = 'From the last successful build: the package does not build now.';

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
