import type { SyntaxNode } from '../syntax/goParser';
import { findAll, importNames } from '../syntax/goSyntax';
import { argumentsOf, fmtFunctionOf, REWRITTEN_FUNCTIONS } from './sprintfRewrite';

/**
 * The expressions whose types the typed pitfalls want from the types helper in this file: the
 * arguments of every `fmt.Sprint`/`Sprintf`/`Sprintln` call (the boxing rewrite needs them all).
 */
export function expressionsToType(root: SyntaxNode): SyntaxNode[] {
  const fmtName = importNames(root).get('fmt');
  if (!fmtName) return [];
  const nodes: SyntaxNode[] = [];
  for (const call of findAll(root, 'call_expression')) {
    const name = fmtFunctionOf(call, fmtName);
    if (name && REWRITTEN_FUNCTIONS.has(name)) nodes.push(...argumentsOf(call));
  }
  return nodes;
}
