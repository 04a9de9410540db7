import type { SyntaxNode } from '../syntax/goParser';
import { findAll, importNames } from '../syntax/goSyntax';
import { argumentsOf, fmtFunctionOf, REWRITTEN_FUNCTIONS } from './sprintfRewrite';
import { putOperands } from './syncPoolValue';

/**
 * The expressions whose types the typed pitfalls want from the types helper in this file: the
 * arguments of every `fmt.Sprint`/`Sprintf`/`Sprintln` call (the boxing rewrite needs them all), and
 * the operand of every `x.Put(…)` (is it a sync.Pool?).
 */
export function expressionsToType(root: SyntaxNode): SyntaxNode[] {
  const imports = importNames(root);
  const nodes: SyntaxNode[] = putOperands(root);
  const fmtName = imports.get('fmt');
  if (!fmtName) return nodes;
  for (const call of findAll(root, 'call_expression')) {
    const name = fmtFunctionOf(call, fmtName);
    if (name && REWRITTEN_FUNCTIONS.has(name)) nodes.push(...argumentsOf(call));
  }
  return nodes;
}
