import type { CompilerFact } from '../compiler/facts';
import type { SyntaxNode } from './goParser';
import { calleeName, dictionaryCallee, matchScore, normalizeExpression, withoutCompilerConversions } from './subjectMatch';

/**
 * Anchoring without a column (a line longer than 255 bytes, a `//line` position without one): the
 * subject's role on the line decides, never a text match.
 */

const FUNCTION_NODES = new Set(['function_declaration', 'method_declaration', 'func_literal']);

/** Declarations of a name: where `moved to heap: x`, `leaking param: x` and captures point. */
const DECLARING_PARENTS = new Set(['short_var_declaration', 'var_spec', 'const_spec', 'parameter_declaration', 'variadic_parameter_declaration', 'range_clause', 'expression_list', 'receive_statement']);

/** The node a column-less fact means on row `row` (0-based), by the role of its subject. */
export function nodeByRole(fact: CompilerFact, root: SyntaxNode, row: number): SyntaxNode | undefined {
  const onRow = nodesStartingOnRow(root, row);
  // When no node plays the subject's role (a name internal to an inlined callee, an unnamed `~p1`), the
  // line itself is all the compiler said: its first node — only for the first such fact, so two never merge.
  return byRole(fact, onRow) ?? ((fact.details.occurrence ?? 1) === 1 ? onRow[0] : undefined);
}

function byRole(fact: CompilerFact, onRow: SyntaxNode[]): SyntaxNode | undefined {
  const nth = fact.details.occurrence ?? 1;
  const pick = (nodes: SyntaxNode[]) => nodes[nth - 1] ?? (nodes.length > 0 && fact.details.occurrence === undefined ? nodes[0] : undefined);
  const calls = () => onRow.filter((n) => n.type === 'call_expression');
  switch (fact.kind) {
    case 'moved-to-heap':
    case 'leaking-param':
    case 'leaking-param-content':
    case 'leaking-param-to-result': {
      const named = onRow.filter((n) => n.type === 'identifier' && n.text === fact.subject);
      const declared = named.filter(isDeclaration);
      // A name not declared on the line is a variable of a callee inlined here: the compiler means the call.
      return pick(declared.length > 0 ? declared : named) ?? pick(calls());
    }
    case 'escapes-to-heap':
    case 'does-not-escape': {
      const like = expressionsLike(fact.subject, onRow);
      // A boxed variable is boxed where it is used; a parameter that does not escape is reported at its declaration.
      const uses = like.filter((n) => !(n.type === 'identifier' && isDeclaration(n)));
      return pick(fact.kind === 'escapes-to-heap' || uses.length > 0 ? uses : like) ?? pick(calls());
    }
    case 'inlining-call':
    case 'devirtualized': {
      const name = fact.subject.replace(/\[.*$/s, '').split('.').pop()!;
      return pick(calls().filter((c) => calleeName(c) === name)) ?? pick(calls());
    }
    case 'can-inline':
    case 'cannot-inline': {
      const heads = onRow.filter((n) => FUNCTION_NODES.has(n.type)).map((n) => n.childForFieldName('name') ?? n.child(0) ?? n);
      return heads[0] ?? onRow[0];
    }
    case 'other':
      if (fact.details.capture) return pick(onRow.filter((n) => n.type === 'identifier' && n.text === fact.subject && isDeclaration(n))) ?? pick(calls());
      return onRow[0];
  }
}

export function directiveCommentOn(root: SyntaxNode, row: number): SyntaxNode | undefined {
  const node = root.descendantForPosition({ row, column: 0 }, { row, column: 1 });
  for (let n: SyntaxNode | null = node; n; n = n.parent) if (n.type === 'comment' && /^(\/\/|\/\*)line /.test(n.text)) return n;
  return root.namedChildren.find((n) => n?.type === 'comment' && n.startPosition.row === row && /^(\/\/|\/\*)line /.test(n.text)) ?? undefined;
}

/** Named nodes that start on `row`, in source order (outer before inner). */
function nodesStartingOnRow(root: SyntaxNode, row: number): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const cursor = root.walk();
  for (;;) {
    const n = cursor.currentNode;
    const overlaps = n.startPosition.row <= row && n.endPosition.row >= row;
    if (overlaps && n.isNamed && n.startPosition.row === row && n.type !== 'comment') {
      // A wrapper with the same extent (`expression_list` around one expression) is one node: keep the inner one.
      const last = found[found.length - 1];
      if (last && last.startIndex === n.startIndex && last.endIndex === n.endIndex) found[found.length - 1] = n;
      else found.push(n);
    }
    if (overlaps && cursor.gotoFirstChild()) continue;
    let moved = cursor.gotoNextSibling();
    while (!moved && cursor.gotoParent()) moved = cursor.gotoNextSibling();
    if (!moved) break;
  }
  cursor.delete();
  return found;
}

function isDeclaration(identifier: SyntaxNode): boolean {
  const parent = identifier.parent;
  if (!parent || !DECLARING_PARENTS.has(parent.type)) return false;
  if (parent.type === 'expression_list') {
    // `a, b := …` and `for k, v := range …`: the left side only.
    const holder = parent.parent;
    return !!holder && (holder.type === 'short_var_declaration' || holder.type === 'range_clause' || holder.type === 'receive_statement') && holder.childForFieldName('left')?.equals(parent) === true;
  }
  if (parent.type === 'short_var_declaration' || parent.type === 'range_clause') return parent.childForFieldName('left')?.equals(identifier) === true;
  return parent.childrenForFieldName('name').some((n) => n?.equals(identifier));
}

/** The expressions on the line that the compiler's rendering `subject` describes, in source order. */
function expressionsLike(compilerSubject: string, onRow: SyntaxNode[]): SyntaxNode[] {
  const subject = withoutCompilerConversions(compilerSubject);
  if (subject === 'func literal') return onRow.filter((n) => n.type === 'func_literal');
  if (subject === '... argument') return onRow.filter((n) => n.type === 'argument_list' && n.parent?.type === 'call_expression');
  if (subject === 'append') return onRow.filter((n) => n.type === 'call_expression' && calleeName(n) === 'append');
  if (/^~[rR]\d+$/.test(subject)) return onRow.filter((n) => n.type === 'call_expression'); // an inlined call's result
  const callee = dictionaryCallee(subject);
  if (callee) return onRow.filter((n) => n.type === 'call_expression' && calleeName(n) === callee);
  const wanted = normalizeExpression(subject);
  return onRow.filter((n) => {
    if (matchScore(normalizeExpression(n.text), wanted) < 2) return false;
    // `T{...}` is not the literal inside `&T{...}`, and `x` is not the `x` of a selector `x.f`.
    const parent = n.parent;
    if (parent && parent.type === 'unary_expression' && !subject.startsWith(parent.text.charAt(0)) && matchScore(normalizeExpression(parent.text), wanted) < 2) return false;
    return !(n.type === 'identifier' && parent?.type === 'selector_expression' && parent.childForFieldName('field')?.equals(n));
  });
}
