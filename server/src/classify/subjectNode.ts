import type { CompilerFact } from '../compiler/facts';
import type { SyntaxNode } from '../syntax/goParser';

const STATEMENT = /(_statement|_declaration|^block|^source_file|^statement_list|_clause)$/;

/**
 * The node an escapes-to-heap fact is about. Usually the anchor; but Go 1.19 reports an interface
 * conversion at its statement (`sink = b` at `sink`), so when the anchor does not read like the
 * subject, the one node of the anchor's statement that reads exactly like it is taken — never a
 * guess among several, and not on a line where a call was inlined.
 */
export function subjectNode(fact: CompilerFact, anchored: SyntaxNode, inlinedCallsOnLine: readonly CompilerFact[]): SyntaxNode {
  if (fact.kind !== 'escapes-to-heap') return anchored;
  const wanted = normalize(fact.subject);
  if (readsLike(anchored, wanted)) return anchored;
  // With a call inlined on the line, the subject may be the inlined body's (its parameter `n`), and
  // a caller's node that reads the same is another value.
  if (inlinedCallsOnLine.length > 0) return anchored;
  let statement: SyntaxNode | null = anchored;
  while (statement && !STATEMENT.test(statement.type)) statement = statement.parent;
  if (!statement || statement.type === 'block' || statement.type === 'source_file' || statement.type === 'statement_list') return anchored;
  if (statement.startPosition.row !== anchored.startPosition.row) return anchored;
  const matches: SyntaxNode[] = [];
  const visit = (n: SyntaxNode) => {
    if (n.type === 'func_literal' || n.type === 'block') return;
    if (n.isNamed && readsLike(n, wanted)) {
      matches.push(innermostAlike(n));
      return;
    }
    for (const child of n.namedChildren) if (child) visit(child);
  };
  visit(statement);
  return matches.length === 1 ? matches[0] : anchored;
}

/** `b` rather than the expression list `b` that holds only it. */
function innermostAlike(node: SyntaxNode): SyntaxNode {
  let n = node;
  for (;;) {
    const same = n.namedChildren.find((c) => c && c.startIndex === n.startIndex && c.endIndex === n.endIndex);
    if (!same) return n;
    n = same;
  }
}

function readsLike(node: SyntaxNode, wanted: string): boolean {
  const text = normalize(node.text);
  if (text === wanted) return true;
  return wanted.endsWith('{...}') && node.type === 'composite_literal' && text.startsWith(wanted.slice(0, -4));
}

function normalize(text: string): string {
  return text.replace(/\s+/g, '');
}
