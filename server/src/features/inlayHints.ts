import { InlayHint, MarkupKind, Range } from 'vscode-languageserver';
import type { Settings } from '../shared/settings';
import { comparePositions } from '../workspace/rangeTracking';
import type { TrackedFact } from '../workspace/trackedFacts';
import { percentOverBudget, reasonOf, STALE_NOTE, titleOf } from './describe';

/** The short label of a fact's hint, or undefined when the fact gets none. */
export function hintLabel(tracked: TrackedFact, settings: Settings): string | undefined {
  const { fact } = tracked;
  if (!settings.inlayHints.kinds[fact.kind]) return undefined;
  switch (fact.kind) {
    case 'moved-to-heap':
      return tracked.inLoop ? 'heap ↻' : 'heap';
    case 'escapes-to-heap':
      return tracked.inLoop ? '→ heap ↻' : '→ heap';
    case 'does-not-escape':
      return 'stack';
    case 'leaking-param':
    case 'leaking-param-content':
      return 'leaks';
    case 'leaking-param-to-result':
      return 'leaks → result';
    case 'can-inline':
      return fact.details.cost !== undefined ? `inlinable, cost ${fact.details.cost}` : 'inlinable';
    case 'cannot-inline': {
      // Only the "almost inlinable" case is worth a hint; other reasons are in the hover.
      const over = percentOverBudget(tracked);
      return over !== undefined && over <= settings.inlayHints.nearBudgetPercent ? `cost ${fact.details.cost} > ${fact.details.budget}` : undefined;
    }
    case 'inlining-call':
      return 'inlined';
    case 'devirtualized':
      return `devirtualized → ${fact.details.devirtualizedTo ?? '?'}`;
    case 'bounds-check':
    case 'nil-check':
      return tracked.inLoop ? `${fact.kind === 'nil-check' ? 'nil' : 'bounds'} check ↻` : `${fact.kind === 'nil-check' ? 'nil' : 'bounds'} check`;
    case 'other':
      return fact.details.capture ? `captured by ${fact.details.capture}` : undefined;
  }
}

/** Hints for the facts that end inside `range`, placed after the node they describe. */
export function toInlayHints(facts: readonly TrackedFact[], range: Range, settings: Settings): InlayHint[] {
  if (!settings.inlayHints.enabled) return [];
  const hints: InlayHint[] = [];
  const seen = new Set<string>();
  for (const tracked of facts) {
    const position = tracked.focus.end;
    if (comparePositions(position, range.start) < 0 || comparePositions(position, range.end) > 0) continue;
    const label = hintLabel(tracked, settings);
    if (!label) continue;
    const key = `${position.line}:${position.character}:${label}`;
    if (seen.has(key)) continue; // two facts saying the same at one place (duplicated by inlining)
    seen.add(key);
    hints.push({
      position,
      label,
      paddingLeft: true,
      tooltip: { kind: MarkupKind.Markdown, value: `**${titleOf(tracked)}**${tracked.inLoop && label.includes('↻') ? ' on every iteration of the loop' : ''} — ${reasonOf(tracked)}${tracked.stale ? `\n\n_${STALE_NOTE}_` : ''}` },
    });
  }
  return hints;
}
