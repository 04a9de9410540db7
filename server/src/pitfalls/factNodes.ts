import type { SyntaxNode } from '../syntax/goParser';
import type { TrackedFact } from '../workspace/trackedFacts';

/** The syntax node a tracked fact is anchored to (the smallest node spanning its range). */
export function anchorNodeOf(tracked: TrackedFact, root: SyntaxNode): SyntaxNode | undefined {
  const { start, end } = tracked.range;
  const node = root.descendantForPosition({ row: start.line, column: start.character }, { row: end.line, column: end.character });
  return node ?? undefined;
}
